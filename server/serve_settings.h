// The settings of `stampline-server serve`: what it needs, read from the TOML settings file
// (its keys are documented in config/server.toml). Flags given on the command line win; the
// composition root (server_main.cpp) applies them after reading the file.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "server/http/api_options.h"
#include "server/http/crm_webhook.h"
#include "server/store/store_locator.h"

namespace stampline::server {

struct ServeSettings {
    std::string config;
    std::string db;          // a store locator (store_locator.h): a SQLite file, or postgresql:...
    std::string store;       // "sqlite" (the default: db) | "postgresql" (then postgresql, not db)
    std::string postgresql;  // libpq connection string, without a password
    std::string postgresql_password_file;  // else libpq's PGPASSWORD or PGPASSFILE
    std::string plant;
    // The head office's group: the plant configuration directories whose records the group
    // pages and API show (--group-plant, repeatable); each plant must be in the PostgreSQL
    // database. Empty: no group routes.
    std::vector<std::string> group_plants;
    std::string port_file;
    std::string log_level = "info";
    int stop_timeout_s = 10;
    ApiOptions api;
    CrmWebhookOptions crm;
    std::string crm_secret_file;
    // Keys of earlier versions that are read and no longer used, each with what to do; logged
    // at start, so that an upgraded plant's settings file still serves.
    std::vector<std::string> retired;
};

// Reads the settings file into s. Any other key, or a value of the wrong type or range, is
// refused naming the file, line and key. Relative paths are relative to the working directory.
std::optional<std::string> read_settings_file(const std::string& path, ServeSettings* s);

// The CRM webhook's secret: the whole file, without a final line break; refused when empty.
std::optional<std::string> read_crm_secret(const std::string& path, std::string* secret);

// What is wrong with the settings as a whole (after the flags): the first problem, in one line.
std::optional<std::string> check_settings(const ServeSettings& s);

// Where the record lives: db, or the postgresql connection string when store = "postgresql".
// InvalidArgument naming the setting when they disagree or one is malformed.
Result<StoreLocator> store_locator(const ServeSettings& s);

// The PostgreSQL password from postgresql_password_file, without a final line break; "" when
// no file is set (libpq then reads its own environment). Refused when the file is empty.
std::optional<std::string> read_postgresql_password(const std::string& path, std::string* password);

}  // namespace stampline::server
