#include "server/service/database_admin.h"

#include <array>
#include <filesystem>

#include "server/store/sqlite_backup.h"
#include "server/store/sqlite_store.h"
#include "shared/sha256.h"

namespace stampline::server {

namespace fs = std::filesystem;

namespace {

Status existing_file(const std::string& path) {
    std::error_code ec;
    if (!fs::exists(path, ec))
        return not_found("database " + path + " does not exist (create it with `stampline-server " +
                         "init --db " + path + " --plant DIR`)");
    if (!fs::is_regular_file(path, ec))
        return invalid("database " + path + " is not a regular file");
    return Status::ok();
}

}  // namespace

Result<NewToken> initialize_database(const std::string& path, const Plant& plant,
                                     RandomSource& random, const Clock& clock) {
    std::error_code ec;
    if (fs::exists(path, ec))
        return conflict("database " + path + " already exists; init never overwrites a database");
    const fs::path parent = fs::path(path).parent_path();
    if (!parent.empty()) {
        fs::create_directories(parent, ec);
        if (ec) return io_error("cannot create directory " + parent.string() + ": " + ec.message());
    }
    SqliteStoreOptions options;
    options.path = path;
    Result<std::unique_ptr<Store>> store = open_sqlite_store(options);
    if (!store)
        return Status(store.error().code(),
                      "cannot create database " + path + ": " + store.error().message());
    Result<NewToken> token =
        create_token(**store, plant, random, clock, Role::Admin, "", "first admin (init)");
    if (!token)
        return Status(token.error().code(),
                      "cannot create the first admin token: " + token.error().message());
    return token;
}

Result<std::unique_ptr<Store>> open_existing_database(const std::string& path) {
    if (Status s = existing_file(path); !s) return s;
    SqliteStoreOptions options;
    options.path = path;
    options.create_if_missing = false;
    return open_sqlite_store(options);
}

Result<ChainAnchor> parse_anchor(std::string_view text) {
    const auto colon = text.find(':');
    const auto bad = [&](const std::string& why) {
        return invalid("anchor '" + std::string(text) + "' " + why + " (expected SEQ:HASH)");
    };
    if (colon == std::string_view::npos) return bad("has no ':'");
    ChainAnchor a;
    const std::string_view seq = text.substr(0, colon);
    if (seq.empty() || seq.size() > 18 || seq.find_first_not_of("0123456789") != seq.npos)
        return bad("has no sequence number");
    a.seq = std::stoll(std::string(seq));
    if (a.seq < 1) return bad("has sequence number 0");
    std::array<std::uint8_t, 32> raw{};
    if (!from_hex(text.substr(colon + 1), raw)) return bad("has no 64-digit hex hash");
    a.hash = to_hex(raw);
    return a;
}

Result<VerifyReport> verify_database(const std::string& path,
                                     const std::optional<ChainAnchor>& anchor) {
    if (Status s = existing_file(path); !s) return s;
    Result<sqlite::FileCheck> check = sqlite::check_file(path, anchor ? anchor->seq : 0);
    if (!check)
        return Status(check.error().code(),
                      "cannot verify " + path + ": " + check.error().message());
    VerifyReport report;
    report.events = check->events;
    report.schema_version = check->schema_version;
    report.head_hash = check->head_hash;
    report.broken = check->broken;
    if (const std::optional<ComplaintEntry>& e = check->complaint_break)
        report.complaints_broken = "complaint log broken at entry " + std::to_string(e->seq) +
                                   " (" + e->complaint_id + ", " + e->kind + ")";
    if (anchor && !report.broken) {
        if (check->anchor_hash.empty())
            report.anchor_mismatch = "the log has " + std::to_string(report.events) +
                                     " events, fewer than the anchor's seq " +
                                     std::to_string(anchor->seq);
        else if (check->anchor_hash != anchor->hash)
            report.anchor_mismatch = "event " + std::to_string(anchor->seq) + " has hash " +
                                     check->anchor_hash + ", the anchor says " + anchor->hash +
                                     ": the history up to the anchor was rewritten";
    }
    return report;
}

std::string verify_summary(const VerifyReport& r, const std::optional<ChainAnchor>& anchor) {
    if (r.broken)
        return "chain broken at seq " + std::to_string(r.broken->index + 1) + ": expected hash " +
               r.broken->expected + ", found " +
               (r.broken->found.empty() ? "(none)" : r.broken->found) + "\n";
    std::string out = "chain intact: " + std::to_string(r.events) + " events";
    if (r.events > 0) out += ", head " + std::to_string(r.events) + ":" + r.head_hash;
    out += "\n";
    if (!r.complaints_broken.empty()) out += r.complaints_broken + "\n";
    if (anchor) {
        const std::string a = std::to_string(anchor->seq) + ":" + anchor->hash;
        out += r.anchor_mismatch.empty()
                   ? "anchor " + a + " holds: events 1.." + std::to_string(anchor->seq) +
                         " are the ones it was taken from\n"
                   : "anchor " + a + " does not hold: " + r.anchor_mismatch + "\n";
    }
    return out;
}

bool verify_holds(const VerifyReport& r) {
    return !r.broken && r.anchor_mismatch.empty() && r.complaints_broken.empty();
}

}  // namespace stampline::server
