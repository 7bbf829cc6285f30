#include "server/store/memory_store.h"

#include <algorithm>
#include <limits>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <tuple>
#include <utility>

#include "server/store/group_commit.h"
#include "shared/canonical_event.h"
#include "shared/event_json.h"
#include "shared/printable.h"

namespace stampline::server {

namespace {

struct State {
    std::vector<StoredEvent> log;        // log[i] has seq i + 1
    std::vector<std::string> canonical;  // canonical_event of log[i]: what the chain hashes
    std::map<Uuid, std::size_t> log_index;
    std::map<std::string, std::vector<std::size_t>, std::less<>> by_serial;
    std::vector<QuarantineEntry> quarantine;  // in the order refused
    std::map<Uuid, std::size_t> quarantine_index;
    std::map<std::string, StampRecord, std::less<>> stamps;
    std::map<std::string, TokenRecord, std::less<>> tokens;  // by secret hash
    std::vector<CorrectiveActionEntry> corrective_actions;   // entry i has seq i + 1
    std::vector<ProcedureAudit> audits;                      // audit i has id i + 1
    std::vector<IdConflict> id_conflicts;                    // in the order first posted
    std::vector<ComplaintEntry> complaints;                  // entry i has seq i + 1
    std::vector<CrmDelivery> crm_deliveries;                 // entry i has n i + 1
    std::map<std::string, KeptFigures, std::less<>> kept_figures;
};

std::vector<ComplaintEntry> complaint_entries_of(const State& s, std::string_view id) {
    std::vector<ComplaintEntry> out;
    for (const auto& e : s.complaints)
        if (id.empty() || e.complaint_id == id) out.push_back(e);
    return out;
}

std::vector<ProcedureAudit> audits_of(const State& s, std::string_view serial,
                                      std::string_view stamp) {
    std::vector<ProcedureAudit> out;
    for (const auto& a : s.audits) {
        if ((serial.empty() || a.serial == serial) && (stamp.empty() || a.stamp == stamp))
            out.push_back(a);
    }
    return out;
}

std::vector<CorrectiveActionEntry> corrective_entries_of(const State& s,
                                                         std::string_view action_id) {
    std::vector<CorrectiveActionEntry> out;
    for (const auto& e : s.corrective_actions) {
        if (action_id.empty() || e.action_id == action_id) out.push_back(e);
    }
    return out;
}

std::optional<EventAnswer> answer_of(const State& s, const Uuid& id) {
    if (auto it = s.log_index.find(id); it != s.log_index.end()) {
        const StoredEvent& stored = s.log[it->second];
        EventAnswer a;
        a.id = id;
        a.verdict = Verdict::Accepted;
        a.seq = stored.seq;
        a.received_at = stored.received_at;
        return a;
    }
    if (auto it = s.quarantine_index.find(id); it != s.quarantine_index.end()) {
        return s.quarantine[it->second].answer;
    }
    return std::nullopt;
}

Status check_new_id(const State& s, const Uuid& id) {
    const std::optional<EventAnswer> a = answer_of(s, id);
    if (!a) return Status::ok();
    return conflict("event " + to_string(id) + " is already recorded (" +
                    (a->verdict == Verdict::Accepted ? "accepted as seq " + std::to_string(a->seq)
                                                     : "refused: " + a->reason) +
                    ")");
}

// The log's events grouped by unit, units in the order of their first event.
struct UnitLog {
    std::vector<Event> events;
    std::int64_t last_seq = 0;
};
std::vector<UnitLog> units_of(const State& s) {
    std::vector<UnitLog> out;
    std::map<std::string, std::size_t, std::less<>> index;
    for (const StoredEvent& stored : s.log) {
        auto [it, fresh] = index.emplace(stored.event.serial, out.size());
        if (fresh) out.emplace_back();
        out[it->second].events.push_back(stored.event);
        out[it->second].last_seq = stored.seq;
    }
    return out;
}

bool acts_in(const std::vector<Event>& events, Timestamp from, Timestamp to) {
    return std::any_of(events.begin(), events.end(),
                       [&](const Event& e) { return from <= e.act_time() && e.act_time() < to; });
}

Status units_acting_in(const State& s, Timestamp from, Timestamp to, const UnitFactsVisitor& fn) {
    for (const UnitLog& unit : units_of(s))
        if (acts_in(unit.events, from, to))
            if (Status st = fn(UnitFacts{unit.events, unit.last_seq}); !st) return st;
    return Status::ok();
}

// The product type of the unit's sheet ("" before it) and its stage sign-offs.
std::pair<std::string, int> progress_of(const std::vector<Event>& events) {
    std::pair<std::string, int> out;
    for (const Event& e : events) {
        if (const auto* sheet = std::get_if<SheetIssued>(&e.body)) out.first = sheet->product_type;
        if (e.kind() == EventKind::StageSignedOff) ++out.second;
    }
    return out;
}

Status units_in_work_in(const State& s, std::span<const RouteLength> routes, Timestamp since,
                        const UnitFactsVisitor& fn) {
    const Timestamp end{std::numeric_limits<std::int64_t>::max()};
    for (const UnitLog& unit : units_of(s)) {
        const auto [product, signed_off] = progress_of(unit.events);
        const bool in_work = std::any_of(routes.begin(), routes.end(), [&](const RouteLength& r) {
            return r.product_type == product && signed_off < r.stages;
        });
        if (!product.empty() && in_work && acts_in(unit.events, since, end))
            if (Status st = fn(UnitFacts{unit.events, unit.last_seq}); !st) return st;
    }
    return Status::ok();
}

UnitsSummary summary_of(const State& s) {
    UnitsSummary out;
    std::map<std::tuple<std::string, int, bool>, int> counts;
    for (const UnitLog& unit : units_of(s)) {
        bool held = false;
        for (const Event& e : unit.events) {
            if (!out.first_act || e.act_time() < *out.first_act) out.first_act = e.act_time();
            if (!out.last_act || e.act_time() > *out.last_act) out.last_act = e.act_time();
            if (e.kind() == EventKind::UnitHeld) held = true;
            if (e.kind() == EventKind::UnitReleased) held = false;
        }
        const auto [product, signed_off] = progress_of(unit.events);
        if (!product.empty()) ++counts[{product, signed_off, held}];
    }
    for (const auto& [key, n] : counts)
        out.progress.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), n});
    return out;
}

std::vector<StoredEvent> trail_of(const State& s, std::string_view serial) {
    std::vector<StoredEvent> out;
    if (auto it = s.by_serial.find(serial); it != s.by_serial.end()) {
        for (std::size_t i : it->second) out.push_back(s.log[i]);
    }
    return out;
}

class MemoryTxn final : public WriteTxn {
public:
    explicit MemoryTxn(State& state) : s_(state) {}

    Result<std::optional<EventAnswer>> find_answer(const Uuid& id) override {
        return answer_of(s_, id);
    }

    Result<std::vector<Event>> unit_events(std::string_view serial) override {
        std::vector<Event> out;
        for (auto& stored : trail_of(s_, serial)) out.push_back(std::move(stored.event));
        return out;
    }

    Result<std::optional<std::string>> known_text(const Uuid& id) override {
        if (auto it = s_.log_index.find(id); it != s_.log_index.end())
            return std::optional<std::string>(s_.canonical[it->second]);
        if (auto it = s_.quarantine_index.find(id); it != s_.quarantine_index.end())
            return std::optional<std::string>(s_.quarantine[it->second].event_json);
        return std::optional<std::string>();
    }

    Status record_id_conflict(const IdConflict& c) override {
        for (const IdConflict& kept : s_.id_conflicts)
            if (kept.id == c.id && kept.text == c.text) return Status::ok();
        s_.id_conflicts.push_back(c);
        return Status::ok();
    }

    Result<std::int64_t> unit_last_seq(std::string_view serial) override {
        auto it = s_.by_serial.find(serial);
        if (it == s_.by_serial.end() || it->second.empty()) return std::int64_t{0};
        return s_.log[it->second.back()].seq;
    }

    Result<std::optional<StampRecord>> find_stamp(std::string_view id) override {
        auto it = s_.stamps.find(id);
        if (it == s_.stamps.end()) return std::optional<StampRecord>();
        return std::optional<StampRecord>(it->second);
    }

    Result<EventAnswer> append(const Event& event, std::string_view canonical_text,
                               Timestamp received_at) override {
        if (Status valid = check_loggable(event); !valid) return valid;
        if (Status fresh = check_new_id(s_, event.id); !fresh) return fresh;
        return insert_event(event, canonical_text, received_at);
    }

    Result<EventAnswer> accept_quarantined(const Event& event, std::string_view canonical,
                                           Timestamp received_at, std::string_view resolution,
                                           std::string_view by) override {
        if (Status valid = check_loggable(event); !valid) return valid;
        if (Status s = resolve_quarantine(event.id, resolution, by); !s) return s;
        Result<EventAnswer> answer = insert_event(event, canonical, received_at);
        if (answer) s_.quarantine[s_.quarantine_index[event.id]].accepted_seq = answer->seq;
        return answer;
    }

private:
    Result<EventAnswer> insert_event(const Event& event, std::string_view canonical_text,
                                     Timestamp received_at) {
        std::string canonical(canonical_text);
        StoredEvent stored;
        stored.seq = static_cast<std::int64_t>(s_.log.size()) + 1;
        stored.received_at = received_at;
        stored.event = event;
        stored.hash = chain_hash(s_.log.empty() ? "" : s_.log.back().hash, canonical);

        const std::size_t index = s_.log.size();
        s_.log.push_back(std::move(stored));
        s_.canonical.push_back(std::move(canonical));
        s_.log_index[event.id] = index;
        s_.by_serial[event.serial].push_back(index);
        return *answer_of(s_, event.id);
    }

public:
    Result<EventAnswer> quarantine(const Event& event, std::string_view station,
                                   Timestamp received_at, const Decision& decision) override {
        if (Status fresh = check_new_id(s_, event.id); !fresh) return fresh;
        QuarantineEntry q;
        q.answer = refused_answer(event, received_at, decision);
        q.station = std::string(station);
        q.event_json = quarantine_text(event);
        s_.quarantine_index[event.id] = s_.quarantine.size();
        s_.quarantine.push_back(q);
        return q.answer;
    }

    Status put_stamp(const StampRecord& stamp) override {
        s_.stamps[stamp.id] = stamp;
        return Status::ok();
    }

    Status put_token(std::string_view secret_hash, const TokenRecord& token) override {
        for (const auto& [hash, existing] : s_.tokens) {
            if (existing.id == token.id && hash != secret_hash) {
                return conflict("token id '" + printable_clipped(token.id) +
                                "' is already used by another token");
            }
        }
        s_.tokens[std::string(secret_hash)] = token;
        return Status::ok();
    }

    Status revoke_token(std::string_view token_id) override {
        for (auto& [hash, token] : s_.tokens) {
            if (token.id == token_id) {
                token.revoked = true;
                return Status::ok();
            }
        }
        return not_found("no token with id '" + printable_clipped(token_id) + "'");
    }

    Status resolve_quarantine(const Uuid& id, std::string_view resolution,
                              std::string_view by) override {
        auto it = s_.quarantine_index.find(id);
        if (it == s_.quarantine_index.end()) {
            return not_found("no quarantined event " + to_string(id));
        }
        QuarantineEntry& q = s_.quarantine[it->second];
        if (q.resolved) {
            return conflict("quarantined event " + to_string(id) + " was already resolved by " +
                            q.resolved_by);
        }
        q.resolved = true;
        q.resolution = std::string(resolution);
        q.resolved_by = std::string(by);
        return Status::ok();
    }

    Result<std::vector<CorrectiveActionEntry>> corrective_action_entries(
        std::string_view action_id) override {
        return corrective_entries_of(s_, action_id);
    }

    Result<std::int64_t> append_corrective_action_entry(
        const CorrectiveActionEntry& entry) override {
        if (entry.kind == "created") {
            for (const auto& e : s_.corrective_actions) {
                if (e.action_id == entry.action_id && e.kind == "created") {
                    return conflict("corrective action " + printable_clipped(entry.action_id) +
                                    " already exists");
                }
            }
        }
        CorrectiveActionEntry stored = entry;
        stored.seq = static_cast<std::int64_t>(s_.corrective_actions.size()) + 1;
        s_.corrective_actions.push_back(stored);
        return stored.seq;
    }

    Result<std::vector<ComplaintEntry>> complaint_entries(std::string_view id) override {
        return complaint_entries_of(s_, id);
    }

    Result<std::int64_t> append_complaint_entry(const ComplaintEntry& entry) override {
        if (entry.kind == "registered")
            for (const auto& e : s_.complaints)
                if (e.complaint_id == entry.complaint_id && e.kind == "registered")
                    return conflict("complaint " + printable_clipped(entry.complaint_id) +
                                    " is already registered");
        ComplaintEntry stored = entry;
        stored.seq = static_cast<std::int64_t>(s_.complaints.size()) + 1;
        stored.hash = chain_hash(s_.complaints.empty() ? "" : s_.complaints.back().hash,
                                 complaint_entry_text(stored));
        s_.complaints.push_back(stored);
        return stored.seq;
    }

    Status append_crm_delivery(const CrmDelivery& delivery) override {
        CrmDelivery stored = delivery;
        stored.n = static_cast<std::int64_t>(s_.crm_deliveries.size()) + 1;
        s_.crm_deliveries.push_back(stored);
        return Status::ok();
    }

    Status keep_figures(std::string_view key, const KeptFigures& figures) override {
        s_.kept_figures.insert_or_assign(std::string(key), figures);
        return Status::ok();
    }

    Result<std::int64_t> append_procedure_audit(const ProcedureAudit& audit) override {
        if (Status valid = check_procedure_audit(audit); !valid) return valid;
        ProcedureAudit stored = audit;
        stored.id = static_cast<std::int64_t>(s_.audits.size()) + 1;
        s_.audits.push_back(stored);
        return stored.id;
    }

private:
    State& s_;
};

class MemoryStore final : public Store {
public:
    Status write(const std::function<Status(WriteTxn&)>& fn) override {
        std::lock_guard writing(write_mu_);
        State copy;
        {
            std::lock_guard lock(mu_);
            copy = state_;
        }
        MemoryTxn txn(copy);
        Status s = run_write_call(fn, txn);
        if (s) {
            std::lock_guard lock(mu_);
            state_ = std::move(copy);
        }
        return s;
    }

    Result<std::vector<StoredEvent>> trail(std::string_view serial) override {
        std::lock_guard lock(mu_);
        return trail_of(state_, serial);
    }

    Result<std::vector<StoredEvent>> all_events() override {
        std::lock_guard lock(mu_);
        return state_.log;
    }

    Result<std::int64_t> units_acting(Timestamp from, Timestamp to,
                                      const UnitFactsVisitor& fn) override {
        State snapshot;
        {
            std::lock_guard lock(mu_);
            snapshot = state_;
        }
        if (Status s = units_acting_in(snapshot, from, to, fn); !s) return s;
        return static_cast<std::int64_t>(snapshot.log.size());
    }

    Result<bool> units_changed_since(std::int64_t after, Timestamp from, Timestamp to) override {
        std::lock_guard lock(mu_);
        for (const UnitLog& unit : units_of(state_))
            if (unit.last_seq > after && acts_in(unit.events, from, to)) return true;
        return false;
    }

    Status units_in_work(std::span<const RouteLength> routes, Timestamp since,
                         const UnitFactsVisitor& fn) override {
        State snapshot;
        {
            std::lock_guard lock(mu_);
            snapshot = state_;
        }
        return units_in_work_in(snapshot, routes, since, fn);
    }

    Result<UnitsSummary> units_summary() override {
        std::lock_guard lock(mu_);
        return summary_of(state_);
    }

    Result<std::vector<StampRecord>> stamps() override {
        std::lock_guard lock(mu_);
        std::vector<StampRecord> out;
        for (const auto& [id, stamp] : state_.stamps) out.push_back(stamp);
        return out;
    }

    Result<std::optional<StampRecord>> stamp(std::string_view id) override {
        std::lock_guard lock(mu_);
        auto it = state_.stamps.find(id);
        if (it == state_.stamps.end()) return std::optional<StampRecord>();
        return std::optional<StampRecord>(it->second);
    }

    Result<std::optional<TokenRecord>> token_by_hash(std::string_view secret_hash) override {
        std::lock_guard lock(mu_);
        auto it = state_.tokens.find(secret_hash);
        if (it == state_.tokens.end()) return std::optional<TokenRecord>();
        return std::optional<TokenRecord>(it->second);
    }

    Result<std::vector<TokenRecord>> tokens() override {
        std::lock_guard lock(mu_);
        std::vector<TokenRecord> out;
        for (const auto& [hash, token] : state_.tokens) out.push_back(token);
        std::sort(out.begin(), out.end(), [](const TokenRecord& a, const TokenRecord& b) {
            return std::tie(a.created_at, a.id) < std::tie(b.created_at, b.id);
        });
        return out;
    }

    Result<std::vector<QuarantineEntry>> quarantine_entries(bool include_resolved) override {
        std::lock_guard lock(mu_);
        std::vector<QuarantineEntry> out;
        for (const auto& q : state_.quarantine) {
            if (include_resolved || !q.resolved) out.push_back(q);
        }
        return out;
    }

    Result<std::vector<CorrectiveActionEntry>> corrective_action_entries(
        std::string_view action_id) override {
        std::lock_guard lock(mu_);
        return corrective_entries_of(state_, action_id);
    }

    Result<std::vector<ComplaintEntry>> complaint_entries(std::string_view id) override {
        std::lock_guard lock(mu_);
        return complaint_entries_of(state_, id);
    }

    Result<std::vector<CrmDelivery>> crm_deliveries() override {
        std::lock_guard lock(mu_);
        return state_.crm_deliveries;
    }

    Result<std::optional<KeptFigures>> kept_figures(std::string_view key) override {
        std::lock_guard lock(mu_);
        const auto it = state_.kept_figures.find(key);
        if (it == state_.kept_figures.end()) return std::optional<KeptFigures>();
        return std::optional<KeptFigures>(it->second);
    }

    Result<std::vector<ProcedureAudit>> procedure_audits(std::string_view serial,
                                                         std::string_view stamp) override {
        std::lock_guard lock(mu_);
        return audits_of(state_, serial, stamp);
    }

    Result<std::vector<IdConflict>> id_conflicts() override {
        std::lock_guard lock(mu_);
        return state_.id_conflicts;
    }

    Result<StoreCounts> counts() override {
        std::lock_guard lock(mu_);
        StoreCounts c;
        c.id_conflicts = static_cast<std::int64_t>(state_.id_conflicts.size());
        c.events = static_cast<std::int64_t>(state_.log.size());
        if (!state_.log.empty()) c.head_hash = state_.log.back().hash;
        c.quarantined = std::count_if(state_.quarantine.begin(), state_.quarantine.end(),
                                      [](const QuarantineEntry& q) { return !q.resolved; });
        c.stamps = static_cast<std::int64_t>(state_.stamps.size());
        c.tokens = static_cast<std::int64_t>(state_.tokens.size());
        return c;
    }

    Result<std::optional<ChainBreak>> verify_chain() override {
        std::lock_guard lock(mu_);
        std::vector<ChainLink> links;
        links.reserve(state_.log.size());
        for (std::size_t i = 0; i < state_.log.size(); ++i) {
            links.push_back(ChainLink{state_.canonical[i], state_.log[i].hash});
        }
        return stampline::verify_chain(links);
    }

    Result<std::optional<ChainBreak>> verify_complaint_chain() override {
        std::lock_guard lock(mu_);
        std::vector<ChainLink> links;
        for (const ComplaintEntry& e : state_.complaints)
            links.push_back(ChainLink{complaint_entry_text(e), e.hash});
        return stampline::verify_chain(links);
    }

private:
    std::mutex write_mu_;  // serialises writers; held for the whole of write()
    std::mutex mu_;        // guards state_; held briefly, so fn may call the reads (they see
                           // the last committed state, as with the SQLite store)
    State state_;
};

}  // namespace

std::unique_ptr<Store> make_memory_store() {
    return std::make_unique<MemoryStore>();
}

}  // namespace stampline::server
