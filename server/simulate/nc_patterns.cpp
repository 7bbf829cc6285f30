#include "server/simulate/nc_patterns.h"

#include <map>

namespace stampline::server::simulate {

namespace {

const std::map<std::string, std::vector<std::string>, std::less<>>& model() {
    static const std::map<std::string, std::vector<std::string>, std::less<>> m = {
        {"TZ", {"DOC-04"}},
        {"DESIGN", {"DES-01", "DES-02", "DES-03", "DES-04"}},
        {"INCOMING", {"INC-01", "INC-02", "INC-03", "KIT-04"}},
        {"MACHINING", {"MECH-01", "MECH-02", "MECH-05"}},
        {"ENCLOSURE", {"MECH-05", "MECH-01"}},
        {"PAINT", {"PNT-01", "PNT-02", "PNT-03", "PNT-04"}},
        {"ASSEMBLY", {"MECH-03", "MECH-04"}},
        {"WIRING", {"WIR-01", "WIR-02", "WIR-03", "WIR-04", "WIR-05"}},
        {"TRANSFORMER", {"MECH-04", "WIR-02"}},
        {"ADJUST", {"TST-03", "TST-04"}},
        {"ACCEPT", {"DOC-01"}},
        {"PACK", {"KIT-01", "KIT-02", "KIT-03", "DOC-02", "DOC-03"}},
    };
    return m;
}

}  // namespace

std::vector<std::string> typical_codes(const Plant& plant, std::string_view stage,
                                       std::string_view planted_stage,
                                       std::string_view planted_category) {
    const bool planted_here = stage == planted_stage;
    auto allowed = [&](const NcCode& c) { return planted_here || c.category != planted_category; };
    std::vector<std::string> out;
    if (auto it = model().find(stage); it != model().end())
        for (const std::string& code : it->second)
            if (const NcCode* c = plant.nc_code(code); c && allowed(*c)) out.push_back(code);
    if (out.empty())
        for (const NcCode& c : plant.nc_codes)
            if (allowed(c)) out.push_back(c.code);
    if (out.empty())
        for (const NcCode& c : plant.nc_codes) out.push_back(c.code);
    return out;
}

}  // namespace stampline::server::simulate
