// The ServerClient over HTTP/1.1 (server_client.h): one keep-alive connection to the server,
// the terminal's bearer token on every request. No httplib type leaves this file pair.
#pragma once
#include <memory>
#include <string>

#include "terminal/sync/server_client.h"

namespace stampline::terminal {

// base_url: "http://host:port" or "https://host:port"; over https the server's certificate and
// host name are verified against ca_file (the plant CA's PEM; "": the system's CAs). token: the
// terminal's bearer token; station: this terminal's station id, named in error messages.
// Connect timeout 2 s, read/write timeout 10 s, TCP_NODELAY. The client serialises its calls
// (one connection), so any thread may call it.
// Errors, each naming the server, the request and the server's message: no connection, a
// timeout or 5xx → Unavailable; 401 → Unauthorized; 403 → PermissionDenied; 404 → NotFound;
// 409 → Conflict; 400, 413 and any other status → InvalidArgument; a 2xx answer that does not
// parse (or answers other ids than were sent) → InvalidArgument naming the field. A certificate
// refused → Unavailable saying why (and link_problem() names it for the status bar).
// clock: this terminal's (the server is told it with every batch); outlives the client.
std::unique_ptr<ServerClient> make_http_server_client(std::string base_url, std::string token,
                                                      std::string station, const Clock& clock,
                                                      std::string ca_file = "");

}  // namespace stampline::terminal
