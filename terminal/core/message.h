// A message for the worker as a catalog key plus arguments: the core decides *what* to say, the
// views say it in the terminal's language (catalog.h). Keys are "area.name", e.g.
// "refusal.stage_out_of_order", "pin.wrong"; arguments fill {0}, {1}, ... in the catalog text.
#pragma once
#include <string>
#include <vector>

namespace stampline::terminal {

enum class Language { Ru, En };

struct Message {
    std::string key;  // "" = no message
    std::vector<std::string> args;
    bool empty() const { return key.empty(); }
    bool operator==(const Message&) const = default;
};

}  // namespace stampline::terminal
