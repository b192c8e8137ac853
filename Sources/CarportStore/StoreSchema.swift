import GRDB

/// The one ordered list of migrations (GRDB's recommended practice). Constraints live in SQL.
/// Times are REAL seconds since 2001-01-01 UTC (Foundation's reference date, so a `Date` round-trips
/// exactly); sealed columns hold AES-GCM blobs (`Sealer`).
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: connections, vehicles, audit log") { db in
            try db.execute(
                sql: """
                    CREATE TABLE meta (
                        key TEXT PRIMARY KEY NOT NULL,
                        value BLOB NOT NULL
                    ) STRICT;

                    CREATE TABLE connections (
                        id TEXT PRIMARY KEY NOT NULL CHECK (length(id) > 0),
                        smartcar_user_id TEXT NOT NULL CHECK (length(smartcar_user_id) > 0),
                        customer TEXT NOT NULL,
                        mode TEXT NOT NULL CHECK (mode IN ('live', 'simulated', 'test')),
                        scopes TEXT NOT NULL,
                        access_token BLOB NOT NULL CHECK (length(access_token) > 28),
                        refresh_token BLOB NOT NULL CHECK (length(refresh_token) > 28),
                        issued_at REAL NOT NULL,
                        access_expires_at REAL NOT NULL CHECK (access_expires_at >= issued_at),
                        refresh_expires_at REAL NOT NULL CHECK (refresh_expires_at >= issued_at),
                        last_refresh_at REAL,
                        last_refresh_outcome TEXT
                            CHECK (last_refresh_outcome IN ('succeeded', 'transient', 'revoked', 'answer-lost', 'in-flight')),
                        last_refresh_message TEXT,
                        reauth_reason TEXT CHECK (reauth_reason IS NULL OR length(reauth_reason) > 0),
                        created_at REAL NOT NULL,
                        updated_at REAL NOT NULL CHECK (updated_at >= created_at),
                        CHECK ((last_refresh_at IS NULL) = (last_refresh_outcome IS NULL))
                    ) STRICT;

                    CREATE TABLE vehicles (
                        id TEXT PRIMARY KEY NOT NULL CHECK (length(id) > 0),
                        connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
                        make TEXT NOT NULL,
                        model TEXT NOT NULL,
                        year INTEGER NOT NULL CHECK (year BETWEEN 1886 AND 2200),
                        vin TEXT CHECK (vin IS NULL OR length(vin) > 0),
                        last_seen_at REAL
                    ) STRICT;
                    CREATE INDEX vehicles_by_connection ON vehicles(connection_id);

                    CREATE TABLE audit_log (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        at REAL NOT NULL,
                        os_user TEXT NOT NULL CHECK (length(os_user) > 0),
                        action TEXT NOT NULL CHECK (length(action) > 0),
                        connection_id TEXT,
                        vehicle_id TEXT,
                        outcome TEXT NOT NULL CHECK (length(outcome) > 0),
                        detail TEXT
                    ) STRICT;
                    CREATE INDEX audit_log_by_time ON audit_log(at);
                    """)
        }
        // A link stores the connection and its pair right after the code exchange, so what
        // Smartcar has not answered yet is kept as gaps (`LinkGaps.text`) in `pending`
        // (docs/CODEBASE.md, glossary: connection). The Smartcar user id stays NOT NULL: until
        // `/user` is read it holds `LinkGaps.unknownUser` and `pending` says `user` (rebuilding
        // `connections`, with its sealed columns and the vehicles' foreign key, for a nullable
        // column would risk more than it gains). Vehicles get a nullable year: NULL is a year
        // Smartcar did not send or sent out of 1886–2200.
        migrator.registerMigration("v2: pending reads after connect, unknown vehicle years") { db in
            try db.execute(
                sql: """
                    ALTER TABLE connections ADD COLUMN pending TEXT CHECK (pending IS NULL OR length(pending) > 0);

                    CREATE TABLE vehicles_v2 (
                        id TEXT PRIMARY KEY NOT NULL CHECK (length(id) > 0),
                        connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
                        make TEXT NOT NULL,
                        model TEXT NOT NULL,
                        year INTEGER CHECK (year IS NULL OR year BETWEEN 1886 AND 2200),
                        vin TEXT CHECK (vin IS NULL OR length(vin) > 0),
                        last_seen_at REAL
                    ) STRICT;
                    INSERT INTO vehicles_v2 SELECT id, connection_id, make, model, year, vin, last_seen_at FROM vehicles;
                    DROP TABLE vehicles;
                    ALTER TABLE vehicles_v2 RENAME TO vehicles;
                    CREATE INDEX vehicles_by_connection ON vehicles(connection_id);
                    """)
        }
        // Fleet scale (docs/CODEBASE.md): `refresh --due` finds its candidates, and every refresh
        // the links still to complete, by these indexes instead of reading every connection.
        migrator.registerMigration("v3: indexes for picking due refreshes and pending links") { db in
            try db.execute(
                sql: """
                    CREATE INDEX connections_by_access_expiry ON connections(access_expires_at);
                    CREATE INDEX connections_by_refresh_expiry ON connections(refresh_expires_at);
                    CREATE INDEX connections_by_refresh_outcome ON connections(last_refresh_outcome);
                    CREATE INDEX connections_pending ON connections(pending) WHERE pending IS NOT NULL;
                    DROP INDEX vehicles_by_connection;
                    CREATE INDEX vehicles_by_connection ON vehicles(connection_id, id);
                    """)
        }
        // Live data asks nothing a vehicle is known not to give (docs/SMARTCAR.md §5.4): each
        // 501 is remembered per vehicle, and forgotten with the vehicle.
        migrator.registerMigration("v4: readings a vehicle cannot give") { db in
            try db.execute(
                sql: """
                    CREATE TABLE unsupported_readings (
                        vehicle_id TEXT NOT NULL REFERENCES vehicles(id) ON DELETE CASCADE,
                        reading TEXT NOT NULL CHECK (reading IN ('odometer', 'location', 'battery', 'fuel', 'locks')),
                        learnt_at REAL NOT NULL,
                        PRIMARY KEY (vehicle_id, reading)
                    ) WITHOUT ROWID;
                    """)
        }
        // A v3 app's token (docs/SMARTCAR.md §10), sealed like a pair, one per API client id.
        migrator.registerMigration("v5: v3 application tokens") { db in
            try db.execute(
                sql: """
                    CREATE TABLE app_tokens (
                        client_id TEXT PRIMARY KEY NOT NULL,
                        token BLOB NOT NULL,
                        expires_at REAL NOT NULL,
                        fetched_at REAL NOT NULL
                    ) WITHOUT ROWID;
                    """)
        }
        // A v3 app's connection has no pair (docs/SMARTCAR.md §10): `kind` says which a row is,
        // and the token columns are NULL exactly for `v3` rows, which carry `confirmed_at` (when
        // Smartcar last listed them) instead; `reauth_reason` on a v3 row means Smartcar no longer
        // has it. SQLite cannot drop NOT NULL in place, so the table is rebuilt (as v2 did for
        // vehicles): GRDB runs a migration with foreign keys off and checks them all before it
        // commits, so the vehicles keep their connection.
        migrator.registerMigration("v6: connections without a token pair (v3 apps)") { db in
            try db.execute(
                sql: """
                    CREATE TABLE connections_v6 (
                        id TEXT PRIMARY KEY NOT NULL CHECK (length(id) > 0),
                        smartcar_user_id TEXT NOT NULL CHECK (length(smartcar_user_id) > 0),
                        customer TEXT NOT NULL,
                        mode TEXT NOT NULL CHECK (mode IN ('live', 'simulated', 'test')),
                        scopes TEXT NOT NULL,
                        kind TEXT NOT NULL CHECK (kind IN ('classic', 'v3')),
                        access_token BLOB CHECK (length(access_token) > 28),
                        refresh_token BLOB CHECK (length(refresh_token) > 28),
                        issued_at REAL,
                        access_expires_at REAL CHECK (access_expires_at >= issued_at),
                        refresh_expires_at REAL CHECK (refresh_expires_at >= issued_at),
                        confirmed_at REAL,
                        last_refresh_at REAL,
                        last_refresh_outcome TEXT
                            CHECK (last_refresh_outcome IN ('succeeded', 'transient', 'revoked', 'answer-lost', 'in-flight')),
                        last_refresh_message TEXT,
                        reauth_reason TEXT CHECK (reauth_reason IS NULL OR length(reauth_reason) > 0),
                        created_at REAL NOT NULL,
                        updated_at REAL NOT NULL CHECK (updated_at >= created_at),
                        pending TEXT CHECK (pending IS NULL OR length(pending) > 0),
                        CHECK ((last_refresh_at IS NULL) = (last_refresh_outcome IS NULL)),
                        CHECK (
                            CASE kind
                            WHEN 'classic' THEN access_token IS NOT NULL AND refresh_token IS NOT NULL
                                AND issued_at IS NOT NULL AND access_expires_at IS NOT NULL
                                AND refresh_expires_at IS NOT NULL AND confirmed_at IS NULL
                            ELSE access_token IS NULL AND refresh_token IS NULL AND issued_at IS NULL
                                AND access_expires_at IS NULL AND refresh_expires_at IS NULL
                                AND confirmed_at IS NOT NULL AND last_refresh_at IS NULL
                            END)
                    ) STRICT;
                    INSERT INTO connections_v6 (
                        id, smartcar_user_id, customer, mode, scopes, kind, access_token, refresh_token, issued_at,
                        access_expires_at, refresh_expires_at, last_refresh_at, last_refresh_outcome,
                        last_refresh_message, reauth_reason, created_at, updated_at, pending)
                    SELECT id, smartcar_user_id, customer, mode, scopes, 'classic', access_token, refresh_token,
                        issued_at, access_expires_at, refresh_expires_at, last_refresh_at, last_refresh_outcome,
                        last_refresh_message, reauth_reason, created_at, updated_at, pending
                    FROM connections;
                    DROP TABLE connections;
                    ALTER TABLE connections_v6 RENAME TO connections;
                    CREATE INDEX connections_by_access_expiry ON connections(access_expires_at);
                    CREATE INDEX connections_by_refresh_expiry ON connections(refresh_expires_at);
                    CREATE INDEX connections_by_refresh_outcome ON connections(last_refresh_outcome);
                    CREATE INDEX connections_pending ON connections(pending) WHERE pending IS NOT NULL;
                    """)
        }
        // Every audit entry says which machine wrote it (a store shared by several servers).
        migrator.registerMigration("v7: the host of each audit entry") { db in
            try db.execute(
                sql: "ALTER TABLE audit_log ADD COLUMN host TEXT CHECK (host IS NULL OR length(host) > 0)")
        }
        // A change feed for the full-screen UI (several operators share a store): every write to a
        // connection or its vehicles, by any process, gives the connection the next number of one
        // counter, so a poll reads what changed since its mark by index, never the whole fleet.
        // SQLite's recursive triggers are off: the inner UPDATE does not fire its own trigger, and
        // `connections_changed` skips updates that set the number.
        migrator.registerMigration("v8: a change feed") { db in
            try db.execute(
                sql: """
                    CREATE TABLE change_counter (only INTEGER PRIMARY KEY CHECK (only = 1), seq INTEGER NOT NULL) STRICT;
                    INSERT INTO change_counter (only, seq) VALUES (1, 0);
                    ALTER TABLE connections ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
                    CREATE INDEX connections_by_change ON connections(change_seq);
                    CREATE TRIGGER connections_added AFTER INSERT ON connections BEGIN
                        UPDATE change_counter SET seq = seq + 1;
                        UPDATE connections SET change_seq = (SELECT seq FROM change_counter) WHERE id = NEW.id;
                    END;
                    CREATE TRIGGER connections_changed AFTER UPDATE ON connections
                    WHEN NEW.change_seq = OLD.change_seq BEGIN
                        UPDATE change_counter SET seq = seq + 1;
                        UPDATE connections SET change_seq = (SELECT seq FROM change_counter) WHERE id = NEW.id;
                    END;
                    CREATE TRIGGER vehicles_added AFTER INSERT ON vehicles BEGIN
                        UPDATE change_counter SET seq = seq + 1;
                        UPDATE connections SET change_seq = (SELECT seq FROM change_counter) WHERE id = NEW.connection_id;
                    END;
                    CREATE TRIGGER vehicles_changed AFTER UPDATE ON vehicles BEGIN
                        UPDATE change_counter SET seq = seq + 1;
                        UPDATE connections SET change_seq = (SELECT seq FROM change_counter)
                        WHERE id IN (NEW.connection_id, OLD.connection_id);
                    END;
                    CREATE TRIGGER vehicles_removed AFTER DELETE ON vehicles BEGIN
                        UPDATE change_counter SET seq = seq + 1;
                        UPDATE connections SET change_seq = (SELECT seq FROM change_counter) WHERE id = OLD.connection_id;
                    END;
                    """)
        }
        return migrator
    }
}
