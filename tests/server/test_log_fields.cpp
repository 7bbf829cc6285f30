// The journal fields taken from a server log line.
#include <doctest/doctest.h>

#include "server/systemd/log_fields.h"

namespace stampline::server::systemd {

TEST_CASE("a log line's key=value words become journal fields, quoted values whole") {
    using Fields = std::vector<std::pair<std::string, std::string>>;
    CHECK(log_fields(R"(request_id=r-1 method=GET path="/ui/review?month=2026-11" )"
                     R"(route="GET /ui/review" status=200 ms=1.250 token=t-9)") ==
          Fields{{"REQUEST_ID", "r-1"},
                 {"METHOD", "GET"},
                 {"PATH", "/ui/review?month=2026-11"},
                 {"ROUTE", "GET /ui/review"},
                 {"STATUS", "200"},
                 {"MS", "1.250"},
                 {"TOKEN", "t-9"}});
    // Prose, keys not in lower case, '=' inside a quoted value, and a leading underscore (which
    // the journal keeps for its own trusted fields) give nothing.
    CHECK(log_fields("serving plant DEMO from config/demo (2 threads)").empty());
    CHECK(log_fields(R"(Key=1 note="a=b c" _pid=1)") == Fields{{"NOTE", "a=b c"}});
    CHECK(log_fields("x=") == Fields{{"X", ""}});
}

}  // namespace stampline::server::systemd
