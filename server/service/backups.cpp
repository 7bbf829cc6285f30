#include "server/service/backups.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "server/service/database_admin.h"
#include "server/store/sqlite_backup.h"
#include "shared/sha256.h"

namespace stampline::server {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// "2026-12-06T02:37:38.123Z" -> "20261206T023738Z": a name that sorts by time.
std::string file_stamp(Timestamp t) {
    std::string out;
    for (char c : format_utc(t).substr(0, 19))
        if (c != '-' && c != ':') out.push_back(c);
    return out + "Z";
}

struct FileDigest {
    std::string sha256;
    std::int64_t bytes = 0;
};

// The SHA-256 and size of the file at path; with copy_to, the bytes are also written there in
// the same pass (a restore reads a backup of gigabytes once, not twice).
Result<FileDigest> digest_file(const std::string& path, const std::string& copy_to = "") {
    std::ifstream in(path, std::ios::binary);
    if (!in) return io_error("cannot read " + path);
    std::ofstream out;
    if (!copy_to.empty()) {
        out.open(copy_to, std::ios::binary | std::ios::trunc);
        if (!out) return io_error("cannot write " + copy_to);
    }
    Sha256Stream stream;
    FileDigest d;
    std::string block(1 << 20, '\0');
    while (in) {
        in.read(block.data(), static_cast<std::streamsize>(block.size()));
        const auto got = in.gcount();
        stream.update(std::string_view(block.data(), static_cast<std::size_t>(got)));
        if (!copy_to.empty() && !out.write(block.data(), got))
            return io_error("cannot write " + copy_to);
        d.bytes += got;
    }
    if (in.bad()) return io_error("cannot read " + path);
    if (!copy_to.empty() && !out.flush()) return io_error("cannot write " + copy_to);
    d.sha256 = to_hex(stream.finish());
    return d;
}

Status sync_path(const std::string& path, bool directory) {
    const int fd = ::open(path.c_str(), (directory ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC);
    if (fd < 0) return io_error("cannot open " + path + " to sync it");
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok ? Status::ok() : io_error("cannot sync " + path + " to disk");
}

std::string folder_of(const std::string& path) {
    const fs::path parent = fs::path(path).parent_path();
    return parent.empty() ? "." : parent.string();
}

// Writes text to path through a temporary file, synced, then renamed over path.
Status write_durably(const std::string& path, const std::string& text) {
    const std::string tmp = path + ".partial";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!(out << text) || !out.flush()) return io_error("cannot write " + tmp);
    }
    if (Status s = sync_path(tmp, false); !s) return s;
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec) return io_error("cannot rename " + tmp + " to " + path + ": " + ec.message());
    return sync_path(folder_of(path), true);
}

// Verifies the database file at path in full, without migrating it: SQLite's integrity check,
// the hash chains, and what it holds.
Result<BackupManifest> verify_copy(const std::string& path) {
    Result<std::string> integrity = sqlite::integrity_check(path);
    if (!integrity) return integrity.error();
    if (*integrity != "ok")
        return Status(Code::Corruption,
                      "the copy " + path + " fails SQLite's integrity check: " + *integrity);
    Result<VerifyReport> report = verify_database(path);
    if (!report) return report.error();
    if (report->broken)
        return Status(Code::Corruption, "the copy " + path + " has its hash chain broken at seq " +
                                            std::to_string(report->broken->index + 1));
    if (!report->complaints_broken.empty())
        return Status(Code::Corruption,
                      "the copy " + path + " has its " + report->complaints_broken);
    BackupManifest m;
    m.events = report->events;
    m.head_hash = report->head_hash;
    m.schema_version = report->schema_version;
    return m;
}

}  // namespace

std::string manifest_json(const BackupManifest& m) {
    const json j = {{"file", m.file},
                    {"snapshot_time", format_utc(m.snapshot_time)},
                    {"finished_at", format_utc(m.finished_at)},
                    {"schema_version", m.schema_version},
                    {"events", m.events},
                    {"chain_head", {{"seq", m.events}, {"hash", m.head_hash}}},
                    {"sha256", m.sha256},
                    {"bytes", m.bytes},
                    {"source", m.source}};
    return j.dump(2) + "\n";
}

Result<BackupManifest> parse_manifest(const std::string& text, const std::string& path) {
    const json j = json::parse(text, nullptr, false);
    if (!j.is_object()) return invalid(path + ": not a backup manifest (a JSON object)");
    BackupManifest m;
    const auto field = [&](const char* key, json::value_t type) -> const json* {
        auto it = j.find(key);
        return it == j.end() || it->type() != type ? nullptr : &*it;
    };
    const json* file = field("file", json::value_t::string);
    const json* snapshot = field("snapshot_time", json::value_t::string);
    const json* finished = field("finished_at", json::value_t::string);
    const json* sha = field("sha256", json::value_t::string);
    const json* source = field("source", json::value_t::string);
    const json* head = field("chain_head", json::value_t::object);
    for (const auto& [key, value] : {std::pair{"file", file},
                                     {"snapshot_time", snapshot},
                                     {"finished_at", finished},
                                     {"sha256", sha},
                                     {"source", source},
                                     {"chain_head", head}})
        if (!value) return invalid(path + ": '" + key + "' is missing or of the wrong type");
    for (const char* key : {"schema_version", "events", "bytes"})
        if (!j.contains(key) || !j[key].is_number_integer())
            return invalid(path + ": '" + std::string(key) + "' is missing or not an integer");
    if (!head->contains("hash") || !(*head)["hash"].is_string())
        return invalid(path + ": 'chain_head.hash' is missing or not a string");
    Result<Timestamp> snapshot_time = parse_utc(snapshot->get<std::string>());
    Result<Timestamp> finished_at = parse_utc(finished->get<std::string>());
    if (!snapshot_time || !finished_at) return invalid(path + ": a time is not UTC ISO 8601");
    m.file = file->get<std::string>();
    if (m.file.empty() || m.file.find('/') != std::string::npos)
        return invalid(path + ": 'file' must be a file name in the manifest's folder");
    m.snapshot_time = *snapshot_time;
    m.finished_at = *finished_at;
    m.schema_version = j["schema_version"].get<std::int64_t>();
    m.events = j["events"].get<std::int64_t>();
    m.head_hash = (*head)["hash"].get<std::string>();
    m.sha256 = sha->get<std::string>();
    m.bytes = j["bytes"].get<std::int64_t>();
    m.source = source->get<std::string>();
    return m;
}

std::string manifest_path_for(const std::string& backup_file) {
    fs::path p(backup_file);
    p.replace_extension(".manifest.json");
    return p.string();
}

Result<BackupManifest> make_backup(const std::string& db, const std::string& out_dir,
                                   const Clock& clock) {
    std::error_code ec;
    if (!fs::is_regular_file(db, ec)) return not_found("database " + db + " does not exist");
    fs::create_directories(out_dir, ec);
    if (ec) return io_error("cannot create backup folder " + out_dir + ": " + ec.message());

    const Timestamp snapshot = clock.now();
    std::string name = "stampline-" + file_stamp(snapshot);
    for (int n = 2; fs::exists(out_dir + "/" + name + ".db", ec); ++n)
        name = "stampline-" + file_stamp(snapshot) + "-" + std::to_string(n);
    const std::string final_path = out_dir + "/" + name + ".db";
    const std::string partial = out_dir + "/" + name + ".db.partial";
    fs::remove(partial, ec);
    const auto drop_partial = [&](const Status& s) {
        std::error_code ignored;
        fs::remove(partial, ignored);
        return s;
    };

    if (Status s = sqlite::copy_database(db, partial); !s) return drop_partial(s);
    Result<BackupManifest> verified = verify_copy(partial);
    if (!verified) return drop_partial(verified.error());
    Result<FileDigest> digest = digest_file(partial);
    if (!digest) return drop_partial(digest.error());

    BackupManifest m = *verified;
    m.file = name + ".db";
    m.snapshot_time = snapshot;
    m.finished_at = clock.now();
    m.sha256 = digest->sha256;
    m.bytes = digest->bytes;
    m.source = fs::absolute(db, ec).string();
    fs::rename(partial, final_path, ec);
    if (ec) return drop_partial(io_error("cannot rename the copy to " + final_path));
    if (Status s = write_durably(manifest_path_for(final_path), manifest_json(m)); !s) {
        fs::remove(final_path, ec);
        return s;
    }
    return m;
}

Result<BackupManifest> restore_backup(const std::string& backup_file, const std::string& db,
                                      bool replace, const Clock& clock) {
    const std::string manifest_path = manifest_path_for(backup_file);
    std::error_code ec;
    if (!fs::is_regular_file(backup_file, ec))
        return not_found("backup " + backup_file + " does not exist");
    std::ifstream in(manifest_path, std::ios::binary);
    if (!in)
        return not_found("backup " + backup_file + " has no manifest " + manifest_path +
                         "; only a verified backup can be restored");
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    Result<BackupManifest> m = parse_manifest(text, manifest_path);
    if (!m) return m.error();

    if (fs::exists(db, ec) && !replace)
        return conflict("database " + db +
                        " exists; restore never overwrites a database unless given --replace");
    if (fs::exists(db + "-wal", ec) && fs::file_size(db + "-wal", ec) > 0)
        return conflict("database " + db + " is in use (" + db +
                        "-wal is not empty): stop the server before restoring");

    const std::string restoring = db + ".restoring";
    fs::remove(restoring, ec);
    const auto drop = [&](const Status& s) {
        std::error_code ignored;
        fs::remove(restoring, ignored);
        return s;
    };
    // Copied and hashed in one read; the copy is checked against the manifest before it is
    // opened at all.
    Result<FileDigest> digest = digest_file(backup_file, restoring);
    if (!digest) return drop(digest.error());
    if (digest->sha256 != m->sha256 || digest->bytes != m->bytes)
        return drop(Status(Code::Corruption,
                           "backup " + backup_file + " does not match its manifest (SHA-256 " +
                               digest->sha256 + ", " + std::to_string(digest->bytes) +
                               " bytes; the manifest says " + m->sha256 + ", " +
                               std::to_string(m->bytes) +
                               " bytes): the file was changed or damaged; restore another backup"));
    Result<BackupManifest> verified = verify_copy(restoring);
    if (!verified) return drop(verified.error());
    if (verified->events != m->events || verified->head_hash != m->head_hash)
        return drop(Status(Code::Corruption,
                           "backup " + backup_file + " holds " + std::to_string(verified->events) +
                               " events with chain head " + verified->head_hash +
                               "; its manifest says " + std::to_string(m->events) + " and " +
                               m->head_hash));
    if (Status s = sync_path(restoring, false); !s) return drop(s);

    if (fs::exists(db, ec)) {
        const std::string aside = db + ".before-restore-" + file_stamp(clock.now());
        fs::rename(db, aside, ec);
        if (ec) return drop(io_error("cannot move " + db + " aside to " + aside));
        fs::remove(db + "-wal", ec);
        fs::remove(db + "-shm", ec);
    }
    fs::rename(restoring, db, ec);
    if (ec) return drop(io_error("cannot rename " + restoring + " to " + db));
    if (Status s = sync_path(folder_of(db), true); !s) return s;
    return *m;
}

std::vector<bool> backups_to_keep(const std::vector<Timestamp>& times, int daily, int monthly) {
    std::vector<std::size_t> order(times.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return times[a] > times[b]; });
    std::vector<bool> keep(times.size(), false);
    std::set<std::int64_t> days;
    std::set<std::pair<int, int>> months;
    for (std::size_t i : order) {  // newest first: the first seen of a day is its newest
        const Date d = date_of(times[i]);
        const std::int64_t day = days_from_civil(d);
        const std::pair<int, int> month{d.year, d.month};
        if (!days.count(day) && static_cast<int>(days.size()) < daily) keep[i] = true;
        if (!months.count(month) && static_cast<int>(months.size()) < monthly) keep[i] = true;
        days.insert(day);
        months.insert(month);
    }
    if (!order.empty()) keep[order.front()] = true;
    return keep;
}

Result<std::vector<std::string>> prune_backups(const std::string& dir, int daily, int monthly) {
    std::vector<std::string> files;
    std::vector<Timestamp> times;
    std::error_code ec;
    for (const fs::directory_entry& e : fs::directory_iterator(dir, ec)) {
        const std::string path = e.path().string();
        if (!path.ends_with(".manifest.json")) continue;
        std::ifstream in(path, std::ios::binary);
        const std::string text((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
        Result<BackupManifest> m = parse_manifest(text, path);
        if (!m) continue;
        files.push_back(path);
        times.push_back(m->snapshot_time);
    }
    if (ec) return io_error("cannot list backup folder " + dir + ": " + ec.message());
    const std::vector<bool> keep = backups_to_keep(times, daily, monthly);
    std::vector<std::string> removed;
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (keep[i]) continue;
        std::string copy =
            files[i].substr(0, files[i].size() - std::string(".manifest.json").size());
        copy += ".db";
        // The manifest goes last: a copy without one is never taken for a good backup.
        fs::remove(copy, ec);
        fs::remove(files[i], ec);
        removed.push_back(fs::path(copy).filename().string());
    }
    return removed;
}

}  // namespace stampline::server
