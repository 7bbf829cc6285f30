// The terminal's shell: owns the AppState, the ActionQueue, the outbox, the server client, the
// sync worker and the PIN checker, and runs reduce() and its effects:
//   VerifyPin -> the PIN checker thread, which posts PinVerified;
//   LoadUnit  -> UnitLoaded at once from the outbox (the cached trail merged with this
//                terminal's unsent events; source Cache, or Unknown when nothing was cached),
//                then the sync worker fetches the server's trail and posts UnitLoaded again;
//   Record    -> outbox.append (durable when it returns), then Recorded, then sync.wake().
// Answers known at once are reduced inside the same dispatch(), so a scanned sheet's card from
// the cache is on the very next frame drawn. UI thread only, except queue().
#pragma once
#include <cstdint>
#include <functional>
#include <memory>

#include "shared/system_clock.h"
#include "shared/uuid.h"
#include "terminal/app/pin_checker.h"
#include "terminal/app/terminal_config.h"
#include "terminal/core/action_queue.h"
#include "terminal/core/app_state.h"
#include "terminal/store/outbox.h"
#include "terminal/sync/server_client.h"
#include "terminal/sync/sync_worker.h"

namespace stampline::terminal {

class TerminalApp {
public:
    // Opens the outbox (its error, naming the path, when it cannot), makes the HTTP client and
    // starts the sync worker, which posts the cached reference and then the server's. `wake` is
    // called whenever another thread posts an action (glfwPostEmptyEvent).
    static Result<std::unique_ptr<TerminalApp>> start(const TerminalOptions& options,
                                                      std::function<void()> wake);
    // Stops the sync worker and the PIN checker, then closes the outbox.
    ~TerminalApp();
    TerminalApp(const TerminalApp&) = delete;
    TerminalApp& operator=(const TerminalApp&) = delete;

    const AppState& state() const { return state_; }
    ActionQueue& queue() { return queue_; }

    // Reduces one action and runs the effects it asks for.
    void dispatch(const Action& action);
    // Dispatches everything other threads posted, in order; returns how many.
    std::size_t drain();
    // UnitLoaded actions reduced so far (the latency log watches it).
    std::uint64_t units_loaded() const { return units_loaded_; }

private:
    TerminalApp(const TerminalOptions& options, std::function<void()> wake);
    void run(const Effect& effect);
    void load_unit(const std::string& serial);
    void record(const Event& event);

    SystemClock clock_;
    SystemRandom random_;
    UuidV7Generator ids_{clock_, random_};
    AppState state_;
    ActionQueue queue_;
    std::unique_ptr<Outbox> outbox_;
    std::unique_ptr<ServerClient> client_;
    std::unique_ptr<PinChecker> pins_;
    std::unique_ptr<SyncWorker> sync_;  // last: stops first
    std::uint64_t units_loaded_ = 0;
};

}  // namespace stampline::terminal
