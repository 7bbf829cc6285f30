// The head office's pages across the plants of its group (group_plants; auditor, admin of the
// served plant, a browser session as the other analysis pages, see web_auth.h):
//   GET /ui/group[?plant=CODE][&from&to]     every plant (or one): the bottleneck side by side,
//                                            each plant's Pareto and escape matrix, and links
//                                            to each plant's review pack of the period's first
//                                            month
//   GET /ui/group/review?plant=CODE[&month=YYYY-MM][&as_of=T]  that plant's review pack, as
//                                            its own /ui/review shows it (read only)
// 404 when no group is configured or the plant is not in it; 400 naming a bad parameter.
#include <optional>
#include <vector>

#include "server/analytics/nc_analysis.h"
#include "server/analytics/stage_analysis.h"
#include "server/http/analytics_request.h"
#include "server/http/routes.h"
#include "server/http/web_auth.h"
#include "server/http/web_review_page.h"
#include "server/web/group_pages.h"

namespace stampline::server {

namespace {

namespace an = analytics;
using web::esc;
using web::wt;

// The group's context of ?plant=CODE, or nullptr with a 404 page sent.
ApiContext* group_plant(ApiContext& ctx, const std::string& code, HttpResponse& res,
                        web::WebLang lang) {
    for (ApiContext* p : ctx.group)
        if (p->plant.code == code) return p;
    send_page_error(res, 404, lang, wt(lang, "group.unknown_plant") + " " + code);
    return nullptr;
}

// The signed-in user when a group is configured; otherwise nullopt with the answer sent.
std::optional<WebUser> group_user(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    std::optional<WebUser> user = page_user(req, res, ctx);
    if (!user) return std::nullopt;
    if (ctx.group.empty()) {
        send_page_error(res, 404, user->session.lang, wt(user->session.lang, "group.none"));
        return std::nullopt;
    }
    return user;
}

void get_group(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    std::optional<WebUser> user = group_user(ctx, req, res);
    if (!user) return;
    const web::WebLang lang = user->session.lang;
    web::PageFrame frame = page_frame(req, *user, wt(lang, "group.title"), web::NavItem::Group);
    std::vector<const Plant*> all;
    for (const ApiContext* p : ctx.group) all.push_back(&p->plant);
    std::vector<ApiContext*> chosen = ctx.group;
    web::GroupFilters filters;
    if (req.has_param("plant") && !req.get_param_value("plant").empty()) {
        filters.plant = req.get_param_value("plant");
        ApiContext* one = group_plant(ctx, filters.plant, res, lang);
        if (one == nullptr) return;
        chosen.assign(1, one);
    }
    std::vector<web::GroupPlantFigures> figures;
    std::string review_month;
    for (ApiContext* p : chosen) {
        AnalyticsRequest r;
        if (std::optional<ApiError> e = read_analytics_request(*p, req, {"plant", "lang"}, &r))
            return send_html(res, 400,
                             web::html_page(frame, "<p class=\"error\">" + esc(e->message) +
                                                       "</p><p><a href=\"/ui/group\">" +
                                                       esc(wt(lang, "filter.reset")) + "</a></p>"));
        filters.from = format_date(r.from);
        filters.to = format_date(r.to);
        review_month = format_year_month(YearMonth{r.from.year, r.from.month});
        web::GroupPlantFigures f;
        f.plant = &p->plant;
        Status result;
        Status read =
            p->unit_views.read(r.query.from, r.query.to, [&](std::span<const an::UnitView> units) {
                f.pareto = an::pareto(p->plant, units, r.query, an::NcGrouping::None,
                                      an::ParetoMeasure::Records);
                f.escapes = an::escape_matrix(p->plant, units, r.query);
                Result<an::Bottleneck> b = bottleneck_now(*p, units, r.query);
                if (!b) {
                    result = b.error();
                    return;
                }
                f.bottleneck = std::move(b).value();
            });
        if (read) read = result;
        if (!read) return send_page_error(res, 503, lang, read.message());
        figures.push_back(std::move(f));
    }
    frame.title += " " + filters.from + " — " + filters.to;
    send_html(res, 200,
              web::html_page(frame, web::group_body(filters, all, figures, review_month, lang)));
}

void get_group_review(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    std::optional<WebUser> user = group_user(ctx, req, res);
    if (!user) return;
    const web::WebLang lang = user->session.lang;
    const std::string code = req.get_param_value("plant");
    if (code.empty()) return send_page_error(res, 400, lang, wt(lang, "group.plant_required"));
    ApiContext* plant = group_plant(ctx, code, res, lang);
    if (plant == nullptr) return;
    web::PageFrame frame =
        page_frame(req, *user, code + " · " + wt(lang, "nav.review"), web::NavItem::Group);
    send_review_page(*plant, req, res, *user, std::move(frame), {"/ui/group/review", code},
                     {"plant"});
}

}  // namespace

void add_web_group_pages(Router& router, ApiContext& ctx) {
    router.get("/ui/group", "/ui/group", with_context(ctx, get_group));
    router.get("/ui/group/review", "/ui/group/review", with_context(ctx, get_group_review));
}

}  // namespace stampline::server
