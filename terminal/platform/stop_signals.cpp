#include "terminal/platform/stop_signals.h"

#include <csignal>

namespace stampline::terminal::platform {

namespace {

volatile std::sig_atomic_t g_stop = 0;

extern "C" void on_stop_signal(int) {
    g_stop = 1;
}

}  // namespace

void install_stop_signals() {
    struct sigaction sa {};
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);
    // A control FIFO whose reader went away must not kill the terminal.
    signal(SIGPIPE, SIG_IGN);
}

bool stop_requested() {
    return g_stop != 0;
}

}  // namespace stampline::terminal::platform
