// `stampline simulate`'s customer complaints: a few of the simulated units that went the whole
// route come back from the field with the planted problem, as complaints the service department
// registers, investigates and decides (justified product faults traced to the planted stage of
// origin: field escapes), the first one closed by the claims commission. Posted through the API
// with a service token the admin token creates.
#pragma once

#include <iosfwd>

#include "server/cli/api_client.h"
#include "server/simulate/simulation.h"
#include "shared/plant.h"

namespace stampline::cli {

struct SimulatedComplaints {
    int registered = 0;
    int field_escapes = 0;
    std::string closed;  // the id of the one closed by the commission; "" when none
};

// Up to `count` complaints in all (those already on the server count), on the first complete
// units (in sheet order) whose route has the planted stage of origin and that have none yet: a
// re-run adds nothing. Errors: the API's.
Result<SimulatedComplaints> post_simulated_complaints(ApiClient& admin, const std::string& server,
                                                      const Plant& plant,
                                                      const server::simulate::Simulation& s,
                                                      const server::simulate::PlantedProblem& p,
                                                      int count);

}  // namespace stampline::cli
