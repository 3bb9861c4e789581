-- Deprecation and sunset headers Procore sent on routes an app called, one row per app and
-- route; the latest headers win, the first sighting is kept.
CREATE TABLE deprecation_signals (
    app_id        INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    method        TEXT    NOT NULL,
    path          TEXT    NOT NULL,
    deprecated    INTEGER NOT NULL CHECK (deprecated IN (0, 1)),
    deprecated_at INTEGER,
    sunset_at     INTEGER,
    link          TEXT,
    first_seen    INTEGER NOT NULL,
    last_seen     INTEGER NOT NULL,
    PRIMARY KEY (app_id, method, path)
) STRICT, WITHOUT ROWID;
