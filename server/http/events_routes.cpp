// POST /api/v1/events: a batch of events from a terminal (or from the office, as admin).
//
// Body {"v":1,"events":[...]}; read without a JSON document when written exactly as terminals
// write it (canonical_event.h); checked whole before anything is stored: envelope fields, batch
// size (413 over ApiOptions::max_batch), every event through event_from_json (400 naming
// events[i].field), and for a terminal token that every event names its own station (403).
// Then ingest_batch answers each event: accepted, duplicate (with the first answer), refused
// (kept in the quarantine) or conflict (an id known with other content: not recorded, both texts
// kept; with "first" and the SHA-256 of the kept text, "stored_sha256").
#include <spdlog/spdlog.h>

#include <optional>
#include <regex>
#include <vector>

#include "server/http/auth.h"
#include "server/http/json_errors.h"
#include "server/http/request_body.h"
#include "server/http/request_scope.h"
#include "server/http/routes.h"
#include "server/service/ingest.h"
#include "shared/canonical_event.h"
#include "shared/event_json.h"
#include "shared/printable.h"

namespace stampline::server {

using nlohmann::json;

namespace {

// The field an event_from_json message names: "field 'checks[0].item' ...", "missing required
// field 'serial'", "unknown field 'foo'", "unsupported protocol version ...", "unknown event
// type ..."; "" when it names none.
std::string event_error_field(const std::string& message) {
    static const std::regex quoted("field '([^']*)'");
    std::smatch m;
    if (std::regex_search(message, m, quoted)) return m[1].str();
    if (message.rfind("unsupported protocol version", 0) == 0) return "v";
    if (message.rfind("unknown event type", 0) == 0) return "type";
    return "";
}

std::string event_error_code(const std::string& message) {
    if (message.rfind("unknown field", 0) == 0) return "unknown_field";
    if (message.rfind("unsupported protocol version", 0) == 0) return "unsupported_version";
    return "invalid_event";
}

json result_json(const IngestResult& r) {
    const EventAnswer& a = r.answer;
    if (r.conflict) {
        return json{{"id", to_string(a.id)},
                    {"status", "conflict"},
                    {"first", verdict_name(a.verdict)},
                    {"received_at", format_utc(a.received_at)},
                    {"reason", refusal_code(Refusal::IdConflict)},
                    {"message", "event id " + to_string(a.id) +
                                    " was already posted with other content; this act was not "
                                    "recorded (kept for an auditor with both texts)"},
                    {"stored_sha256", r.stored_sha256}};
    }
    json j{{"id", to_string(a.id)},
           {"status", r.duplicate ? "duplicate" : verdict_name(a.verdict)},
           {"received_at", format_utc(a.received_at)}};
    if (r.duplicate) j["first"] = verdict_name(a.verdict);
    if (a.verdict == Verdict::Accepted) {
        j["seq"] = a.seq;
    } else {
        j["reason"] = a.reason;
        j["message"] = a.message;
    }
    return j;
}

// The envelope: {"v":1,"events":[...]}, nothing else. Fills *events on success.
bool read_envelope(const json& body, const ApiOptions& options, ApiError* error,
                   std::vector<Event>* events) {
    for (const auto& item : body.items()) {
        if (item.key() != "v" && item.key() != "events") {
            *error = {400, "unknown_field",
                      "unknown field '" + printable_clipped(item.key()) +
                          "' in the batch (allowed: v, events)",
                      item.key().size() <= 64 ? item.key() : ""};
            return false;
        }
    }
    auto v = body.find("v");
    if (v == body.end()) {
        *error = {400, "invalid_field", "missing required field 'v' (protocol version)", "v"};
        return false;
    }
    const bool speaks_ours =
        v->is_number_integer() &&
        (v->is_number_unsigned()
             ? v->get<std::uint64_t>() == static_cast<std::uint64_t>(kProtocolVersion)
             : v->get<std::int64_t>() == kProtocolVersion);
    if (!speaks_ours) {
        *error = {400, "unsupported_version",
                  "unsupported protocol version " + printable_clipped(v->dump(), 32) +
                      " (this server speaks " + std::to_string(kProtocolVersion) + ")",
                  "v"};
        return false;
    }
    auto list = body.find("events");
    if (list == body.end() || !list->is_array()) {
        *error = {400, "invalid_field",
                  list == body.end() ? std::string("missing required field 'events'")
                                     : std::string("field 'events' must be an array (got ") +
                                           list->type_name() + ")",
                  "events"};
        return false;
    }
    if (list->size() > options.max_batch) {
        *error = {413, "batch_too_large",
                  "the batch has " + std::to_string(list->size()) + " events (at most " +
                      std::to_string(options.max_batch) + " per request)",
                  "events"};
        return false;
    }
    events->reserve(list->size());
    for (std::size_t i = 0; i < list->size(); ++i) {
        Result<Event> e = event_from_json((*list)[i]);
        if (!e) {
            const std::string& msg = e.error().message();
            const std::string field = event_error_field(msg);
            const std::string path =
                "events[" + std::to_string(i) + "]" + (field.empty() ? "" : "." + field);
            *error = {400, event_error_code(msg), "event " + std::to_string(i) + ": " + msg, path};
            return false;
        }
        events->push_back(std::move(*e));
    }
    return true;
}

// The batch's events: through the fast path for a body written as terminals write it (with the
// events' canonical texts, in the body), else through the JSON document with its precise
// refusals (texts left empty).
bool read_batch(const HttpRequest& req, const ApiOptions& options, ApiError* error,
                CanonicalBatch* batch) {
    // Below 5 levels (body > events > event > checks > check) the JSON path must refuse it.
    if (options.max_json_depth >= 5 && body_acceptable(req, options, error)) {
        if (auto fast = read_canonical_batch(req.body, options.max_batch)) {
            *batch = std::move(*fast);
            return true;
        }
    }
    auto body = read_json_body(req, options, EmptyBody::Refused, error);
    return body && read_envelope(*body, options, error, &batch->events);
}

// A terminal's batch carries its clock at sending (X-Terminal-Time, format_utc): kept per station
// (service/terminal_clocks.h). A batch without it, or with a time that does not parse, tells
// nothing of the clock.
void record_terminal_clock(ApiContext& ctx, const HttpRequest& req, const std::string& station,
                           const std::vector<Event>& events, Timestamp received) {
    Result<Timestamp> sent = parse_utc(req.get_header_value("X-Terminal-Time"));
    if (!sent) return;
    std::optional<Timestamp> oldest;
    for (const Event& e : events)
        if (!oldest || e.terminal_time < *oldest) oldest = e.terminal_time;
    ctx.terminal_clocks.record(station, *sent, received, oldest);
}

void post_events(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    auto token = authorize(req, res, ctx, {Role::Terminal, Role::Auditor, Role::Admin});
    if (!token) return;
    ApiError error;
    CanonicalBatch batch;
    if (!read_batch(req, ctx.options, &error, &batch)) {
        send_error(res, error);
        return;
    }
    std::vector<Event>& events = batch.events;
    if (token->role == Role::Terminal) {
        for (std::size_t i = 0; i < events.size(); ++i) {
            if (events[i].station != token->station) {
                send_error(res, {403, "wrong_station",
                                 "token " + token->id + " is bound to station " + token->station +
                                     "; event " + std::to_string(i) + " names station '" +
                                     events[i].station + "'",
                                 "events[" + std::to_string(i) + "].station"});
                return;
            }
        }
    }
    // Auditors hold and release units (DESIGN.md §2); nothing else. The act is theirs: the
    // actor is the token's, whatever the body says.
    if (token->role == Role::Auditor) {
        for (std::size_t i = 0; i < events.size(); ++i) {
            const EventKind kind = events[i].kind();
            if (kind != EventKind::UnitHeld && kind != EventKind::UnitReleased) {
                send_error(res, {403, "forbidden",
                                 "an auditor token may post only unit_held and unit_released "
                                 "events; event " +
                                     std::to_string(i) + " is " + event_kind_name(kind),
                                 "events[" + std::to_string(i) + "].type"});
                return;
            }
            events[i].actor = "auditor:" + token->id;
        }
        batch.texts.clear();  // no longer the events' texts
    }
    const std::string station = token->role == Role::Terminal ? token->station : "";
    const Timestamp received = ctx.clock.now();
    if (!station.empty()) record_terminal_clock(ctx, req, station, events, received);
    Result<std::vector<IngestResult>> results = ingest_batch(
        ctx.store, ctx.plant, ctx.clock, station, events, &ctx.unit_states, batch.texts);
    if (!results) {
        spdlog::error("request_id={} ingest failed: {}", current_request().id,
                      results.error().to_string());
        send_error(res, error_from_status(results.error()));
        return;
    }
    std::uint64_t accepted = 0, duplicate = 0, refused = 0, conflicts = 0;
    json out = json::array();
    for (const IngestResult& r : *results) {
        if (r.conflict) {
            ++conflicts;
        } else if (r.duplicate) {
            ++duplicate;
        } else if (r.answer.verdict == Verdict::Accepted) {
            ++accepted;
        } else {
            ++refused;
        }
        out.push_back(result_json(r));
    }
    ctx.metrics.record_events(accepted, duplicate, refused, conflicts);
    spdlog::info(
        "request_id={} ingest station=\"{}\" events={} accepted={} duplicate={} "
        "refused={} conflicts={}",
        current_request().id, station, events.size(), accepted, duplicate, refused, conflicts);
    send_json(res, 200, {{"results", std::move(out)}});
}

}  // namespace

void add_events_routes(Router& router, ApiContext& ctx) {
    router.post("/api/v1/events", "/api/v1/events", with_context(ctx, post_events));
}

}  // namespace stampline::server
