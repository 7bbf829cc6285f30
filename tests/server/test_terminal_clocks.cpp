// What the server keeps of each terminal's clock (service/terminal_clocks.h).
#include <doctest/doctest.h>

#include "server/service/terminal_clocks.h"

using namespace stampline;
using namespace stampline::server;

TEST_CASE(
    "terminal clocks: the offset, last contact and outbox wait of each station's last batch") {
    TerminalClocks clocks;
    CHECK(clocks.all().empty());
    const Timestamp received{1'800'000'000'000};
    // 10 minutes ahead; its oldest act was made an hour ago (by its own clock: 50 minutes ago
    // plus its 10 minutes ahead).
    clocks.record("ST-TZ-1", Timestamp{received.ms + 600'000}, received,
                  Timestamp{received.ms - 3'000'000});
    clocks.record("ST-ASM-1", Timestamp{received.ms - 1'000}, received, std::nullopt);
    std::vector<TerminalClock> all = clocks.all();
    REQUIRE(all.size() == 2);
    CHECK(all[0].station == "ST-ASM-1");
    CHECK(all[0].offset_ms == -1'000);
    CHECK(all[0].outbox_age_ms == 0);
    CHECK(all[1].station == "ST-TZ-1");
    CHECK(all[1].offset_ms == 600'000);
    CHECK(all[1].outbox_age_ms == 3'600'000);
    CHECK(all[1].last_contact == received);

    // The next batch replaces what the last one said.
    clocks.record("ST-TZ-1", Timestamp{received.ms + 60'000}, Timestamp{received.ms + 60'000},
                  std::nullopt);
    all = clocks.all();
    CHECK(all[1].offset_ms == 0);
    CHECK(all[1].last_contact == Timestamp{received.ms + 60'000});
}
