// The key=value pairs of a server log line (`request_id=r-1 route="GET /healthz" status=200`),
// which the journal gets as fields of their own (REQUEST_ID, ROUTE, STATUS) so that
// `journalctl REQUEST_ID=r-1` finds a request. Pure.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stampline::server::systemd {

// Each `key=value` or `key="quoted value"` word of line whose key is [a-z0-9_]+ (other text is
// skipped), as (KEY in upper case, value without quotes), in order.
std::vector<std::pair<std::string, std::string>> log_fields(std::string_view line);

}  // namespace stampline::server::systemd
