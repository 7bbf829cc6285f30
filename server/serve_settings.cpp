#include "server/serve_settings.h"

#include <spdlog/spdlog.h>
#include <toml++/toml.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>

namespace stampline::server {

namespace {

namespace fs = std::filesystem;

using StringKey = std::function<std::optional<std::string>(ServeSettings&, const std::string&)>;
using NumberKey = std::function<void(ServeSettings&, std::int64_t)>;

template <class T>
NumberKey set(T ApiOptions::*field) {
    return [field](ServeSettings& s, std::int64_t v) { s.api.*field = static_cast<T>(v); };
}

StringKey assign(std::string ServeSettings::*field) {
    return [field](ServeSettings& s, const std::string& v) -> std::optional<std::string> {
        s.*field = v;
        return std::nullopt;
    };
}

StringKey assign(std::string ApiOptions::*field) {
    return [field](ServeSettings& s, const std::string& v) -> std::optional<std::string> {
        s.api.*field = v;
        return std::nullopt;
    };
}

const std::map<std::string, StringKey>& string_keys() {
    static const std::map<std::string, StringKey> keys{
        {"db", assign(&ServeSettings::db)},
        {"store", assign(&ServeSettings::store)},
        {"postgresql", assign(&ServeSettings::postgresql)},
        {"postgresql_password_file", assign(&ServeSettings::postgresql_password_file)},
        {"plant", assign(&ServeSettings::plant)},
        {"host", assign(&ApiOptions::host)},
        {"tls_cert", assign(&ApiOptions::tls_cert)},
        {"tls_key", assign(&ApiOptions::tls_key)},
        {"log_level", assign(&ServeSettings::log_level)},
        {"crm_webhook_url",
         [](ServeSettings& s, const std::string& v) -> std::optional<std::string> {
             if (Status bad = check_crm_webhook_url(v); !bad) return bad.message();
             s.crm.url = v;
             return std::nullopt;
         }},
        {"crm_webhook_secret_file", assign(&ServeSettings::crm_secret_file)},
    };
    return keys;
}

const std::map<std::string, NumberKey>& number_keys() {
    static const std::map<std::string, NumberKey> keys{
        {"port", set(&ApiOptions::port)},
        {"workers", set(&ApiOptions::workers)},
        {"max_connections", set(&ApiOptions::max_connections)},
        {"max_connections_per_address", set(&ApiOptions::max_connections_per_address)},
        {"max_header_bytes", set(&ApiOptions::max_header_bytes)},
        {"max_header_fields", set(&ApiOptions::max_header_fields)},
        {"max_target_bytes", set(&ApiOptions::max_target_bytes)},
        {"header_timeout_s", set(&ApiOptions::header_timeout_s)},
        {"body_timeout_s", set(&ApiOptions::body_timeout_s)},
        {"keep_alive_timeout_s", set(&ApiOptions::keep_alive_timeout_s)},
        {"max_body_bytes", set(&ApiOptions::max_body_bytes)},
        {"max_body_bytes_in_flight", set(&ApiOptions::max_body_bytes_in_flight)},
        {"max_batch", set(&ApiOptions::max_batch)},
        {"max_json_depth", set(&ApiOptions::max_json_depth)},
        {"unit_states", set(&ApiOptions::unit_state_capacity)},
        {"analytics_cache_months", set(&ApiOptions::analytics_cache_months)},
        {"stop_timeout_s", [](ServeSettings& s, std::int64_t v) { s.stop_timeout_s = int(v); }},
        {"crm_retry_base_ms",
         [](ServeSettings& s, std::int64_t v) { s.crm.retry_base_ms = int(v); }},
        {"crm_retry_max_ms", [](ServeSettings& s, std::int64_t v) { s.crm.retry_max_ms = int(v); }},
        {"crm_poll_ms", [](ServeSettings& s, std::int64_t v) { s.crm.poll_ms = int(v); }},
    };
    return keys;
}

// Keys of earlier versions, accepted and ignored, with what to do about them.
const std::map<std::string, std::string>& retired_keys() {
    static const std::map<std::string, std::string> keys{
        {"threads",
         "is no longer used: connections no longer hold a thread each (see workers); remove it"},
        {"http_engine", "is no longer used: the event-driven engine is the only one; remove it"},
    };
    return keys;
}

std::string known_keys() {
    std::string all = "group_plants";
    for (const auto& [k, _] : string_keys()) all += (all.empty() ? "" : ", ") + k;
    for (const auto& [k, _] : number_keys()) all += ", " + k;
    return all;
}

// A secret kept in a file of its own (setting `key`): the whole file without a final line break.
std::optional<std::string> read_secret_file(const char* key, const std::string& path,
                                            std::string* secret) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::string("cannot read ") + key + " " + path;
    secret->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    while (!secret->empty() && (secret->back() == '\n' || secret->back() == '\r'))
        secret->pop_back();
    if (secret->empty()) return std::string(key) + " " + path + " is empty";
    return std::nullopt;
}

}  // namespace

std::optional<std::string> read_crm_secret(const std::string& path, std::string* secret) {
    return read_secret_file("crm_webhook_secret_file", path, secret);
}

std::optional<std::string> read_postgresql_password(const std::string& path,
                                                    std::string* password) {
    password->clear();
    if (path.empty()) return std::nullopt;
    return read_secret_file("postgresql_password_file", path, password);
}

std::optional<std::string> read_settings_file(const std::string& path, ServeSettings* s) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec))
        return "cannot read settings file " + path + ": " +
               (fs::exists(path, ec) ? "not a regular file" : "no such file");
    std::ifstream in(path, std::ios::binary);
    if (!in) return "cannot read settings file " + path;
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    toml::table table;
    try {
        table = toml::parse(std::string_view(text), std::string_view(path));
    } catch (const toml::parse_error& e) {
        return path + ":" + std::to_string(e.source().begin.line) + ":" +
               std::to_string(e.source().begin.column) + ": " + std::string(e.description());
    }
    for (auto&& [key, node] : table) {
        const std::string k(key.str());
        const std::string where =
            path + ":" + std::to_string(node.source().begin.line) + ": '" + k + "'";
        if (k == "group_plants") {
            const toml::array* list = node.as_array();
            if (list == nullptr) return where + " must be an array of plant directories";
            s->group_plants.clear();
            for (const toml::node& item : *list) {
                auto dir = item.value<std::string>();
                if (!dir || dir->empty()) return where + " must hold plant directories (strings)";
                s->group_plants.push_back(*dir);
            }
        } else if (auto str = string_keys().find(k); str != string_keys().end()) {
            auto v = node.value<std::string>();
            if (!v) return where + " must be a string";
            if (auto bad = str->second(*s, *v)) return where + ": " + *bad;
        } else if (auto num = number_keys().find(k); num != number_keys().end()) {
            auto v = node.value<std::int64_t>();
            if (!v || *v < 0 || *v > (1ll << 31)) return where + " must be a non-negative integer";
            num->second(*s, *v);
        } else if (auto old = retired_keys().find(k); old != retired_keys().end()) {
            s->retired.push_back(where + " " + old->second);
        } else {
            return where + " is not a setting (known: " + known_keys() + ")";
        }
    }
    return std::nullopt;
}

Result<StoreLocator> store_locator(const ServeSettings& s) {
    if (s.store.empty() || s.store == "sqlite") {
        if (!s.postgresql.empty())
            return invalid(
                "postgresql is set but store is not \"postgresql\": set store = "
                "\"postgresql\" to use it, or remove it");
        return parse_store_locator(s.db);
    }
    if (s.store != "postgresql")
        return invalid("store must be \"sqlite\" or \"postgresql\" (got \"" + s.store + "\")");
    if (!s.db.empty())
        return invalid(
            "store = \"postgresql\" keeps the record in the postgresql database: "
            "remove db (" +
            s.db + ")");
    if (s.postgresql.empty())
        return invalid("store = \"postgresql\" needs postgresql = \"<libpq connection string>\"");
    Result<StoreLocator> locator = parse_store_locator("postgresql:" + s.postgresql);
    if (!locator) return invalid("postgresql: " + locator.error().message());
    return locator;
}

std::optional<std::string> check_settings(const ServeSettings& s) {
    if (s.db.empty() && (s.store.empty() || s.store == "sqlite"))
        return "no database: give --db PATH or db = \"...\" in --config FILE";
    const Result<StoreLocator> where = store_locator(s);
    if (!where) return where.error().message();
    if (s.plant.empty())
        return "no plant configuration: give --plant DIR or plant = \"...\" in --config FILE";
    if (!s.group_plants.empty() && where->kind != StoreKind::Postgresql)
        return "group_plants needs the record in PostgreSQL (store = \"postgresql\"): the "
               "group's plants are read from one database";
    if (s.api.workers < 1 || s.api.workers > 1024)
        return "workers must be between 1 and 1024 (got " + std::to_string(s.api.workers) + ")";
    if (s.api.tls_cert.empty() != s.api.tls_key.empty())
        return "TLS needs both tls_cert and tls_key (or neither, for plain HTTP)";
    if (spdlog::level::from_str(s.log_level) == spdlog::level::off && s.log_level != "off")
        return "log level '" + s.log_level +
               "' is not one of trace, debug, info, warning, error, critical, off";
    if (s.crm.url.empty() != s.crm_secret_file.empty())
        return "the CRM webhook needs both crm_webhook_url and crm_webhook_secret_file";
    if (s.crm.retry_base_ms < 1 || s.crm.retry_max_ms < s.crm.retry_base_ms || s.crm.poll_ms < 1)
        return "crm_retry_base_ms, crm_poll_ms must be at least 1 and crm_retry_max_ms at least "
               "crm_retry_base_ms";
    return std::nullopt;
}

}  // namespace stampline::server
