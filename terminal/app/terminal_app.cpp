#include "terminal/app/terminal_app.h"

#include <iostream>

#include "terminal/core/reduce.h"
#include "terminal/sync/http_server_client.h"
#include "terminal/sync/trail_merge.h"

namespace stampline::terminal {

TerminalApp::TerminalApp(const TerminalOptions& options, std::function<void()> wake)
    : queue_(std::move(wake)) {
    state_.settings = options.settings;
    state_.now = state_.last_activity = clock_.now();
}

Result<std::unique_ptr<TerminalApp>> TerminalApp::start(const TerminalOptions& options,
                                                        std::function<void()> wake) {
    std::unique_ptr<TerminalApp> app(new TerminalApp(options, std::move(wake)));
    Result<std::unique_ptr<Outbox>> outbox = Outbox::open(options.outbox_path);
    if (!outbox) return outbox.error();
    app->outbox_ = std::move(*outbox);
    app->client_ = make_http_server_client(options.server_url, options.token,
                                           options.settings.station, app->clock_, options.ca_file);
    app->pins_ = std::make_unique<PinChecker>(app->queue_);
    SyncOptions sync;
    sync.batch_size = options.sync_batch;
    app->sync_ =
        std::make_unique<SyncWorker>(*app->outbox_, *app->client_, app->queue_, app->clock_, sync);
    return app;
}

TerminalApp::~TerminalApp() {
    sync_.reset();
    pins_.reset();
    client_.reset();
    outbox_.reset();
}

void TerminalApp::dispatch(const Action& action) {
    if (std::holds_alternative<UnitLoaded>(action)) ++units_loaded_;
    const bool was_online = state_.sync.online;
    ReduceEnv env{clock_, ids_};
    for (const Effect& effect : reduce(state_, action, env)) run(effect);
    // Why a scan was refused, in the parser's words, is for the log; the screen says it simply.
    if (!state_.scan_error_detail.empty()) {
        std::cerr << "stampline-terminal: scan refused: " << state_.scan_error_detail << "\n";
        state_.scan_error_detail.clear();
    }
    // Back online: the card on screen was drawn from the cache (or from nothing); ask for the
    // server's trail so that it stops saying "not checked".
    if (!was_online && state_.sync.online && state_.card &&
        state_.card->source != TrailSource::Server)
        sync_->request_trail(state_.card->sheet.serial);
}

std::size_t TerminalApp::drain() {
    std::vector<Action> actions = queue_.drain();
    for (const Action& a : actions) dispatch(a);
    return actions.size();
}

void TerminalApp::run(const Effect& effect) {
    if (const auto* pin = std::get_if<VerifyPin>(&effect))
        pins_->check(*pin);
    else if (const auto* load = std::get_if<LoadUnit>(&effect))
        load_unit(load->serial);
    else if (const auto* rec = std::get_if<Record>(&effect))
        record(rec->event);
}

void TerminalApp::load_unit(const std::string& serial) {
    // What this terminal knows now: its cached trail (if any) and its unsent events.
    std::vector<Event> pending;
    if (Result<std::vector<Event>> p = outbox_->pending_for(serial))
        pending = std::move(*p);
    else
        std::cerr << "stampline-terminal: unsent events of " << serial << ": "
                  << p.error().to_string() << "\n";
    UnitLoaded loaded{serial, {}, TrailSource::Unknown};
    Result<std::optional<std::vector<Event>>> cached = outbox_->trail(serial);
    if (cached && cached->has_value()) {
        loaded.events = merge_trail(std::move(**cached), pending);
        loaded.source = TrailSource::Cache;
    } else {
        if (!cached)
            std::cerr << "stampline-terminal: cached trail of " << serial << ": "
                      << cached.error().to_string() << "\n";
        loaded.events = std::move(pending);
    }
    dispatch(loaded);
    sync_->request_trail(serial);
}

void TerminalApp::record(const Event& event) {
    const Status saved = outbox_->append(event);
    if (!saved) std::cerr << "stampline-terminal: outbox: " << saved.to_string() << "\n";
    dispatch(Recorded{event.id, saved});
    if (saved) sync_->wake();
}

}  // namespace stampline::terminal
