// The unit card: opened at once from the scanned sheet (LoadUnit effect), filled in by each
// UnitLoaded (cache first, then the server). When nothing is known of the unit here and the
// server has not spoken, a provisional state assumes every stage before this station's is done,
// so that the trail rules still judge the stamp, the station and this stage's own order.
#include <algorithm>

#include "terminal/core/reduce_internal.h"

namespace stampline::terminal::detail {

namespace {

bool station_has(const Station* station, std::string_view stage) {
    return station && std::find(station->stages.begin(), station->stages.end(), stage) !=
                          station->stages.end();
}

// The route stage this station acts on: the first of its stages not yet signed off; when all
// are, the last of them (NCs and follow-ups are still recorded there); "" when the route has none.
std::string due_stage(const Station* station, const ProductType* product, const UnitState& unit) {
    if (!product) return "";
    std::string last;
    for (const std::string& stage : product->route) {
        if (!station_has(station, stage)) continue;
        const StageProgress* p = unit.progress(stage);
        if (!p || !p->signed_off) return stage;
        last = stage;
    }
    return last;
}

// Registered from the sheet; every route stage before the station's first one accepted and
// signed off (unchecked: the card shows TrailSource::Unknown).
UnitState provisional_unit(const ProductType* product, const Station* station,
                           const UnitIdentity& sheet) {
    UnitState u;
    u.registered = true;
    u.serial = sheet.serial;
    u.product_type = sheet.product_type;
    u.order = sheet.order;
    u.sheet_version = sheet.sheet_version;
    if (!product) return u;
    bool before_station = true;
    for (const std::string& stage : product->route) {
        if (station_has(station, stage)) before_station = false;
        StageProgress p;
        p.stage = stage;
        p.accepted = p.signed_off = before_station;
        u.stages.push_back(std::move(p));
    }
    return u;
}

bool has_event(const std::vector<Event>& events, const Uuid& id) {
    return std::any_of(events.begin(), events.end(), [&](const Event& e) { return e.id == id; });
}

}  // namespace

void rebuild_card(const AppState& s, UnitCard& card) {
    if (!s.reference) return;
    const Plant& plant = s.reference->plant;
    std::vector<Event> all = card.events;
    // Acts recorded here that the loaded trail does not hold yet (it was read before them).
    for (const Event& e : card.recorded)
        if (!has_event(all, e.id)) all.push_back(e);
    const ProductType* product = plant.product(card.sheet.product_type);
    const Station* station = plant.station(s.settings.station);
    UnitState unit = derive_state(plant, all);
    // The server saying it knows no such unit is an answer; anything else is ignorance.
    if (!unit.registered && card.source != TrailSource::Server) {
        unit = provisional_unit(product, station, card.sheet);
        for (const Event& e : all) apply_event(plant, unit, e);
        card.source = TrailSource::Unknown;
    }
    if (unit.registered) product = plant.product(unit.product_type);
    card.unit = std::move(unit);
    card.stage = due_stage(station, product, card.unit);
}

void open_card(Step& st, const UnitIdentity& sheet) {
    AppState& s = st.state;
    close_forms(s);
    s.result.reset();
    UnitCard card;
    card.sheet = sheet;
    card.source = TrailSource::Unknown;
    card.loading = true;
    rebuild_card(s, card);
    s.card = std::move(card);
    s.screen = Screen::UnitCard;
    st.effects.push_back(LoadUnit{sheet.serial});
}

void on_unit_loaded(Step& st, const UnitLoaded& loaded) {
    AppState& s = st.state;
    if (!s.card || s.card->sheet.serial != loaded.serial) return;
    UnitCard& card = *s.card;
    card.events = loaded.events;
    card.source = loaded.source;
    card.loaded = true;
    // A fresher answer can still come from the server only while it is reachable.
    card.loading = loaded.source != TrailSource::Server && s.sync.online;
    rebuild_card(s, card);
    if (card.unit.registered && card.sheet.sheet_version < card.unit.sheet_version) {
        Message superseded = superseded_message(s, card.sheet.sheet_version, card.unit);
        close_forms(s);
        s.card.reset();
        show_result(s, false, std::move(superseded), Screen::ScanSheet);
    }
}

}  // namespace stampline::terminal::detail
