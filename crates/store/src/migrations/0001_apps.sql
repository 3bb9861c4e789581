-- The partner's portfolio of Procore apps.
CREATE TABLE apps (
    id             INTEGER PRIMARY KEY,
    display_name   TEXT    NOT NULL CHECK (length(display_name) BETWEEN 1 AND 120),
    procore_app_id TEXT,
    client_id      TEXT,
    environment    TEXT    NOT NULL
        CHECK (environment IN ('production', 'developer-sandbox', 'monthly-sandbox', 'federal')),
    role           TEXT    NOT NULL CHECK (role IN ('owner', 'admin', 'developer')),
    demo           INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1)),
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
) STRICT;

CREATE INDEX apps_by_name ON apps (display_name COLLATE NOCASE, id);

-- Small per-profile preferences (window geometry, whether the demo portfolio was seeded).
-- Never secrets: those live in the OS keychain.
CREATE TABLE preferences (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
