// The head office's group of plants (server.toml group_plants): each plant's configuration, its
// store in the group's PostgreSQL database and the analyses' view of its units. A pure
// description: the composition root (server_main.cpp) loads the plants and opens the stores,
// the group routes (http/group_routes.cpp, http/web_group_pages.cpp) read it.
//
// Ownership: the plants and stores are owned by the caller and outlive the group; the group owns
// the UnitViews over them. Thread safety: as UnitViews (any thread may read).
#pragma once

#include <deque>
#include <string_view>

#include "server/analytics/unit_views.h"
#include "server/store/store.h"
#include "shared/plant.h"

namespace stampline::server {

struct GroupPlant {
    GroupPlant(const Plant& p, Store& s) : plant(p), store(s), unit_views(s, p) {}
    const Plant& plant;
    Store& store;
    analytics::UnitViews unit_views;
};

class PlantGroup {
public:
    // Adds a plant, in the order the pages show them. The plant and the store must outlive the
    // group. A code already in the group is ignored (returns false).
    bool add(const Plant& plant, Store& store) {
        if (find(plant.code) != nullptr) return false;
        plants_.emplace_back(plant, store);
        return true;
    }
    // The plant of `code`, or nullptr.
    const GroupPlant* find(std::string_view code) const {
        for (const GroupPlant& p : plants_)
            if (p.plant.code == code) return &p;
        return nullptr;
    }
    const std::deque<GroupPlant>& plants() const { return plants_; }
    bool empty() const { return plants_.empty(); }

private:
    std::deque<GroupPlant> plants_;  // a deque: members keep their address as plants are added
};

}  // namespace stampline::server
