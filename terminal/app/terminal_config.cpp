#include "terminal/app/terminal_config.h"

#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <vector>

#include "shared/identity.h"
#include "terminal/core/catalog.h"

namespace stampline::terminal {

namespace {

// Collects problems as "<file>:<line>: <path>: <what>".
class Problems {
public:
    explicit Problems(std::string file) : file_(std::move(file)) {}
    void add(const toml::node* at, const std::string& path, const std::string& what) {
        const std::uint32_t line = at ? at->source().begin.line : 0;
        list_.emplace_back(
            line, file_ + (line ? ":" + std::to_string(line) : "") + ": " + path + ": " + what);
    }
    bool empty() const { return list_.empty(); }
    // Every problem, one a line, in line order.
    Status status() const {
        std::vector<std::pair<std::uint32_t, std::string>> sorted = list_;
        std::stable_sort(sorted.begin(), sorted.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        std::string text;
        for (const auto& p : sorted) text += (text.empty() ? "" : "\n") + p.second;
        return invalid(text);
    }

private:
    std::string file_;
    std::vector<std::pair<std::uint32_t, std::string>> list_;
};

// One table of the file: typed getters that report wrong types and ranges, and unknown keys.
class Section {
public:
    Section(Problems& problems, const toml::table& root, std::string name,
            std::set<std::string> known)
        : problems_(problems), name_(std::move(name)), known_(std::move(known)) {
        const toml::node* node = root.get(name_);
        if (!node) return;
        table_ = node->as_table();
        if (!table_) {
            problems_.add(node, name_, "must be a table ([" + name_ + "])");
            return;
        }
        for (auto&& [key, value] : *table_) {
            if (known_.count(std::string(key.str()))) continue;
            std::string list;
            for (const std::string& k : known_) list += (list.empty() ? "" : ", ") + k;
            problems_.add(&value, name_ + "." + std::string(key.str()),
                          "unknown key (known: " + list + ")");
        }
    }

    void string(const char* key, std::string& out) {
        const toml::node* n = node(key);
        if (!n) return;
        if (const auto v = n->value<std::string>(); v && n->is_string())
            out = *v;
        else
            problems_.add(n, path(key), "must be a string");
    }
    void boolean(const char* key, bool& out) {
        const toml::node* n = node(key);
        if (!n) return;
        if (const auto v = n->value<bool>(); v && n->is_boolean())
            out = *v;
        else
            problems_.add(n, path(key), "must be true or false");
    }
    // An integer in [lo, hi], scaled by `scale` into out.
    template <typename T>
    bool integer(const char* key, T& out, std::int64_t lo, std::int64_t hi,
                 std::int64_t scale = 1) {
        const toml::node* n = node(key);
        if (!n) return false;
        const auto v = n->value<std::int64_t>();
        if (!v || !n->is_integer() || *v < lo || *v > hi) {
            problems_.add(
                n, path(key),
                "must be an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
            return false;
        }
        out = static_cast<T>(*v * scale);
        return true;
    }
    const toml::node* node(const char* key) const { return table_ ? table_->get(key) : nullptr; }
    std::string path(const char* key) const { return name_ + "." + key; }

private:
    Problems& problems_;
    std::string name_;
    std::set<std::string> known_;
    const toml::table* table_ = nullptr;
};

std::string trim(std::string s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return "";
    const auto last = s.find_last_not_of(" \t\r\n");
    return s.substr(first, last - first + 1);
}

}  // namespace

Result<TerminalOptions> parse_terminal_config(std::string_view text, const std::string& name) {
    toml::table root;
    try {
        root = toml::parse(text, std::string_view(name));
    } catch (const toml::parse_error& e) {
        return invalid(name + ":" + std::to_string(e.source().begin.line) + ":" +
                       std::to_string(e.source().begin.column) +
                       ": TOML syntax error: " + std::string(e.description()));
    }
    Problems problems(name);
    const std::set<std::string> sections{"terminal", "server", "session", "window", "scanner"};
    for (auto&& [key, value] : root)
        if (!sections.count(std::string(key.str())))
            problems.add(&value, std::string(key.str()),
                         "unknown table (known: scanner, server, session, terminal, window)");

    TerminalOptions o;
    TerminalSettings& s = o.settings;
    Section terminal(problems, root, "terminal",
                     {"station", "language", "outbox", "utc_offset_minutes", "refusal_sound"});
    terminal.string("station", s.station);
    if (!s.station.empty())
        if (Status id = check_identity(IdentityKind::Code, "station", s.station); !id)
            problems.add(terminal.node("station"), terminal.path("station"), id.message());
    std::string language = language_code(s.language);
    terminal.string("language", language);
    if (!parse_language(language, &s.language))
        problems.add(terminal.node("language"), terminal.path("language"),
                     "'" + language + "' is not a terminal language (use \"ru\" or \"en\")");
    terminal.string("outbox", o.outbox_path);
    o.utc_offset_set =
        terminal.integer("utc_offset_minutes", s.utc_offset_minutes, -14 * 60, 14 * 60);
    terminal.boolean("refusal_sound", o.refusal_sound);

    Section server(problems, root, "server", {"url", "token", "token_file", "ca_file"});
    server.string("url", o.server_url);
    server.string("ca_file", o.ca_file);
    if (!o.ca_file.empty() && !o.server_url.starts_with("https://"))
        problems.add(server.node("ca_file"), server.path("ca_file"),
                     "a CA file is for an https:// server.url");
    server.string("token", o.token);
    server.string("token_file", o.token_file);
    if (!o.token.empty() && !o.token_file.empty())
        problems.add(server.node("token_file"), server.path("token_file"),
                     "give either server.token or server.token_file, not both");

    Section session(
        problems, root, "session",
        {"pin_max_attempts", "pin_lockout_s", "timeout_s", "pin_on_sign_off", "result_display_s"});
    session.integer("pin_max_attempts", s.pin_max_attempts, 1, 20);
    session.integer("pin_lockout_s", s.pin_lockout_ms, 10, 24 * 3600, 1000);
    session.integer("timeout_s", s.session_timeout_ms, 10, 3600, 1000);
    session.boolean("pin_on_sign_off", s.pin_on_sign_off);
    session.integer("result_display_s", s.result_display_ms, 1, 60, 1000);

    Section window(problems, root, "window", {"width", "height", "fullscreen"});
    window.integer("width", o.window.width, 640, 7680);
    window.integer("height", o.window.height, 480, 4320);
    window.boolean("fullscreen", o.window.fullscreen);

    Section scanner(problems, root, "scanner", {"virtual", "usb", "evdev"});
    scanner.string("virtual", o.scanner.virtual_fifo);
    scanner.string("usb", o.scanner.usb);
    scanner.string("evdev", o.scanner.evdev);

    if (!problems.empty()) return problems.status();
    return o;
}

Result<TerminalOptions> load_terminal_config(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return io_error("cannot read the terminal configuration " + path);
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return io_error("cannot read the terminal configuration " + path);
    return parse_terminal_config(text.str(), path);
}

Result<std::string> read_token_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return io_error("cannot read the token file " + path);
    std::string line;
    std::getline(in, line);
    line = trim(line);
    if (line.empty()) return invalid("the token file " + path + " is empty");
    return line;
}

Status validate_terminal_options(const TerminalOptions& o) {
    if (o.settings.station.empty())
        return invalid("no station: set terminal.station in the configuration or pass --station");
    if (Status id = check_identity(IdentityKind::Code, "station", o.settings.station); !id)
        return id;
    if (o.server_url.empty())
        return invalid("no server: set server.url in the configuration or pass --server");
    if (o.token.empty())
        return invalid(
            "no token: set server.token or server.token_file in the configuration or pass --token");
    if (o.outbox_path.empty())
        return invalid("no outbox file: set terminal.outbox in the configuration or pass --outbox");
    if (!o.ca_file.empty() && !std::ifstream(o.ca_file))
        return invalid("cannot read the CA file " + o.ca_file + " (server.ca_file or --ca-file)");
    return Status::ok();
}

}  // namespace stampline::terminal
