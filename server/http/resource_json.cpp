#include "server/http/resource_json.h"

#include "shared/time.h"
#include "shared/uuid.h"

namespace stampline::server {

using nlohmann::json;

namespace {

json text_json(const LocalText& t) {
    return json{{"ru", t.ru}, {"en", t.en}};
}

json history_json(const CaStatusChange& c) {
    return {{"from", ca_status_name(c.from)},
            {"to", ca_status_name(c.to)},
            {"at", format_utc(c.at)},
            {"by", c.by},
            {"note", c.note}};
}

}  // namespace

json corrective_action_json(const CorrectiveAction& a) {
    json history = json::array();
    for (const auto& c : a.history) history.push_back(history_json(c));
    json verification = nullptr;
    if (a.verification) {
        verification = {{"at", format_utc(a.verification->at)},
                        {"by", a.verification->by},
                        {"effective", a.verification->effective},
                        {"note", a.verification->note}};
    }
    return {{"id", a.id},
            {"title", a.title},
            {"nc_codes", a.nc_codes},
            {"stages", a.stages},
            {"owner_department", a.owner_department},
            {"due", format_date(a.due)},
            {"review_month", format_year_month(a.review_month)},
            {"status", ca_status_name(a.status)},
            {"created_at", format_utc(a.created_at)},
            {"created_by", a.created_by},
            {"verification", std::move(verification)},
            {"history", std::move(history)}};
}

json procedure_audit_json(const ProcedureAudit& a, std::string_view holder) {
    auto or_null = [](std::string_view v) { return v.empty() ? json(nullptr) : json(v); };
    return json{{"id", a.id},
                {"serial", or_null(a.serial)},
                {"stamp", or_null(a.stamp)},
                {"holder", or_null(holder)},
                {"result", audit_result_name(a.result)},
                {"text", a.text},
                {"actor", a.actor},
                {"recorded_at", format_utc(a.recorded_at)}};
}

json stamp_json(const StampRecord& s) {
    return json{{"id", s.id},
                {"holder", s.holder},
                {"stages", s.stages},
                {"status", stamp_status_name(s.status)},
                {"attestation_due", format_date(s.attestation_due)},
                {"badge_issue", s.badge_issue},
                {"pin_hash", s.pin_hash},
                {"has_pin", !s.pin_hash.empty()}};
}

json token_json(const TokenRecord& t) {
    return json{{"id", t.id},
                {"role", role_name(t.role)},
                {"station", t.station.empty() ? json(nullptr) : json(t.station)},
                {"label", t.label},
                {"created_at", format_utc(t.created_at)},
                {"revoked", t.revoked}};
}

json quarantine_json(const QuarantineEntry& q) {
    json event = json::parse(q.event_json, nullptr, false);
    if (event.is_discarded()) event = q.event_json;
    return json{{"id", to_string(q.answer.id)},
                {"station", q.station},
                {"reason", q.answer.reason},
                {"message", q.answer.message},
                {"received_at", format_utc(q.answer.received_at)},
                {"event", std::move(event)},
                {"resolved", q.resolved},
                {"resolution", q.resolved ? json(q.resolution) : json(nullptr)},
                {"resolved_by", q.resolved ? json(q.resolved_by) : json(nullptr)},
                {"accepted_seq", q.accepted_seq ? json(q.accepted_seq) : json(nullptr)}};
}

json plant_json(const Plant& p) {
    json stages = json::array();
    for (const Stage& s : p.stages)
        stages.push_back({{"code", s.code}, {"name", text_json(s.name)}});
    json products = json::array();
    for (const ProductType& t : p.products)
        products.push_back(
            {{"code", t.code}, {"name", text_json(t.name)}, {"gtin", t.gtin}, {"route", t.route}});
    json stations = json::array();
    for (const Station& s : p.stations)
        stations.push_back({{"id", s.id}, {"name", text_json(s.name)}, {"stages", s.stages}});
    json checklists = json::array();
    for (const Checklist& c : p.checklists) {
        json items = json::array();
        for (const ChecklistItem& i : c.items)
            items.push_back({{"id", i.id}, {"text", text_json(i.text)}});
        checklists.push_back(
            {{"from_stage", c.from_stage}, {"to_stage", c.to_stage}, {"items", std::move(items)}});
    }
    json categories = json::array();
    for (const NcCategory& c : p.nc_categories)
        categories.push_back({{"code", c.code}, {"name", text_json(c.name)}});
    json codes = json::array();
    for (const NcCode& c : p.nc_codes)
        codes.push_back({{"code", c.code},
                         {"category", c.category},
                         {"text", text_json(c.text)},
                         {"default_severity", severity_name(c.default_severity)}});
    json dispositions = json::array();
    for (const Disposition& d : p.dispositions)
        dispositions.push_back({{"code", d.code}, {"name", text_json(d.name)}});
    const RuleOptions& r = p.rules;
    return json{{"code", p.code},
                {"name", text_json(p.name)},
                {"default_language", p.default_language},
                {"stages", std::move(stages)},
                {"products", std::move(products)},
                {"stations", std::move(stations)},
                {"checklists", std::move(checklists)},
                {"nc_categories", std::move(categories)},
                {"nc_codes", std::move(codes)},
                {"dispositions", std::move(dispositions)},
                {"rules",
                 {{"open_nc_blocks_signoff", r.open_nc_blocks_signoff},
                  {"blocking_severity", severity_name(r.blocking_severity)},
                  {"require_acceptance", r.require_acceptance},
                  {"independent_verification", r.independent_verification},
                  {"pin_max_attempts", r.pin_max_attempts},
                  {"session_timeout_s", r.session_timeout_s}}}};
}

}  // namespace stampline::server
