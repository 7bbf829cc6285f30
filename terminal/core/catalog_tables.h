// The catalog's tables, one per part of the terminal that speaks (catalog.h looks in both).
#pragma once
#include <span>

namespace stampline::terminal {

struct CatalogEntry {
    const char* key;
    const char* ru;
    const char* en;
};

// catalog_core.cpp: refusals ("refusal.<refusal_code>"), PIN, scan, result and unit messages.
std::span<const CatalogEntry> core_catalog();
// catalog_screens.cpp: screen titles, buttons, labels ("ui.*").
std::span<const CatalogEntry> screen_catalog();
// catalog_next_steps.cpp: what to do after each refusal ("<core key>.next").
std::span<const CatalogEntry> next_steps_catalog();

}  // namespace stampline::terminal
