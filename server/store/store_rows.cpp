// What every store writes the same way (store.h): a refused event's answer and quarantine text,
// a stamp's stages.
#include <nlohmann/json.hpp>

#include "server/store/store.h"

namespace stampline::server {

EventAnswer refused_answer(const Event& event, Timestamp received_at, const Decision& decision) {
    EventAnswer answer;
    answer.id = event.id;
    answer.verdict = Verdict::Refused;
    answer.received_at = received_at;
    answer.reason = refusal_code(decision.refusal);
    answer.message = decision.message;
    return answer;
}

std::string quarantine_text(const Event& event) {
    return event_to_json(event).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string stages_json(const std::vector<std::string>& stages) {
    return nlohmann::json(stages).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace stampline::server
