// The terminal's side of the protocol (DESIGN.md §5), as an interface with one HTTP adapter
// (http_server_client.h) and fakes in tests. Errors: Unavailable when the server cannot be
// reached or answers 5xx (retry later); Unauthorized / PermissionDenied / InvalidArgument with
// the server's message otherwise (retrying will not help).
#pragma once
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "shared/event.h"
#include "shared/status.h"
#include "terminal/core/app_state.h"

namespace stampline::terminal {

struct EventAnswer {
    Uuid id;
    enum class Status { Accepted, Duplicate, Refused } status = Status::Accepted;
    std::string reason;  // refusal code when refused (or when the duplicate was refused first)
    std::string message;
    bool first_refused = false;  // a duplicate whose first answer was a refusal
};

struct ReferenceAnswer {
    Reference reference;
    std::string json;  // the body as received, for the cache
    std::string etag;
};

class ServerClient {
public:
    virtual ~ServerClient() = default;
    // POST /api/v1/events: one answer per event, in the batch's order. The request carries this
    // terminal's clock (X-Terminal-Time), so that the server can measure its offset.
    virtual Result<std::vector<EventAnswer>> post_events(std::span<const Event> events) = 0;
    // This terminal's clock minus the server's (X-Server-Time of the last answer to any request,
    // against the middle of that exchange on this clock); nullopt before any answer.
    virtual std::optional<std::int64_t> clock_offset_ms() const = 0;
    // GET /api/v1/reference with If-None-Match: nullopt when unchanged (304).
    virtual Result<std::optional<ReferenceAnswer>> reference(const std::string& etag) = 0;
    // GET /api/v1/units/{serial}/trail: the accepted events in order; NotFound for an unknown unit.
    virtual Result<std::vector<Event>> trail(const std::string& serial) = 0;
    // Why the last request could not be made when a person must fix it, as a catalog key: the
    // server's TLS certificate not from the configured CA ("ui.status.tls_untrusted"), not for
    // the host name in the URL ("ui.status.tls_wrong_host"), or no TLS agreed
    // ("ui.status.tls_failed"). "" after an answer or for other failures.
    virtual std::string link_problem() const { return ""; }
};

// The reference body (as served by GET /api/v1/reference) back into values; InvalidArgument
// naming the field when it does not parse.
Result<Reference> reference_from_json(const std::string& json);

}  // namespace stampline::terminal
