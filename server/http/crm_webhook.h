// The CRM link's outbound half: every change of state of a complaint (its registration and each
// step: registered, investigation, decision, closed, withdrawn) is POSTed to the CRM's webhook,
// in the order of the complaint log, each at least once.
//
// The body: {"delivery": <complaint log seq>, "kind": <the step>, "at": <when it was recorded>,
// "complaint": <the complaint as it stood right after it (complaint_json)>}. Headers:
// X-Stampline-Delivery: the seq (a receiver drops a repeat by it); X-Stampline-Signature:
// "sha256=" and the hex HMAC-SHA256 of the body keyed with the shared secret. A 2xx answer
// delivers it; anything else, or none within the timeout, is tried again after a pause that
// doubles from retry_base_ms up to retry_max_ms, the same entry until it is delivered. Every
// attempt goes to the delivery log (Store::crm_deliveries): after a restart the webhook goes on
// from the first entry not delivered.
#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "server/store/store.h"
#include "shared/time.h"

namespace stampline::server {

struct CrmWebhookOptions {
    std::string url;     // http://host[:port]/path; "" for no webhook
    std::string secret;  // the HMAC key shared with the CRM
    int retry_base_ms = 1000;
    int retry_max_ms = 300'000;
    int poll_ms = 1000;  // how often the complaint log is looked at for new changes
    int timeout_ms = 5000;
};

// InvalidArgument naming the setting when the URL is not http://host[:port]/path.
Status check_crm_webhook_url(const std::string& url);

class CrmWebhook {
public:
    CrmWebhook(Store& store, const Clock& clock, CrmWebhookOptions options);
    ~CrmWebhook();  // stops it
    CrmWebhook(const CrmWebhook&) = delete;
    CrmWebhook& operator=(const CrmWebhook&) = delete;

    void start();
    // Ends the attempt in progress (within timeout_ms) and the thread.
    void stop();

private:
    void run();
    // Delivers (or tries once) the next change after `delivered`; false when there is none.
    bool deliver_next();
    void pause(int ms);

    Store& store_;
    const Clock& clock_;
    const CrmWebhookOptions options_;
    std::int64_t delivered_ = 0;  // the last complaint log seq delivered
    int failures_ = 0;            // of the entry being tried
    std::mutex mu_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace stampline::server
