// Identification sheets (admin):
//   POST /api/v1/sheets {serial, product_type, order}  -> 201 {payload, unit, event, seq, ...}
//   POST /api/v1/sheets/{serial}/reprint {reason?}     -> 200 the new payload (next version)
// 400 for fields a payload cannot carry or an unknown product type; 409 when the serial is
// already registered (the refused issue is then in the quarantine); 404 reprinting an unknown
// serial.
#include "server/http/auth.h"
#include "server/http/json_errors.h"
#include "server/http/request_body.h"
#include "server/http/routes.h"
#include "server/service/sheets.h"
#include "shared/event_json.h"
#include "shared/identity.h"
#include "shared/printable.h"

namespace stampline::server {

using nlohmann::json;

namespace {

json issued_json(const IssuedSheet& s) {
    return json{{"payload", s.payload},
                {"unit",
                 {{"serial", s.unit.serial},
                  {"product_type", s.unit.product_type},
                  {"order", s.unit.order},
                  {"sheet_version", s.unit.sheet_version}}},
                {"event", to_string(s.answer.id)},
                {"seq", s.answer.seq},
                {"received_at", format_utc(s.answer.received_at)}};
}

void post_sheet(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    auto token = authorize(req, res, ctx, {Role::Admin});
    if (!token) return;
    auto body = read_json_body(req, res, ctx.options);
    if (!body) return;
    FieldReader f(*body);
    f.only({"serial", "product_type", "order"});
    SheetRequest request;
    request.serial = f.text("serial", Need::Required, kMaxCodeBytes);
    request.product_type = f.text("product_type", Need::Required, kMaxCodeBytes);
    request.order = f.text("order", Need::Required, kMaxCodeBytes);
    if (f.ok())
        if (Status id =
                check_identity(IdentityKind::ProductType, "product_type", request.product_type);
            !id)
            f.fail("invalid_field", "product_type", id.message());
    if (f.ok() && !ctx.plant.product(request.product_type))
        f.fail("invalid_field", "product_type",
               "product type '" + request.product_type + "' is not in the plant configuration");
    if (!f.ok()) return send_error(res, f.error());
    request.actor = actor_of(*token);
    Result<IssuedSheet> issued = issue_sheet(ctx.store, ctx.plant, ctx.clock, ctx.ids, request);
    if (!issued)
        return send_error(res,
                          error_from_status(issued.error(), {"serial", "product_type", "order"}));
    send_json(res, 201, issued_json(*issued));
}

void post_reprint(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    auto token = authorize(req, res, ctx, {Role::Admin});
    if (!token) return;
    const std::string serial = req.matches[1].str();
    if (serial.size() > kMaxCodeBytes || !text_problem(serial).empty())
        return send_error(
            res, {400, "invalid_field", "serial '" + printable_clipped(serial) + "' is not valid",
                  "serial"});
    auto body = read_json_body(req, res, ctx.options, EmptyBody::AllowedAsEmptyObject);
    if (!body) return;
    FieldReader f(*body);
    f.only({"reason"});
    const std::string reason = f.text("reason", Need::Optional, kMaxTextBytes);
    if (!f.ok()) return send_error(res, f.error());
    Result<IssuedSheet> issued =
        reprint_sheet(ctx.store, ctx.plant, ctx.clock, ctx.ids, serial, reason, actor_of(*token));
    if (!issued) return send_error(res, error_from_status(issued.error(), {"reason"}));
    send_json(res, 200, issued_json(*issued));
}

}  // namespace

void add_sheets_routes(Router& router, ApiContext& ctx) {
    router.post("/api/v1/sheets", "/api/v1/sheets", with_context(ctx, post_sheet));

    router.post(R"(/api/v1/sheets/([^/]+)/reprint)", "/api/v1/sheets/{serial}/reprint",
                with_context(ctx, post_reprint));
}

}  // namespace stampline::server
