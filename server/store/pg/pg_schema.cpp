// The PostgreSQL schema `stampline`: migration 1 holds what SQLite's schema 8 holds, plus the
// plants, with a `plant` column first in every key. Text keys and sort columns are COLLATE "C"
// (the byte order SQLite's BINARY gives, whatever the database's locale); times are bigint Unix
// ms as the store is given them; per-plant numbers (seq, n, id) are assigned by the store under
// the plant's lock, never by sequences (which have gaps).
#include "server/store/pg/pg_schema.h"

#include <array>
#include <charconv>
#include <string>

#include "server/store/pg/pg_store.h"

namespace stampline::server::pg {

namespace {

// Migration N (1-based) brings a database from schema version N-1 to N. Append new migrations;
// never edit one that has shipped. Run with search_path=stampline, after CREATE SCHEMA.
constexpr std::array<const char*, 1> kMigrations = {
    // 1: everything of SQLite's schema 8, for several plants.
    R"sql(
CREATE TABLE meta (
    key   text COLLATE "C" PRIMARY KEY,  -- 'application' = 'stampline', 'schema_version'
    value text NOT NULL
);

CREATE TABLE plants (
    id         integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code       text COLLATE "C" NOT NULL UNIQUE CHECK (code <> ''),  -- e.g. 'KSO-1'
    created_at bigint NOT NULL          -- Unix ms, the database server's clock at registration
);

-- The append-only tables refuse any other change (verify_chain still catches a change made by
-- someone who drops the triggers). The message is the trigger's argument.
CREATE FUNCTION stampline.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'integrity_constraint_violation';
END $$;

-- SQLite's json_valid(): whether a text is JSON (a CHECK failing on it is a Conflict).
CREATE FUNCTION stampline.json_valid(body text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
BEGIN
    PERFORM body::jsonb;
    RETURN true;
EXCEPTION WHEN others THEN
    RETURN false;
END $$;

CREATE TABLE events (
    plant         integer NOT NULL REFERENCES plants,
    seq           bigint NOT NULL CHECK (seq >= 1),  -- 1, 2, 3, ... per plant; never reused
    id            uuid NOT NULL,                     -- the event's UUIDv7
    serial        text COLLATE "C" NOT NULL,
    kind          text COLLATE "C" NOT NULL,         -- event_kind_name
    stage         text NOT NULL,
    station       text NOT NULL,
    stamp         text NOT NULL,
    terminal_time bigint NOT NULL,    -- Unix ms, the terminal's clock at the act
    received_at   bigint NOT NULL,    -- Unix ms, the server's clock at acceptance
    canonical     text NOT NULL,      -- canonical_event(): the bytes the chain hashes
    hash          text NOT NULL,      -- chain_hash(previous row's hash, canonical)
    PRIMARY KEY (plant, seq),
    UNIQUE (plant, id)
);

CREATE TABLE quarantine (
    plant       integer NOT NULL REFERENCES plants,
    n           bigint NOT NULL,      -- 1, 2, 3, ... in the order refused
    id          uuid NOT NULL,
    received_at bigint NOT NULL,
    station     text NOT NULL,        -- the posting terminal's station; '' for office posts
    reason      text NOT NULL,        -- refusal_code
    message     text NOT NULL,
    event_json  text NOT NULL,        -- the event as received (event_to_json)
    resolved    boolean NOT NULL DEFAULT false,
    resolution  text NOT NULL DEFAULT '',
    resolved_by text NOT NULL DEFAULT '',
    PRIMARY KEY (plant, id),
    UNIQUE (plant, n)
);
CREATE INDEX quarantine_open ON quarantine (plant) WHERE NOT resolved;

CREATE TABLE stamps (
    plant           integer NOT NULL REFERENCES plants,
    id              text COLLATE "C" NOT NULL,
    holder          text NOT NULL,
    stages          text NOT NULL,    -- JSON array of stage codes
    status          text NOT NULL,    -- stamp_status_name
    attestation_due text NOT NULL,    -- YYYY-MM-DD
    badge_issue     bigint NOT NULL,
    pin_hash        text NOT NULL,    -- argon2id string; '' when no PIN is set
    PRIMARY KEY (plant, id)
);

-- A token's plant: NULL for a head-office token (auditor or admin of every plant).
CREATE TABLE tokens (
    secret_hash text COLLATE "C" PRIMARY KEY,  -- SHA-256 hex of the secret, never the secret
    id          text COLLATE "C" NOT NULL UNIQUE,
    plant       integer REFERENCES plants,
    role        text NOT NULL,        -- role_name
    station     text NOT NULL,
    label       text NOT NULL,
    created_at  bigint NOT NULL,      -- Unix ms
    revoked     boolean NOT NULL DEFAULT false,
    CHECK (plant IS NOT NULL OR role IN ('auditor', 'admin'))
);
CREATE INDEX tokens_by_plant ON tokens (plant, created_at, id);

CREATE TABLE corrective_action_log (
    plant       integer NOT NULL REFERENCES plants,
    seq         bigint NOT NULL,      -- 1, 2, 3, ... per plant in append order
    action_id   text COLLATE "C" NOT NULL,  -- e.g. 'CA-2026-001'
    kind        text NOT NULL CHECK (kind IN ('created', 'status', 'verification')),
    body        text NOT NULL CHECK (stampline.json_valid(body)),  -- a JSON object
    recorded_at bigint NOT NULL,      -- Unix ms, the server's clock
    recorded_by text NOT NULL,        -- actor, e.g. 'auditor:t-3f9a2c'
    PRIMARY KEY (plant, seq)
);
CREATE INDEX corrective_action_log_by_action ON corrective_action_log (plant, action_id, seq);
CREATE UNIQUE INDEX corrective_action_created_once ON corrective_action_log (plant, action_id)
    WHERE kind = 'created';

CREATE TABLE procedure_audit (
    plant       integer NOT NULL REFERENCES plants,
    id          bigint NOT NULL,      -- 1, 2, 3, ... per plant in record order
    serial      text COLLATE "C" NOT NULL,  -- the audited unit; '' when on a stamp holder only
    stamp       text COLLATE "C" NOT NULL,  -- the audited holder's stamp id; '' when on a unit only
    result      text NOT NULL CHECK (result IN ('pass', 'finding')),
    text        text NOT NULL,        -- the finding, or a note ('' allowed for a pass)
    actor       text NOT NULL,
    recorded_at bigint NOT NULL,
    CHECK (serial <> '' OR stamp <> ''),
    CHECK (result = 'pass' OR text <> ''),
    PRIMARY KEY (plant, id)
);
CREATE INDEX procedure_audit_by_serial ON procedure_audit (plant, serial, id);
CREATE INDEX procedure_audit_by_stamp ON procedure_audit (plant, stamp, id);

-- A repeat of the same id and text is kept once: by the text's SHA-256, as a btree entry cannot
-- hold a long text.
CREATE TABLE id_conflicts (
    plant       integer NOT NULL REFERENCES plants,
    n           bigint NOT NULL,      -- 1, 2, 3, ... in the order first posted
    id          uuid NOT NULL,
    received_at bigint NOT NULL,
    station     text NOT NULL,
    text        text NOT NULL,        -- the event as posted (canonical)
    stored_text text NOT NULL,        -- what the log or the quarantine holds for the id
    text_sha256 text COLLATE "C" NOT NULL,
    PRIMARY KEY (plant, n),
    UNIQUE (plant, id, text_sha256)
);

CREATE TABLE complaint_log (
    plant        integer NOT NULL REFERENCES plants,
    seq          bigint NOT NULL,     -- 1, 2, 3, ... per plant in append order
    complaint_id text COLLATE "C" NOT NULL,  -- e.g. 'CL-2026-001'
    kind         text NOT NULL,
    body         text NOT NULL CHECK (stampline.json_valid(body)),
    recorded_at  bigint NOT NULL,
    recorded_by  text NOT NULL,
    hash         text NOT NULL,       -- chain_hash(previous entry's hash, complaint_entry_text)
    PRIMARY KEY (plant, seq)
);
CREATE INDEX complaint_log_by_complaint ON complaint_log (plant, complaint_id, seq);
CREATE UNIQUE INDEX complaint_registered_once ON complaint_log (plant, complaint_id)
    WHERE kind = 'registered';

CREATE TABLE crm_deliveries (
    plant     integer NOT NULL REFERENCES plants,
    n         bigint NOT NULL,        -- 1, 2, 3, ... in the order tried
    entry_seq bigint NOT NULL,        -- the complaint_log entry told
    attempt   integer NOT NULL CHECK (attempt >= 1),
    at        bigint NOT NULL,
    delivered boolean NOT NULL,
    detail    text NOT NULL,          -- 'HTTP 200', 'connection refused', ...
    PRIMARY KEY (plant, n)
);

-- The analyses' facts beside the log (pg_facts.h). A unit's number orders the units of a plant
-- by their first event (a plant's inserts are serialised by its lock).
CREATE TABLE units (
    unit          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    plant         integer NOT NULL REFERENCES plants,
    serial        text COLLATE "C" NOT NULL,
    product_type  text COLLATE "C" NOT NULL,  -- of its sheet; '' before it is issued
    stages_signed integer NOT NULL,   -- stage sign-offs: the unit is at this route stage
    on_hold       boolean NOT NULL,
    UNIQUE (plant, serial)
);
CREATE INDEX units_by_progress ON units (plant, product_type, stages_signed, on_hold);

CREATE TABLE facts (
    unit          bigint NOT NULL,    -- units.unit
    seq           bigint NOT NULL,    -- events.seq
    plant         integer NOT NULL REFERENCES plants,
    kind          text NOT NULL,
    id            uuid NOT NULL,
    sheet_version integer NOT NULL,
    stage         text NOT NULL,
    station       text NOT NULL,
    stamp         text NOT NULL,
    actor         text NOT NULL,
    terminal_time bigint NOT NULL,
    corrected     boolean NOT NULL,   -- act_time is the terminal's corrected time
    act_time      bigint NOT NULL,
    product_type  text,               -- sheet_issued
    order_no      text,
    new_version   integer,            -- sheet_reprinted
    passed        boolean,            -- stage_accepted: every check passed
    code          text,               -- nc_raised
    severity      text,
    origin_stage  text,
    quantity      integer,
    disposition   text,
    found         text,
    field_stage   text,
    nc            uuid,               -- nc_corrected, nc_verified: the NC's id
    reason        text,               -- unit_held
    PRIMARY KEY (unit, seq)
);
CREATE INDEX facts_by_time ON facts (plant, act_time, unit);

CREATE TABLE kept_figures (
    plant    integer NOT NULL REFERENCES plants,
    key      text COLLATE "C" NOT NULL,
    position bigint NOT NULL,         -- the log's last seq they were derived at
    text     text NOT NULL,
    PRIMARY KEY (plant, key)
);

CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events FOR EACH ROW
    EXECUTE FUNCTION stampline.refuse_change('the event log is append-only');
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events FOR EACH STATEMENT
    EXECUTE FUNCTION stampline.refuse_change('the event log is append-only');
CREATE TRIGGER facts_append_only BEFORE UPDATE OR DELETE ON facts FOR EACH ROW
    EXECUTE FUNCTION stampline.refuse_change('the facts of the event log are append-only');
CREATE TRIGGER facts_no_truncate BEFORE TRUNCATE ON facts FOR EACH STATEMENT
    EXECUTE FUNCTION stampline.refuse_change('the facts of the event log are append-only');
CREATE TRIGGER corrective_action_log_append_only BEFORE UPDATE OR DELETE ON corrective_action_log
    FOR EACH ROW EXECUTE FUNCTION stampline.refuse_change('the corrective action log is append-only');
CREATE TRIGGER corrective_action_log_no_truncate BEFORE TRUNCATE ON corrective_action_log
    FOR EACH STATEMENT EXECUTE FUNCTION stampline.refuse_change('the corrective action log is append-only');
CREATE TRIGGER procedure_audit_append_only BEFORE UPDATE OR DELETE ON procedure_audit FOR EACH ROW
    EXECUTE FUNCTION stampline.refuse_change('the procedure audits are append-only');
CREATE TRIGGER procedure_audit_no_truncate BEFORE TRUNCATE ON procedure_audit FOR EACH STATEMENT
    EXECUTE FUNCTION stampline.refuse_change('the procedure audits are append-only');
CREATE TRIGGER id_conflicts_append_only BEFORE UPDATE OR DELETE ON id_conflicts FOR EACH ROW
    EXECUTE FUNCTION stampline.refuse_change('the id conflicts are append-only');
CREATE TRIGGER id_conflicts_no_truncate BEFORE TRUNCATE ON id_conflicts FOR EACH STATEMENT
    EXECUTE FUNCTION stampline.refuse_change('the id conflicts are append-only');
CREATE TRIGGER complaint_log_append_only BEFORE UPDATE OR DELETE ON complaint_log FOR EACH ROW
    EXECUTE FUNCTION stampline.refuse_change('the complaint log is append-only');
CREATE TRIGGER complaint_log_no_truncate BEFORE TRUNCATE ON complaint_log FOR EACH STATEMENT
    EXECUTE FUNCTION stampline.refuse_change('the complaint log is append-only');
CREATE TRIGGER crm_deliveries_append_only BEFORE UPDATE OR DELETE ON crm_deliveries FOR EACH ROW
    EXECUTE FUNCTION stampline.refuse_change('the CRM delivery log is append-only');
CREATE TRIGGER crm_deliveries_no_truncate BEFORE TRUNCATE ON crm_deliveries FOR EACH STATEMENT
    EXECUTE FUNCTION stampline.refuse_change('the CRM delivery log is append-only');
)sql",
};

static_assert(kMigrations.size() == kPgSchemaVersion,
              "kPgSchemaVersion must equal the number of migrations");

// What schema `stampline` holds before migrating.
struct Found {
    bool schema = false;       // the schema exists
    std::int64_t objects = 0;  // tables, indexes, sequences, functions in it
    std::int64_t version = 0;  // from meta; 0 when there is no meta table
};

Result<Found> inspect(Connection& db) {
    Found found;
    Result<Rows> rows = db.query(
        "SELECT n.oid IS NOT NULL, "
        "coalesce((SELECT count(*) FROM pg_class c WHERE c.relnamespace = n.oid), 0) + "
        "coalesce((SELECT count(*) FROM pg_proc p WHERE p.pronamespace = n.oid), 0), "
        "to_regclass('stampline.meta') IS NOT NULL "
        "FROM (SELECT (SELECT oid FROM pg_namespace WHERE nspname = 'stampline') AS oid) n");
    if (!rows) return rows.error();
    found.schema = rows->boolean(0, 0);
    found.objects = rows->int64(0, 1);
    const bool has_meta = rows->boolean(0, 2);
    if (!found.schema || found.objects == 0) return found;

    const auto foreign = [&](const std::string& why) {
        return Status(Code::Corruption, db.name() +
                                            " has a schema stampline of another application (" +
                                            why + ", " + std::to_string(found.objects) +
                                            " schema objects), not a stampline database");
    };
    if (!has_meta) return foreign("no meta table");
    Result<Rows> meta = db.query(
        "SELECT (SELECT value FROM stampline.meta WHERE key = 'application'), "
        "(SELECT value FROM stampline.meta WHERE key = 'schema_version')");
    if (!meta) return meta.error();
    if (meta->is_null(0, 0) || meta->text(0, 0) != "stampline")
        return foreign("application '" + meta->str(0, 0) + "'");
    const std::string_view text = meta->text(0, 1);
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), found.version);
    if (ec != std::errc() || end != text.data() + text.size() || found.version < 1) {
        return Status(Code::Corruption, db.name() + " has schema version '" + std::string(text) +
                                            "', which none has");
    }
    if (found.version > kPgSchemaVersion) {
        return invalid(db.name() + " has schema version " + std::to_string(found.version) +
                       "; this stampline knows up to " + std::to_string(kPgSchemaVersion) +
                       ": upgrade stampline");
    }
    return found;
}

Status migrate_in_transaction(Connection& db, bool create_if_missing) {
    Result<Found> found = inspect(db);
    if (!found) return found.error();
    if (found->version == 0 && !create_if_missing)
        return not_found(db.name() + " has no stampline schema");
    if (found->version == kPgSchemaVersion) return Status::ok();
    if (Status s = db.exec("CREATE SCHEMA IF NOT EXISTS stampline"); !s) return s;
    for (auto v = found->version; v < kPgSchemaVersion; ++v) {
        if (Status s = db.exec(kMigrations[static_cast<std::size_t>(v)]); !s)
            return Status(s.code(),
                          "schema migration " + std::to_string(v + 1) + ": " + s.message());
    }
    Result<Rows> set = db.query(
        "INSERT INTO stampline.meta (key, value) VALUES ('application', 'stampline'), "
        "('schema_version', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        Params().text(std::to_string(kPgSchemaVersion)));
    return set.status();
}

Result<std::int64_t> plant_id(Connection& db, const std::string& plant, bool create_if_missing) {
    Result<Rows> found =
        db.query("SELECT id FROM stampline.plants WHERE code = $1", Params().text(plant));
    if (!found) return found.error();
    if (found->size() == 1) return found->int64(0, 0);
    if (!create_if_missing) return not_found(db.name() + " has no plant " + plant);
    Result<Rows> made = db.query(
        "INSERT INTO stampline.plants (code, created_at) "
        "VALUES ($1, (extract(epoch FROM statement_timestamp()) * 1000)::bigint) RETURNING id",
        Params().text(plant));
    if (!made) return made.error();
    return made->int64(0, 0);
}

}  // namespace

Status check_durable(Connection& db) {
    Result<Rows> fsync = db.query("SELECT current_setting('fsync')");
    if (!fsync) return fsync.error();
    if (fsync->text(0, 0) != "on") {
        return invalid("the PostgreSQL server of " + db.name() +
                       " runs with fsync = " + fsync->str(0, 0) +
                       ": a committed event could be lost in a power failure; set fsync = on");
    }
    return Status::ok();
}

Result<std::int64_t> prepare_database(Connection& db, const std::string& plant,
                                      bool create_if_missing) {
    if (Status s = db.exec("BEGIN ISOLATION LEVEL READ COMMITTED"); !s) return s;
    Result<std::int64_t> id = [&]() -> Result<std::int64_t> {
        Result<Rows> locked =
            db.query("SELECT pg_advisory_xact_lock($1::integer, 0)", Params().int64(kLockKey));
        if (!locked) return locked.error();
        if (Status s = migrate_in_transaction(db, create_if_missing); !s) return s;
        return plant_id(db, plant, create_if_missing);
    }();
    if (!id) {
        db.exec("ROLLBACK");  // best effort: the failure above is what the caller needs
        return id;
    }
    if (Status c = db.exec("COMMIT"); !c) return c;
    return id;
}

}  // namespace stampline::server::pg
