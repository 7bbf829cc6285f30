#include "server/service/database_admin.h"

#include <array>
#include <filesystem>

#include "server/store/pg/pg_store.h"
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

PgStoreOptions pg_options(const RecordTarget& target, bool create) {
    return {.conninfo = target.where.target,
            .password = target.password,
            .plant = target.plant_code,
            .create_if_missing = create};
}

Status with_context(const Status& s, const std::string& context) {
    return Status(s.code(), context + s.message());
}

Result<NewToken> first_admin(Store& store, const Plant& plant, RandomSource& random,
                             const Clock& clock) {
    Result<NewToken> token =
        create_token(store, plant, random, clock, Role::Admin, "", "first admin (init)");
    if (!token) return with_context(token.error(), "cannot create the first admin token: ");
    return token;
}

Result<NewToken> initialize_postgresql(const RecordTarget& target, const Plant& plant,
                                       RandomSource& random, const Clock& clock) {
    const std::string name = "plant " + target.plant_code + " in " + describe(target.where);
    if (open_pg_store(pg_options(target, false)))
        return conflict(name + " already exists; init never overwrites a record");
    Result<std::unique_ptr<Store>> store = open_pg_store(pg_options(target, true));
    if (!store) return with_context(store.error(), "cannot create " + name + ": ");
    return first_admin(**store, plant, random, clock);
}

Result<NewToken> initialize_sqlite(const std::string& path, const Plant& plant,
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
    return first_admin(**store, plant, random, clock);
}

// The report of a record verified through its store: PostgreSQL's.
Result<VerifyReport> verify_store(Store& store, const std::optional<ChainAnchor>& anchor) {
    VerifyReport report;
    report.schema_version = kPgSchemaVersion;
    Result<StoreCounts> counts = store.counts();
    if (!counts) return counts.error();
    report.events = counts->events;
    report.head_hash = counts->head_hash;
    Result<std::optional<ChainBreak>> broken = store.verify_chain();
    if (!broken) return broken.error();
    report.broken = *broken;
    Result<std::optional<ChainBreak>> complaints = store.verify_complaint_chain();
    if (!complaints) return complaints.error();
    if (complaints->has_value()) {
        Result<std::vector<ComplaintEntry>> entries = store.complaint_entries("");
        if (!entries) return entries.error();
        const ComplaintEntry& e = entries->at((*complaints)->index);
        report.complaints_broken = "complaint log broken at entry " + std::to_string(e.seq) + " (" +
                                   e.complaint_id + ", " + e.kind + ")";
    }
    if (anchor && !report.broken && anchor->seq <= report.events) {
        Result<std::vector<StoredEvent>> log = store.all_events();
        if (!log) return log.error();
        const std::string& hash = log->at(static_cast<std::size_t>(anchor->seq - 1)).hash;
        if (hash != anchor->hash)
            report.anchor_mismatch = "event " + std::to_string(anchor->seq) + " has hash " + hash +
                                     ", the anchor says " + anchor->hash +
                                     ": the history up to the anchor was rewritten";
    } else if (anchor && !report.broken) {
        report.anchor_mismatch = "the log has " + std::to_string(report.events) +
                                 " events, fewer than the anchor's seq " +
                                 std::to_string(anchor->seq);
    }
    return report;
}

}  // namespace

RecordTarget sqlite_file(const std::string& path) {
    return RecordTarget{StoreLocator{StoreKind::Sqlite, path}, "", ""};
}

Result<RecordTarget> record_target(std::string_view locator, std::string plant_code,
                                   std::string password) {
    Result<StoreLocator> where = parse_store_locator(locator);
    if (!where) return where.error();
    if (where->kind == StoreKind::Postgresql && plant_code.empty())
        return invalid("a PostgreSQL database holds several plants: say which (--plant-code)");
    return RecordTarget{*where, std::move(plant_code), std::move(password)};
}

Result<NewToken> initialize_database(const RecordTarget& target, const Plant& plant,
                                     RandomSource& random, const Clock& clock) {
    if (target.where.kind == StoreKind::Postgresql)
        return initialize_postgresql(target, plant, random, clock);
    return initialize_sqlite(target.where.target, plant, random, clock);
}

Result<std::unique_ptr<Store>> open_existing_database(const RecordTarget& target) {
    if (target.where.kind == StoreKind::Postgresql) {
        Result<std::unique_ptr<Store>> store = open_pg_store(pg_options(target, false));
        if (!store && store.error().code() == Code::NotFound)
            return not_found("plant " + target.plant_code + " has no record in " +
                             describe(target.where) + " (create it with `stampline-server init " +
                             "--db postgresql:... --plant DIR`): " + store.error().message());
        return store;
    }
    const std::string& path = target.where.target;
    if (Status s = existing_file(path); !s) return s;
    SqliteStoreOptions options;
    options.path = path;
    options.create_if_missing = false;
    return open_sqlite_store(options);
}

Result<VerifyReport> verify_database(const RecordTarget& target,
                                     const std::optional<ChainAnchor>& anchor) {
    if (target.where.kind == StoreKind::Sqlite) return verify_database(target.where.target, anchor);
    Result<std::unique_ptr<Store>> store = open_existing_database(target);
    if (!store) return store.error();
    Result<VerifyReport> report = verify_store(**store, anchor);
    if (!report)
        return with_context(report.error(), "cannot verify " + describe(target.where) + ": ");
    return report;
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
