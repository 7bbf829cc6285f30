// Signed-in browser sessions of auditors and admins, kept in memory (a server restart signs
// everyone out). A session stands for the token it was opened with: it lasts while that token is
// live (checked on every request by the caller) and ends after 8 idle hours or on sign-out.
//
// Two ways in: posting the token on the sign-in page, or a one-time sign-in code made through
// the API with the token (POST /api/v1/web-logins), valid for 2 minutes, for links printed by
// the CLI and for headless browsers.
#pragma once

#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "server/store/store.h"
#include "server/web/web_text.h"
#include "shared/time.h"
#include "shared/uuid.h"

namespace stampline::server::web {

struct WebSession {
    std::string id;          // the cookie value: 32 random bytes, base64url
    std::string csrf;        // the forms' token: 32 random bytes, base64url
    std::string token_hash;  // the store key of the token it stands for
    std::string token_id;
    Role role = Role::Auditor;
    WebLang lang = WebLang::Ru;
    Timestamp last_seen;
};

class WebSessions {
public:
    static constexpr std::int64_t kIdleMs = 8LL * 3600 * 1000;
    static constexpr std::int64_t kLoginCodeMs = 2LL * 60 * 1000;
    static constexpr std::size_t kMaxSessions = 1000;  // beyond it the least recently seen goes

    WebSessions(const Clock& clock, RandomSource& random) : clock_(clock), random_(random) {}

    // A new session for the token.
    WebSession open(const TokenRecord& token, std::string_view token_hash, WebLang lang);
    // A one-time code that opens a session for the token when redeemed.
    std::string issue_login_code(const TokenRecord& token, std::string_view token_hash);
    // The session the code opens; nullopt when unknown, used or expired.
    std::optional<WebSession> redeem_login_code(std::string_view code, WebLang lang);
    // The live session with this id, its idle time restarted; nullopt when unknown or idle too
    // long.
    std::optional<WebSession> touch(std::string_view id);
    void set_lang(std::string_view id, WebLang lang);
    void close(std::string_view id);

private:
    struct PendingLogin {
        TokenRecord token;
        std::string token_hash;
        Timestamp expires;
    };
    std::string random_id();
    void evict_locked(Timestamp now);

    const Clock& clock_;
    RandomSource& random_;
    std::mutex mutex_;
    std::map<std::string, WebSession, std::less<>> sessions_;
    std::map<std::string, PendingLogin, std::less<>> codes_;
};

// The value of cookie `name` in a Cookie header; "" when absent.
std::string cookie_value(std::string_view cookie_header, std::string_view name);

// Constant-time comparison of two secrets.
bool same_secret(std::string_view a, std::string_view b);

}  // namespace stampline::server::web
