// The terminals page: each terminal heard from since the server started, with its clock's offset
// from the server's, its last contact and how long its oldest act waited in its outbox; offsets
// beyond kClockWarningMs are marked. Pure.
#pragma once

#include <span>
#include <string>

#include "server/service/terminal_clocks.h"
#include "server/web/web_text.h"

namespace stampline::server::web {

std::string terminals_body(std::span<const TerminalClock> terminals, WebLang lang);

}  // namespace stampline::server::web
