#include "server/web/web_sessions.h"

#include <array>

#include "server/service/tokens.h"

namespace stampline::server::web {

std::string WebSessions::random_id() {
    std::array<std::uint8_t, 32> bytes{};
    random_.fill(bytes);
    return base64url(bytes);
}

void WebSessions::evict_locked(Timestamp now) {
    for (auto it = codes_.begin(); it != codes_.end();)
        it = it->second.expires.ms <= now.ms ? codes_.erase(it) : std::next(it);
    for (auto it = sessions_.begin(); it != sessions_.end();)
        it = now.ms - it->second.last_seen.ms >= kIdleMs ? sessions_.erase(it) : std::next(it);
    while (sessions_.size() >= kMaxSessions) {
        auto oldest = sessions_.begin();
        for (auto it = sessions_.begin(); it != sessions_.end(); ++it)
            if (it->second.last_seen.ms < oldest->second.last_seen.ms) oldest = it;
        sessions_.erase(oldest);
    }
    while (codes_.size() >= kMaxSessions) codes_.erase(codes_.begin());
}

WebSession WebSessions::open(const TokenRecord& token, std::string_view token_hash, WebLang lang) {
    WebSession s;
    s.id = random_id();
    s.csrf = random_id();
    s.token_hash = std::string(token_hash);
    s.token_id = token.id;
    s.role = token.role;
    s.lang = lang;
    s.last_seen = clock_.now();
    std::lock_guard lock(mutex_);
    evict_locked(s.last_seen);
    sessions_[s.id] = s;
    return s;
}

std::string WebSessions::issue_login_code(const TokenRecord& token, std::string_view token_hash) {
    std::string code = random_id();
    const Timestamp now = clock_.now();
    std::lock_guard lock(mutex_);
    evict_locked(now);
    codes_[code] = PendingLogin{token, std::string(token_hash), Timestamp{now.ms + kLoginCodeMs}};
    return code;
}

std::optional<WebSession> WebSessions::redeem_login_code(std::string_view code, WebLang lang) {
    PendingLogin pending;
    {
        std::lock_guard lock(mutex_);
        auto it = codes_.find(code);
        if (it == codes_.end()) return std::nullopt;
        pending = std::move(it->second);
        codes_.erase(it);
    }
    if (pending.expires.ms <= clock_.now().ms) return std::nullopt;
    return open(pending.token, pending.token_hash, lang);
}

std::optional<WebSession> WebSessions::touch(std::string_view id) {
    const Timestamp now = clock_.now();
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(id);
    if (it == sessions_.end()) return std::nullopt;
    if (now.ms - it->second.last_seen.ms >= kIdleMs) {
        sessions_.erase(it);
        return std::nullopt;
    }
    it->second.last_seen = now;
    return it->second;
}

void WebSessions::set_lang(std::string_view id, WebLang lang) {
    std::lock_guard lock(mutex_);
    if (auto it = sessions_.find(id); it != sessions_.end()) it->second.lang = lang;
}

void WebSessions::close(std::string_view id) {
    std::lock_guard lock(mutex_);
    if (auto it = sessions_.find(id); it != sessions_.end()) sessions_.erase(it);
}

std::string cookie_value(std::string_view header, std::string_view name) {
    std::size_t pos = 0;
    while (pos < header.size()) {
        std::size_t end = header.find(';', pos);
        if (end == std::string_view::npos) end = header.size();
        std::string_view part = header.substr(pos, end - pos);
        while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
        if (part.size() > name.size() && part.substr(0, name.size()) == name &&
            part[name.size()] == '=')
            return std::string(part.substr(name.size() + 1));
        pos = end + 1;
    }
    return "";
}

bool same_secret(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    unsigned char diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

}  // namespace stampline::server::web
