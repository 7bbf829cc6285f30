// The server's own HTTP request and response, as the routes see them: no HTTP engine's types
// cross into a route (the engine, http_engine.h, fills and writes them). The member names are
// those the routes were written against.
#pragma once
#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace stampline::server {

// Header names compare without regard to case (RFC 9110 5.1).
struct HeaderNameLess {
    bool operator()(const std::string& a, const std::string& b) const;
};
using HttpHeaders = std::multimap<std::string, std::string, HeaderNameLess>;
using HttpParams = std::multimap<std::string, std::string>;

// One capture group of the route's pattern; [0] is the whole path.
struct RouteMatch {
    std::string text;
    const std::string& str() const { return text; }
};

struct HttpRequest {
    std::string method;  // "GET", "POST", ...
    std::string target;  // as sent: path and query, percent-encoded
    std::string path;    // decoded, without the query
    HttpParams params;   // the query's, and an urlencoded form body's, parameters
    HttpHeaders headers;
    std::string body;
    std::string remote_addr;  // the client's address
    bool tls = false;         // came over TLS (its origin is https://Host)
    std::vector<RouteMatch> matches;

    bool has_param(const std::string& key) const;
    // The id-th value of key (0-based), "" when there is none.
    std::string get_param_value(const std::string& key, std::size_t id = 0) const;
    std::size_t get_param_value_count(const std::string& key) const;
    bool has_header(const std::string& key) const;
    std::string get_header_value(const std::string& key, std::size_t id = 0) const;
};

struct HttpResponse {
    int status = -1;  // -1 until a route or the error filler sets it
    HttpHeaders headers;
    std::string body;

    // Replaces the header's value (one field).
    void set_header(const std::string& key, const std::string& value);
    void set_content(std::string content, const std::string& content_type);
    bool has_header(const std::string& key) const { return headers.count(key) > 0; }
    std::string get_header_value(const std::string& key) const;
};

}  // namespace stampline::server
