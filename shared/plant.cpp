#include "shared/plant.h"

#include <algorithm>

namespace stampline {

namespace {
template <typename T, typename Key>
const T* find_by(const std::vector<T>& items, Key T::*key, std::string_view value) {
    auto it =
        std::find_if(items.begin(), items.end(), [&](const T& item) { return item.*key == value; });
    return it == items.end() ? nullptr : &*it;
}
}  // namespace

const char* severity_name(Severity s) {
    switch (s) {
        case Severity::Minor: return "minor";
        case Severity::Major: return "major";
        case Severity::Critical: return "critical";
    }
    return "minor";
}

bool parse_severity(std::string_view text, Severity* out) {
    for (Severity s : {Severity::Minor, Severity::Major, Severity::Critical}) {
        if (text == severity_name(s)) {
            *out = s;
            return true;
        }
    }
    return false;
}

const Stage* Plant::stage(std::string_view c) const {
    return find_by(stages, &Stage::code, c);
}
const ProductType* Plant::product(std::string_view c) const {
    return find_by(products, &ProductType::code, c);
}
const ProductType* Plant::product_by_gtin(std::string_view gtin) const {
    if (gtin.empty()) return nullptr;
    return find_by(products, &ProductType::gtin, gtin);
}
const Station* Plant::station(std::string_view id) const {
    return find_by(stations, &Station::id, id);
}
const NcCode* Plant::nc_code(std::string_view c) const {
    return find_by(nc_codes, &NcCode::code, c);
}
const Disposition* Plant::disposition(std::string_view c) const {
    return find_by(dispositions, &Disposition::code, c);
}
const ComplaintReason* Plant::complaint_reason(std::string_view c) const {
    return find_by(complaint_reasons, &ComplaintReason::code, c);
}
const LifecycleStage* Plant::lifecycle_stage(std::string_view c) const {
    return find_by(lifecycle_stages, &LifecycleStage::code, c);
}
const Checklist* Plant::checklist(std::string_view from, std::string_view to) const {
    for (const Checklist& c : checklists)
        if (c.from_stage == from && c.to_stage == to) return &c;
    return nullptr;
}

int route_index(const ProductType& product, std::string_view stage) {
    auto it = std::find(product.route.begin(), product.route.end(), stage);
    return it == product.route.end() ? -1 : static_cast<int>(it - product.route.begin());
}

}  // namespace stampline
