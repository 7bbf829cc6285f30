#include "server/analytics/event_log_cache.h"

#include <cassert>

namespace stampline::server::analytics {

EventLogCache::EventLogCache(Store& store, const Plant& plant)
    : EventLogCache(store, plant, Options{}) {}

EventLogCache::EventLogCache(Store& store, const Plant& plant, Options options)
    : store_(store), plant_(plant), options_(options) {
    assert(options_.batch >= 1);
}

Status EventLogCache::refresh(std::stop_token stop) {
    std::lock_guard refreshing(refresh_mu_);
    // last_seq_ is written only here, under refresh_mu_: reading it needs no other lock.
    for (;;) {
        if (stop.stop_requested())
            return Status(Code::Unavailable, "stopped while reading the event log");
        Result<std::vector<StoredEvent>> batch = store_.events_after(last_seq_, options_.batch);
        if (!batch) return batch.error();
        if (batch->empty()) return Status::ok();
        std::int64_t previous = last_seq_;
        for (const StoredEvent& stored : *batch) {
            // The store answers in seq order; anything else would misorder the trails.
            if (stored.seq <= previous)
                return Status(Code::Corruption, "the event log returned seq " +
                                                    std::to_string(stored.seq) + " after seq " +
                                                    std::to_string(previous));
            previous = stored.seq;
        }
        const bool last = batch->size() < static_cast<std::size_t>(options_.batch);
        {
            std::unique_lock lock(mu_);
            append(*batch);
        }
        if (last) return Status::ok();
    }
}

void EventLogCache::append(std::vector<StoredEvent>& batch) {
    for (StoredEvent& stored : batch) {
        auto [it, fresh] = index_.try_emplace(stored.event.serial, views_.size());
        if (fresh) {
            views_.emplace_back();
            if (options_.keep_events) events_by_unit_.emplace_back();
        }
        apply_to_view(plant_, views_[it->second], stored.event);
        if (options_.keep_events) {
            UnitEvents& events = events_by_unit_[it->second];
            events.push_back(std::move(stored.event));
            touched_.push_back(it->second);
        }
        last_seq_ = stored.seq;
    }
    events_ += batch.size();
    // Growth by doubling leaves up to half of a unit's vector unused; trim the units that grew.
    for (std::size_t i : touched_) {
        UnitEvents& events = events_by_unit_[i];
        if (events.capacity() > events.size() + events.size() / 8 + 1) events.shrink_to_fit();
    }
    touched_.clear();
}

Status EventLogCache::read(const std::function<void(std::span<const UnitView>)>& fn) {
    if (Status s = refresh(); !s) return s;
    std::shared_lock lock(mu_);
    fn(views_);
    return Status::ok();
}

Status EventLogCache::read_events(const std::function<void(std::span<const UnitEvents>)>& fn) {
    if (!options_.keep_events)
        return Status(Code::Internal, "the analytics log keeps no events (Options::keep_events)");
    if (Status s = refresh(); !s) return s;
    std::shared_lock lock(mu_);
    fn(events_by_unit_);
    return Status::ok();
}

EventLogCache::Size EventLogCache::size() const {
    std::shared_lock lock(mu_);
    return Size{last_seq_, views_.size(), events_};
}

}  // namespace stampline::server::analytics
