#include "server/http/crm_webhook.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <regex>

#include "server/http/complaint_json.h"
#include "server/http/webhook_client.h"
#include "shared/sha256.h"

namespace stampline::server {

namespace {

using nlohmann::json;

const std::regex kUrl(R"(http://([A-Za-z0-9.\-]+|\[[0-9A-Fa-f:]+\])(:([0-9]{1,5}))?(/[^\s]*)?)");

// The steps a CRM is told of; notices are the service department's own.
bool changes_state(const std::string& kind) {
    return kind == "registered" || kind == "investigation" || kind == "decision" ||
           kind == "closed" || kind == "withdrawn";
}

}  // namespace

Status check_crm_webhook_url(const std::string& url) {
    if (!std::regex_match(url, kUrl))
        return invalid("crm_webhook_url: '" + url + "' is not http://host[:port]/path");
    return Status::ok();
}

CrmWebhook::CrmWebhook(Store& store, const Clock& clock, CrmWebhookOptions options)
    : store_(store), clock_(clock), options_(std::move(options)) {}

CrmWebhook::~CrmWebhook() {
    stop();
}

void CrmWebhook::start() {
    Result<std::vector<CrmDelivery>> log = store_.crm_deliveries();
    if (log)
        for (const CrmDelivery& d : *log)
            if (d.delivered) delivered_ = std::max(delivered_, d.entry_seq);
    thread_ = std::thread([this] { run(); });
}

void CrmWebhook::stop() {
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void CrmWebhook::pause(int ms) {
    std::unique_lock lock(mu_);
    wake_.wait_for(lock, std::chrono::milliseconds(ms), [&] { return stopping_; });
}

void CrmWebhook::run() {
    for (;;) {
        {
            std::lock_guard lock(mu_);
            if (stopping_) return;
        }
        if (!deliver_next()) {
            pause(options_.poll_ms);
        } else if (failures_ > 0) {
            const int shift = std::min(failures_ - 1, 20);
            pause(static_cast<int>(std::min<std::int64_t>(
                std::int64_t{options_.retry_base_ms} << shift, options_.retry_max_ms)));
        }
    }
}

bool CrmWebhook::deliver_next() {
    Result<std::vector<ComplaintEntry>> entries = store_.complaint_entries("");
    if (!entries) {
        spdlog::warn("crm webhook: cannot read the complaint log: {}", entries.error().message());
        return false;
    }
    const auto next = std::find_if(entries->begin(), entries->end(), [&](const ComplaintEntry& e) {
        return e.seq > delivered_ && changes_state(e.kind);
    });
    if (next == entries->end()) return false;
    Result<Complaint> c = complaint_after(store_, next->complaint_id, next->seq);
    if (!c) {
        spdlog::warn("crm webhook: complaint log entry {}: {}", next->seq, c.error().message());
        return false;
    }
    const std::string body = json{{"delivery", next->seq},
                                  {"kind", next->kind},
                                  {"at", format_utc(next->at)},
                                  {"complaint", complaint_json(*c, clock_.now())}}
                                 .dump();
    std::smatch m;
    std::regex_match(options_.url, m, kUrl);
    const std::string host = m[1].str();
    const int port = m[3].matched ? std::stoi(m[3].str()) : 80;
    const std::string path = m[4].matched ? m[4].str() : "/";
    const WebhookReply r = post_webhook(
        host, port, path,
        {{"X-Stampline-Delivery", std::to_string(next->seq)},
         {"X-Stampline-Signature", "sha256=" + hmac_sha256_hex(options_.secret, body)}},
        body, std::chrono::milliseconds(options_.timeout_ms));
    CrmDelivery d;
    d.entry_seq = next->seq;
    d.attempt = failures_ + 1;
    d.at = clock_.now();
    d.delivered = r.answered && r.status / 100 == 2;
    d.detail = r.answered ? "HTTP " + std::to_string(r.status) : r.error;
    if (Status s = store_.write([&](WriteTxn& txn) { return txn.append_crm_delivery(d); }); !s)
        spdlog::warn("crm webhook: cannot log delivery of entry {}: {}", d.entry_seq, s.message());
    if (d.delivered) {
        delivered_ = next->seq;
        failures_ = 0;
        spdlog::info("crm webhook: delivered entry {} ({} {}) on attempt {}", d.entry_seq,
                     next->complaint_id, next->kind, d.attempt);
    } else {
        ++failures_;
        spdlog::warn("crm webhook: entry {} ({} {}) not delivered on attempt {}: {}", d.entry_seq,
                     next->complaint_id, next->kind, d.attempt, d.detail);
    }
    return true;
}

}  // namespace stampline::server
