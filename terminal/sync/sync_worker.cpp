#include "terminal/sync/sync_worker.h"

#include <algorithm>
#include <utility>

#include "terminal/sync/trail_merge.h"

namespace stampline::terminal {

SyncWorker::SyncWorker(Outbox& outbox, ServerClient& client, ActionQueue& queue, const Clock& clock,
                       SyncOptions options)
    : outbox_(outbox),
      client_(client),
      queue_(queue),
      clock_(clock),
      options_(options),
      thread_(&SyncWorker::run, this) {}

SyncWorker::~SyncWorker() {
    {
        std::lock_guard lock(mu_);
        stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
}

void SyncWorker::wake() {
    {
        std::lock_guard lock(mu_);
        woken_ = true;
    }
    cv_.notify_all();
}

void SyncWorker::request_trail(const std::string& serial) {
    {
        std::lock_guard lock(mu_);
        if (std::find(trail_requests_.begin(), trail_requests_.end(), serial) ==
            trail_requests_.end()) {
            trail_requests_.push_back(serial);
        }
    }
    cv_.notify_all();
}

bool SyncWorker::stopping() {
    std::lock_guard lock(mu_);
    return stop_;
}

void SyncWorker::run() {
    // Offline start: what the terminal knew last time, before asking the server anything.
    reload_attention();
    if (Result<int> depth = outbox_.depth()) state_.outbox_depth = *depth;
    post_cached_reference();
    report();

    Steady::time_point next_reference = Steady::now();
    for (;;) {
        std::deque<std::string> trails;
        bool woken = false;
        {
            std::lock_guard lock(mu_);
            if (stop_) return;
            trails.swap(trail_requests_);
            woken = std::exchange(woken_, false);
        }
        for (const std::string& serial : trails) {
            if (stopping()) return;
            fetch_trail(serial);
        }
        if (Steady::now() >= retry_at_) {
            // Events first: what workers signed matters more than a fresher stamp list. A
            // stuck drain does not hold the reference back; an unreachable server does.
            const Outcome drained = drain();
            if (drained != Outcome::Retry && !stopping() && Steady::now() >= next_reference) {
                if (refresh_reference() != Outcome::Retry) {
                    next_reference = Steady::now() + options_.reference_every;
                }
            }
        } else if (woken) {
            // Backing off, but something was recorded: the status bar shows the new depth now.
            if (Result<int> depth = outbox_.depth()) state_.outbox_depth = *depth;
            report();
        }

        std::unique_lock lock(mu_);
        if (stop_) return;
        if (Steady::now() < retry_at_) {
            // Backing off: a trail request (someone waits at the screen) cuts it short; a wake()
            // only refreshes the outbox depth shown.
            cv_.wait_until(lock, retry_at_,
                           [&] { return stop_ || woken_ || !trail_requests_.empty(); });
        } else {
            const Steady::time_point until =
                std::min(Steady::now() + options_.idle_poll, next_reference);
            cv_.wait_until(lock, until,
                           [&] { return stop_ || woken_ || !trail_requests_.empty(); });
        }
    }
}

void SyncWorker::post_cached_reference() {
    Result<std::optional<CachedReference>> cached = outbox_.reference();
    if (!cached) {
        state_.last_error = cached.error().message();
        return;
    }
    if (!cached->has_value()) return;
    Result<Reference> reference = reference_from_json((*cached)->json);
    if (!reference) {
        // A cache this build cannot read: fetch a fresh copy instead.
        state_.last_error = "the cached reference: " + reference.error().message();
        return;
    }
    etag_ = (*cached)->etag;
    queue_.post(ReferenceLoaded{std::move(*reference)});
}

SyncWorker::Outcome SyncWorker::refresh_reference() {
    Result<std::optional<ReferenceAnswer>> answer = client_.reference(etag_);
    if (!answer) {
        if (answer.error().code() == Code::Unavailable) return failed(answer.error());
        // The server answered but the reference is unusable (token, version, a bad body): say
        // so, keep the cached copy, and let the events flow; asked again at reference_every.
        state_.online = true;
        state_.last_error = answer.error().message();
        report();
        return Outcome::Stuck;
    }
    succeeded();
    if (answer->has_value()) {
        ReferenceAnswer& fresh = **answer;
        if (Status s = outbox_.put_reference({fresh.json, fresh.etag}); !s) {
            state_.last_error = s.message();  // still usable now; not cached for the next start
        }
        etag_ = fresh.etag;
        queue_.post(ReferenceLoaded{std::move(fresh.reference)});
    }
    report();
    return Outcome::Ok;
}

SyncWorker::Outcome SyncWorker::drain() {
    for (;;) {
        Result<int> depth = outbox_.depth();
        if (!depth) return local_failure(depth.error());
        if (*depth == 0) {
            if (state_.outbox_depth != 0 || state_.backlog_total != 0) {
                state_.outbox_depth = 0;
                state_.backlog_total = state_.backlog_sent = 0;
                report();
            }
            return Outcome::Ok;
        }
        state_.outbox_depth = *depth;
        // The drain's size: the depth when it started, grown by events appended meanwhile.
        state_.backlog_total = std::max(state_.backlog_total, state_.backlog_sent + *depth);

        Result<std::vector<Event>> batch =
            outbox_.pending(std::max<std::size_t>(1, options_.batch_size));
        if (!batch) return local_failure(batch.error());
        Result<std::vector<EventAnswer>> answers = client_.post_events(*batch);
        if (!answers) return failed(answers.error());

        std::vector<Uuid> acknowledged;
        int refused = 0;
        for (const EventAnswer& a : *answers) {
            if (a.status == EventAnswer::Status::Refused || a.first_refused) {
                if (Status s = outbox_.refuse(a.id, a.reason, a.message); !s) {
                    return local_failure(s);
                }
                ++refused;
            } else {
                acknowledged.push_back(a.id);
            }
        }
        if (Status s = outbox_.acknowledge(acknowledged); !s) return local_failure(s);
        if (refused > 0) reload_attention();
        state_.backlog_sent += static_cast<int>(acknowledged.size()) + refused;

        depth = outbox_.depth();
        if (!depth) return local_failure(depth.error());
        state_.outbox_depth = *depth;
        if (*depth == 0) state_.backlog_total = state_.backlog_sent = 0;
        stuck_error_.clear();
        succeeded();
        backoff_ = std::chrono::milliseconds{0};
        retry_at_ = Steady::time_point{};
        report();
        if (*depth == 0) return Outcome::Ok;
        // Between batches of a long drain, a worker waiting at the screen for a trail goes
        // first: the loop serves it without waiting (trail_requests_ is not empty), then drains on.
        std::lock_guard lock(mu_);
        if (stop_ || !trail_requests_.empty()) return Outcome::Ok;
    }
}

void SyncWorker::fetch_trail(const std::string& serial) {
    Result<std::vector<Event>> trail = client_.trail(serial);
    if (!trail && trail.error().code() != Code::NotFound) {
        // Nothing to post: the shell already shows the cached copy.
        if (trail.error().code() == Code::Unavailable && Steady::now() >= retry_at_) {
            failed(trail.error());  // the server went away: back off
            return;
        }
        // Already backing off (keep that wait as it is), or the server refused this one
        // request (a token, a serial it rejects): say so, and hold nothing else back.
        if (trail.error().code() == Code::Unavailable) state_.online = false;
        state_.last_error = trail.error().message();
        report();
        return;
    }
    std::vector<Event> events;
    if (trail) {
        events = std::move(*trail);
        if (Status s = outbox_.put_trail(serial, events); !s) state_.last_error = s.message();
    }
    // NotFound: the server never registered the unit; this terminal's own events are all.
    Result<std::vector<Event>> pending = outbox_.pending_for(serial);
    succeeded();
    if (!pending) state_.last_error = pending.error().message();
    queue_.post(UnitLoaded{serial,
                           pending ? merge_trail(std::move(events), *pending) : std::move(events),
                           TrailSource::Server});
    report();
}

void SyncWorker::succeeded() {
    const bool was_offline = !state_.online;
    state_.online = true;
    state_.last_sync = clock_.now();
    state_.last_error = stuck_error_;  // a drain that is stuck stays reported
    state_.link_problem.clear();
    if (was_offline) {
        // The server is back: no need to sit out the rest of an unreachable-server backoff.
        backoff_ = std::chrono::milliseconds{0};
        retry_at_ = Steady::time_point{};
    }
}

SyncWorker::Outcome SyncWorker::failed(const Status& status) {
    state_.last_error = status.message();
    state_.link_problem = client_.link_problem();
    if (status.code() == Code::Unavailable) {
        state_.online = false;
        backoff_ = backoff_.count() == 0 ? options_.backoff_min
                                         : std::min(backoff_ * 2, options_.backoff_max);
    } else {
        // The server answered but refused the batch whole (token, permissions, malformed): the
        // events stay in the outbox, they were signed; retrying soon will not help.
        state_.online = true;
        stuck_error_ = status.message();
        backoff_ = options_.backoff_max;
    }
    retry_at_ = Steady::now() + backoff_;
    report();
    return status.code() == Code::Unavailable ? Outcome::Retry : Outcome::Stuck;
}

SyncWorker::Outcome SyncWorker::local_failure(const Status& status) {
    stuck_error_ = status.message();
    state_.last_error = status.message();
    backoff_ = options_.backoff_max;
    retry_at_ = Steady::now() + backoff_;
    report();
    return Outcome::Stuck;
}

void SyncWorker::reload_attention() {
    Result<std::vector<AttentionItem>> items = outbox_.attention();
    if (!items) {
        state_.last_error = items.error().message();
        return;
    }
    attention_ = std::move(*items);
}

void SyncWorker::report() {
    state_.clock_offset_ms = client_.clock_offset_ms();
    queue_.post(SyncReport{state_, attention_});
}

}  // namespace stampline::terminal
