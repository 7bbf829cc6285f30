#include "server/service/corrective_actions.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "shared/printable.h"

namespace stampline::server {

using nlohmann::json;

namespace {

constexpr std::int64_t kDayMs = 24LL * 60 * 60 * 1000;
constexpr std::size_t kMaxTitleBytes = 500;
constexpr std::size_t kMaxDepartmentBytes = 200;

constexpr const char* kCreated = "created";
constexpr const char* kStatusChange = "status";
constexpr const char* kVerification = "verification";

Status check_codes(const std::vector<std::string>& codes, const char* field,
                   bool (*known)(const Plant&, std::string_view), const Plant& plant,
                   const char* what) {
    std::set<std::string_view> seen;
    for (const std::string& code : codes) {
        if (!known(plant, code)) {
            return invalid(std::string(field) + ": unknown " + what + " '" +
                           printable_clipped(code) + "' (not in the plant's configuration)");
        }
        if (!seen.insert(code).second) {
            return invalid(std::string(field) + ": '" + printable_clipped(code) +
                           "' is listed twice");
        }
    }
    return Status::ok();
}

bool known_nc(const Plant& plant, std::string_view code) {
    return plant.nc_code(code) != nullptr;
}
bool known_stage(const Plant& plant, std::string_view code) {
    return plant.stage(code) != nullptr;
}

Status corrupt_entry(const CorrectiveActionEntry& e, const std::string& why) {
    return Status(Code::Corruption, "corrective action log entry " + std::to_string(e.seq) + " (" +
                                        e.action_id + ", " + e.kind + "): " + why);
}

// Applies entry e to the actions built so far (by id, and their creation order).
Status apply(const CorrectiveActionEntry& e, std::map<std::string, CorrectiveAction>& by_id,
             std::vector<std::string>& order) {
    json body = json::parse(e.body, nullptr, false);
    if (!body.is_object()) return corrupt_entry(e, "the body is not a JSON object");
    try {
        if (e.kind == kCreated) {
            CorrectiveAction a;
            a.id = e.action_id;
            a.title = body.at("title").get<std::string>();
            a.nc_codes = body.at("nc_codes").get<std::vector<std::string>>();
            a.stages = body.at("stages").get<std::vector<std::string>>();
            a.owner_department = body.at("owner_department").get<std::string>();
            Result<Date> due = parse_date(body.at("due").get<std::string>());
            if (!due) return corrupt_entry(e, "due: " + due.error().message());
            a.due = *due;
            a.review_month = month_of(e.at);  // entries from before review_month existed
            if (auto m = body.find("review_month"); m != body.end()) {
                Result<YearMonth> month = parse_year_month(m->get<std::string>());
                if (!month) return corrupt_entry(e, "review_month: " + month.error().message());
                a.review_month = *month;
            }
            a.created_at = e.at;
            a.created_by = e.by;
            if (!by_id.emplace(a.id, a).second) return corrupt_entry(e, "created twice");
            order.push_back(a.id);
            return Status::ok();
        }
        auto it = by_id.find(e.action_id);
        if (it == by_id.end()) return corrupt_entry(e, "no such action was created before");
        CorrectiveAction& a = it->second;
        if (e.kind == kStatusChange) {
            CaStatusChange c;
            if (!parse_ca_status(body.at("from").get<std::string>(), &c.from) ||
                !parse_ca_status(body.at("to").get<std::string>(), &c.to))
                return corrupt_entry(e, "unknown status");
            c.at = e.at;
            c.by = e.by;
            c.note = body.value("note", "");
            a.status = c.to;
            a.history.push_back(std::move(c));
            return Status::ok();
        }
        if (e.kind == kVerification) {
            CaVerification v;
            v.at = e.at;
            v.by = e.by;
            v.effective = body.at("effective").get<bool>();
            v.note = body.value("note", "");
            a.verification = std::move(v);
            return Status::ok();
        }
    } catch (const json::exception& ex) {
        return corrupt_entry(e, ex.what());
    }
    return corrupt_entry(e, "unknown kind");
}

Result<std::vector<CorrectiveAction>> fold(const std::vector<CorrectiveActionEntry>& entries) {
    std::map<std::string, CorrectiveAction> by_id;
    std::vector<std::string> order;
    for (const auto& e : entries) {
        if (Status s = apply(e, by_id, order); !s) return s;
    }
    std::vector<CorrectiveAction> out;
    out.reserve(order.size());
    for (const auto& id : order) out.push_back(std::move(by_id[id]));
    return out;
}

// The action id in txn; NotFound when absent.
Result<CorrectiveAction> load(WriteTxn& txn, std::string_view id) {
    Result<std::vector<CorrectiveActionEntry>> entries = txn.corrective_action_entries(id);
    if (!entries) return entries.error();
    if (id.empty() || entries->empty())
        return not_found("no corrective action '" + printable_clipped(id) + "'");
    Result<std::vector<CorrectiveAction>> actions = fold(*entries);
    if (!actions) return actions.error();
    return std::move(actions->front());
}

// Appends one entry to action id and returns the action as it then is.
Result<CorrectiveAction> append_and_load(
    Store& store, const CorrectiveActionEntry& entry,
    const std::function<Status(const CorrectiveAction&)>& check) {
    CorrectiveAction result;
    Status s = store.write([&](WriteTxn& txn) -> Status {
        Result<CorrectiveAction> before = load(txn, entry.action_id);
        if (!before) return before.error();
        if (Status c = check(*before); !c) return c;
        Result<std::int64_t> seq = txn.append_corrective_action_entry(entry);
        if (!seq) return seq.error();
        Result<CorrectiveAction> after = load(txn, entry.action_id);
        if (!after) return after.error();
        result = std::move(after).value();
        return Status::ok();
    });
    if (!s) return s;
    return result;
}

}  // namespace

const char* ca_status_name(CaStatus s) {
    switch (s) {
        case CaStatus::Open: return "open";
        case CaStatus::InProgress: return "in_progress";
        case CaStatus::Done: return "done";
        case CaStatus::Cancelled: return "cancelled";
    }
    return "open";
}

bool parse_ca_status(std::string_view text, CaStatus* out) {
    for (CaStatus s : {CaStatus::Open, CaStatus::InProgress, CaStatus::Done, CaStatus::Cancelled}) {
        if (text == ca_status_name(s)) {
            *out = s;
            return true;
        }
    }
    return false;
}

bool ca_transition_allowed(CaStatus from, CaStatus to) {
    switch (from) {
        case CaStatus::Open:
            return to == CaStatus::InProgress || to == CaStatus::Done || to == CaStatus::Cancelled;
        case CaStatus::InProgress:
            return to == CaStatus::Open || to == CaStatus::Done || to == CaStatus::Cancelled;
        case CaStatus::Done:
        case CaStatus::Cancelled: return false;
    }
    return false;
}

std::optional<CaStatus> CorrectiveAction::status_at(Timestamp t) const {
    if (created_at >= t) return std::nullopt;
    CaStatus s = CaStatus::Open;
    for (const auto& c : history) {
        if (c.at >= t) break;
        s = c.to;
    }
    return s;
}

std::optional<Timestamp> CorrectiveAction::done_at() const {
    if (status != CaStatus::Done) return std::nullopt;
    for (auto it = history.rbegin(); it != history.rend(); ++it) {
        if (it->to == CaStatus::Done) return it->at;
    }
    return std::nullopt;
}

Status validate_corrective_action(const Plant& plant, const NewCorrectiveAction& a, Timestamp now) {
    if (a.title.empty()) return invalid("title: must not be empty");
    if (a.title.size() > kMaxTitleBytes)
        return invalid("title: longer than " + std::to_string(kMaxTitleBytes) + " bytes");
    if (a.owner_department.empty()) return invalid("owner_department: must not be empty");
    if (a.owner_department.size() > kMaxDepartmentBytes)
        return invalid("owner_department: longer than " + std::to_string(kMaxDepartmentBytes) +
                       " bytes");
    if (Status s = check_codes(a.nc_codes, "nc_codes", known_nc, plant, "NC code"); !s) return s;
    if (Status s = check_codes(a.stages, "stages", known_stage, plant, "stage"); !s) return s;
    if (!is_valid_date(a.due.year, a.due.month, a.due.day))
        return invalid("due: not a valid calendar date");
    if (a.review_month.month < 1 || a.review_month.month > 12 || a.review_month.year < 1)
        return invalid("review_month: not a month");
    const YearMonth this_month = plant.zone.month_of(now);
    if (a.review_month > this_month)
        return invalid("review_month: " + format_year_month(a.review_month) +
                       " has not begun yet; a meeting reviews a month that has begun (" +
                       format_year_month(this_month) + " or earlier)");
    return Status::ok();
}

Result<CorrectiveAction> create_corrective_action(Store& store, const Plant& plant,
                                                  const Clock& clock,
                                                  const NewCorrectiveAction& action,
                                                  std::string_view by) {
    const Timestamp now = clock.now();
    if (Status s = validate_corrective_action(plant, action, now); !s) return s;
    const int year = plant.zone.date_of(now).year;
    CorrectiveActionEntry entry;
    entry.kind = kCreated;
    entry.body = json{{"title", action.title},
                      {"nc_codes", action.nc_codes},
                      {"stages", action.stages},
                      {"owner_department", action.owner_department},
                      {"due", format_date(action.due)},
                      {"review_month", format_year_month(action.review_month)}}
                     .dump();
    entry.at = now;
    entry.by = std::string(by);
    CorrectiveAction result;
    Status s = store.write([&](WriteTxn& txn) -> Status {
        Result<std::vector<CorrectiveActionEntry>> all = txn.corrective_action_entries("");
        if (!all) return all.error();
        const std::string prefix = "CA-" + std::to_string(year) + "-";
        int number = 0;
        for (const auto& e : *all) {
            if (e.kind == kCreated && e.action_id.rfind(prefix, 0) == 0) ++number;
        }
        char id[32];
        std::snprintf(id, sizeof id, "CA-%d-%03d", year, number + 1);
        entry.action_id = id;
        Result<std::int64_t> seq = txn.append_corrective_action_entry(entry);
        if (!seq) return seq.error();
        Result<CorrectiveAction> stored = load(txn, entry.action_id);
        if (!stored) return stored.error();
        result = std::move(stored).value();
        return Status::ok();
    });
    if (!s) return s;
    return result;
}

Result<CorrectiveAction> set_corrective_action_status(Store& store, const Clock& clock,
                                                      std::string_view id, CaStatus to,
                                                      std::string_view note, std::string_view by) {
    CorrectiveActionEntry entry;
    entry.action_id = std::string(id);
    entry.kind = kStatusChange;
    entry.at = clock.now();
    entry.by = std::string(by);
    return append_and_load(store, entry, [&](const CorrectiveAction& a) -> Status {
        if (!ca_transition_allowed(a.status, to)) {
            return conflict("status: corrective action " + a.id + " is " +
                            ca_status_name(a.status) + "; it cannot become " + ca_status_name(to));
        }
        entry.body = json{{"from", ca_status_name(a.status)},
                          {"to", ca_status_name(to)},
                          {"note", std::string(note)}}
                         .dump();
        return Status::ok();
    });
}

Result<CorrectiveAction> verify_corrective_action(Store& store, const Clock& clock,
                                                  std::string_view id, bool effective,
                                                  std::string_view note, std::string_view by) {
    CorrectiveActionEntry entry;
    entry.action_id = std::string(id);
    entry.kind = kVerification;
    entry.body = json{{"effective", effective}, {"note", std::string(note)}}.dump();
    entry.at = clock.now();
    entry.by = std::string(by);
    return append_and_load(store, entry, [&](const CorrectiveAction& a) -> Status {
        if (a.status != CaStatus::Done) {
            return conflict("corrective action " + a.id + " is " + ca_status_name(a.status) +
                            "; only a done action can be verified");
        }
        if (a.verification) {
            return conflict("corrective action " + a.id + " was already verified by " +
                            a.verification->by);
        }
        return Status::ok();
    });
}

Result<CorrectiveAction> corrective_action(Store& store, std::string_view id) {
    if (id.empty()) return not_found("no corrective action ''");
    Result<std::vector<CorrectiveActionEntry>> entries = store.corrective_action_entries(id);
    if (!entries) return entries.error();
    if (entries->empty()) return not_found("no corrective action '" + printable_clipped(id) + "'");
    Result<std::vector<CorrectiveAction>> actions = fold(*entries);
    if (!actions) return actions.error();
    return std::move(actions->front());
}

Result<std::vector<CorrectiveAction>> corrective_actions(Store& store) {
    Result<std::vector<CorrectiveActionEntry>> entries = store.corrective_action_entries("");
    if (!entries) return entries.error();
    return fold(*entries);
}

std::vector<CaMonthFigures> corrective_action_months(const std::vector<CorrectiveAction>& actions,
                                                     YearMonth from, YearMonth to, Timestamp now,
                                                     const TimeZone& zone) {
    std::vector<CaMonthFigures> out;
    for (YearMonth m = from; m <= to; m = next_month(m)) {
        CaMonthFigures f;
        f.month = m;
        const Timestamp begin = zone.start_of(m);
        const Timestamp end = zone.start_of(next_month(m));
        const Timestamp cutoff = std::min(end, now);  // the state counted as "at month end"
        for (const CorrectiveAction& a : actions) {
            const std::optional<CaStatus> at_end = a.status_at(end);
            if (at_end == CaStatus::Cancelled) continue;
            const YearMonth due_month{a.due.year, a.due.month};
            if (due_month == m) ++f.due;
            if (const std::optional<Timestamp> done = a.done_at();
                done && *done >= begin && *done < end) {
                if (zone.date_of(*done) <= a.due)
                    ++f.done_on_time;
                else
                    ++f.done_late;
            }
            if (cutoff > begin) {
                const std::optional<CaStatus> s = a.status_at(cutoff);
                const Timestamp due_over =
                    zone.start_of(civil_from_days(days_from_civil(a.due) + 1));
                if (s && (*s == CaStatus::Open || *s == CaStatus::InProgress) && due_over <= cutoff)
                    ++f.overdue;
            }
        }
        out.push_back(f);
    }
    return out;
}

}  // namespace stampline::server
