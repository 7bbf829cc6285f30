#include <doctest/doctest.h>

#include "server/service_fixture.h"
#include "shared/sha256.h"

using namespace stampline;
using namespace stampline::server;
using stampline::test::ServiceFixture;

TEST_CASE("ingest appends an allowed event to the log with the next sequence number") {
    ServiceFixture f;
    f.add_stamps();
    f.issue("SN1");
    auto results = f.post({f.act("SN1", StageSignedOff{}, "TZ")});
    REQUIRE(results.size() == 1);
    CHECK(results[0].answer.verdict == Verdict::Accepted);
    CHECK_FALSE(results[0].duplicate);
    CHECK(results[0].answer.seq == 2);
    CHECK(f.store->trail("SN1")->size() == 2);
}

TEST_CASE("a re-posted event gets the first answer again and is stored once") {
    ServiceFixture f;
    f.add_stamps();
    f.issue("SN1");
    const Event e = f.act("SN1", StageSignedOff{}, "TZ");
    auto first = f.post({e});
    f.clock.advance_ms(5000);
    auto again = f.post({e, e});
    CHECK(again[0].duplicate);
    CHECK(again[1].duplicate);
    CHECK(again[0].answer.seq == first[0].answer.seq);
    CHECK(again[0].answer.received_at == first[0].answer.received_at);
    CHECK(f.store->trail("SN1")->size() == 2);
    CHECK(f.store->counts()->events == 2);
}

TEST_CASE(
    "a refused event is kept in the quarantine with its reason, and a re-post is refused the same "
    "way") {
    ServiceFixture f;
    f.add_stamps();
    f.issue("SN1");
    const Event e = f.act("SN1", StageSignedOff{}, "DESIGN");  // TZ not signed yet
    auto first = f.post({e}, "ST-DES-1");
    CHECK(first[0].answer.verdict == Verdict::Refused);
    CHECK(first[0].answer.reason == "stage_out_of_order");
    auto q = f.store->quarantine_entries(false);
    REQUIRE(q->size() == 1);
    CHECK(q->at(0).answer.id == e.id);
    CHECK(q->at(0).answer.reason == "stage_out_of_order");
    CHECK(q->at(0).station == "ST-DES-1");
    auto again = f.post({e});
    CHECK(again[0].duplicate);
    CHECK(again[0].answer.verdict == Verdict::Refused);
    CHECK(again[0].answer.reason == "stage_out_of_order");
    CHECK(f.store->quarantine_entries(false)->size() == 1);
}

TEST_CASE("a known id posted with other content is a conflict: kept once, the log unchanged") {
    ServiceFixture f;
    f.add_stamps();
    f.issue("SN1");
    const Event e = f.act("SN1", StageSignedOff{}, "TZ");
    REQUIRE(f.post({e})[0].answer.verdict == Verdict::Accepted);
    Event altered = e;
    altered.stage = "DESIGN";
    for (int i = 0; i < 2; ++i) {
        auto r = f.post({altered});
        CHECK(r[0].conflict);
        CHECK_FALSE(r[0].duplicate);
        CHECK(r[0].answer.verdict == Verdict::Accepted);  // the first answer, for the record
        CHECK(r[0].stored_sha256 == sha256_hex(canonical_event(e)));
    }
    auto again = f.post({e});
    CHECK(again[0].duplicate);
    CHECK_FALSE(again[0].conflict);
    CHECK(f.store->trail("SN1")->size() == 2);
    auto kept = f.store->id_conflicts();
    REQUIRE(kept->size() == 1);
    CHECK(kept->at(0).id == e.id);
    CHECK(kept->at(0).text == canonical_event(altered));
    CHECK(kept->at(0).stored_text == canonical_event(e));
    CHECK(f.store->counts()->id_conflicts == 1);
}

TEST_CASE("later events of a batch see the earlier ones") {
    ServiceFixture f;
    f.add_stamps();
    f.issue("SN1");
    auto results = f.post({f.act("SN1", StageSignedOff{}, "TZ"),
                           f.act("SN1", StageAccepted{f.all_pass("TZ", "DESIGN")}, "DESIGN"),
                           f.act("SN1", StageSignedOff{}, "DESIGN")});
    for (const auto& r : results) CHECK(r.answer.verdict == Verdict::Accepted);
    CHECK(f.store->trail("SN1")->size() == 4);
}

TEST_CASE("a stamp suspended in the registry is refused at ingest") {
    ServiceFixture f;
    f.add_stamps();
    f.issue("SN1");
    REQUIRE(set_stamp_status(*f.store, "017", StampStatus::Suspended));
    auto r = f.post({f.act("SN1", StageSignedOff{}, "TZ")});
    CHECK(r[0].answer.reason == "stamp_suspended");
    REQUIRE(set_stamp_status(*f.store, "017", StampStatus::Active));
    CHECK(f.post({f.act("SN1", StageSignedOff{}, "TZ")})[0].answer.verdict == Verdict::Accepted);
}

TEST_CASE("the hash chain of the log verifies after ingest") {
    ServiceFixture f;
    f.add_stamps();
    for (int i = 0; i < 5; ++i) f.issue("SN" + std::to_string(i));
    f.post({f.act("SN1", StageSignedOff{}, "TZ"), f.act("SN2", StageSignedOff{}, "TZ")});
    auto broken = f.store->verify_chain();
    REQUIRE(broken);
    CHECK_FALSE(broken->has_value());
}

namespace {

// Wraps a store so that the N-th append or quarantine inside write() fails with IOError.
class FailingStore final : public Store {
public:
    FailingStore(Store& inner, int fail_at) : inner_(inner), fail_at_(fail_at) {}

    Status write(const std::function<Status(WriteTxn&)>& fn) override {
        return inner_.write([&](WriteTxn& txn) {
            Txn wrapped{txn, *this};
            return fn(wrapped);
        });
    }
    Result<std::vector<StoredEvent>> trail(std::string_view s) override { return inner_.trail(s); }
    Result<std::vector<StoredEvent>> all_events() override { return inner_.all_events(); }
    Result<std::int64_t> units_acting(Timestamp from, Timestamp to,
                                      const UnitFactsVisitor& fn) override {
        return inner_.units_acting(from, to, fn);
    }
    Result<bool> units_changed_since(std::int64_t after, Timestamp from, Timestamp to) override {
        return inner_.units_changed_since(after, from, to);
    }
    Status units_in_work(std::span<const RouteLength> r, Timestamp since,
                         const UnitFactsVisitor& fn) override {
        return inner_.units_in_work(r, since, fn);
    }
    Result<UnitsSummary> units_summary() override { return inner_.units_summary(); }
    Result<std::vector<StampRecord>> stamps() override { return inner_.stamps(); }
    Result<std::optional<StampRecord>> stamp(std::string_view id) override {
        return inner_.stamp(id);
    }
    Result<std::optional<TokenRecord>> token_by_hash(std::string_view h) override {
        return inner_.token_by_hash(h);
    }
    Result<std::vector<TokenRecord>> tokens() override { return inner_.tokens(); }
    Result<std::vector<QuarantineEntry>> quarantine_entries(bool all) override {
        return inner_.quarantine_entries(all);
    }
    Result<std::vector<IdConflict>> id_conflicts() override { return inner_.id_conflicts(); }
    Result<std::vector<CorrectiveActionEntry>> corrective_action_entries(
        std::string_view id) override {
        return inner_.corrective_action_entries(id);
    }
    Result<std::vector<ProcedureAudit>> procedure_audits(std::string_view serial,
                                                         std::string_view stamp) override {
        return inner_.procedure_audits(serial, stamp);
    }
    Result<StoreCounts> counts() override { return inner_.counts(); }
    Result<std::optional<ChainBreak>> verify_chain() override { return inner_.verify_chain(); }
    Result<std::optional<ChainBreak>> verify_complaint_chain() override {
        return inner_.verify_complaint_chain();
    }
    Result<std::vector<ComplaintEntry>> complaint_entries(std::string_view id) override {
        return inner_.complaint_entries(id);
    }
    Result<std::vector<CrmDelivery>> crm_deliveries() override { return inner_.crm_deliveries(); }
    Result<std::optional<KeptFigures>> kept_figures(std::string_view key) override {
        return inner_.kept_figures(key);
    }

private:
    struct Txn final : WriteTxn {
        Txn(WriteTxn& t, FailingStore& s) : inner(t), store(s) {}
        WriteTxn& inner;
        FailingStore& store;
        bool fail() { return ++store.writes_ == store.fail_at_; }
        Result<std::optional<EventAnswer>> find_answer(const Uuid& id) override {
            return inner.find_answer(id);
        }
        Result<std::vector<Event>> unit_events(std::string_view s) override {
            return inner.unit_events(s);
        }
        Result<std::int64_t> unit_last_seq(std::string_view s) override {
            return inner.unit_last_seq(s);
        }
        Result<std::optional<std::string>> known_text(const Uuid& id) override {
            return inner.known_text(id);
        }
        Status record_id_conflict(const IdConflict& c) override {
            return inner.record_id_conflict(c);
        }
        Result<std::optional<StampRecord>> find_stamp(std::string_view id) override {
            return inner.find_stamp(id);
        }
        Result<EventAnswer> append(const Event& e, std::string_view c, Timestamp t) override {
            if (fail()) return io_error("injected append failure");
            return inner.append(e, c, t);
        }
        Result<EventAnswer> quarantine(const Event& e, std::string_view st, Timestamp t,
                                       const Decision& d) override {
            if (fail()) return io_error("injected quarantine failure");
            return inner.quarantine(e, st, t, d);
        }
        Status put_stamp(const StampRecord& s) override { return inner.put_stamp(s); }
        Status put_token(std::string_view h, const TokenRecord& t) override {
            return inner.put_token(h, t);
        }
        Status revoke_token(std::string_view id) override { return inner.revoke_token(id); }
        Status resolve_quarantine(const Uuid& id, std::string_view r,
                                  std::string_view by) override {
            return inner.resolve_quarantine(id, r, by);
        }
        Result<EventAnswer> accept_quarantined(const Event& e, std::string_view c, Timestamp t,
                                               std::string_view r, std::string_view by) override {
            return inner.accept_quarantined(e, c, t, r, by);
        }
        Result<std::vector<CorrectiveActionEntry>> corrective_action_entries(
            std::string_view id) override {
            return inner.corrective_action_entries(id);
        }
        Result<std::int64_t> append_corrective_action_entry(
            const CorrectiveActionEntry& e) override {
            return inner.append_corrective_action_entry(e);
        }
        Result<std::vector<ComplaintEntry>> complaint_entries(std::string_view id) override {
            return inner.complaint_entries(id);
        }
        Result<std::int64_t> append_complaint_entry(const ComplaintEntry& e) override {
            return inner.append_complaint_entry(e);
        }
        Status keep_figures(std::string_view key, const KeptFigures& f) override {
            return inner.keep_figures(key, f);
        }
        Status append_crm_delivery(const CrmDelivery& d) override {
            return inner.append_crm_delivery(d);
        }
        Result<std::int64_t> append_procedure_audit(const ProcedureAudit& a) override {
            return inner.append_procedure_audit(a);
        }
    };

    Store& inner_;
    int fail_at_;
    int writes_ = 0;
};

}  // namespace

TEST_CASE(
    "a store failure at any write of a batch stores nothing, and the retry stores every event "
    "once") {
    for (int n = 1; n <= 4; ++n) {
        CAPTURE(n);
        ServiceFixture f;
        f.add_stamps();
        f.issue("SN1");
        const std::vector<Event> batch = {
            f.act("SN1", StageSignedOff{}, "TZ"),
            f.act("SN1", StageSignedOff{}, "INCOMING"),  // refused: out of order
            f.act("SN1", StageAccepted{f.all_pass("TZ", "DESIGN")}, "DESIGN"),
            f.act("SN1", StageSignedOff{}, "DESIGN")};
        FailingStore failing(*f.store, n);
        auto failed = ingest_batch(failing, f.plant, f.clock, "", batch);
        CHECK_FALSE(failed);
        CHECK(f.store->counts()->events == 1);
        CHECK(f.store->counts()->quarantined == 0);
        auto retried = f.post(batch);
        CHECK(retried[0].answer.verdict == Verdict::Accepted);
        CHECK(retried[1].answer.verdict == Verdict::Refused);
        CHECK(retried[3].answer.verdict == Verdict::Accepted);
        CHECK(f.store->counts()->events == 4);
        CHECK(f.store->counts()->quarantined == 1);
        CHECK_FALSE(f.store->verify_chain()->has_value());
    }
}
