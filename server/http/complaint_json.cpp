#include "server/http/complaint_json.h"

namespace stampline::server {

using nlohmann::json;

namespace {

json time_or_null(const std::optional<Timestamp>& t) {
    return t ? json(format_utc(*t)) : json(nullptr);
}

json decision_json(const ComplaintDecision& d) {
    json conclusions = json::array();
    for (const DepartmentConclusion& k : d.conclusions)
        conclusions.push_back({{"department", k.department}, {"text", k.text}});
    json field_ncs = json::array();
    for (const FieldEscape& f : d.field_ncs)
        field_ncs.push_back(
            {{"serial", f.serial}, {"nc", to_string(f.nc)}, {"origin_stamp", f.origin_stamp}});
    const auto or_null = [](const std::string& s) { return s.empty() ? json() : json(s); };
    return {{"justified", justified_name(d.justified)},
            {"findings", d.findings},
            {"conclusions", std::move(conclusions)},
            {"origin_stage", or_null(d.origin_stage)},
            {"nc_code", or_null(d.nc_code)},
            {"field_ncs", std::move(field_ncs)}};
}

}  // namespace

json complaint_json(const Complaint& c, Timestamp now) {
    const NewComplaint& r = c.registration;
    json notices = json::array();
    for (const ComplaintNotice& n : c.notices)
        notices.push_back(
            {{"at", format_utc(n.at)}, {"by", n.by}, {"channel", n.channel}, {"text", n.text}});
    json history = json::array();
    for (const ComplaintStep& s : c.history)
        history.push_back(
            {{"status", complaint_status_name(s.to)}, {"at", format_utc(s.at)}, {"by", s.by}});
    json attachments = json::array();
    for (const ComplaintAttachment& a : c.attachments)
        attachments.push_back({{"at", format_utc(a.at)},
                               {"by", a.by},
                               {"name", a.name},
                               {"sha256", a.sha256},
                               {"note", a.note}});
    json commission = nullptr;
    if (c.commission)
        commission = {{"chair", c.commission->chair},
                      {"members", c.commission->members},
                      {"measures", c.commission->measures},
                      {"corrective_actions", c.commission->corrective_actions}};
    return {{"id", c.id},
            {"status", complaint_status_name(c.status)},
            {"reason", r.reason},
            {"product_type", r.product_type},
            {"serials", r.serials},
            {"lifecycle_stage", r.lifecycle_stage},
            {"damage_cents", r.damage_cents},
            {"customer",
             {{"organisation", r.customer.organisation},
              {"site", r.customer.site},
              {"contact", r.customer.contact}}},
            {"channel", r.channel},
            {"description", r.description},
            {"registered_at", format_utc(c.registered_at)},
            {"registered_by", c.registered_by},
            {"deadlines",
             {{"first_answer_due", format_utc(c.deadlines.first_answer)},
              {"resolution_due", format_utc(c.deadlines.resolution)},
              {"first_answer_at", time_or_null(c.first_answer_at())},
              {"resolved_at", time_or_null(c.resolved_at())},
              {"first_answer_overdue", c.first_answer_overdue(now)},
              {"resolution_overdue", c.resolution_overdue(now)}}},
            {"engineer", c.engineer.empty() ? json() : json(c.engineer)},
            {"decision", c.decision ? decision_json(*c.decision) : json()},
            {"commission", std::move(commission)},
            {"withdrawal_note", c.withdrawal_note.empty() ? json() : json(c.withdrawal_note)},
            {"notices", std::move(notices)},
            {"attachments", std::move(attachments)},
            {"history", std::move(history)}};
}

json complaint_figures_json(const analytics::ComplaintFigures& f) {
    json slices = json::array();
    for (const analytics::ComplaintSlice& s : f.slices)
        slices.push_back({{"reason", s.reason},
                          {"product_type", s.product_type},
                          {"lifecycle_stage", s.lifecycle_stage},
                          {"origin_stage", s.origin_stage.empty() ? json() : json(s.origin_stage)},
                          {"complaints", s.complaints},
                          {"justified", s.justified},
                          {"damage_cents", s.damage_cents}});
    json months = json::array();
    for (const analytics::ComplaintMonth& m : f.months)
        months.push_back({{"month", format_year_month(m.month)},
                          {"registered", m.registered},
                          {"resolved", m.resolved},
                          {"damage_cents", m.damage_cents}});
    return {{"registered", f.registered},     {"open", f.open},
            {"overdue", f.overdue},           {"field_escapes", f.field_escapes},
            {"damage_cents", f.damage_cents}, {"slices", std::move(slices)},
            {"months", std::move(months)}};
}

}  // namespace stampline::server
