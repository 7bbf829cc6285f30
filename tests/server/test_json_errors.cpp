// Error bodies of the API (server/http/json_errors.h): a storage failure or an internal error
// tells the client what to do and which request to quote, never the server's paths or the
// store's words, which go to the log instead.
#include <doctest/doctest.h>

#include "server/http/json_errors.h"
#include "server/http/request_scope.h"

namespace stampline::server {

TEST_CASE("a storage failure is answered 503 without the database's path, naming the request") {
    current_request().id = "0190a1b2-0000-7000-8000-000000000001";
    const ApiError e = error_from_status(
        Status(Code::IOError,
               "database /var/lib/stampline/stampline.db: disk is full, nothing was stored"));
    CHECK(e.http_status == 503);
    CHECK(e.code == "unavailable");
    CHECK(e.message.find("/var/lib") == std::string::npos);
    CHECK(e.message.find("disk") == std::string::npos);
    CHECK(e.message.find("0190a1b2-0000-7000-8000-000000000001") != std::string::npos);
    current_request() = RequestScope{};
}

TEST_CASE("a client's error keeps the service's words, which name the field") {
    const ApiError e =
        error_from_status(Status(Code::InvalidArgument, "holder: must not be empty"), {"holder"});
    CHECK(e.http_status == 400);
    CHECK(e.message == "holder: must not be empty");
    CHECK(e.field == "holder");
}

}  // namespace stampline::server
