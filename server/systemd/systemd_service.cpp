#include "server/systemd/systemd_service.h"

#include <spdlog/sinks/base_sink.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>

#include <cstdlib>
#include <mutex>
#include <string>
#include <vector>

#include "server/systemd/log_fields.h"

namespace stampline::server::systemd {

namespace {

int syslog_priority(spdlog::level::level_enum level) {
    switch (level) {
        case spdlog::level::critical: return 2;
        case spdlog::level::err: return 3;
        case spdlog::level::warn: return 4;
        case spdlog::level::info: return 6;
        default: return 7;
    }
}

class JournalSink final : public spdlog::sinks::base_sink<std::mutex> {
public:
    explicit JournalSink(std::string identifier) : identifier_(std::move(identifier)) {}

protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        const std::string_view text(msg.payload.data(), msg.payload.size());
        std::vector<std::string> fields = {"MESSAGE=" + std::string(text),
                                           "PRIORITY=" + std::to_string(syslog_priority(msg.level)),
                                           "SYSLOG_IDENTIFIER=" + identifier_};
        for (auto& [key, value] : log_fields(text)) fields.push_back(key + "=" + value);
        std::vector<iovec> iov;
        for (std::string& f : fields) iov.push_back({f.data(), f.size()});
        sd_journal_sendv(iov.data(), static_cast<int>(iov.size()));
    }
    void flush_() override {}

private:
    std::string identifier_;
};

}  // namespace

void notify_ready(const std::string& status) {
    sd_notify(0, ("READY=1\nSTATUS=" + status).c_str());
}

void notify_stopping() {
    sd_notify(0, "STOPPING=1");
}

bool stderr_is_journal() {
    const char* stream = std::getenv("JOURNAL_STREAM");
    struct stat st {};
    if (!stream || fstat(2, &st) != 0) return false;
    return std::string(stream) == std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
}

std::shared_ptr<spdlog::sinks::sink> journal_sink(const std::string& identifier) {
    return std::make_shared<JournalSink>(identifier);
}

}  // namespace stampline::server::systemd
