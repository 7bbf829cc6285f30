// Where a plant's record lives, as the admin commands and the server's settings name it: a SQLite
// file ("var/stampline.db", "sqlite:var/stampline.db") or a PostgreSQL database
// ("postgresql:host=/var/run/postgresql dbname=stampline", or a "postgresql://..." URI whole).
// A password never travels in a locator: it would show in `ps`, shell histories and logs; it
// comes from a file or libpq's environment (PGPASSWORD, PGPASSFILE).
#pragma once

#include <string>
#include <string_view>

#include "shared/status.h"

namespace stampline::server {

enum class StoreKind { Sqlite, Postgresql };

struct StoreLocator {
    StoreKind kind = StoreKind::Sqlite;
    std::string target;  // the file's path, or the libpq connection string (keywords or URI)
};

// InvalidArgument naming what is wrong: an empty locator, an empty path or connection string,
// or a connection string that carries a password.
Result<StoreLocator> parse_store_locator(std::string_view text);

// InvalidArgument when a libpq connection string (keyword=value pairs or a URI) sets a password,
// or cannot be read as one.
Status check_conninfo(std::string_view conninfo);

// The locator as a person reads it in messages: "sqlite:PATH" or "postgresql:CONNINFO".
std::string describe(const StoreLocator& locator);

}  // namespace stampline::server
