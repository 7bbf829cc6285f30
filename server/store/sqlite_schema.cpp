#include "server/store/sqlite_schema.h"

#include <array>
#include <cstdio>
#include <string>

#include "server/store/sqlite_facts.h"
#include "server/store/sqlite_store.h"

namespace stampline::server::sqlite {

namespace {

// Migration N (1-based) brings a database from schema version N-1 to N. Append new migrations;
// never edit one that has shipped.
constexpr std::array<const char*, 8> kMigrations = {
    // 1: the event log, the quarantine, the stamp registry, the access tokens.
    R"sql(
CREATE TABLE events (
    seq           INTEGER PRIMARY KEY,  -- 1, 2, 3, ... in append order; never reused
    id            BLOB NOT NULL UNIQUE CHECK (length(id) = 16),  -- the event's UUIDv7
    serial        TEXT NOT NULL,
    kind          TEXT NOT NULL,        -- event_kind_name
    stage         TEXT NOT NULL,
    station       TEXT NOT NULL,
    stamp         TEXT NOT NULL,
    terminal_time INTEGER NOT NULL,     -- Unix ms, the terminal's clock at the act
    received_at   INTEGER NOT NULL,     -- Unix ms, the server's clock at acceptance
    canonical     TEXT NOT NULL,        -- canonical_event(): the bytes the chain hashes
    hash          TEXT NOT NULL         -- chain_hash(previous row's hash, canonical)
) STRICT;
-- A unit's trail: an index range scan already in seq order.
CREATE INDEX events_by_serial ON events (serial, seq);
-- The store only ever inserts events; these refuse any other change (verify_chain still catches
-- a change made by someone who drops them).
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;

CREATE TABLE quarantine (
    id          BLOB PRIMARY KEY CHECK (length(id) = 16),
    received_at INTEGER NOT NULL,
    station     TEXT NOT NULL,          -- the posting terminal's station; '' for office posts
    reason      TEXT NOT NULL,          -- refusal_code
    message     TEXT NOT NULL,
    event_json  TEXT NOT NULL,          -- the event as received (event_to_json)
    resolved    INTEGER NOT NULL DEFAULT 0 CHECK (resolved IN (0, 1)),
    resolution  TEXT NOT NULL DEFAULT '',
    resolved_by TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX quarantine_by_resolved ON quarantine (resolved);

CREATE TABLE stamps (
    id              TEXT PRIMARY KEY,
    holder          TEXT NOT NULL,
    stages          TEXT NOT NULL,      -- JSON array of stage codes
    status          TEXT NOT NULL,      -- stamp_status_name
    attestation_due TEXT NOT NULL,      -- YYYY-MM-DD
    badge_issue     INTEGER NOT NULL,
    pin_hash        TEXT NOT NULL       -- argon2id string; '' when no PIN is set
) STRICT;

CREATE TABLE tokens (
    secret_hash TEXT PRIMARY KEY,       -- SHA-256 hex of the secret; the secret is never stored
    id          TEXT NOT NULL UNIQUE,
    role        TEXT NOT NULL,          -- role_name
    station     TEXT NOT NULL,
    label       TEXT NOT NULL,
    created_at  INTEGER NOT NULL,       -- Unix ms
    revoked     INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))
) STRICT;
)sql",
    // 2: the corrective actions decided at the monthly review: an append-only log of their
    // creation, status changes and verification.
    R"sql(
CREATE TABLE corrective_action_log (
    seq         INTEGER PRIMARY KEY,    -- 1, 2, 3, ... in append order; never reused
    action_id   TEXT NOT NULL,          -- e.g. 'CA-2026-001'
    kind        TEXT NOT NULL CHECK (kind IN ('created', 'status', 'verification')),
    body        TEXT NOT NULL CHECK (json_valid(body)),  -- a JSON object
    recorded_at INTEGER NOT NULL,       -- Unix ms, the server's clock
    recorded_by TEXT NOT NULL           -- actor, e.g. 'auditor:t-3f9a2c'
) STRICT;
CREATE INDEX corrective_action_log_by_action ON corrective_action_log (action_id, seq);
CREATE UNIQUE INDEX corrective_action_created_once ON corrective_action_log (action_id)
    WHERE kind = 'created';
CREATE TRIGGER corrective_action_log_no_update BEFORE UPDATE ON corrective_action_log
BEGIN SELECT RAISE(ABORT, 'the corrective action log is append-only'); END;
CREATE TRIGGER corrective_action_log_no_delete BEFORE DELETE ON corrective_action_log
BEGIN SELECT RAISE(ABORT, 'the corrective action log is append-only'); END;
)sql",
    // 3: the procedure audits auditors record on a unit or on a stamp holder; append-only.
    R"sql(
CREATE TABLE procedure_audit (
    id          INTEGER PRIMARY KEY,    -- 1, 2, 3, ... in record order; never reused
    serial      TEXT NOT NULL,          -- the audited unit; '' when on a stamp holder only
    stamp       TEXT NOT NULL,          -- the audited holder's stamp id; '' when on a unit only
    result      TEXT NOT NULL CHECK (result IN ('pass', 'finding')),
    text        TEXT NOT NULL,          -- the finding, or a note ('' allowed for a pass)
    actor       TEXT NOT NULL,          -- e.g. 'auditor:t-3f9a2c'
    recorded_at INTEGER NOT NULL,       -- Unix ms, the server's clock
    CHECK (serial <> '' OR stamp <> ''),
    CHECK (result = 'pass' OR text <> '')
) STRICT;
CREATE INDEX procedure_audit_by_serial ON procedure_audit (serial, id);
CREATE INDEX procedure_audit_by_stamp ON procedure_audit (stamp, id);
CREATE TRIGGER procedure_audit_no_update BEFORE UPDATE ON procedure_audit
BEGIN SELECT RAISE(ABORT, 'the procedure audits are append-only'); END;
CREATE TRIGGER procedure_audit_no_delete BEFORE DELETE ON procedure_audit
BEGIN SELECT RAISE(ABORT, 'the procedure audits are append-only'); END;
)sql",
    // 4: event ids posted again with different content: the act was not recorded; both texts
    // are kept for an auditor. Append-only; a repeat of the same id and text is kept once.
    R"sql(
CREATE TABLE id_conflicts (
    n           INTEGER PRIMARY KEY,    -- 1, 2, 3, ... in the order first posted
    id          BLOB NOT NULL CHECK (length(id) = 16),
    received_at INTEGER NOT NULL,       -- Unix ms, the server's clock
    station     TEXT NOT NULL,          -- the posting terminal's station; '' for office posts
    text        TEXT NOT NULL,          -- the event as posted (canonical)
    stored_text TEXT NOT NULL,          -- what the log or the quarantine holds for the id
    UNIQUE (id, text)
) STRICT;
CREATE TRIGGER id_conflicts_no_update BEFORE UPDATE ON id_conflicts
BEGIN SELECT RAISE(ABORT, 'the id conflicts are append-only'); END;
CREATE TRIGGER id_conflicts_no_delete BEFORE DELETE ON id_conflicts
BEGIN SELECT RAISE(ABORT, 'the id conflicts are append-only'); END;
)sql",
    // 5: customer complaints: an append-only, hash-chained log of their registration, steps and
    // notices to the customer.
    R"sql(
CREATE TABLE complaint_log (
    seq          INTEGER PRIMARY KEY,   -- 1, 2, 3, ... in append order; never reused
    complaint_id TEXT NOT NULL,         -- e.g. 'CL-2026-001'
    kind         TEXT NOT NULL,
    body         TEXT NOT NULL CHECK (json_valid(body)),  -- a JSON object
    recorded_at  INTEGER NOT NULL,      -- Unix ms, the server's clock
    recorded_by  TEXT NOT NULL,         -- actor, e.g. 'service:t-3f9a2c'
    hash         TEXT NOT NULL          -- chain_hash(previous entry's hash, complaint_entry_text)
) STRICT;
CREATE INDEX complaint_log_by_complaint ON complaint_log (complaint_id, seq);
CREATE UNIQUE INDEX complaint_registered_once ON complaint_log (complaint_id)
    WHERE kind = 'registered';
CREATE TRIGGER complaint_log_no_update BEFORE UPDATE ON complaint_log
BEGIN SELECT RAISE(ABORT, 'the complaint log is append-only'); END;
CREATE TRIGGER complaint_log_no_delete BEFORE DELETE ON complaint_log
BEGIN SELECT RAISE(ABORT, 'the complaint log is append-only'); END;
)sql",
    // 6: the CRM webhook's delivery log: every attempt to tell the CRM of a complaint's change.
    R"sql(
CREATE TABLE crm_deliveries (
    n          INTEGER PRIMARY KEY,     -- 1, 2, 3, ... in the order tried
    entry_seq  INTEGER NOT NULL,        -- the complaint_log entry told
    attempt    INTEGER NOT NULL CHECK (attempt >= 1),
    at         INTEGER NOT NULL,        -- Unix ms, the server's clock
    delivered  INTEGER NOT NULL CHECK (delivered IN (0, 1)),
    detail     TEXT NOT NULL            -- 'HTTP 200', 'connection refused', ...
) STRICT;
CREATE TRIGGER crm_deliveries_no_update BEFORE UPDATE ON crm_deliveries
BEGIN SELECT RAISE(ABORT, 'the CRM delivery log is append-only'); END;
CREATE TRIGGER crm_deliveries_no_delete BEFORE DELETE ON crm_deliveries
BEGIN SELECT RAISE(ABORT, 'the CRM delivery log is append-only'); END;
)sql",
    // 7: the analyses' facts in columns beside the log (sqlite_facts.h), filled from the log
    // by backfill_facts after this SQL.
    R"sql(
CREATE TABLE units (
    unit          INTEGER PRIMARY KEY,  -- in the order of the unit's first event in the log
    serial        TEXT NOT NULL UNIQUE,
    product_type  TEXT NOT NULL,        -- of its sheet; "" before it is issued
    stages_signed INTEGER NOT NULL,     -- stage sign-offs: the unit is at this route stage
    on_hold       INTEGER NOT NULL
) STRICT;
-- The work in progress, counted from the index alone.
CREATE INDEX units_by_progress ON units (product_type, stages_signed, on_hold);

CREATE TABLE facts (
    unit          INTEGER NOT NULL,     -- units.unit
    seq           INTEGER NOT NULL,     -- events.seq
    kind          TEXT NOT NULL,        -- event_kind_name
    id            BLOB NOT NULL,
    sheet_version INTEGER NOT NULL,
    stage         TEXT NOT NULL,
    station       TEXT NOT NULL,
    stamp         TEXT NOT NULL,
    actor         TEXT NOT NULL,
    terminal_time INTEGER NOT NULL,
    corrected     INTEGER NOT NULL,     -- 1: act_time is the terminal's corrected time
    act_time      INTEGER NOT NULL,
    product_type  TEXT,                 -- sheet_issued
    order_no      TEXT,
    new_version   INTEGER,              -- sheet_reprinted
    passed        INTEGER,              -- stage_accepted: every check passed
    code          TEXT,                 -- nc_raised
    severity      TEXT,
    origin_stage  TEXT,
    quantity      INTEGER,
    disposition   TEXT,
    found         TEXT,
    field_stage   TEXT,
    nc            BLOB,                 -- nc_corrected, nc_verified: the NC's id
    reason        TEXT,                 -- unit_held
    PRIMARY KEY (unit, seq)
) STRICT, WITHOUT ROWID;
-- The units acting in a period. Act times grow with the log: this is appended to at its end.
CREATE INDEX facts_by_time ON facts (act_time, unit);
)sql",
    // 8: figures derived from the log, kept so that they outlive a restart (Store::kept_figures);
    // a unit's trail is found through its facts (clustered by unit), so the index of the events
    // by serial goes: one random index page less to write per event; the facts append-only.
    R"sql(
DROP INDEX IF EXISTS events_by_serial;
-- The facts are written with their event and never changed: as on the events, these refuse any
-- other change (an analysis over altered facts would lie while the chain verifies).
CREATE TRIGGER facts_no_update BEFORE UPDATE ON facts
BEGIN SELECT RAISE(ABORT, 'the facts of the event log are append-only'); END;
CREATE TRIGGER facts_no_delete BEFORE DELETE ON facts
BEGIN SELECT RAISE(ABORT, 'the facts of the event log are append-only'); END;
CREATE TABLE kept_figures (
    key      TEXT PRIMARY KEY,
    position INTEGER NOT NULL,  -- the log's last seq they were derived at
    text     TEXT NOT NULL
) STRICT, WITHOUT ROWID;
)sql",
};

constexpr std::int64_t kFactsMigration = 7;

static_assert(kMigrations.size() == kSqliteSchemaVersion,
              "kSqliteSchemaVersion must equal the number of migrations");

Result<std::int64_t> query_int(Connection& db, const char* sql) {
    Result<Statement> st = db.prepare(sql);
    if (!st) return st.error();
    Result<bool> row = st->step();
    if (!row) return row.error();
    if (!*row) return db.error(SQLITE_ERROR, std::string(sql) + " returned no row");
    return st->int64(0);
}

}  // namespace

Result<std::int64_t> schema_version_of(Connection& db) {
    Result<std::int64_t> app_id = query_int(db, "PRAGMA application_id");
    if (!app_id) return app_id.error();
    Result<std::int64_t> version = query_int(db, "PRAGMA user_version");
    if (!version) return version.error();
    Result<std::int64_t> objects = query_int(db, "SELECT count(*) FROM sqlite_schema");
    if (!objects) return objects.error();

    const bool fresh = *app_id == 0 && *version == 0 && *objects == 0;
    if (*app_id != kApplicationId && !fresh) {
        char hex[32];
        std::snprintf(hex, sizeof hex, "0x%llX", static_cast<unsigned long long>(*app_id));
        return Status(Code::Corruption,
                      "database " + db.path() + " is a SQLite database of another application " +
                          "(application_id " + hex + ", " + std::to_string(*objects) +
                          " schema objects), not a stampline database");
    }
    if (*version > kSqliteSchemaVersion) {
        return invalid("database " + db.path() + " has schema version " + std::to_string(*version) +
                       "; this stampline knows up to " + std::to_string(kSqliteSchemaVersion) +
                       ": upgrade stampline");
    }
    if (*version < 0) {
        return Status(Code::Corruption, "database " + db.path() + " has schema version " +
                                            std::to_string(*version) + ", which none has");
    }
    return *version;
}

namespace {

Status migrate_in_transaction(Connection& db) {
    Result<std::int64_t> version = schema_version_of(db);
    if (!version) return version.error();
    for (auto v = *version; v < kSqliteSchemaVersion; ++v) {
        Status s = db.exec(kMigrations[static_cast<std::size_t>(v)]);
        if (s && v + 1 == kFactsMigration) s = backfill_facts(db);
        if (!s) {
            return Status(s.code(),
                          "schema migration " + std::to_string(v + 1) + ": " + s.message());
        }
    }
    if (*version != kSqliteSchemaVersion) {
        // PRAGMAs take no bound parameters; these are this build's own integer constants.
        const std::string set = "PRAGMA application_id = " + std::to_string(kApplicationId) +
                                "; PRAGMA user_version = " + std::to_string(kSqliteSchemaVersion);
        if (Status s = db.exec(set.c_str()); !s) return s;
    }
    return Status::ok();
}

}  // namespace

Status migrate(Connection& db) {
    if (Status s = db.exec("BEGIN IMMEDIATE"); !s) return s;
    Status s = migrate_in_transaction(db);
    if (!s) {
        db.exec("ROLLBACK");  // best effort: the failure above is what the caller needs
        return s;
    }
    if (Status c = db.exec("COMMIT"); !c) {
        db.exec("ROLLBACK");
        return Status(Code::IOError, c.message());
    }
    return Status::ok();
}

}  // namespace stampline::server::sqlite
