#include "server/simulate/stamp_roster.h"

#include <algorithm>
#include <array>

namespace stampline::server::simulate {

namespace {

constexpr std::array<const char*, 24> kSurnames = {
    "Иванов",   "Петрова",   "Сидоров",  "Кузнецова", "Смирнов", "Попова",
    "Васильев", "Соколова",  "Михайлов", "Новикова",  "Фёдоров", "Морозова",
    "Волков",   "Алексеева", "Лебедев",  "Семёнова",  "Егоров",  "Павлова",
    "Козлов",   "Степанова", "Николаев", "Орлова",    "Андреев", "Макарова"};
constexpr std::array<const char*, 10> kInitials = {"А. С.", "В. П.", "И. И.", "Н. А.", "О. В.",
                                                   "Е. М.", "Д. Ю.", "Т. Г.", "С. Н.", "М. К."};

// The stages on any route, in the plant's stage order.
std::vector<std::string> route_stages(const Plant& plant) {
    std::vector<std::string> out;
    for (const Stage& s : plant.stages)
        for (const ProductType& p : plant.products)
            if (route_index(p, s.code) >= 0) {
                out.push_back(s.code);
                break;
            }
    return out;
}

}  // namespace

std::vector<StampRecord> make_roster(const Plant& plant, Date start, std::mt19937_64& rng) {
    const std::vector<std::string> stages = route_stages(plant);
    std::vector<StampRecord> roster;
    int number = 101;
    const std::int64_t start_day = days_from_civil(start);
    for (std::size_t i = 0; i < stages.size(); ++i) {
        for (int k = 0; k < 3; ++k) {
            StampRecord s;
            s.id = std::to_string(number);
            s.holder = std::string(kSurnames[rng() % kSurnames.size()]) + " " +
                       kInitials[rng() % kInitials.size()];
            s.stages.push_back(stages[i]);
            if (i + 1 < stages.size() && rng() % 10 < 3) s.stages.push_back(stages[i + 1]);
            s.attestation_due = civil_from_days(start_day + 200 + static_cast<int>(rng() % 300));
            roster.push_back(std::move(s));
            ++number;
        }
    }
    return roster;
}

std::vector<std::string> stamps_covering(const std::vector<StampRecord>& roster,
                                         std::string_view stage) {
    std::vector<std::string> out;
    for (const StampRecord& s : roster)
        if (s.covers(stage)) out.push_back(s.id);
    return out;
}

}  // namespace stampline::server::simulate
