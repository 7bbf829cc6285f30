// The server as a systemd service: readiness and stopping notices for Type=notify, and its log
// lines as journal entries with fields when systemd connected stderr to the journal. Outside
// systemd every call here is a no-op and logs go to stderr as text. The one file that speaks
// libsystemd.
#pragma once

#include <spdlog/sinks/sink.h>

#include <memory>
#include <string>

namespace stampline::server::systemd {

// sd_notify READY=1 with a STATUS line (the unit's `systemctl status` shows it).
void notify_ready(const std::string& status);
// sd_notify STOPPING=1.
void notify_stopping();

// True when $JOURNAL_STREAM names the device and inode of this process's stderr.
bool stderr_is_journal();

// A sink sending each line to the journal: MESSAGE, PRIORITY, SYSLOG_IDENTIFIER=identifier and
// the line's key=value pairs as fields (log_fields.h).
std::shared_ptr<spdlog::sinks::sink> journal_sink(const std::string& identifier);

}  // namespace stampline::server::systemd
