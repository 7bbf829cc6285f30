// Backups of the plant's record: `stampline backup` and `stampline restore`.
//
// A backup is two files in the backup folder: stampline-YYYYMMDDTHHMMSSZ.db, a consistent copy
// made while the server runs, and stampline-YYYYMMDDTHHMMSSZ.manifest.json, written only after
// the copy passed SQLite's integrity check and a full recomputation of its hash chain. Restore
// checks the file against its manifest before anything else and verifies the copy again.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "shared/status.h"
#include "shared/time.h"

namespace stampline::server {

struct BackupManifest {
    std::string file;         // the copy's file name, in the manifest's folder
    Timestamp snapshot_time;  // every event acknowledged before this instant is in the copy
    Timestamp finished_at;    // when the copy had been verified
    std::int64_t schema_version = 0;
    std::int64_t events = 0;  // also the seq of the chain head
    std::string head_hash;    // the chain hash of event `events`; "" when there is none
    std::string sha256;       // of the copy's bytes
    std::int64_t bytes = 0;
    std::string source;  // the database that was copied
};

// The manifest's JSON text, and back. Parsing names the file and the bad or missing key.
std::string manifest_json(const BackupManifest& m);
Result<BackupManifest> parse_manifest(const std::string& text, const std::string& path);

// The manifest file that belongs to a backup file: "<dir>/<name>.db" ->
// "<dir>/<name>.manifest.json".
std::string manifest_path_for(const std::string& backup_file);

// Copies the database at db into out_dir (created if missing), verifies the copy and writes its
// manifest. Nothing named *.db appears in out_dir unless it verified.
Result<BackupManifest> make_backup(const std::string& db, const std::string& out_dir,
                                   const Clock& clock);

// Checks backup_file against its manifest (size, SHA-256), verifies a copy of it (integrity,
// chain, head equal to the manifest's) and puts that copy at db. An existing db is refused unless
// replace, and then moved aside to "<db>.before-restore-<time>"; a non-empty "<db>-wal" (a
// server still running on it) is always refused. Returns the backup's manifest.
Result<BackupManifest> restore_backup(const std::string& backup_file, const std::string& db,
                                      bool replace, const Clock& clock);

// Retention: of backups made at `times`, which to keep: the newest of each of the `daily` most
// recent UTC days that have one, and the newest of each of the `monthly` most recent months;
// the newest backup is always kept. result[i] is for times[i].
std::vector<bool> backups_to_keep(const std::vector<Timestamp>& times, int daily, int monthly);

// Applies backups_to_keep to the backups in dir that have a readable manifest (anything else in
// dir is left alone); removes each dropped backup's copy and manifest. The file names removed.
Result<std::vector<std::string>> prune_backups(const std::string& dir, int daily, int monthly);

}  // namespace stampline::server
