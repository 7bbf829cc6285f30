// The Store contract (store.h) for what lies beside the event log, on every backend
// (store_backends.h): the quarantine accepted into the log after all, id conflicts, the
// complaint log's chain, the CRM delivery log and the figures kept beside the log.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "server/store/store.h"
#include "shared/canonical_event.h"
#include "shared/hash_chain.h"
#include "store_backends.h"
#include "store_test_events.h"

using namespace stampline;
using namespace stampline::server;
using namespace stampline::test;

namespace {

ComplaintEntry entry(const std::string& complaint_id, const std::string& kind,
                     const std::string& body) {
    ComplaintEntry e;
    e.complaint_id = complaint_id;
    e.kind = kind;
    e.body = body;
    e.at = Timestamp{1'800'000'000'000};
    e.by = "service:t-1";
    return e;
}

Result<std::int64_t> append_entry(Store& store, const ComplaintEntry& e) {
    Result<std::int64_t> seq = std::int64_t{0};
    Status s = store.write([&](WriteTxn& txn) {
        seq = txn.append_complaint_entry(e);
        return seq.status();
    });
    if (!s) return s;
    return seq;
}

}  // namespace

TEST_CASE("store: a quarantined event accepted by an auditor joins the log, its entry resolved") {
    on_each_store([](Store& store) {
        Events ev;
        REQUIRE(append(store, ev.sheet("KSO-1"), Timestamp{1}));
        const Event late = ev.sign_off("KSO-1", "MACHINING");
        REQUIRE(refuse(store, late, Timestamp{2}));

        Result<EventAnswer> accepted = EventAnswer{};
        REQUIRE(store.write([&](WriteTxn& txn) {
            accepted = txn.accept_quarantined(late, canonical_event(late), Timestamp{3},
                                              "paper record checked", "auditor:petrova");
            return accepted.status();
        }));
        CHECK(accepted->seq == 2);
        CHECK(accepted->verdict == Verdict::Accepted);

        Result<std::optional<EventAnswer>> answer = find_answer(store, late.id);
        REQUIRE(answer);
        REQUIRE(answer->has_value());
        CHECK((*answer)->verdict == Verdict::Accepted);
        CHECK((*answer)->seq == 2);
        CHECK(store.trail("KSO-1")->size() == 2);

        Result<std::vector<QuarantineEntry>> all = store.quarantine_entries(true);
        REQUIRE(all);
        REQUIRE(all->size() == 1);
        CHECK((*all)[0].resolved);
        CHECK((*all)[0].resolution == "paper record checked");
        CHECK((*all)[0].resolved_by == "auditor:petrova");
        CHECK((*all)[0].accepted_seq == 2);
        CHECK((*all)[0].answer.verdict == Verdict::Refused);  // the first answer stays
        CHECK(store.counts()->quarantined == 0);
        CHECK_FALSE(store.verify_chain()->has_value());

        // Once only; and never an id the quarantine does not hold.
        Status again = store.write([&](WriteTxn& txn) {
            return txn.accept_quarantined(late, canonical_event(late), Timestamp{4}, "x", "y")
                .status();
        });
        CHECK(again.code() == Code::Conflict);
        const Event stranger = ev.hold("KSO-1", "never refused");
        Status unknown = store.write([&](WriteTxn& txn) {
            return txn
                .accept_quarantined(stranger, canonical_event(stranger), Timestamp{4}, "x", "y")
                .status();
        });
        CHECK(unknown.code() == Code::NotFound);
        CHECK(store.counts()->events == 2);
    });
}

TEST_CASE("store: known texts are given by id and an id conflict is kept once, in post order") {
    on_each_store([](Store& store) {
        Events ev;
        const Event accepted = ev.sheet("KSO-1");
        const Event refused = ev.sign_off("KSO-1", "PAINT");
        REQUIRE(append(store, accepted, Timestamp{1}));
        REQUIRE(refuse(store, refused, Timestamp{2}));

        std::optional<std::string> log_text, quarantine_text, none;
        REQUIRE(store.write([&](WriteTxn& txn) -> Status {
            log_text = txn.known_text(accepted.id).value();
            quarantine_text = txn.known_text(refused.id).value();
            none = txn.known_text(ev.ids.next()).value();
            return Status::ok();
        }));
        CHECK(log_text == canonical_event(accepted));
        REQUIRE(quarantine_text.has_value());
        CHECK_FALSE(quarantine_text->empty());
        CHECK_FALSE(none.has_value());

        const IdConflict first{accepted.id, Timestamp{5}, "ST-ASM-1", "the altered text",
                               *log_text};
        const IdConflict second{refused.id, Timestamp{6}, "", "another text", *quarantine_text};
        for (const IdConflict& c : {first, second, first}) {
            REQUIRE(store.write([&](WriteTxn& txn) { return txn.record_id_conflict(c); }));
        }
        Result<std::vector<IdConflict>> kept = store.id_conflicts();
        REQUIRE(kept);
        REQUIRE(kept->size() == 2);
        CHECK((*kept)[0].id == accepted.id);
        CHECK((*kept)[0].received_at == Timestamp{5});
        CHECK((*kept)[0].station == "ST-ASM-1");
        CHECK((*kept)[0].text == "the altered text");
        CHECK((*kept)[0].stored_text == *log_text);
        CHECK((*kept)[1].id == refused.id);
        CHECK(store.counts()->id_conflicts == 2);
        CHECK(store.counts()->events == 1);
    });
}

TEST_CASE("store: the complaint log is numbered, chained and read by complaint") {
    on_each_store([](Store& store) {
        REQUIRE(append_entry(store, entry("CL-2026-001", "registered", R"({"reason":"defect"})")));
        REQUIRE(append_entry(store, entry("CL-2026-002", "registered", R"({"reason":"x"})")));
        Result<std::int64_t> third =
            append_entry(store, entry("CL-2026-001", "notice", R"({"text":"Принято"})"));
        REQUIRE(third);
        CHECK(*third == 3);

        Result<std::int64_t> twice = append_entry(store, entry("CL-2026-001", "registered", "{}"));
        REQUIRE_FALSE(twice);
        CHECK(twice.error().code() == Code::Conflict);

        Result<std::vector<ComplaintEntry>> one = store.complaint_entries("CL-2026-001");
        REQUIRE(one);
        REQUIRE(one->size() == 2);
        CHECK((*one)[0].seq == 1);
        CHECK((*one)[1].seq == 3);
        CHECK((*one)[1].kind == "notice");
        CHECK((*one)[1].body == R"({"text":"Принято"})");
        CHECK((*one)[1].at == Timestamp{1'800'000'000'000});
        CHECK((*one)[1].by == "service:t-1");

        Result<std::vector<ComplaintEntry>> all = store.complaint_entries("");
        REQUIRE(all);
        REQUIRE(all->size() == 3);
        CHECK((*all)[0].hash == chain_hash("", complaint_entry_text((*all)[0])));
        CHECK((*all)[2].hash == chain_hash((*all)[1].hash, complaint_entry_text((*all)[2])));
        Result<std::optional<ChainBreak>> verified = store.verify_complaint_chain();
        REQUIRE(verified);
        CHECK_FALSE(verified->has_value());
        // The same entries read inside a write transaction.
        REQUIRE(store.write([](WriteTxn& txn) -> Status {
            CHECK(txn.complaint_entries("CL-2026-002")->size() == 1);
            return Status::ok();
        }));
    });
}

TEST_CASE("store: CRM deliveries are numbered in the order they were tried") {
    on_each_store([](Store& store) {
        const CrmDelivery failed{0, 1, 1, Timestamp{10}, false, "connection refused"};
        const CrmDelivery retried{0, 1, 2, Timestamp{20}, true, "HTTP 200"};
        for (const CrmDelivery& d : {failed, retried})
            REQUIRE(store.write([&](WriteTxn& txn) { return txn.append_crm_delivery(d); }));
        Result<std::vector<CrmDelivery>> log = store.crm_deliveries();
        REQUIRE(log);
        REQUIRE(log->size() == 2);
        CHECK((*log)[0].n == 1);
        CHECK_FALSE((*log)[0].delivered);
        CHECK((*log)[0].detail == "connection refused");
        CHECK((*log)[1].n == 2);
        CHECK((*log)[1].entry_seq == 1);
        CHECK((*log)[1].attempt == 2);
        CHECK((*log)[1].at == Timestamp{20});
        CHECK((*log)[1].delivered);
    });
}

TEST_CASE("store: figures kept under a key are read back and replaced") {
    on_each_store([](Store& store) {
        CHECK_FALSE(store.kept_figures("month:2026-10")->has_value());
        REQUIRE(store.write([](WriteTxn& txn) {
            return txn.keep_figures("month:2026-10", KeptFigures{7, R"({"ncs":3})"});
        }));
        REQUIRE(store.write([](WriteTxn& txn) {
            return txn.keep_figures("month:2026-10", KeptFigures{9, R"({"ncs":4})"});
        }));
        Result<std::optional<KeptFigures>> kept = store.kept_figures("month:2026-10");
        REQUIRE(kept);
        REQUIRE(kept->has_value());
        CHECK((*kept)->position == 9);
        CHECK((*kept)->text == R"({"ncs":4})");
        CHECK_FALSE(store.kept_figures("month:2026-11")->has_value());
    });
}
