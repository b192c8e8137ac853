import PostgresNIO

/// The team store's schema: one ordered list of migrations, numbered on their own (SQLite has its
/// list in CarportStore's `StoreSchema`). Migration 1 is the SQLite store's v1–v8 end state, with
/// the same tables, columns and checks, so sealed values move between backends byte for byte
/// (their additional data names table, row and column). Differences: `double precision` for
/// times (PostgreSQL's `real` is 4 bytes), `bytea`, `text COLLATE "C"` for ids and names (bytewise
/// order, as in SQLite), and the in-flight lease of a refresh (docs/TEAM-STORE.md, "Locks").
enum PostgresSchema {
    struct Migration {
        var version: Int
        var name: String
        var sql: String
    }

    /// Taken with `pg_advisory_xact_lock` before anything else, by every opener: two machines
    /// starting at once migrate one after the other (a concurrent CREATE TABLE IF NOT EXISTS fails).
    static let migrationLock: Int64 = 0x4361_7270_6f72_7431 // "Carport1"

    static let bookkeeping = """
        CREATE TABLE IF NOT EXISTS carport_migrations (
            version integer PRIMARY KEY,
            name text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now(),
            applied_by text NOT NULL
        )
        """

    static let migrations = [
        Migration(version: 1, name: "connections, vehicles, readings, app tokens, audit log, change feed", sql: first)
    ]

    static var latest: Int { migrations.last!.version }

    private static let first = """
        CREATE TABLE meta (
            key text COLLATE "C" PRIMARY KEY,
            value bytea NOT NULL
        );
        CREATE TABLE connections (
            id text COLLATE "C" PRIMARY KEY CHECK (length(id) > 0),
            smartcar_user_id text COLLATE "C" NOT NULL CHECK (length(smartcar_user_id) > 0),
            customer text COLLATE "C" NOT NULL,
            mode text NOT NULL CHECK (mode IN ('live', 'simulated', 'test')),
            scopes text NOT NULL,
            kind text NOT NULL CHECK (kind IN ('classic', 'v3')),
            access_token bytea CHECK (octet_length(access_token) > 28),
            refresh_token bytea CHECK (octet_length(refresh_token) > 28),
            issued_at double precision,
            access_expires_at double precision CHECK (access_expires_at >= issued_at),
            refresh_expires_at double precision CHECK (refresh_expires_at >= issued_at),
            confirmed_at double precision,
            last_refresh_at double precision,
            last_refresh_outcome text
                CHECK (last_refresh_outcome IN ('succeeded', 'transient', 'revoked', 'answer-lost', 'in-flight')),
            last_refresh_message text,
            in_flight_holder text,
            in_flight_until double precision,
            reauth_reason text CHECK (reauth_reason IS NULL OR length(reauth_reason) > 0),
            created_at double precision NOT NULL,
            updated_at double precision NOT NULL CHECK (updated_at >= created_at),
            pending text CHECK (pending IS NULL OR length(pending) > 0),
            change_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
            CHECK ((last_refresh_at IS NULL) = (last_refresh_outcome IS NULL)),
            CHECK ((in_flight_holder IS NULL) = (in_flight_until IS NULL)),
            CHECK (CASE kind
                WHEN 'classic' THEN access_token IS NOT NULL AND refresh_token IS NOT NULL
                    AND issued_at IS NOT NULL AND access_expires_at IS NOT NULL
                    AND refresh_expires_at IS NOT NULL AND confirmed_at IS NULL
                ELSE access_token IS NULL AND refresh_token IS NULL AND issued_at IS NULL
                    AND access_expires_at IS NULL AND refresh_expires_at IS NULL
                    AND confirmed_at IS NOT NULL AND last_refresh_at IS NULL
                END)
        );
        CREATE INDEX connections_by_access_expiry ON connections(access_expires_at);
        CREATE INDEX connections_by_refresh_expiry ON connections(refresh_expires_at);
        CREATE INDEX connections_by_refresh_outcome ON connections(last_refresh_outcome);
        CREATE INDEX connections_pending ON connections(pending) WHERE pending IS NOT NULL;
        CREATE INDEX connections_by_change ON connections(change_xid);
        CREATE TABLE vehicles (
            id text COLLATE "C" PRIMARY KEY CHECK (length(id) > 0),
            connection_id text COLLATE "C" NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
            make text COLLATE "C" NOT NULL,
            model text COLLATE "C" NOT NULL,
            year integer CHECK (year IS NULL OR year BETWEEN 1886 AND 2200),
            vin text CHECK (vin IS NULL OR length(vin) > 0),
            last_seen_at double precision
        );
        CREATE INDEX vehicles_by_connection ON vehicles(connection_id, id);
        CREATE TABLE unsupported_readings (
            vehicle_id text COLLATE "C" NOT NULL REFERENCES vehicles(id) ON DELETE CASCADE,
            reading text NOT NULL CHECK (reading IN ('odometer', 'location', 'battery', 'fuel', 'locks')),
            learnt_at double precision NOT NULL,
            PRIMARY KEY (vehicle_id, reading)
        );
        CREATE TABLE app_tokens (
            client_id text COLLATE "C" PRIMARY KEY,
            token bytea NOT NULL,
            expires_at double precision NOT NULL,
            fetched_at double precision NOT NULL
        );
        CREATE TABLE audit_log (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            at double precision NOT NULL,
            os_user text NOT NULL CHECK (length(os_user) > 0),
            host text CHECK (host IS NULL OR length(host) > 0),
            action text NOT NULL CHECK (length(action) > 0),
            connection_id text,
            vehicle_id text,
            outcome text NOT NULL CHECK (length(outcome) > 0),
            detail text
        );
        CREATE INDEX audit_log_by_time ON audit_log(at);
        -- The change feed: every write to a connection or its vehicles stamps the connection with
        -- the writing transaction's id. A reader's mark is the oldest transaction still running
        -- (`PostgresConnectionStore.changes`), so writers never wait for each other to number
        -- their changes.
        CREATE FUNCTION carport_stamp_connection() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.change_xid := pg_current_xact_id();
            RETURN NEW;
        END $$;
        CREATE TRIGGER connections_stamp BEFORE INSERT OR UPDATE ON connections
            FOR EACH ROW EXECUTE FUNCTION carport_stamp_connection();
        CREATE FUNCTION carport_stamp_vehicle() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP <> 'INSERT' THEN
                UPDATE connections SET change_xid = pg_current_xact_id() WHERE id = OLD.connection_id;
            END IF;
            IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.connection_id <> OLD.connection_id) THEN
                UPDATE connections SET change_xid = pg_current_xact_id() WHERE id = NEW.connection_id;
            END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER vehicles_stamp AFTER INSERT OR UPDATE OR DELETE ON vehicles
            FOR EACH ROW EXECUTE FUNCTION carport_stamp_vehicle();
        """
}
