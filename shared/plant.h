// The plant configuration model: stages, routes, stations, control points, the NC catalog and
// the rule options. Values only; parse_plant (plant_parse.h) builds one from TOML text and
// guarantees the cross-references below hold (every code referenced exists, no duplicates).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "shared/complaint_rules.h"
#include "shared/localized.h"
#include "shared/time_zone.h"
#include "shared/work_calendar.h"

namespace stampline {

enum class Severity { Minor, Major, Critical };
const char* severity_name(Severity s);  // "minor" | "major" | "critical"
bool parse_severity(std::string_view text, Severity* out);

struct Stage {
    std::string code;  // e.g. "ASSEMBLY"
    LocalText name;
};

struct ProductType {
    std::string code;  // e.g. "KSO298": letters and digits, used in sheet payloads
    LocalText name;
    std::string gtin;                // optional 14-digit GTIN for GS1 sheets ("" when none)
    std::vector<std::string> route;  // stage codes in production order, at least one
};

struct Station {
    std::string id;  // e.g. "ST-ASM-1"
    LocalText name;
    std::vector<std::string> stages;  // the stage(s) this station signs off
};

struct ChecklistItem {
    std::string id;  // unique within its checklist
    LocalText text;
};

// The control point at the junction from_stage -> to_stage: checks the receiving side performs.
struct Checklist {
    std::string from_stage;
    std::string to_stage;
    std::vector<ChecklistItem> items;
};

struct NcCategory {
    std::string code;  // e.g. "WIRING"
    LocalText name;
};

struct NcCode {
    std::string code;  // e.g. "WIR-03"
    std::string category;
    LocalText text;
    Severity default_severity = Severity::Minor;
};

struct Disposition {
    std::string code;  // rework, repair, use_as_is, scrap, return_to_supplier
    LocalText name;
};

struct RuleOptions {
    bool open_nc_blocks_signoff = true;  // an open NC at or above blocking_severity blocks sign-off
    Severity blocking_severity = Severity::Major;
    bool require_acceptance = true;  // a stage after the first must be accepted before sign-off
    bool independent_verification = true;  // the verifier of an NC is not its corrector
    int pin_max_attempts = 5;              // wrong PINs before a badge is locked out at a terminal
    int session_timeout_s = 120;           // auto sign-out after inactivity
    // The bounds on a terminal's clock (trail_rules.h check_act_time).
    int offline_window_days = 7;         // an act older than this when received: offline_too_long
    int clock_ahead_tolerance_s = 300;   // an act later than its receipt by more: clock_ahead
    int clock_behind_tolerance_s = 300;  // earlier than the unit's last act by more: behind
};

// How the analyses judge (server/analytics/): the defaults of the review pack's recurring codes and
// of the stages' quality ranking. Plant [analytics].
struct AnalyticsOptions {
    // Recurring nonconformances: a code raised in at least repeat_min_months of the
    // repeat_months months that end with the month under review.
    int repeat_months = 6;
    int repeat_min_months = 3;
    // The quality ranking ranks only stages that passed at least this many units in the period
    // (below it a rate says nothing: "too few units").
    int ranking_min_units = 10;
    // Severity weights of NCs in the ranking's rates.
    int weight_minor = 1;
    int weight_major = 3;
    int weight_critical = 10;
    int weight(Severity s) const {
        return s == Severity::Critical ? weight_critical
               : s == Severity::Major  ? weight_major
                                       : weight_minor;
    }
};

struct Plant {
    std::string code;
    LocalText name;
    std::string default_language = "ru";
    std::vector<Stage> stages;
    std::vector<ProductType> products;
    std::vector<Station> stations;
    std::vector<Checklist> checklists;
    std::vector<NcCategory> nc_categories;
    std::vector<NcCode> nc_codes;
    std::vector<Disposition> dispositions;
    RuleOptions rules;
    AnalyticsOptions analytics;
    // The plant's local time (plant time_zone, an IANA name; default UTC): the analyses' days,
    // months and shifts are cut in it. Timestamps stay UTC.
    TimeZone zone;
    WorkCalendar calendar;  // plant [calendar]; not defined: every hour is working time
    // Customer complaints (complaint_rules.h): none when the plant does not configure them.
    std::vector<ComplaintReason> complaint_reasons;
    std::vector<LifecycleStage> lifecycle_stages;
    // SHA-256 (hex) of the configuration files it was loaded from, their names and contents
    // (load_plant_dir); "" for a plant built otherwise. Figures derived under one configuration
    // and kept across restarts are keyed by it (analytics/month_figures_cache.h).
    std::string source_digest;

    // Lookups return nullptr when absent.
    const Stage* stage(std::string_view code) const;
    const ProductType* product(std::string_view code) const;
    const ProductType* product_by_gtin(std::string_view gtin) const;
    const Station* station(std::string_view id) const;
    const Checklist* checklist(std::string_view from_stage, std::string_view to_stage) const;
    const NcCode* nc_code(std::string_view code) const;
    const Disposition* disposition(std::string_view code) const;
    const ComplaintReason* complaint_reason(std::string_view code) const;
    const LifecycleStage* lifecycle_stage(std::string_view code) const;
};

// Position of stage in the product's route, or -1.
int route_index(const ProductType& product, std::string_view stage);

}  // namespace stampline
