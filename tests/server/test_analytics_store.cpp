// Store::all_events, the input of the analytics endpoints, on both adapters: every accepted
// event in log order, refused ones left out.
#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "server/analytics/analytics_query.h"
#include "server/store/memory_store.h"
#include "server/store/sqlite_store.h"

using namespace stampline;
using namespace stampline::server;

namespace {

Event office_event(UuidV7Generator& ids, ManualClock& clock, const std::string& serial,
                   EventBody body) {
    clock.advance_ms(1000);
    Event e;
    e.id = ids.next();
    e.serial = serial;
    e.actor = "planner:ivanova";
    e.terminal_time = clock.now();
    e.body = std::move(body);
    return e;
}

void check_all_events(Store& store) {
    ManualClock clock{parse_utc("2026-11-29T08:00:00.000Z").value()};
    SystemRandom random;
    UuidV7Generator ids{clock, random};
    const char* serials[] = {"U1", "U2", "U1"};
    for (const char* serial : serials) {
        const Event e = office_event(ids, clock, serial, UnitHeld{"check"});
        REQUIRE(store.write([&](WriteTxn& txn) { return txn.append(e, clock.now()).status(); }));
    }
    const Event refused = office_event(ids, clock, "U3", UnitHeld{"no"});
    REQUIRE(store.write([&](WriteTxn& txn) {
        return txn.quarantine(refused, "", clock.now(), Decision{Refusal::UnknownUnit, "unknown"})
            .status();
    }));

    Result<std::vector<StoredEvent>> log = store.all_events();
    REQUIRE(log.has_value());
    REQUIRE(log->size() == 3);
    for (std::size_t i = 0; i < log->size(); ++i) {
        CHECK((*log)[i].seq == static_cast<std::int64_t>(i + 1));
        CHECK((*log)[i].event.serial == serials[i]);
    }
    const auto units = analytics::group_by_unit(*log);
    REQUIRE(units.size() == 2);
    CHECK(units[0].size() == 2);
    CHECK(units[1].size() == 1);
}

}  // namespace

TEST_CASE("all_events lists every accepted event in log order: in-memory store") {
    std::unique_ptr<Store> store = make_memory_store();
    CHECK(store->all_events()->empty());
    check_all_events(*store);
}

TEST_CASE("all_events lists every accepted event in log order: SQLite store") {
    char pattern[] = "/tmp/stampline-analytics-test-XXXXXX";
    const char* dir = mkdtemp(pattern);
    REQUIRE(dir != nullptr);
    {
        Result<std::unique_ptr<Store>> store =
            open_sqlite_store({.path = std::string(dir) + "/s.db"});
        REQUIRE_MESSAGE(store.has_value(), store.status().to_string());
        Result<std::vector<StoredEvent>> empty = (*store)->all_events();
        REQUIRE(empty.has_value());
        CHECK(empty->empty());
        check_all_events(**store);
    }
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
}
