-- Procore connections, one per app. No secrets here: client secrets and tokens live in the
-- OS keychain, keyed by the app id.
CREATE TABLE accounts (
    app_id          INTEGER PRIMARY KEY REFERENCES apps (id) ON DELETE CASCADE,
    environment     TEXT    NOT NULL
        CHECK (environment IN ('production', 'developer-sandbox', 'monthly-sandbox', 'federal', 'custom')),
    login_url       TEXT,
    api_url         TEXT,
    docs_url        TEXT,
    client_id       TEXT    NOT NULL,
    grant_type      TEXT    NOT NULL CHECK (grant_type IN ('client_credentials', 'authorization_code')),
    connected_at    INTEGER NOT NULL,
    last_sync_at    INTEGER,
    last_error_code TEXT,
    last_error      TEXT,
    rate_limit      INTEGER,
    rate_remaining  INTEGER,
    rate_reset      INTEGER,
    CHECK ((environment = 'custom') = (api_url IS NOT NULL))
) STRICT;

-- One row per sync that changed something (and the first one, the baseline).
CREATE TABLE snapshots (
    id         INTEGER PRIMARY KEY,
    app_id     INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    taken_at   INTEGER NOT NULL,
    companies  INTEGER NOT NULL,
    installs   INTEGER NOT NULL,
    uninstalls INTEGER NOT NULL,
    baseline   INTEGER NOT NULL CHECK (baseline IN (0, 1))
) STRICT;

-- The companies where each app was installed at its latest snapshot.
CREATE TABLE installed_companies (
    app_id     INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    company_id INTEGER NOT NULL,
    name       TEXT    NOT NULL,
    is_active  INTEGER NOT NULL CHECK (is_active IN (0, 1)),
    since      INTEGER NOT NULL,
    PRIMARY KEY (app_id, company_id)
) STRICT, WITHOUT ROWID;

-- Installs and uninstalls seen between snapshots. A baseline install means "already
-- installed when tracking began", not an install on that day.
CREATE TABLE installation_events (
    id           INTEGER PRIMARY KEY,
    app_id       INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    snapshot_id  INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    company_id   INTEGER NOT NULL,
    company_name TEXT    NOT NULL,
    kind         TEXT    NOT NULL CHECK (kind IN ('install', 'uninstall')),
    baseline     INTEGER NOT NULL CHECK (baseline IN (0, 1)),
    at           INTEGER NOT NULL
) STRICT;

CREATE INDEX installation_events_by_app_time ON installation_events (app_id, at);
