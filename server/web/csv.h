// Tables as CSV (RFC 4180) for download, safe to open in a spreadsheet.
#pragma once

#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace stampline::server::web {

// CSV (RFC 4180): fields quoted when they hold a comma, quote or line break; text that a
// spreadsheet would run as a formula (= + - @ first) is prefixed with an apostrophe.
class Csv {
public:
    // Starts with the header row: `first` then `rest`.
    explicit Csv(std::initializer_list<const char*> first, std::span<const char* const> rest = {}) {
        for (const char* h : first) text(h);
        for (const char* h : rest) text(h);
        end_row();
    }
    Csv& text(std::string_view s) {
        std::string v(s);
        if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@'))
            v.insert(0, "'");
        if (v.find_first_of(",\"\r\n") != std::string::npos) {
            std::string q = "\"";
            for (char c : v) q += c == '"' ? std::string("\"\"") : std::string(1, c);
            v = q + "\"";
        }
        return cell(v);
    }
    // Counts and sums of quantities: exact, whatever their size.
    Csv& num(std::int64_t v) { return cell(std::to_string(v)); }
    Csv& num(int v) { return num(std::int64_t{v}); }
    Csv& num(double v) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.6g", v);
        return cell(buf);
    }
    Csv& num(const std::optional<double>& v) { return v ? num(*v) : cell(""); }
    Csv& boolean(bool v) { return cell(v ? "true" : "false"); }
    void end_row() {
        out_ += "\r\n";
        first_ = true;
    }
    const std::string& str() const { return out_; }

private:
    Csv& cell(std::string_view v) {
        if (!first_) out_ += ',';
        out_ += v;
        first_ = false;
        return *this;
    }
    std::string out_;
    bool first_ = true;
};

}  // namespace stampline::server::web
