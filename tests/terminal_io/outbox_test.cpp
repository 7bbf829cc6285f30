// The terminal's outbox file: durable appends, idempotence, acknowledgement and refusal, the
// caches, and the refusal of files that are not terminal outboxes.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <atomic>
#include <fstream>
#include <set>
#include <thread>

#include "shared/canonical_event.h"
#include "shared/event_json.h"
#include "terminal/sync/trail_merge.h"
#include "terminal_io/fixture.h"

namespace stampline::tio {

using terminal::Outbox;

namespace {

std::vector<std::string> canonical(const std::vector<Event>& events) {
    std::vector<std::string> out;
    for (const Event& e : events) out.push_back(canonical_event(e));
    return out;
}

std::int64_t pragma_of(const std::string& path, const std::string& pragma) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, ("PRAGMA " + pragma).c_str(), -1, &st, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    const std::int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

std::string text_pragma_of(const std::string& path, const std::string& pragma) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, ("PRAGMA " + pragma).c_str(), -1, &st, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    std::string v(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

void write_file(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
}

}  // namespace

TEST_CASE("an appended event survives reopening the outbox file, oldest first") {
    itest::TempDir dir;
    itest::EventFactory factory;
    const std::string path = dir.file("outbox.db");
    const std::vector<Event> events{nc_event(factory, "U1", "TZ", "101"),
                                    nc_event(factory, "U2", "TZ", "101"),
                                    to_event(factory.sign_off("U1", "TZ", "101"))};
    {
        auto outbox = open_outbox(path);
        // Appended out of order: pending() gives them back by id, which is time order.
        for (std::size_t i : {2, 0, 1}) REQUIRE(outbox->append(events[i]).is_ok());
    }
    auto outbox = open_outbox(path);
    CHECK(*outbox->depth() == 3);
    CHECK(canonical(*outbox->pending(10)) == canonical(events));
    CHECK(canonical(*outbox->pending(2)) == canonical(std::vector<Event>{events[0], events[1]}));
    CHECK(canonical(*outbox->pending_for("U1")) ==
          canonical(std::vector<Event>{events[0], events[2]}));
    CHECK(outbox->pending_for("U9")->empty());

    // The file is a WAL database with this build's schema version and application id.
    CHECK(text_pragma_of(path, "journal_mode") == "wal");
    CHECK(pragma_of(path, "user_version") == 1);
    CHECK(pragma_of(path, "application_id") == 0x53544C54);
}

TEST_CASE("appending the same event twice stores it once") {
    itest::TempDir dir;
    itest::EventFactory factory;
    auto outbox = open_outbox(dir.file("outbox.db"));
    const Event e = nc_event(factory, "U1", "TZ", "101");
    REQUIRE(outbox->append(e).is_ok());
    REQUIRE(outbox->append(e).is_ok());
    CHECK(*outbox->depth() == 1);

    // Once refused, the same id stays on the attention list and does not go out again.
    REQUIRE(outbox->refuse(e.id, "stage_out_of_order", "not yet").is_ok());
    REQUIRE(outbox->append(e).is_ok());
    CHECK(*outbox->depth() == 0);
    CHECK(outbox->attention()->size() == 1);
}

TEST_CASE("an event outside the protocol limits is not stored") {
    itest::TempDir dir;
    itest::EventFactory factory;
    auto outbox = open_outbox(dir.file("outbox.db"));
    Event e = nc_event(factory, "U1", "TZ", "101");
    e.serial = "";
    const Status s = outbox->append(e);
    CHECK(s.code() == Code::InvalidArgument);
    CHECK(s.message().find("serial") != std::string::npos);
    CHECK(*outbox->depth() == 0);
}

TEST_CASE("acknowledged events leave the outbox and refused ones move to the attention list") {
    itest::TempDir dir;
    itest::EventFactory factory;
    const std::string path = dir.file("outbox.db");
    std::vector<Event> events;
    for (int i = 0; i < 4; ++i) events.push_back(nc_event(factory, "U1", "TZ", "101"));
    {
        auto outbox = open_outbox(path);
        for (const Event& e : events) REQUIRE(outbox->append(e).is_ok());
        const std::vector<Uuid> acked{events[0].id, events[2].id};
        REQUIRE(outbox->acknowledge(acked).is_ok());
        REQUIRE(outbox->refuse(events[1].id, "stamp_revoked", "stamp '101' is revoked").is_ok());
        // A refusal repeated (after a crash between the answer and the next start) is no error;
        // an id the outbox never had is.
        CHECK(outbox->refuse(events[1].id, "stamp_revoked", "again").is_ok());
        const Event stranger = nc_event(factory, "U7", "TZ", "101");
        CHECK(outbox->refuse(stranger.id, "x", "y").code() == Code::NotFound);
    }
    auto outbox = open_outbox(path);
    CHECK(*outbox->depth() == 1);
    CHECK(canonical(*outbox->pending(10)) == canonical(std::vector<Event>{events[3]}));
    const auto attention = *outbox->attention();
    REQUIRE(attention.size() == 1);
    CHECK(attention[0].event == events[1].id);
    CHECK(attention[0].serial == "U1");
    CHECK(attention[0].kind == "nc_raised");
    CHECK(attention[0].reason == "stamp_revoked");
    CHECK(attention[0].message == "stamp '101' is revoked");
}

TEST_CASE("the reference and unit trails are cached across reopening") {
    itest::TempDir dir;
    itest::EventFactory factory;
    const std::string path = dir.file("outbox.db");
    const std::vector<Event> trail{to_event(factory.sign_off("U1", "TZ", "101")),
                                   nc_event(factory, "U1", "TZ", "101")};
    {
        auto outbox = open_outbox(path);
        CHECK_FALSE(outbox->reference()->has_value());
        CHECK_FALSE(outbox->trail("U1")->has_value());
        REQUIRE(outbox->put_reference({R"({"v":1})", "\"e1\""}).is_ok());
        REQUIRE(outbox->put_reference({R"({"v":1,"x":2})", "\"e2\""}).is_ok());
        REQUIRE(outbox->put_trail("U1", std::vector<Event>{trail[0]}).is_ok());
        REQUIRE(outbox->put_trail("U1", trail).is_ok());  // replaces
        REQUIRE(outbox->put_trail("U2", {}).is_ok());
    }
    auto outbox = open_outbox(path);
    const auto reference = *outbox->reference();
    REQUIRE(reference.has_value());
    CHECK(reference->json == R"({"v":1,"x":2})");
    CHECK(reference->etag == "\"e2\"");
    const auto cached = *outbox->trail("U1");
    REQUIRE(cached.has_value());
    CHECK(canonical(*cached) == canonical(trail));
    const auto empty = *outbox->trail("U2");
    REQUIRE(empty.has_value());  // cached, and empty: not the same as never cached
    CHECK(empty->empty());
    CHECK_FALSE(outbox->trail("U3")->has_value());
}

TEST_CASE("a file that is not a terminal outbox is refused naming the path") {
    itest::TempDir dir;

    SUBCASE("garbage") {
        const std::string path = dir.file("garbage.db");
        const std::string bytes(8192, 'x');
        write_file(path, bytes);
        Result<std::unique_ptr<Outbox>> r = Outbox::open(path);
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().code() == Code::Corruption);
        CHECK(r.error().message().find(path) != std::string::npos);
        CHECK(itest::read_file(path) == bytes);  // untouched
    }
    SUBCASE("the server's database") {
        const std::string path = dir.file("stampline.db");
        const itest::CommandResult init = itest::run_command(
            {STAMPLINE_SERVER_BIN, "init", "--db", path, "--plant", itest::demo_plant_dir()});
        REQUIRE_MESSAGE(init.exit_code == 0, init.err);
        Result<std::unique_ptr<Outbox>> r = Outbox::open(path);
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().code() == Code::Corruption);
        CHECK(r.error().message().find(path) != std::string::npos);
        CHECK(r.error().message().find("server database") != std::string::npos);
    }
    SUBCASE("another application's SQLite file") {
        const std::string path = dir.file("other.db");
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
        REQUIRE(sqlite3_exec(db, "CREATE TABLE notes (t TEXT)", nullptr, nullptr, nullptr) ==
                SQLITE_OK);
        sqlite3_close(db);
        Result<std::unique_ptr<Outbox>> r = Outbox::open(path);
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().code() == Code::Corruption);
        CHECK(r.error().message().find(path) != std::string::npos);
        CHECK(pragma_of(path, "user_version") == 0);  // nothing was added
    }
    SUBCASE("a directory that does not exist") {
        const std::string path = dir.file("missing/outbox.db");
        Result<std::unique_ptr<Outbox>> r = Outbox::open(path);
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().code() == Code::IOError);
        CHECK(r.error().message().find(path) != std::string::npos);
    }
}

TEST_CASE("appends from several threads while another drains lose nothing and repeat nothing") {
    itest::TempDir dir;
    itest::EventFactory factory;
    auto outbox = open_outbox(dir.file("outbox.db"));
    constexpr int kThreads = 4;
    constexpr int kEach = 50;
    std::vector<std::vector<Event>> made(kThreads);
    for (int t = 0; t < kThreads; ++t)
        for (int i = 0; i < kEach; ++i)
            made[t].push_back(nc_event(factory, "U" + std::to_string(t), "TZ", "101"));

    std::atomic<bool> done{false};
    std::multiset<std::string> drained;
    std::thread drainer([&] {
        for (;;) {
            const bool last = done.load();
            auto batch = outbox->pending(16);
            REQUIRE(batch.has_value());
            std::vector<Uuid> ids;
            for (const Event& e : *batch) {
                drained.insert(to_string(e.id));
                ids.push_back(e.id);
            }
            REQUIRE(outbox->acknowledge(ids).is_ok());
            if (last && batch->empty()) return;
        }
    });
    std::vector<std::thread> writers;
    for (int t = 0; t < kThreads; ++t) {
        writers.emplace_back([&, t] {
            for (const Event& e : made[t]) CHECK(outbox->append(e).is_ok());
        });
    }
    for (std::thread& w : writers) w.join();
    done = true;
    drainer.join();
    CHECK(drained.size() == kThreads * kEach);
    CHECK(std::set<std::string>(drained.begin(), drained.end()).size() == kThreads * kEach);
    CHECK(*outbox->depth() == 0);
}

TEST_CASE("merge_trail keeps the trail's order and adds the pending events it lacks") {
    itest::EventFactory factory;
    const Event a = nc_event(factory, "U1", "TZ", "101");
    const Event b = nc_event(factory, "U1", "TZ", "101");
    const Event c = nc_event(factory, "U1", "TZ", "101");
    const Event d = nc_event(factory, "U1", "TZ", "101");
    const std::vector<Event> pending{b, d, c};
    const std::vector<Event> merged = terminal::merge_trail({a, b}, pending);
    CHECK(canonical(merged) == canonical(std::vector<Event>{a, b, d, c}));
    CHECK(terminal::merge_trail({}, {}).empty());
}

}  // namespace stampline::tio
