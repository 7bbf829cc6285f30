#include "server/service/stamps.h"

#include <algorithm>

#include "shared/badge_payload.h"

namespace stampline::server {

namespace {

Status check_stages(const Plant& plant, const std::vector<std::string>& stages) {
    if (stages.empty()) return invalid("a stamp must cover at least one stage");
    for (const std::string& s : stages)
        if (!plant.stage(s)) return invalid("stage '" + s + "' is not in the plant configuration");
    return Status::ok();
}

// Reads the stamp, lets `change` edit it, and stores it, in one transaction.
template <typename Change>
Result<StampRecord> update(Store& store, std::string_view id, Change change) {
    StampRecord updated;
    Status status = store.write([&](WriteTxn& txn) -> Status {
        Result<std::optional<StampRecord>> found = txn.find_stamp(id);
        if (!found) return found.error();
        if (!found->has_value())
            return not_found("stamp '" + std::string(id) + "' is not in the registry");
        updated = **found;
        if (Status s = change(updated); !s) return s;
        return txn.put_stamp(updated);
    });
    if (!status) return status;
    return updated;
}

}  // namespace

Result<StampRecord> issue_stamp(Store& store, const Plant& plant, const NewStamp& stamp,
                                const PinHashParams& pin_params) {
    if (Status s = validate_badge_id({stamp.id, 1}); !s) return s;
    if (stamp.holder.empty()) return invalid("holder: the stamp holder's name is required");
    if (Status s = check_stages(plant, stamp.stages); !s) return s;
    StampRecord record{
        stamp.id, stamp.holder, stamp.stages, StampStatus::Active, stamp.attestation_due, 1, ""};
    if (!stamp.pin.empty()) {
        if (Status s = validate_pin_format(stamp.pin); !s) return s;
        Result<std::string> hash = hash_pin(stamp.pin, pin_params);
        if (!hash) return hash.error();
        record.pin_hash = std::move(*hash);
    }
    Status status = store.write([&](WriteTxn& txn) -> Status {
        Result<std::optional<StampRecord>> found = txn.find_stamp(stamp.id);
        if (!found) return found.error();
        if (found->has_value()) return conflict("stamp '" + stamp.id + "' already exists");
        return txn.put_stamp(record);
    });
    if (!status) return status;
    return record;
}

Result<StampRecord> set_stamp_status(Store& store, std::string_view id, StampStatus status) {
    return update(store, id, [&](StampRecord& r) -> Status {
        if (r.status == StampStatus::Revoked && status != StampStatus::Revoked)
            return conflict("stamp '" + r.id + "' is revoked: a revoked stamp is never reinstated");
        r.status = status;
        return Status::ok();
    });
}

Result<StampRecord> set_stamp_stages(Store& store, const Plant& plant, std::string_view id,
                                     const std::vector<std::string>& stages) {
    if (Status s = check_stages(plant, stages); !s) return s;
    return update(store, id, [&](StampRecord& r) {
        r.stages = stages;
        return Status::ok();
    });
}

Result<StampRecord> set_stamp_attestation(Store& store, std::string_view id, Date due) {
    if (!is_valid_date(due.year, due.month, due.day)) return invalid("attestation_due: not a date");
    return update(store, id, [&](StampRecord& r) {
        r.attestation_due = due;
        return Status::ok();
    });
}

Result<StampRecord> set_stamp_pin(Store& store, std::string_view id, std::string_view pin,
                                  const PinHashParams& pin_params) {
    if (Status s = validate_pin_format(pin); !s) return s;
    Result<std::string> hash = hash_pin(pin, pin_params);  // slow: outside the transaction
    if (!hash) return hash.error();
    return update(store, id, [&](StampRecord& r) {
        r.pin_hash = *hash;
        return Status::ok();
    });
}

Result<StampRecord> reissue_badge(Store& store, std::string_view id) {
    return update(store, id, [&](StampRecord& r) -> Status {
        if (r.badge_issue >= 999) return invalid("badge issue number exhausted");
        ++r.badge_issue;
        return Status::ok();
    });
}

}  // namespace stampline::server
