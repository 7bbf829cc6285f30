// Backup retention and the manifest's text: pure parts of service/backups.h.
#include <doctest/doctest.h>

#include "server/service/backups.h"

namespace stampline::server {

namespace {

Timestamp at(const char* utc) {
    return *parse_utc(utc);
}

}  // namespace

TEST_CASE("retention keeps the newest backup of each recent day and of each recent month") {
    const std::vector<Timestamp> times = {
        at("2026-10-31T23:00:00Z"),  // 0: the newest of October
        at("2026-10-15T23:00:00Z"),  // 1
        at("2026-11-29T23:00:00Z"),  // 2
        at("2026-11-30T01:00:00Z"),  // 3: an earlier one of the 30th
        at("2026-11-30T23:00:00Z"),  // 4: the newest of the 30th and of November
        at("2026-12-01T23:00:00Z"),  // 5: the newest of all
    };
    const std::vector<bool> two_days = backups_to_keep(times, 2, 0);
    CHECK(two_days == std::vector<bool>{false, false, false, false, true, true});
    const std::vector<bool> months = backups_to_keep(times, 0, 3);
    CHECK(months == std::vector<bool>{true, false, false, false, true, true});
    const std::vector<bool> both = backups_to_keep(times, 3, 2);
    CHECK(both == std::vector<bool>{false, false, true, false, true, true});
    // Nothing asked for: the newest is still kept.
    CHECK(backups_to_keep(times, 0, 0) ==
          std::vector<bool>{false, false, false, false, false, true});
    CHECK(backups_to_keep({}, 3, 3).empty());
}

TEST_CASE("a manifest reads back as written, and a damaged one names the key") {
    BackupManifest m;
    m.file = "stampline-20261206T010000Z.db";
    m.snapshot_time = at("2026-12-06T01:00:00.250Z");
    m.finished_at = at("2026-12-06T01:00:02Z");
    m.schema_version = 4;
    m.events = 120453;
    m.head_hash = std::string(64, 'a');
    m.sha256 = std::string(64, 'b');
    m.bytes = 1 << 20;
    m.source = "/var/lib/stampline/stampline.db";
    Result<BackupManifest> back = parse_manifest(manifest_json(m), "m.json");
    REQUIRE(back);
    CHECK(back->file == m.file);
    CHECK(back->snapshot_time == m.snapshot_time);
    CHECK(back->events == m.events);
    CHECK(back->head_hash == m.head_hash);
    CHECK(back->sha256 == m.sha256);
    CHECK(back->bytes == m.bytes);

    Result<BackupManifest> no_sha = parse_manifest(R"({"file":"x.db"})", "m.json");
    REQUIRE_FALSE(no_sha);
    CHECK(no_sha.error().message().find("m.json") != std::string::npos);
    std::string elsewhere = manifest_json(m);
    elsewhere.replace(elsewhere.find(m.file), m.file.size(), "../other.db");
    CHECK_FALSE(parse_manifest(elsewhere, "m.json"));
    CHECK(manifest_path_for("/b/stampline-20261206T010000Z.db") ==
          "/b/stampline-20261206T010000Z.manifest.json");
}

}  // namespace stampline::server
