// `stampline simulate`: a period of production driven through the real API, from the simulator
// core (server/simulate/simulation.h): stamps issued (one suspended mid-period), sheets issued and
// every station act posted in batches as an admin, with a progress line and a summary.
// Sheets go to POST /api/v1/events as sheet_issued events at their simulated time rather than
// to POST /api/v1/sheets, which stamps the server's clock: a past month would then have units
// issued after their own sign-offs, and the first stage's time in stage would be negative.
// Acts are performed strictly in the simulation's order (a batch is flushed before a stamp is
// suspended), and the ids are the simulation's, so a re-run is answered "duplicate".
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "server/simulate/simulation_options.h"

namespace stampline::cli {

// What the command line fills in; owned by main() and outliving the parse.
struct SimulateOptions {
    std::string plant_dir = "config/demo";
    std::string server = "http://127.0.0.1:8470";
    std::string token;   // defaults to $STAMPLINE_TOKEN (read by main)
    std::string start;   // "YYYY-MM-DD"; "" = the default of SimulationOptions
    int batch = 500;     // events per POST /api/v1/events (the server's default maximum)
    int complaints = 3;  // customer complaints on complete units (simulate_complaints.h)
    server::simulate::SimulationOptions sim;
};

// Exit codes: 0 every act accepted (or already recorded: a re-run is idempotent); 1 some event
// refused by the server (listed); 2 bad options, plant or token, or the server unreachable.
void add_simulate_command(CLI::App& app, SimulateOptions& options, int& exit_code);

}  // namespace stampline::cli
