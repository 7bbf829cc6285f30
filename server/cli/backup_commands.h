// `stampline backup|restore`: the plant's record copied while the server runs, and put back.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace stampline::cli {

struct BackupOptions {
    std::string db;
    std::string out;     // backup: the backup folder
    std::string backup;  // restore: the backup's .db file
    int keep_daily = 0;  // 0 with keep_monthly 0: keep every backup
    int keep_monthly = 0;
    bool replace = false;
};

void add_backup_commands(CLI::App& app, BackupOptions& options, int& exit_code);

}  // namespace stampline::cli
