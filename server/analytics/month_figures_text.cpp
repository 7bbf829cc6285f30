#include "server/analytics/month_figures_text.h"

#include <nlohmann/json.hpp>

namespace stampline::server::analytics {

using nlohmann::json;

namespace {

json optional_number(const std::optional<double>& v) {
    return v ? json(*v) : json(nullptr);
}

std::optional<double> read_optional(const json& v) {
    if (v.is_null()) return std::nullopt;
    return v.get<double>();
}

}  // namespace

std::string kept_month_text(const MonthFigures& f) {
    const TrendRow& t = f.trend;
    json yields = json::array();
    for (const ProductYield& y : t.rolled_throughput_yields)
        yields.push_back({y.product_type, optional_number(y.rolled_throughput_yield)});
    json repeats = json::array();
    for (const RepeatTally::Entry& e : f.repeats.entries())
        repeats.push_back({e.code, e.months, e.count});
    const json out{{"month", format_year_month(t.month)},
                   {"units_passed", t.units_passed},
                   {"ncs", t.ncs},
                   {"nc_quantity", t.nc_quantity},
                   {"ncs_per_100_units", t.ncs_per_100_units},
                   {"escapes", t.escapes},
                   {"escaped_quantity", t.escaped_quantity},
                   {"first_pass_yield", optional_number(t.first_pass_yield)},
                   {"rolled_throughput_yields", std::move(yields)},
                   {"repeats", std::move(repeats)}};
    return out.dump();
}

Result<MonthFigures> parse_kept_month(std::string_view text) {
    try {
        const json in = json::parse(text);
        MonthFigures f;
        TrendRow& t = f.trend;
        Result<YearMonth> month = parse_year_month(in.at("month").get<std::string>());
        if (!month)
            return Status(Code::Corruption, "kept month figures: " + month.error().message());
        t.month = *month;
        t.units_passed = in.at("units_passed").get<int>();
        t.ncs = in.at("ncs").get<int>();
        t.nc_quantity = in.at("nc_quantity").get<std::int64_t>();
        t.ncs_per_100_units = in.at("ncs_per_100_units").get<double>();
        t.escapes = in.at("escapes").get<int>();
        t.escaped_quantity = in.at("escaped_quantity").get<std::int64_t>();
        t.first_pass_yield = read_optional(in.at("first_pass_yield"));
        for (const json& y : in.at("rolled_throughput_yields"))
            t.rolled_throughput_yields.push_back(
                {y.at(0).get<std::string>(), read_optional(y.at(1))});
        for (const json& e : in.at("repeats"))
            f.repeats.add(RepeatTally::Entry{e.at(0).get<std::string>(),
                                             e.at(1).get<std::vector<int>>(), e.at(2).get<int>()});
        return f;
    } catch (const json::exception& e) {
        return Status(Code::Corruption, std::string("kept month figures: ") + e.what());
    }
}

}  // namespace stampline::server::analytics
