#include "server/store/store_locator.h"

#include <cctype>

namespace stampline::server {

namespace {

constexpr std::string_view kSqlitePrefix = "sqlite:";
constexpr std::string_view kPostgresqlPrefix = "postgresql:";

bool starts_with(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

Status no_password() {
    return invalid(
        "the PostgreSQL connection string must not carry a password (it would show in ps and "
        "logs): put it in postgresql_password_file, PGPASSWORD or a PGPASSFILE");
}

// A URI: postgresql://[user[:password]@]host[:port][/dbname][?key=value&...].
Status check_uri(std::string_view uri) {
    std::string_view rest = uri.substr(uri.find("://") + 3);
    const auto query = rest.find('?');
    const std::string_view authority = rest.substr(0, rest.find_first_of("/?"));
    if (const auto at = authority.rfind('@');
        at != std::string_view::npos && authority.substr(0, at).find(':') != std::string_view::npos)
        return no_password();
    if (query != std::string_view::npos) {
        std::string_view params = rest.substr(query + 1);
        while (!params.empty()) {
            const auto amp = params.find('&');
            const std::string_view param = params.substr(0, amp);
            if (param.substr(0, param.find('=')) == "password") return no_password();
            params = amp == std::string_view::npos ? "" : params.substr(amp + 1);
        }
    }
    return Status::ok();
}

// keyword = value pairs; a value is a word or 'single quoted' with \' and \\ escapes.
Status check_keywords(std::string_view text) {
    std::size_t i = 0;
    const auto skip_space = [&] {
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    };
    while (true) {
        skip_space();
        if (i == text.size()) return Status::ok();
        const std::size_t key_start = i;
        while (i < text.size() && text[i] != '=' &&
               !std::isspace(static_cast<unsigned char>(text[i])))
            ++i;
        const std::string_view key = text.substr(key_start, i - key_start);
        skip_space();
        if (i == text.size() || text[i] != '=')
            return invalid("the PostgreSQL connection string is not keyword=value pairs: '" +
                           std::string(key) + "' has no value");
        ++i;
        skip_space();
        if (key == "password") return no_password();
        if (i < text.size() && text[i] == '\'') {
            for (++i; i < text.size() && text[i] != '\''; ++i)
                if (text[i] == '\\') ++i;
            if (i >= text.size())
                return invalid("the PostgreSQL connection string has an unclosed quote");
            ++i;
        } else {
            while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
        }
    }
}

}  // namespace

Status check_conninfo(std::string_view conninfo) {
    if (starts_with(conninfo, "postgresql://") || starts_with(conninfo, "postgres://"))
        return check_uri(conninfo);
    return check_keywords(conninfo);
}

Result<StoreLocator> parse_store_locator(std::string_view text) {
    if (text.empty()) return invalid("no database given");
    if (starts_with(text, "postgresql://") || starts_with(text, "postgres://") ||
        starts_with(text, kPostgresqlPrefix)) {
        std::string_view conninfo = text;
        if (starts_with(text, kPostgresqlPrefix) && !starts_with(text, "postgresql://"))
            conninfo = text.substr(kPostgresqlPrefix.size());
        if (conninfo.empty()) return invalid("'postgresql:' needs a connection string after it");
        if (Status s = check_conninfo(conninfo); !s) return s;
        return StoreLocator{StoreKind::Postgresql, std::string(conninfo)};
    }
    std::string_view path =
        starts_with(text, kSqlitePrefix) ? text.substr(kSqlitePrefix.size()) : text;
    if (path.empty()) return invalid("'sqlite:' needs a file path after it");
    return StoreLocator{StoreKind::Sqlite, std::string(path)};
}

std::string describe(const StoreLocator& locator) {
    if (locator.target.find("://") != std::string::npos) return locator.target;  // a URI
    return (locator.kind == StoreKind::Sqlite ? "sqlite:" : "postgresql:") + locator.target;
}

}  // namespace stampline::server
