// The stamp registry (admin), and its list for terminals:
//   GET  /api/v1/stamps                          terminal, auditor, admin
//   POST /api/v1/stamps {id, holder, stages, attestation_due, pin?}        201; 409 if it exists
//   POST /api/v1/stamps/{id}/suspend | revoke | reinstate                  200
//   PUT  /api/v1/stamps/{id}/stages {stages}                               200
//   PUT  /api/v1/stamps/{id}/attestation {attestation_due}                 200
//   PUT  /api/v1/stamps/{id}/pin {pin}                                     200
//   POST /api/v1/stamps/{id}/badge   (a new badge; the old one is refused) 200
// 404 for an unknown stamp; 409 reinstating a revoked stamp.
#include "server/http/auth.h"
#include "server/http/json_errors.h"
#include "server/http/request_body.h"
#include "server/http/resource_json.h"
#include "server/http/routes.h"
#include "server/service/stamps.h"
#include "shared/event_json.h"
#include "shared/printable.h"

namespace stampline::server {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxHolderBytes = 200;
constexpr std::size_t kMaxStages = 64;

// The stamp id of the path, or "" with res filled.
std::string stamp_id(const HttpRequest& req, HttpResponse& res) {
    std::string id = req.matches[1].str();
    if (id.empty() || id.size() > kMaxCodeBytes || !text_problem(id).empty()) {
        send_error(res, {400, "invalid_field",
                         "stamp id '" + printable_clipped(id) + "' is not valid", "id"});
        return "";
    }
    return id;
}

void send_stamp(HttpResponse& res, int status, const Result<StampRecord>& stamp) {
    if (!stamp) {
        send_error(res, error_from_status(stamp.error(), {"id",
                                                          {"stamp", "id"},
                                                          "holder",
                                                          "stages",
                                                          {"stage", "stages"},
                                                          {"a stamp must cover", "stages"},
                                                          "attestation_due",
                                                          "pin",
                                                          {"a PIN", "pin"}}));
        return;
    }
    send_json(res, status, stamp_json(*stamp));
}

// What an admin action on one stamp does, given the stamp id of the path and the body's reader.
using StampAction = void (*)(ApiContext&, const std::string& id, FieldReader& body,
                             HttpResponse& res);

// An admin-only handler: checks the token, the stamp id of the path and the body, then runs fn.
Router::Handler admin_stamp_action(ApiContext& ctx, EmptyBody empty, StampAction fn) {
    return [&ctx, empty, fn](const HttpRequest& req, HttpResponse& res) {
        if (!authorize(req, res, ctx, {Role::Admin})) return;
        const std::string id = stamp_id(req, res);
        if (id.empty()) return;
        auto body = read_json_body(req, res, ctx.options, empty);
        if (!body) return;
        FieldReader f(*body);
        fn(ctx, id, f, res);
    };
}

template <StampStatus status>
void set_status(ApiContext& ctx, const std::string& id, FieldReader& f, HttpResponse& res) {
    f.only({});
    if (!f.ok()) return send_error(res, f.error());
    send_stamp(res, 200, set_stamp_status(ctx.store, id, status));
}

void put_stages(ApiContext& ctx, const std::string& id, FieldReader& f, HttpResponse& res) {
    f.only({"stages"});
    auto stages = f.text_list("stages", Need::Required, kMaxStages, kMaxCodeBytes);
    if (!f.ok()) return send_error(res, f.error());
    send_stamp(res, 200, set_stamp_stages(ctx.store, ctx.plant, id, stages));
}

void put_attestation(ApiContext& ctx, const std::string& id, FieldReader& f, HttpResponse& res) {
    f.only({"attestation_due"});
    const Date due = f.date("attestation_due", Need::Required);
    if (!f.ok()) return send_error(res, f.error());
    send_stamp(res, 200, set_stamp_attestation(ctx.store, id, due));
}

void put_pin(ApiContext& ctx, const std::string& id, FieldReader& f, HttpResponse& res) {
    f.only({"pin"});
    const std::string pin = f.text("pin", Need::Required, 16);
    if (!f.ok()) return send_error(res, f.error());
    send_stamp(res, 200, set_stamp_pin(ctx.store, id, pin, ctx.options.pin_params));
}

void post_badge(ApiContext& ctx, const std::string& id, FieldReader& f, HttpResponse& res) {
    f.only({});
    if (!f.ok()) return send_error(res, f.error());
    send_stamp(res, 200, reissue_badge(ctx.store, id));
}

void list_stamps(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    if (!authorize(req, res, ctx, {Role::Terminal, Role::Auditor, Role::Admin})) return;
    Result<std::vector<StampRecord>> stamps = ctx.store.stamps();
    if (!stamps) return send_error(res, error_from_status(stamps.error()));
    json list = json::array();
    for (const StampRecord& s : *stamps) list.push_back(stamp_json(s));
    send_json(res, 200, {{"stamps", std::move(list)}});
}

void post_stamp(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    if (!authorize(req, res, ctx, {Role::Admin})) return;
    auto body = read_json_body(req, res, ctx.options);
    if (!body) return;
    FieldReader f(*body);
    f.only({"id", "holder", "stages", "attestation_due", "pin"});
    NewStamp stamp;
    stamp.id = f.text("id", Need::Required, kMaxCodeBytes);
    stamp.holder = f.text("holder", Need::Required, kMaxHolderBytes);
    stamp.stages = f.text_list("stages", Need::Required, kMaxStages, kMaxCodeBytes);
    stamp.attestation_due = f.date("attestation_due", Need::Required);
    stamp.pin = f.text("pin", Need::Optional, 16);
    if (!f.ok()) return send_error(res, f.error());
    send_stamp(res, 201, issue_stamp(ctx.store, ctx.plant, stamp, ctx.options.pin_params));
}

}  // namespace

void add_stamps_routes(Router& router, ApiContext& ctx) {
    const std::string one = R"(/api/v1/stamps/([^/]+))";
    router.get("/api/v1/stamps", "/api/v1/stamps", with_context(ctx, list_stamps));
    router.post("/api/v1/stamps", "/api/v1/stamps", with_context(ctx, post_stamp));
    router.post(one + "/suspend", "/api/v1/stamps/{id}/suspend",
                admin_stamp_action(ctx, EmptyBody::AllowedAsEmptyObject,
                                   set_status<StampStatus::Suspended>));
    router.post(
        one + "/revoke", "/api/v1/stamps/{id}/revoke",
        admin_stamp_action(ctx, EmptyBody::AllowedAsEmptyObject, set_status<StampStatus::Revoked>));
    router.post(
        one + "/reinstate", "/api/v1/stamps/{id}/reinstate",
        admin_stamp_action(ctx, EmptyBody::AllowedAsEmptyObject, set_status<StampStatus::Active>));
    router.put(one + "/stages", "/api/v1/stamps/{id}/stages",
               admin_stamp_action(ctx, EmptyBody::Refused, put_stages));
    router.put(one + "/attestation", "/api/v1/stamps/{id}/attestation",
               admin_stamp_action(ctx, EmptyBody::Refused, put_attestation));
    router.put(one + "/pin", "/api/v1/stamps/{id}/pin",
               admin_stamp_action(ctx, EmptyBody::Refused, put_pin));
    router.post(one + "/badge", "/api/v1/stamps/{id}/badge",
                admin_stamp_action(ctx, EmptyBody::AllowedAsEmptyObject, post_badge));
}

}  // namespace stampline::server
