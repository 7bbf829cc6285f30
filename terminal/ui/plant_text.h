// Names and times as the screens show them: plant entities in the terminal's language (from the
// reference), stage names short enough for a route tile, and local times. Pure helpers over the
// AppState; an unknown code shows as the code itself.
#pragma once
#include <string>
#include <string_view>

#include "terminal/core/app_state.h"

namespace stampline::terminal::ui {

std::string station_name(const AppState& s);
std::string stage_name(const AppState& s, std::string_view code);
// The name without its explanation in brackets: "Упаковка и отгрузка" for a route tile.
std::string stage_short_name(const AppState& s, std::string_view code);
// The station's stages, "Сборка, Электромонтаж".
std::string station_stages(const AppState& s);
std::string product_name(const AppState& s, std::string_view code);
std::string nc_category_name(const AppState& s, std::string_view code);
std::string nc_code_text(const AppState& s, std::string_view code);
std::string disposition_name(const AppState& s, std::string_view code);
// Catalog key of a severity: "ui.severity.minor" | ".major" | ".critical".
std::string severity_key(Severity severity);
// The holder of a stamp from the reference ("" when unknown).
std::string stamp_holder(const AppState& s, std::string_view stamp);

// "Иванов И. И." for "Иванов Иван Иванович": the surname and initials (a name already short,
// or of one word, is returned as it is).
std::string short_name(std::string_view full_name);

// Local time of t (UTC + settings.utc_offset_minutes): "14:35".
std::string local_time(const AppState& s, Timestamp t);
// "29.11.2026" (ru) / "2026-11-29" (en).
std::string local_date(const AppState& s, Timestamp t);
// "14:35" when t is today (local), else "28.11 14:35" (ru) / "11-28 14:35" (en).
std::string short_when(const AppState& s, Timestamp t);

}  // namespace stampline::terminal::ui
