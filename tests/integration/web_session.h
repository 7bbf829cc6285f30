// A browser as the web pages see it, for the integration tests: a session cookie got through a
// one-time sign-in link or the sign-in form, page GETs and form posts with that cookie.
#pragma once

#include <map>
#include <string>

#include "integration/test_server.h"

namespace stampline::itest {

class WebSession {
public:
    explicit WebSession(TestServer& server) : server_(server) {}

    // Signs in through POST /api/v1/web-logins and the link it gives; returns the link's reply.
    Reply sign_in_with_link(const std::string& token, const std::string& next = "/ui/");
    // Signs in through the sign-in form.
    Reply sign_in_with_form(const std::string& token);
    bool signed_in() const { return !cookie_.empty(); }

    Reply get(const std::string& path, const httplib::Headers& extra = {});
    // A form post (application/x-www-form-urlencoded); the session's CSRF token is added unless
    // `fields` names csrf itself.
    Reply post(const std::string& path, std::multimap<std::string, std::string> fields,
               const httplib::Headers& extra = {});
    // The CSRF token of the forms on the last page got.
    const std::string& csrf() const { return csrf_; }

private:
    void take_cookie(const Reply& reply);
    TestServer& server_;
    std::string cookie_;
    std::string csrf_;
};

// text with every HTML tag removed and entities &amp; &lt; &gt; &quot; &#39; decoded, runs of
// white space made one space: what a person reads on the page.
std::string page_text(const std::string& html);

}  // namespace stampline::itest
