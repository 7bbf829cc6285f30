// The terminal's local SQLite file: the outbox of events not yet acknowledged by the server, the
// events the server refused (shown as "needs attention"), and the cache that lets the terminal
// work offline (the last reference data and recent unit trails).
//
// Durability: WAL with synchronous=FULL, so append() returns only after the event is on disk;
// an event the screen called "recorded" survives a crash or power loss.
// Thread-safe: the UI thread appends and reads, the sync thread reads and acknowledges.
#pragma once
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "shared/event.h"
#include "shared/status.h"
#include "terminal/core/app_state.h"

namespace stampline::terminal {

struct CachedReference {
    std::string json;  // the body of GET /api/v1/reference as received
    std::string etag;
};

class Outbox {
public:
    // Opens or creates the file (with its schema, migrations by user_version). IOError naming
    // the path when it cannot be opened; Corruption when it is not a Stampline terminal file.
    static Result<std::unique_ptr<Outbox>> open(const std::string& path);
    virtual ~Outbox() = default;

    // Durable before it returns. A second append of the same id is a no-op (Ok).
    virtual Status append(const Event& event) = 0;
    // Unacknowledged events, oldest first (by id: UUIDv7 is time-ordered), at most `limit`.
    virtual Result<std::vector<Event>> pending(std::size_t limit) = 0;
    // Unacknowledged events of one unit, oldest first.
    virtual Result<std::vector<Event>> pending_for(const std::string& serial) = 0;
    virtual Result<int> depth() = 0;
    // The server accepted (or already had) these: they leave the outbox.
    virtual Status acknowledge(std::span<const Uuid> ids) = 0;
    // The server refused this one: it leaves the outbox for the attention list.
    virtual Status refuse(const Uuid& id, const std::string& reason, const std::string& message) = 0;
    virtual Result<std::vector<AttentionItem>> attention() = 0;

    virtual Status put_reference(const CachedReference& reference) = 0;
    virtual Result<std::optional<CachedReference>> reference() = 0;
    // The unit's trail as the server last sent it (replaces the previous copy).
    virtual Status put_trail(const std::string& serial, std::span<const Event> events) = 0;
    // nullopt when this terminal never cached the unit.
    virtual Result<std::optional<std::vector<Event>>> trail(const std::string& serial) = 0;
};

}  // namespace stampline::terminal
