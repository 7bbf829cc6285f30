// Naming where a plant's record lives: a SQLite file or a PostgreSQL database, never with a
// password in the name.
#include <doctest/doctest.h>

#include "server/store/store_locator.h"

using namespace stampline;
using namespace stampline::server;

TEST_CASE(
    "a store locator is a SQLite file by default or with sqlite:, PostgreSQL with postgresql:") {
    Result<StoreLocator> bare = parse_store_locator("var/stampline.db");
    REQUIRE(bare);
    CHECK(bare->kind == StoreKind::Sqlite);
    CHECK(bare->target == "var/stampline.db");
    Result<StoreLocator> sqlite = parse_store_locator("sqlite:/srv/plant.db");
    REQUIRE(sqlite);
    CHECK(sqlite->kind == StoreKind::Sqlite);
    CHECK(sqlite->target == "/srv/plant.db");
    CHECK(describe(*sqlite) == "sqlite:/srv/plant.db");

    Result<StoreLocator> keywords =
        parse_store_locator("postgresql:host=/var/run/postgresql dbname=stampline user=stampline");
    REQUIRE(keywords);
    CHECK(keywords->kind == StoreKind::Postgresql);
    CHECK(keywords->target == "host=/var/run/postgresql dbname=stampline user=stampline");
    CHECK(describe(*keywords) ==
          "postgresql:host=/var/run/postgresql dbname=stampline user=stampline");

    // A URI is kept whole: libpq reads it as one.
    Result<StoreLocator> uri =
        parse_store_locator("postgresql://stampline@db1,db2/group?sslmode=verify-full");
    REQUIRE(uri);
    CHECK(uri->kind == StoreKind::Postgresql);
    CHECK(uri->target == "postgresql://stampline@db1,db2/group?sslmode=verify-full");
    CHECK(describe(*uri) == uri->target);
}

TEST_CASE("a store locator with a password, or with nothing after its kind, is refused") {
    for (const char* text :
         {"postgresql:host=db password=secret", "postgresql:host=db password = 'a b'",
          "postgresql://stampline:secret@db/group", "postgres://u:p@db",
          "postgresql://db/group?sslmode=require&password=secret"}) {
        Result<StoreLocator> r = parse_store_locator(text);
        REQUIRE_FALSE(r);
        CHECK(r.error().code() == Code::InvalidArgument);
        CHECK_MESSAGE(r.error().message().find("must not carry a password") != std::string::npos,
                      r.error().message());
        CHECK(r.error().message().find("secret") == std::string::npos);  // never echoed
    }
    // A password-like text inside a quoted value of another key is not a password key.
    CHECK(parse_store_locator("postgresql:application_name='password=x' host=db"));
    CHECK(parse_store_locator("postgresql:dbname").error().message().find("has no value") !=
          std::string::npos);
    CHECK(parse_store_locator("postgresql:host='db").error().message().find("unclosed quote") !=
          std::string::npos);
    CHECK(parse_store_locator("").error().code() == Code::InvalidArgument);
    CHECK(parse_store_locator("sqlite:").error().message() ==
          "'sqlite:' needs a file path after it");
    CHECK(parse_store_locator("postgresql:").error().message() ==
          "'postgresql:' needs a connection string after it");
}
