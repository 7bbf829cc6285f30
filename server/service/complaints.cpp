#include "server/service/complaints.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "shared/printable.h"

namespace stampline::server {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxText = 4000;
constexpr std::size_t kMaxShort = 200;

Status corrupt(const ComplaintEntry& e, const std::string& why) {
    return Status(Code::Corruption, "complaint log entry " + std::to_string(e.seq) + " (" +
                                        e.complaint_id + ", " + e.kind + "): " + why);
}

// A required text field of at most `max` bytes.
Status check_text(std::string_view value, const char* field, std::size_t max, bool required) {
    if (required && value.empty()) return invalid(std::string(field) + ": required");
    if (value.size() > max)
        return invalid(std::string(field) + ": longer than " + std::to_string(max) + " bytes");
    return Status::ok();
}

Status check_channel(std::string_view channel) {
    for (const char* c : kComplaintChannels)
        if (channel == c) return Status::ok();
    return invalid("channel: '" + printable_clipped(channel) +
                   "' is not one of letter, phone, email, portal, visit");
}

json registration_json(const NewComplaint& c, const ComplaintDeadlines& d) {
    return {{"reason", c.reason},
            {"product_type", c.product_type},
            {"serials", c.serials},
            {"lifecycle_stage", c.lifecycle_stage},
            {"damage_cents", c.damage_cents},
            {"customer",
             {{"organisation", c.customer.organisation},
              {"site", c.customer.site},
              {"contact", c.customer.contact}}},
            {"channel", c.channel},
            {"description", c.description},
            // The deadlines as the rules were at registration: a later change of the plant's
            // rules does not move the deadlines of complaints already registered.
            {"first_answer_due", format_utc(d.first_answer)},
            {"resolution_due", format_utc(d.resolution)}};
}

Timestamp utc_field(const json& body, const char* key) {
    Result<Timestamp> t = parse_utc(body.at(key).get<std::string>());
    if (!t) throw std::invalid_argument(std::string(key) + ": " + t.error().message());
    return *t;
}

void set_status(Complaint& c, ComplaintStatus to, const ComplaintEntry& e) {
    c.status = to;
    c.history.push_back({to, e.at, e.by});
}

// Applies entry e to the complaints built so far (by id, and their registration order).
Status apply(const ComplaintEntry& e, std::map<std::string, Complaint>& by_id,
             std::vector<std::string>& order) {
    const json body = json::parse(e.body, nullptr, false);
    if (!body.is_object()) return corrupt(e, "the body is not a JSON object");
    try {
        if (e.kind == "registered") {
            Complaint c;
            c.id = e.complaint_id;
            NewComplaint& r = c.registration;
            r.reason = body.at("reason").get<std::string>();
            r.product_type = body.at("product_type").get<std::string>();
            r.serials = body.at("serials").get<std::vector<std::string>>();
            r.lifecycle_stage = body.at("lifecycle_stage").get<std::string>();
            r.damage_cents = body.at("damage_cents").get<std::int64_t>();
            const json& customer = body.at("customer");
            r.customer = {customer.at("organisation").get<std::string>(),
                          customer.at("site").get<std::string>(),
                          customer.at("contact").get<std::string>()};
            r.channel = body.at("channel").get<std::string>();
            r.description = body.at("description").get<std::string>();
            c.deadlines = {utc_field(body, "first_answer_due"), utc_field(body, "resolution_due")};
            c.registered_at = e.at;
            c.registered_by = e.by;
            c.history.push_back({ComplaintStatus::Registered, e.at, e.by});
            if (!by_id.emplace(c.id, c).second) return corrupt(e, "registered twice");
            order.push_back(c.id);
            return Status::ok();
        }
        auto it = by_id.find(e.complaint_id);
        if (it == by_id.end()) return corrupt(e, "no such complaint was registered before");
        Complaint& c = it->second;
        if (e.kind == "investigation") {
            c.engineer = body.at("engineer").get<std::string>();
            set_status(c, ComplaintStatus::Investigation, e);
        } else if (e.kind == "decision") {
            ComplaintDecision d;
            if (!parse_justified(body.at("justified").get<std::string>(), &d.justified))
                return corrupt(e, "unknown justified value");
            d.findings = body.at("findings").get<std::string>();
            for (const json& k : body.at("conclusions"))
                d.conclusions.push_back(
                    {k.at("department").get<std::string>(), k.at("text").get<std::string>()});
            d.origin_stage = body.at("origin_stage").get<std::string>();
            d.nc_code = body.value("nc_code", "");
            for (const json& f : body.value("field_ncs", json::array())) {
                FieldEscape escape{
                    f.at("serial").get<std::string>(), {}, f.at("origin_stamp").get<std::string>()};
                const Result<Uuid> nc = parse_uuid(f.at("nc").get<std::string>());
                if (!nc) return corrupt(e, "field_ncs: a bad NC id");
                escape.nc = *nc;
                d.field_ncs.push_back(std::move(escape));
            }
            c.decision = std::move(d);
            set_status(c, ComplaintStatus::Commission, e);
        } else if (e.kind == "closed") {
            CommissionProtocol p;
            p.chair = body.at("chair").get<std::string>();
            p.members = body.at("members").get<std::vector<std::string>>();
            p.measures = body.at("measures").get<std::string>();
            p.corrective_actions = body.at("corrective_actions").get<std::vector<std::string>>();
            c.commission = std::move(p);
            set_status(c, ComplaintStatus::Closed, e);
        } else if (e.kind == "withdrawn") {
            c.withdrawal_note = body.at("note").get<std::string>();
            set_status(c, ComplaintStatus::Withdrawn, e);
        } else if (e.kind == "notice") {
            c.notices.push_back({e.at, e.by, body.at("channel").get<std::string>(),
                                 body.at("text").get<std::string>()});
        } else if (e.kind == "attachment") {
            c.attachments.push_back({e.at, e.by, body.at("name").get<std::string>(),
                                     body.at("sha256").get<std::string>(),
                                     body.at("note").get<std::string>()});
        } else {
            return corrupt(e, "unknown kind");
        }
    } catch (const std::exception& ex) {
        return corrupt(e, ex.what());
    }
    return Status::ok();
}

Result<std::vector<Complaint>> fold(const std::vector<ComplaintEntry>& entries) {
    std::map<std::string, Complaint> by_id;
    std::vector<std::string> order;
    for (const ComplaintEntry& e : entries)
        if (Status s = apply(e, by_id, order); !s) return s;
    std::vector<Complaint> out;
    out.reserve(order.size());
    for (const std::string& id : order) out.push_back(std::move(by_id[id]));
    return out;
}

template <typename Reader>
Result<Complaint> load(Reader& reader, std::string_view id) {
    Result<std::vector<ComplaintEntry>> entries = reader.complaint_entries(id);
    if (!entries) return entries.error();
    if (id.empty() || entries->empty())
        return not_found("no complaint '" + printable_clipped(id) + "'");
    Result<std::vector<Complaint>> folded = fold(*entries);
    if (!folded) return folded.error();
    return std::move(folded->front());
}

// The next id of the plant's year of now: CL-YYYY-NNN.
Result<std::string> next_id(WriteTxn& txn, const Plant& plant, Timestamp now) {
    Result<std::vector<ComplaintEntry>> all = txn.complaint_entries("");
    if (!all) return all.error();
    const std::string prefix = "CL-" + std::to_string(plant.zone.date_of(now).year) + "-";
    int last = 0;
    for (const ComplaintEntry& e : *all)
        if (e.kind == "registered" && e.complaint_id.starts_with(prefix))
            last = std::max(last, std::atoi(e.complaint_id.c_str() + prefix.size()));
    char id[32];
    std::snprintf(id, sizeof id, "%s%03d", prefix.c_str(), last + 1);
    return std::string(id);
}

// Appends a step of kind `kind` to complaint id once `check` accepts its current state; the
// complaint as it then is.
Result<Complaint> append_step(Store& store, const Clock& clock, std::string_view id,
                              const char* kind, const json& body, std::string_view by,
                              const std::function<Status(WriteTxn&, const Complaint&)>& check) {
    Complaint result;
    Status s = store.write([&](WriteTxn& txn) -> Status {
        Result<Complaint> before = load(txn, id);
        if (!before) return before.error();
        if (Status c = check(txn, *before); !c) return c;
        ComplaintEntry entry{0,           std::string(id), kind, body.dump(),
                             clock.now(), std::string(by), ""};
        if (Result<std::int64_t> seq = txn.append_complaint_entry(entry); !seq) return seq.error();
        Result<Complaint> after = load(txn, id);
        if (!after) return after.error();
        result = std::move(after).value();
        return Status::ok();
    });
    if (!s) return s;
    return result;
}

// Conflict unless the complaint may go to `to` now.
Status check_step(const Complaint& c, ComplaintStatus to) {
    if (complaint_transition_allowed(c.status, to)) return Status::ok();
    return conflict("complaint " + c.id + " is " + complaint_status_name(c.status) +
                    ": it cannot go to " + complaint_status_name(to));
}

Status check_open(const Complaint& c) {
    if (!complaint_final(c.status)) return Status::ok();
    return conflict("complaint " + c.id + " is " + complaint_status_name(c.status) +
                    ": nothing more is recorded on it");
}

Status validate_registration(WriteTxn& txn, const Plant& plant, const NewComplaint& c) {
    if (plant.complaint_reasons.empty())
        return invalid("reason: the plant configures no complaint reasons (complaints.toml)");
    if (!plant.complaint_reason(c.reason)) {
        std::string known;
        for (const ComplaintReason& r : plant.complaint_reasons)
            known += (known.empty() ? "" : ", ") + r.code;
        return invalid("reason: unknown complaint reason '" + printable_clipped(c.reason) +
                       "' (known: " + known + ")");
    }
    if (!plant.product(c.product_type))
        return invalid("product_type: unknown product type '" + printable_clipped(c.product_type) +
                       "'");
    if (c.serials.empty()) return invalid("serials: at least one unit");
    std::set<std::string_view> seen;
    for (const std::string& serial : c.serials) {
        if (!seen.insert(serial).second)
            return invalid("serials: '" + printable_clipped(serial) + "' is listed twice");
        Result<std::vector<Event>> trail = txn.unit_events(serial);
        if (!trail) return trail.error();
        if (trail->empty())
            return invalid("serials: no unit '" + printable_clipped(serial) + "' in the record");
        const auto* sheet = std::get_if<SheetIssued>(&trail->front().body);
        if (sheet && sheet->product_type != c.product_type)
            return invalid("serials: unit '" + printable_clipped(serial) + "' is a " +
                           sheet->product_type + ", not a " + c.product_type);
    }
    if (!plant.lifecycle_stage(c.lifecycle_stage))
        return invalid("lifecycle_stage: unknown lifecycle stage '" +
                       printable_clipped(c.lifecycle_stage) + "'");
    if (c.damage_cents < 0) return invalid("damage_cents: must not be negative");
    if (Status s = check_text(c.customer.organisation, "customer.organisation", kMaxShort, true);
        !s)
        return s;
    if (Status s = check_text(c.customer.site, "customer.site", kMaxShort, false); !s) return s;
    if (Status s = check_text(c.customer.contact, "customer.contact", kMaxShort, false); !s)
        return s;
    if (Status s = check_channel(c.channel); !s) return s;
    return check_text(c.description, "description", kMaxText, true);
}

}  // namespace

std::optional<Timestamp> Complaint::first_answer_at() const {
    if (notices.empty()) return std::nullopt;
    return notices.front().at;
}

std::optional<Timestamp> Complaint::resolved_at() const {
    if (!complaint_final(status)) return std::nullopt;
    return history.back().at;
}

bool Complaint::first_answer_overdue(Timestamp now) const {
    const std::optional<Timestamp> at = first_answer_at();
    return at ? *at >= deadlines.first_answer : now >= deadlines.first_answer;
}

bool Complaint::resolution_overdue(Timestamp now) const {
    const std::optional<Timestamp> at = resolved_at();
    return at ? *at >= deadlines.resolution : now >= deadlines.resolution;
}

Result<Complaint> register_complaint(Store& store, const Plant& plant, const Clock& clock,
                                     const NewComplaint& complaint, std::string_view by) {
    std::string id;
    Status s = store.write([&](WriteTxn& txn) -> Status {
        if (Status v = validate_registration(txn, plant, complaint); !v) return v;
        const Timestamp now = clock.now();
        Result<std::string> next = next_id(txn, plant, now);
        if (!next) return next.error();
        id = *next;
        const ComplaintDeadlines deadlines = complaint_deadlines(
            *plant.complaint_reason(complaint.reason), now, plant.calendar, plant.zone);
        ComplaintEntry entry{0,
                             id,
                             "registered",
                             registration_json(complaint, deadlines).dump(),
                             now,
                             std::string(by),
                             ""};
        Result<std::int64_t> seq = txn.append_complaint_entry(entry);
        return seq ? Status::ok() : seq.error();
    });
    if (!s) return s;
    return load(store, id);
}

Result<Complaint> start_investigation(Store& store, const Plant&, const Clock& clock,
                                      std::string_view id, std::string_view engineer,
                                      std::string_view by) {
    if (Status s = check_text(engineer, "engineer", kMaxShort, true); !s) return s;
    return append_step(store, clock, id, "investigation", {{"engineer", engineer}}, by,
                       [](WriteTxn&, const Complaint& c) {
                           return check_step(c, ComplaintStatus::Investigation);
                       });
}

Result<Complaint> decide_complaint(Store& store, const Plant& plant, const Clock& clock,
                                   UuidV7Generator& ids, std::string_view id,
                                   const ComplaintDecision& d, std::string_view by) {
    if (Status s = check_text(d.findings, "findings", kMaxText, true); !s) return s;
    json conclusions = json::array();
    for (const DepartmentConclusion& k : d.conclusions) {
        if (Status s = check_text(k.department, "conclusions.department", kMaxShort, true); !s)
            return s;
        if (Status s = check_text(k.text, "conclusions.text", kMaxText, true); !s) return s;
        conclusions.push_back({{"department", k.department}, {"text", k.text}});
    }
    // The field NCs the check records go into the body before it is appended.
    json body = {{"justified", justified_name(d.justified)},
                 {"findings", d.findings},
                 {"conclusions", conclusions},
                 {"origin_stage", d.origin_stage},
                 {"nc_code", d.nc_code},
                 {"field_ncs", json::array()}};
    return append_step(
        store, clock, id, "decision", body, by, [&](WriteTxn& txn, const Complaint& c) -> Status {
            if (Status s = check_step(c, ComplaintStatus::Commission); !s) return s;
            const ComplaintReason* reason = plant.complaint_reason(c.registration.reason);
            const bool fault = reason && reason->product_fault && d.justified != Justified::No;
            if (!fault && !d.origin_stage.empty())
                return invalid("origin_stage: only a justified product-fault claim has one");
            if (!fault && !d.nc_code.empty())
                return invalid("nc_code: only a justified product-fault claim has one");
            if (!fault) return Status::ok();
            const ProductType* product = plant.product(c.registration.product_type);
            if (d.origin_stage.empty())
                return invalid(
                    "origin_stage: a justified product fault names the production "
                    "stage it originated at");
            if (!product || route_index(*product, d.origin_stage) < 0)
                return invalid("origin_stage: '" + printable_clipped(d.origin_stage) +
                               "' is not a stage of the " + c.registration.product_type + " route");
            if (d.nc_code.empty())
                return invalid("nc_code: a justified product fault is recorded under an NC code");
            Result<std::vector<FieldEscape>> escapes =
                record_field_escapes(txn, plant, ids, clock.now(),
                                     {c.id, c.registration.serials, d.nc_code, d.origin_stage,
                                      c.registration.lifecycle_stage},
                                     by);
            if (!escapes) return escapes.error();
            for (const FieldEscape& f : *escapes)
                body["field_ncs"].push_back({{"serial", f.serial},
                                             {"nc", to_string(f.nc)},
                                             {"origin_stamp", f.origin_stamp}});
            return Status::ok();
        });
}

Result<Complaint> close_complaint(Store& store, const Plant&, const Clock& clock,
                                  std::string_view id, const CommissionProtocol& p,
                                  std::string_view by) {
    if (Status s = check_text(p.chair, "chair", kMaxShort, true); !s) return s;
    for (const std::string& m : p.members)
        if (Status s = check_text(m, "members", kMaxShort, true); !s) return s;
    if (Status s = check_text(p.measures, "measures", kMaxText, true); !s) return s;
    const json body = {{"chair", p.chair},
                       {"members", p.members},
                       {"measures", p.measures},
                       {"corrective_actions", p.corrective_actions}};
    return append_step(
        store, clock, id, "closed", body, by, [&](WriteTxn& txn, const Complaint& c) -> Status {
            if (Status s = check_step(c, ComplaintStatus::Closed); !s) return s;
            for (const std::string& ca : p.corrective_actions) {
                Result<std::vector<CorrectiveActionEntry>> e = txn.corrective_action_entries(ca);
                if (!e) return e.error();
                if (ca.empty() || e->empty())
                    return invalid("corrective_actions: no corrective action '" +
                                   printable_clipped(ca) + "'");
            }
            return Status::ok();
        });
}

Result<Complaint> withdraw_complaint(Store& store, const Plant&, const Clock& clock,
                                     std::string_view id, std::string_view note,
                                     std::string_view by) {
    if (Status s = check_text(note, "note", kMaxText, true); !s) return s;
    return append_step(
        store, clock, id, "withdrawn", {{"note", note}}, by,
        [](WriteTxn&, const Complaint& c) { return check_step(c, ComplaintStatus::Withdrawn); });
}

Result<Complaint> record_notice(Store& store, const Plant&, const Clock& clock, std::string_view id,
                                std::string_view channel, std::string_view text,
                                std::string_view by) {
    if (Status s = check_channel(channel); !s) return s;
    if (Status s = check_text(text, "text", kMaxText, true); !s) return s;
    return append_step(store, clock, id, "notice", {{"channel", channel}, {"text", text}}, by,
                       [](WriteTxn&, const Complaint& c) { return check_open(c); });
}

Result<Complaint> record_attachment(Store& store, const Clock& clock, std::string_view id,
                                    const ComplaintAttachment& a, std::string_view by) {
    if (Status s = check_text(a.name, "name", kMaxShort, true); !s) return s;
    if (a.name.find_first_of("/\\") != std::string::npos || a.name == "." || a.name == "..")
        return invalid("name: a file name, without a folder");
    if (a.sha256.size() != 64 ||
        a.sha256.find_first_not_of("0123456789abcdef") != std::string::npos)
        return invalid("sha256: 64 lowercase hex digits (sha256sum prints them)");
    if (Status s = check_text(a.note, "note", kMaxText, false); !s) return s;
    return append_step(store, clock, id, "attachment",
                       {{"name", a.name}, {"sha256", a.sha256}, {"note", a.note}}, by,
                       [](WriteTxn&, const Complaint& c) { return check_open(c); });
}

Result<Complaint> complaint(Store& store, const Plant&, std::string_view id) {
    return load(store, id);
}

Result<Complaint> complaint_after(Store& store, std::string_view id, std::int64_t seq) {
    Result<std::vector<ComplaintEntry>> entries = store.complaint_entries(id);
    if (!entries) return entries.error();
    std::erase_if(*entries, [&](const ComplaintEntry& e) { return e.seq > seq; });
    if (id.empty() || entries->empty())
        return not_found("no complaint '" + printable_clipped(id) + "' by entry " +
                         std::to_string(seq));
    Result<std::vector<Complaint>> folded = fold(*entries);
    if (!folded) return folded.error();
    return std::move(folded->front());
}

bool ComplaintFilter::matches(const Complaint& c) const {
    const NewComplaint& r = c.registration;
    const std::string& organisation = r.customer.organisation;
    return (reason.empty() || r.reason == reason) &&
           (product_type.empty() || r.product_type == product_type) &&
           (lifecycle_stage.empty() || r.lifecycle_stage == lifecycle_stage) &&
           (status.empty() || complaint_status_name(c.status) == status) &&
           (customer.empty() || (customer_part ? organisation.find(customer) != std::string::npos
                                               : organisation == customer));
}

Result<std::vector<Complaint>> complaints(Store& store, const Plant&) {
    Result<std::vector<ComplaintEntry>> entries = store.complaint_entries("");
    if (!entries) return entries.error();
    return fold(*entries);
}

}  // namespace stampline::server
