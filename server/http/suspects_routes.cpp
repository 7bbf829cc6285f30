// Containment (analytics/suspect_units.h): the units that passed a faulty unit's stage of origin
// under the same conditions, and the hold of those still in the plant.
//   GET  /api/v1/suspects?serial=S&stage=X[&same_stamp=true][&same_station=true]
//        [&window_hours=N][&same_product=true][&same_order=true][&where=in_work|on_hold|shipped]
//        [&format=csv]    (service, auditor, admin) {reference, units}; the CSV of the shipped
//        ones (where=shipped) is the service department's list for its letters to customers
//   POST /api/v1/complaints/{id}/hold-suspects {same_stamp, same_station, window_hours,
//        same_product, same_order}   (service, auditor) the suspects of the complaint's first
//        unit at its decided stage of origin: each still in work is put on hold (an office
//        UnitHeld, the complaint as the reason), so its terminals refuse to sign it off.
//        {held, already_on_hold, shipped}; 409 before a stage of origin is decided
#include "server/analytics/suspect_units.h"
#include "server/http/auth.h"
#include "server/http/containment.h"
#include "server/http/json_errors.h"
#include "server/http/request_body.h"
#include "server/http/routes.h"
#include "server/service/complaints.h"
#include "server/service/ingest.h"
#include "server/web/csv.h"
#include "shared/printable.h"

namespace stampline::server {

using nlohmann::json;
namespace an = analytics;

namespace {

constexpr int kMaxWindowHours = 24 * 365;

json suspect_json(const an::SuspectUnit& s) {
    return {{"serial", s.serial},
            {"product_type", s.product_type},
            {"order", s.order},
            {"stamp", s.stamp},
            {"station", s.station},
            {"signed_off_at", format_utc(s.signed_off_at)},
            {"where", an::unit_where_name(s.where)},
            {"current_stage", s.current_stage.empty() ? json() : json(s.current_stage)}};
}

void list_suspects(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    if (!authorize(req, res, ctx, {Role::Service, Role::Auditor, Role::Admin})) return;
    for (const auto& [name, value] : req.params)
        if (name != "serial" && name != "stage" && name != "same_stamp" && name != "same_station" &&
            name != "window_hours" && name != "same_product" && name != "same_order" &&
            name != "where" && name != "format")
            return send_error(res, {400, "unknown_field",
                                    "unknown query parameter '" + printable_clipped(name) + "'",
                                    name.size() <= 64 ? name : ""});
    for (const char* required : {"serial", "stage"})
        if (req.get_param_value(required).empty())
            return send_error(
                res, {400, "invalid_field", std::string(required) + ": required", required});
    ApiError error;
    const std::optional<an::SuspectFilter> filter = read_suspect_filter(
        [&](const char* name) -> std::optional<json> {
            if (!req.has_param(name)) return std::nullopt;
            return json(req.get_param_value(name));
        },
        &error);
    if (!filter) return send_error(res, error);
    const std::string where = req.get_param_value("where");
    if (!where.empty() && where != "in_work" && where != "on_hold" && where != "shipped")
        return send_error(
            res, {400, "invalid_field", "where: one of in_work, on_hold, shipped", "where"});
    Result<an::Suspects> found =
        find_suspects(ctx, req.get_param_value("serial"), req.get_param_value("stage"), *filter);
    if (!found) return send_error(res, error_from_status(found.error(), {"stage"}));
    std::vector<const an::SuspectUnit*> units;
    for (const an::SuspectUnit& s : found->units)
        if (where.empty() || where == an::unit_where_name(s.where)) units.push_back(&s);
    if (req.get_param_value("format") == "csv") {
        web::Csv csv{"serial",  "product_type",  "order", "stamp",
                     "station", "signed_off_at", "where", "current_stage"};
        for (const an::SuspectUnit* s : units) {
            csv.text(s->serial).text(s->product_type).text(s->order).text(s->stamp);
            csv.text(s->station).text(format_utc(s->signed_off_at));
            csv.text(an::unit_where_name(s->where)).text(s->current_stage).end_row();
        }
        return send_csv(res, csv.str(), "suspects");
    }
    json list = json::array();
    for (const an::SuspectUnit* s : units) list.push_back(suspect_json(*s));
    send_json(res, 200,
              {{"reference", suspect_json(found->reference)}, {"units", std::move(list)}});
}

void hold_suspects(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    auto token = authorize(req, res, ctx, {Role::Service, Role::Auditor});
    if (!token) return;
    auto body = read_json_body(req, res, ctx.options, EmptyBody::AllowedAsEmptyObject);
    if (!body) return;
    FieldReader only(*body);
    only.only({"same_stamp", "same_station", "window_hours", "same_product", "same_order"});
    if (!only.ok()) return send_error(res, only.error());
    ApiError error;
    const std::optional<an::SuspectFilter> filter = read_suspect_filter(
        [&](const char* name) -> std::optional<json> {
            auto it = body->find(name);
            if (it == body->end()) return std::nullopt;
            return *it;
        },
        &error);
    if (!filter) return send_error(res, error);
    json answer;
    if (std::optional<ApiError> e =
            hold_complaint_suspects(ctx, req.matches[1].str(), *filter, actor_of(*token), &answer))
        return send_error(res, *e);
    send_json(res, 200, answer);
}

}  // namespace

// The filter from query parameters or a JSON body's members (both as text or JSON values).
std::optional<an::SuspectFilter> read_suspect_filter(
    const std::function<std::optional<json>(const char*)>& get, ApiError* error) {
    an::SuspectFilter f;
    const auto flag = [&](const char* name, bool* out) {
        const std::optional<json> v = get(name);
        if (!v) return true;
        if (v->is_boolean())
            *out = v->get<bool>();
        else if (v->is_string() && (*v == "true" || *v == "false"))
            *out = *v == "true";
        else {
            *error = {400, "invalid_field", std::string(name) + ": must be true or false", name};
            return false;
        }
        return true;
    };
    if (!flag("same_stamp", &f.same_stamp) || !flag("same_station", &f.same_station) ||
        !flag("same_product", &f.same_product) || !flag("same_order", &f.same_order))
        return std::nullopt;
    if (const std::optional<json> w = get("window_hours")) {
        int hours = -1;
        if (w->is_number_integer())
            hours = w->get<int>();
        else if (w->is_string()) {
            const std::string text = w->get<std::string>();
            if (!text.empty() && text.size() < 7 &&
                text.find_first_not_of("0123456789") == text.npos)
                hours = std::stoi(text);
        }
        if (hours < 0 || hours > kMaxWindowHours) {
            *error = {400, "invalid_field",
                      "window_hours: a whole number of hours, 0 (any time) to " +
                          std::to_string(kMaxWindowHours),
                      "window_hours"};
            return std::nullopt;
        }
        f.window_hours = hours;
    }
    return f;
}

Result<an::Suspects> find_suspects(ApiContext& ctx, const std::string& serial,
                                   const std::string& stage, const an::SuspectFilter& filter) {
    Result<std::vector<StoredEvent>> trail = ctx.store.trail(serial);
    if (!trail) return trail.error();
    an::UnitView faulty;
    faulty.state.serial = serial;
    for (const StoredEvent& stored : *trail) an::apply_to_view(ctx.plant, faulty, stored.event);
    Result<an::SuspectUnit> reference = an::suspect_reference(faulty, stage);
    if (!reference) return reference.error();
    Result<UnitsSummary> summary = ctx.unit_views.summary();
    if (!summary) return summary.error();
    an::Suspects out;
    out.reference = std::move(reference).value();
    // The sign-offs the filter can match, read a month at a time.
    const an::Query period =
        an::suspect_period(out.reference, filter, summary->first_act.value_or(Timestamp{}),
                           summary->last_act.value_or(Timestamp{}));
    const Status read = an::read_by_month(
        ctx.plant, ctx.unit_views.reader(), period,
        [&](std::span<const an::UnitView> units, const an::Query& part) {
            an::add_suspects(units, out.reference, stage, filter, part, &out.units);
        });
    if (!read) return read;
    an::sort_suspects(out.units);
    return out;
}

std::optional<ApiError> hold_complaint_suspects(ApiContext& ctx, const std::string& id,
                                                const an::SuspectFilter& filter,
                                                const std::string& actor, json* answer) {
    Result<Complaint> c = complaint(ctx.store, ctx.plant, id);
    if (!c) return error_from_status(c.error());
    if (!c->decision || c->decision->origin_stage.empty())
        return ApiError{409, "conflict",
                        "complaint " + c->id +
                            " has no stage of origin decided yet: the suspects are the units "
                            "that passed it",
                        ""};
    const std::string& serial = c->registration.serials.front();
    const std::string& stage = c->decision->origin_stage;
    Result<an::Suspects> found = find_suspects(ctx, serial, stage, filter);
    if (!found) return error_from_status(found.error());

    json held = json::array(), already = json::array(), shipped = json::array();
    std::vector<Event> holds;
    for (const an::SuspectUnit& s : found->units) {
        if (s.where == an::UnitWhere::Shipped) shipped.push_back(s.serial);
        if (s.where == an::UnitWhere::OnHold) already.push_back(s.serial);
        if (s.where != an::UnitWhere::InWork) continue;
        Event e;
        e.id = ctx.ids.next();
        e.serial = s.serial;
        e.actor = actor;
        e.sheet_version = s.sheet_version;  // as the trail rules want it
        e.terminal_time = ctx.clock.now();
        e.body = UnitHeld{"complaint " + c->id + ": suspect of " + serial + " (" + stage + ", " +
                          s.stamp + ", " + s.station + ")"};
        holds.push_back(std::move(e));
    }
    Result<std::vector<IngestResult>> results =
        ingest_batch(ctx.store, ctx.plant, ctx.clock, "", holds, &ctx.unit_states);
    if (!results) return error_from_status(results.error());
    for (std::size_t i = 0; i < results->size(); ++i) {
        const EventAnswer& a = (*results)[i].answer;
        if (a.verdict == Verdict::Accepted)
            held.push_back(holds[i].serial);
        else
            already.push_back(holds[i].serial);  // put on hold meanwhile
    }
    *answer = json{{"complaint", c->id},
                   {"serial", serial},
                   {"stage", stage},
                   {"held", std::move(held)},
                   {"already_on_hold", std::move(already)},
                   {"shipped", std::move(shipped)}};
    return std::nullopt;
}

void add_suspects_routes(Router& router, ApiContext& ctx) {
    router.get("/api/v1/suspects", "/api/v1/suspects", with_context(ctx, list_suspects));
    router.post(R"(/api/v1/complaints/([^/]+)/hold-suspects)",
                "/api/v1/complaints/{id}/hold-suspects", with_context(ctx, hold_suspects));
}

}  // namespace stampline::server
