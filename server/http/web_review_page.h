// The monthly review pack page of a context's plant (web_analytics_pages.cpp), for the plant's
// own /ui/review and for the head office's /ui/group/review (web_group_pages.cpp).
#pragma once

#include <initializer_list>

#include "server/http/api_context.h"
#include "server/http/http_types.h"
#include "server/http/web_auth.h"
#include "server/web/review_page.h"

namespace stampline::server {

// Reads ?month=YYYY-MM (default: the month before this one, which the meeting held now
// reviews), ?as_of (default now), ?repeat_months, ?repeat_min_months, ?saved, ?lang and the
// caller's `own` parameters; answers the page of ctx's plant in `frame` at `place` (or a 400
// page naming the bad parameter, a 503 page when the store cannot be read). The user is already
// signed in and allowed (by the caller, on the served plant's context).
void send_review_page(ApiContext& ctx, const HttpRequest& req, HttpResponse& res,
                      const WebUser& user, web::PageFrame frame, const web::ReviewPlace& place,
                      std::initializer_list<const char*> own);

}  // namespace stampline::server
