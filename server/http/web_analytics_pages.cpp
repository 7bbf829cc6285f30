// The analysis pages (auditor, admin; a browser session, see web_auth.h). Each takes the
// analytics API's parameters (analytics_request.h) and links its tables' CSV to that API.
//   GET /ui/pareto[?from&to&product_type&stage&code&group]
//   GET /ui/bottleneck[?from&to&product_type&stage&code]   with the escape matrix
//   GET /ui/review[?month=YYYY-MM][&as_of=T]               the monthly review pack
// and the review page of any plant (web_review_page.h), which the head office's pages reuse.
#include "server/http/analytics_request.h"
#include "server/http/routes.h"
#include "server/http/web_auth.h"
#include "server/http/web_review_page.h"
#include "server/service/complaints.h"
#include "server/service/corrective_actions.h"
#include "server/web/analytics_pages.h"
#include "server/web/review_page.h"

namespace stampline::server {

namespace {

namespace an = analytics;
using web::esc;
using web::wt;

struct PageInput {
    WebUser user;
    AnalyticsRequest request;
    web::Filters filters;
};

// The user and the parameters, or nullopt with the answer sent.
std::optional<PageInput> read_page(ApiContext& ctx, const HttpRequest& req, HttpResponse& res,
                                   std::initializer_list<const char*> own, const std::string& title,
                                   web::NavItem nav) {
    std::optional<WebUser> user = page_user(req, res, ctx);
    if (!user) return std::nullopt;
    PageInput in{*user, {}, {}};
    const web::WebLang lang = user->session.lang;
    if (std::optional<ApiError> e = read_analytics_request(ctx, req, own, &in.request)) {
        send_html(
            res, 400,
            web::html_page(page_frame(req, *user, title, nav),
                           "<p class=\"error\">" + esc(e->message) + "</p><p><a href=\"" +
                               esc(req.path) + "\">" + esc(wt(lang, "filter.reset")) + "</a></p>"));
        return std::nullopt;
    }
    in.filters.from = format_date(in.request.from);
    in.filters.to = format_date(in.request.to);
    in.filters.product_type = in.request.query.product_type;
    in.filters.stage = in.request.query.stage;
    in.filters.code = in.request.query.code;
    return in;
}

// Runs fn over the views of the units of the query's period; false (a 503 page sent) when they
// cannot be read.
bool over_units(ApiContext& ctx, HttpResponse& res, web::WebLang lang, const an::Query& q,
                const std::function<Status(std::span<const an::UnitView>)>& fn) {
    Status result;
    Status read = ctx.unit_views.read(
        q.from, q.to, [&](std::span<const an::UnitView> units) { result = fn(units); });
    if (read) read = result;
    if (!read) send_page_error(res, 503, lang, read.message());
    return static_cast<bool>(read);
}

std::string api_csv(const char* endpoint, const web::Filters& f) {
    web::Filters api = f;
    api.group.clear();  // the API takes group (and measure) only where it has them
    api.measure.clear();
    std::string q = web::filter_query(api);
    return esc(std::string("/api/v1/analytics/") + endpoint + "?" + (q.empty() ? "" : q + "&") +
               "format=csv" + (f.group.empty() ? "" : "&group=" + f.group) +
               (f.measure.empty() ? "" : "&measure=" + f.measure));
}

void get_pareto(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    const web::WebLang guess = guest_lang(req, ctx);
    std::optional<PageInput> in = read_page(ctx, req, res, {"group", "measure", "lang"},
                                            wt(guess, "nav.pareto"), web::NavItem::Pareto);
    if (!in) return;
    const web::WebLang lang = in->user.session.lang;
    an::ParetoMeasure measure = an::ParetoMeasure::Records;
    if (req.has_param("measure"))
        an::parse_pareto_measure(req.get_param_value("measure"), &measure);
    in->filters.measure = an::pareto_measure_name(measure);
    std::string group = req.has_param("group") ? req.get_param_value("group") : "none";
    an::NcGrouping grouping = an::NcGrouping::None;
    if (group == "origin") {
        grouping = an::NcGrouping::OriginStage;
    } else if (group == "detection") {
        grouping = an::NcGrouping::DetectedStage;
    } else {
        group = "none";
    }
    in->filters.group = group;
    std::vector<an::ParetoGroup> groups;
    if (!over_units(ctx, res, lang, in->request.query, [&](std::span<const an::UnitView> units) {
            groups = an::pareto(ctx.plant, units, in->request.query, grouping, measure);
            return Status::ok();
        }))
        return;
    std::string body = web::filter_form("/ui/pareto", in->filters, ctx.plant, lang) +
                       web::pareto_body(groups, ctx.plant, lang, api_csv("pareto", in->filters));
    send_html(res, 200,
              web::html_page(page_frame(req, in->user,
                                        wt(lang, "nav.pareto") + " " + in->filters.from + " — " +
                                            in->filters.to,
                                        web::NavItem::Pareto),
                             body));
}

void get_bottleneck(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    const web::WebLang guess = guest_lang(req, ctx);
    std::optional<PageInput> in =
        read_page(ctx, req, res, {"lang"}, wt(guess, "nav.bottleneck"), web::NavItem::Bottleneck);
    if (!in) return;
    const web::WebLang lang = in->user.session.lang;
    an::Bottleneck b;
    an::EscapeMatrix m;
    if (!over_units(ctx, res, lang, in->request.query, [&](std::span<const an::UnitView> units) {
            Result<an::Bottleneck> now = bottleneck_now(ctx, units, in->request.query);
            if (!now) return now.error();
            b = std::move(now).value();
            m = an::escape_matrix(ctx.plant, units, in->request.query);
            return Status::ok();
        }))
        return;
    std::string body =
        web::filter_form("/ui/bottleneck", in->filters, ctx.plant, lang) +
        web::bottleneck_section(b, ctx.plant, lang, api_csv("bottleneck", in->filters)) +
        web::escape_section(m, ctx.plant, lang, api_csv("escapes", in->filters));
    send_html(res, 200,
              web::html_page(page_frame(req, in->user,
                                        wt(lang, "nav.bottleneck") + " " + in->filters.from +
                                            " — " + in->filters.to,
                                        web::NavItem::Bottleneck),
                             body));
}

// The review pack of ?month=YYYY-MM (default: the month before this one, which the meeting held
// now reviews) as of ?as_of (default now), with the meeting's decision form.
void get_review(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    std::optional<WebUser> user = page_user(req, res, ctx);
    if (!user) return;
    const web::WebLang lang = user->session.lang;
    send_review_page(ctx, req, res, *user,
                     page_frame(req, *user, wt(lang, "nav.review"), web::NavItem::Review), {}, {});
}

}  // namespace

void send_review_page(ApiContext& ctx, const HttpRequest& req, HttpResponse& res,
                      const WebUser& user, web::PageFrame frame, const web::ReviewPlace& place,
                      std::initializer_list<const char*> own) {
    const web::WebLang lang = user.session.lang;
    static constexpr const char* kParams[] = {
        "month", "as_of", "repeat_months", "repeat_min_months", "saved", "lang"};
    const Timestamp now = ctx.clock.now();
    Result<YearMonth> month = previous_month(ctx.plant.zone.month_of(now));
    an::ReviewPackOptions options;
    std::optional<ApiError> e = check_query_params(req, kParams, own);
    if (!e) e = read_as_of(req, now, &options.as_of);
    if (!e) {
        AnalyticsRequest r;
        for (const char* name : {"repeat_months", "repeat_min_months"})
            if (req.has_param(name)) r.extra[name] = req.get_param_value(name);
        e = read_repeat_window(r, ctx.plant, "repeat_months", "repeat_min_months", 24,
                               &options.repeat_months, &options.repeat_min_months);
    }
    if (!e && req.has_param("month")) {
        month = parse_year_month(req.get_param_value("month"));
        if (!month) e = bad_param("month", "month: " + month.error().message());
    }
    const std::string plant_query =
        place.group_plant.empty() ? "" : "plant=" + web::url_component(place.group_plant);
    if (e)
        return send_html(
            res, 400,
            web::html_page(frame,
                           "<p class=\"error\">" + esc(e->message) + "</p><p><a href=\"" +
                               esc(place.page + (plant_query.empty() ? "" : "?") + plant_query) +
                               "\">" + esc(wt(lang, "filter.reset")) + "</a></p>"));
    Result<std::vector<CorrectiveAction>> actions = corrective_actions(ctx.store);
    if (!actions) return send_page_error(res, 503, lang, actions.error().message());
    options.month = *month;
    Result<an::ReviewPack> made = make_review_pack(ctx, *actions, options);
    if (!made) return send_page_error(res, 503, lang, made.error().message());
    const an::ReviewPack& pack = *made;
    Result<std::vector<Complaint>> complaint_list = complaints(ctx.store, ctx.plant);
    if (!complaint_list) return send_page_error(res, 503, lang, complaint_list.error().message());
    const an::ComplaintFigures complaint_section = an::complaint_figures(
        *complaint_list, ctx.plant.zone, pack.month, options.trend_months, pack.as_of);
    frame.title += " " + format_year_month(*month);
    frame.self_path = place.page + "?" + (plant_query.empty() ? "" : plant_query + "&") +
                      "month=" + format_year_month(*month);
    send_html(res, 200,
              web::html_page(frame, web::review_body(pack, complaint_section, ctx.plant, lang,
                                                     user.session.csrf,
                                                     {req.get_param_value("saved"), ""}, place)));
}

namespace {}  // namespace

void add_web_analytics_pages(Router& router, ApiContext& ctx) {
    router.get("/ui/pareto", "/ui/pareto", with_context(ctx, get_pareto));
    router.get("/ui/bottleneck", "/ui/bottleneck", with_context(ctx, get_bottleneck));
    router.get("/ui/review", "/ui/review", with_context(ctx, get_review));
}

}  // namespace stampline::server
