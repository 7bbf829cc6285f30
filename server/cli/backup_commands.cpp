#include "server/cli/backup_commands.h"

#include <iostream>

#include "server/cli/cli_exit.h"
#include "server/service/backups.h"
#include "shared/system_clock.h"

namespace stampline::cli {

namespace {

void print_manifest(const char* what, const std::string& path, const server::BackupManifest& m) {
    std::cout << what << " " << path << ": " << m.events << " events, chain head " << m.events
              << ":" << (m.head_hash.empty() ? "-" : m.head_hash) << ", schema version "
              << m.schema_version << ", snapshot at " << format_utc(m.snapshot_time) << ", "
              << m.bytes << " bytes, sha256 " << m.sha256 << "\n";
}

}  // namespace

void add_backup_commands(CLI::App& app, BackupOptions& o, int& exit_code) {
    auto* backup = app.add_subcommand(
        "backup",
        "Copy the database while the server runs, verify the copy (integrity, hash chain) and "
        "write its manifest; optionally drop old backups");
    backup->add_option("--db", o.db, "the server's database file")->required();
    backup->add_option("--out", o.out, "backup folder (created if missing)")->required();
    backup->add_option("--keep-daily", o.keep_daily,
                       "keep the newest backup of each of the last N days that have one");
    backup->add_option("--keep-monthly", o.keep_monthly,
                       "keep the newest backup of each of the last M months");
    backup->callback([&] {
        if (o.keep_daily < 0 || o.keep_monthly < 0)
            return void(exit_code = fail(invalid("--keep-daily and --keep-monthly must be >= 0")));
        SystemClock clock;
        Result<server::BackupManifest> m = server::make_backup(o.db, o.out, clock);
        if (!m) return void(exit_code = fail(m.error()));
        print_manifest("backup", o.out + "/" + m->file, *m);
        if (o.keep_daily == 0 && o.keep_monthly == 0) return;
        Result<std::vector<std::string>> removed =
            server::prune_backups(o.out, o.keep_daily, o.keep_monthly);
        if (!removed) return void(exit_code = fail(removed.error()));
        for (const std::string& name : *removed) std::cout << "removed old backup " << name << "\n";
    });

    auto* restore = app.add_subcommand(
        "restore",
        "Check a backup against its manifest, verify it and put it in place of the database "
        "(stop the server first)");
    restore->add_option("--backup", o.backup, "the backup's .db file")->required();
    restore->add_option("--db", o.db, "the database file to restore to")->required();
    restore->add_flag("--replace", o.replace,
                      "move an existing database aside (to DB.before-restore-TIME) instead of "
                      "refusing");
    restore->callback([&] {
        SystemClock clock;
        Result<server::BackupManifest> m = server::restore_backup(o.backup, o.db, o.replace, clock);
        if (!m) return void(exit_code = fail(m.error()));
        print_manifest("restored", o.db, *m);
    });
}

}  // namespace stampline::cli
