-- The deprecation watch: Procore's reference data with the history of its dates, the routes
-- found in a partner's source code, and the events the alerts notify on.

-- Every revision of a reference document Plumbline accepted. A refused document never gets
-- here, so the latest row of a kind is the one in force.
CREATE TABLE reference_revisions (
    id            INTEGER PRIMARY KEY,
    kind          TEXT    NOT NULL CHECK (kind IN ('openapi', 'legacy')),
    source        TEXT    NOT NULL,
    sha256        TEXT    NOT NULL,
    etag          TEXT,
    last_modified TEXT,
    version       TEXT,
    operations    INTEGER NOT NULL,
    deprecated    INTEGER NOT NULL,
    accepted_at   INTEGER NOT NULL,
    -- The last time a conditional request (or the same file again) confirmed it.
    checked_at    INTEGER NOT NULL
) STRICT;

-- What the revision in force of each kind says, one row per normalized route
-- ("GET /rest/v1.0/projects/{}/rfis"). Replaced whole when a new revision is accepted.
CREATE TABLE reference_operations (
    kind          TEXT    NOT NULL CHECK (kind IN ('openapi', 'legacy')),
    route_key     TEXT    NOT NULL,
    method        TEXT    NOT NULL,
    path          TEXT    NOT NULL,
    summary       TEXT,
    tag           TEXT,
    deprecated    INTEGER NOT NULL CHECK (deprecated IN (0, 1)),
    deprecated_at INTEGER,
    sunset        INTEGER,
    link          TEXT,
    replacement   TEXT,
    support_level TEXT,
    PRIMARY KEY (kind, route_key)
) STRICT, WITHOUT ROWID;

-- The legacy document's changelog entries of the revision in force.
CREATE TABLE reference_changelog (
    route_key TEXT    NOT NULL,
    kind      TEXT    NOT NULL,
    datestamp INTEGER,
    breaking  INTEGER NOT NULL CHECK (breaking IN (0, 1)),
    summary   TEXT    NOT NULL,
    endpoint  TEXT
) STRICT;
CREATE INDEX reference_changelog_route ON reference_changelog (route_key);

-- How each route's facts changed from one accepted revision to the next: never rewritten.
CREATE TABLE reference_changes (
    id          INTEGER PRIMARY KEY,
    route_key   TEXT    NOT NULL,
    change      TEXT    NOT NULL,
    before      INTEGER,
    after       INTEGER,
    seen_at     INTEGER NOT NULL,
    revision_id INTEGER NOT NULL REFERENCES reference_revisions (id)
) STRICT;
CREATE INDEX reference_changes_route ON reference_changes (route_key, seen_at);

-- The last scan of each folder for each app; a new scan of the folder replaces its uses.
CREATE TABLE source_scans (
    app_id        INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    root          TEXT    NOT NULL,
    scanned_at    INTEGER NOT NULL,
    files_scanned INTEGER NOT NULL,
    files_skipped INTEGER NOT NULL,
    PRIMARY KEY (app_id, root)
) STRICT;

-- Procore calls found in the partner's code. `method` is '' when the call did not show it.
CREATE TABLE scanned_uses (
    app_id INTEGER NOT NULL,
    root   TEXT    NOT NULL,
    file   TEXT    NOT NULL,
    line   INTEGER NOT NULL,
    method TEXT    NOT NULL,
    path   TEXT    NOT NULL,
    PRIMARY KEY (app_id, root, file, line, path, method),
    FOREIGN KEY (app_id, root) REFERENCES source_scans (app_id, root) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

-- What the deprecation watch tells the alerts: one row per app and identity, recorded once
-- however often the exposure is evaluated.
CREATE TABLE deprecation_events (
    id          INTEGER PRIMARY KEY,
    app_id      INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL CHECK (kind IN ('new_deprecation', 'sunset_earlier',
                                                 'sunset_milestone', 'calls_after_sunset')),
    route       TEXT    NOT NULL,
    key         TEXT    NOT NULL,
    day         INTEGER NOT NULL,
    milestone   INTEGER,
    sunset      INTEGER,
    message     TEXT    NOT NULL,
    recorded_at INTEGER NOT NULL,
    UNIQUE (app_id, key)
) STRICT;
