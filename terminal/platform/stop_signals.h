// SIGTERM and SIGINT ask the frame loop to stop (it checks at least every 50 ms), so the shell
// can stop the sync worker and close the outbox cleanly.
#pragma once

namespace stampline::terminal::platform {

// Installs the handlers (once, from main).
void install_stop_signals();
// True once SIGTERM or SIGINT arrived. Any thread.
bool stop_requested();

}  // namespace stampline::terminal::platform
