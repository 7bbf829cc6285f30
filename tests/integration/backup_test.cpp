// `stampline backup` and `stampline restore` against the real server under load: the copy holds
// every event acknowledged before its snapshot, verifies, and restores into a server that
// serves it; a damaged backup is refused.
#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "integration/test_server.h"
#include "shared/system_clock.h"

namespace stampline::itest {

namespace {

namespace fs = std::filesystem;

// The backups (.db files with a manifest) in dir, sorted by name (= by time).
std::vector<std::string> backups_in(const std::string& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".db") out.push_back(e.path().string());
    std::sort(out.begin(), out.end());
    return out;
}

json manifest_of(const std::string& backup) {
    return json::parse(read_file(fs::path(backup).replace_extension(".manifest.json").string()));
}

std::int64_t now_ms() {
    return SystemClock().now().ms;
}

}  // namespace

TEST_CASE(
    "a backup taken while 8 terminals post holds every event acknowledged before its "
    "snapshot and restores into a server that serves them") {
    constexpr int kTerminals = 8;
    constexpr int kUnits = 40;  // per terminal
    constexpr int kBatch = 4;
    TestServer s;
    const TerminalOutboxes load = tz_sign_off_outboxes(s, kTerminals, kUnits, "B");
    const auto& tokens = load.tokens;
    const auto& outboxes = load.outboxes;

    std::mutex mu;
    std::map<std::string, std::int64_t> acked_at;  // event id -> when its answer arrived (ms)
    std::atomic<int> answered{0};
    std::atomic<bool> backup_done{false};
    std::vector<std::thread> terminals;
    for (int t = 0; t < kTerminals; ++t)
        terminals.emplace_back([&, t] {
            ApiClient api(s.process().port());
            for (std::size_t next = 0; next < outboxes[t].size(); next += kBatch) {
                // The last batch waits for the backup: some posts surely come after it.
                if (next + kBatch >= outboxes[t].size())
                    while (!backup_done) std::this_thread::sleep_for(std::chrono::milliseconds(1));
                json batch = json::array();
                for (std::size_t i = next; i < next + kBatch && i < outboxes[t].size(); ++i)
                    batch.push_back(outboxes[t][i]);
                const Reply r =
                    api.post("/api/v1/events", {{"v", 1}, {"events", batch}}, tokens[t]);
                const std::int64_t at = now_ms();
                CHECK(r.status == 200);
                std::lock_guard lock(mu);
                for (const json& res : r.json["results"]) {
                    CHECK(res["status"] == "accepted");
                    acked_at[res["id"].get<std::string>()] = at;
                }
                ++answered;
            }
        });

    TempDir backups;
    while (answered < kTerminals * kUnits / kBatch / 3)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    const CommandResult backup =
        admin_command({"backup", "--db", s.db_path(), "--out", backups.path()});
    backup_done = true;
    for (std::thread& t : terminals) t.join();
    REQUIRE_MESSAGE(backup.exit_code == 0, backup.err);
    const std::vector<std::string> made = backups_in(backups.path());
    REQUIRE(made.size() == 1);
    const json manifest = manifest_of(made[0]);
    CHECK(manifest["file"] == fs::path(made[0]).filename().string());
    CHECK(backup.out.find(manifest["sha256"].get<std::string>()) != std::string::npos);
    const std::int64_t snapshot = parse_utc(manifest["snapshot_time"].get<std::string>())->ms;

    std::set<std::string> before;  // acknowledged before the snapshot: must be in the copy
    for (const auto& [id, at] : acked_at)
        if (at < snapshot) before.insert(id);
    MESSAGE(before.size() << " of " << acked_at.size() << " events acknowledged before the backup");
    CHECK(before.size() >= 10);
    CHECK(before.size() < acked_at.size());  // the terminals went on posting after it

    REQUIRE(s.stop() == 0);
    TempDir target;
    const std::string restored = target.file("restored.db");
    const CommandResult restore = admin_command({"restore", "--backup", made[0], "--db", restored});
    REQUIRE_MESSAGE(restore.exit_code == 0, restore.err);

    const CommandResult verify = run_command({STAMPLINE_SERVER_BIN, "verify", "--db", restored});
    CHECK(verify.exit_code == 0);
    const std::string head = std::to_string(manifest["chain_head"]["seq"].get<std::int64_t>()) +
                             ":" + manifest["chain_head"]["hash"].get<std::string>();
    CHECK_MESSAGE(verify.out.find("head " + head) != std::string::npos, verify.out << head);

    ServerProcess server(target.path(), {"--db", restored, "--plant", demo_plant_dir()});
    ApiClient api(server.port());
    std::set<std::string> in_copy;
    for (int t = 0; t < kTerminals; ++t)
        for (int u = 0; u < kUnits; ++u) {
            const Reply trail =
                api.get("/api/v1/units/B" + std::to_string(t) + "U" + std::to_string(u) + "/trail",
                        s.admin());
            REQUIRE(trail.status == 200);
            for (const json& e : trail.json["events"]) in_copy.insert(e["event"]["id"]);
        }
    std::size_t missing = 0;
    for (const std::string& id : before) missing += in_copy.count(id) == 0;
    CHECK(missing == 0);
}

TEST_CASE(
    "restore refuses a backup with one byte flipped, and never overwrites a database "
    "unless told to") {
    TestServer s;
    s.sheet("R1");
    s.walk("R1", "SHU", "INCOMING");
    TempDir backups;
    REQUIRE(admin_command({"backup", "--db", s.db_path(), "--out", backups.path()}).exit_code == 0);
    const std::string good = backups_in(backups.path()).at(0);

    TempDir damaged_dir;
    const std::string damaged = damaged_dir.file(fs::path(good).filename().string());
    fs::copy_file(good, damaged);
    fs::copy_file(fs::path(good).replace_extension(".manifest.json"),
                  fs::path(damaged).replace_extension(".manifest.json"));
    {
        std::fstream f(damaged, std::ios::in | std::ios::out | std::ios::binary);
        f.seekg(static_cast<std::streamoff>(fs::file_size(damaged) / 2));
        char c = 0;
        f.get(c);
        f.seekp(static_cast<std::streamoff>(fs::file_size(damaged) / 2));
        f.put(static_cast<char>(c ^ 0x01));
    }
    TempDir target;
    const CommandResult refused =
        admin_command({"restore", "--backup", damaged, "--db", target.file("plant.db")});
    CHECK(refused.exit_code == 2);
    CHECK_MESSAGE(refused.err.find("does not match its manifest") != std::string::npos,
                  refused.err);
    CHECK_FALSE(fs::exists(target.file("plant.db")));
    CHECK_FALSE(fs::exists(target.file("plant.db.restoring")));

    // Without its manifest, a copy is not a backup.
    fs::remove(fs::path(damaged).replace_extension(".manifest.json"));
    const CommandResult no_manifest =
        admin_command({"restore", "--backup", damaged, "--db", target.file("plant.db")});
    CHECK(no_manifest.exit_code == 2);
    CHECK(no_manifest.err.find("has no manifest") != std::string::npos);

    // Onto the running server's database: refused; after a stop, only with --replace.
    const CommandResult in_use = admin_command({"restore", "--backup", good, "--db", s.db_path()});
    CHECK(in_use.exit_code == 2);
    CHECK(in_use.err.find("exists") != std::string::npos);
    REQUIRE(s.stop() == 0);
    const CommandResult replaced =
        admin_command({"restore", "--backup", good, "--db", s.db_path(), "--replace"});
    CHECK_MESSAGE(replaced.exit_code == 0, replaced.err);
    std::size_t aside = 0;
    for (const auto& e : fs::directory_iterator(s.dir().path()))
        aside += e.path().filename().string().find(".before-restore-") != std::string::npos;
    CHECK(aside == 1);
    CHECK(s.verify().exit_code == 0);
}

TEST_CASE("backup with --keep-daily 1 keeps only the newest backup of the day") {
    TestServer s;
    s.sheet("K1");
    TempDir backups;
    for (int i = 0; i < 3; ++i) {
        const CommandResult r = admin_command(
            {"backup", "--db", s.db_path(), "--out", backups.path(), "--keep-daily", "1"});
        REQUIRE_MESSAGE(r.exit_code == 0, r.err);
        const bool removed = r.out.find("removed old backup") != std::string::npos;
        CHECK(removed == (i > 0));
    }
    CHECK(backups_in(backups.path()).size() == 1);
}

}  // namespace stampline::itest
