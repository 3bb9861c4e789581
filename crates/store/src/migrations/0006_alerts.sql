-- Alerts: one row per app and identity, recorded once; `delivery` leaves 'pending'/'held'
-- once, in the transaction that claims the alert for a notification, so the window and the
-- CLI never notify the same alert twice.
CREATE TABLE alerts (
    id          INTEGER PRIMARY KEY,
    app_id      INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL CHECK (kind IN ('surge', 'drop', 'deprecation', 'connection')),
    identity    TEXT    NOT NULL,
    day         INTEGER NOT NULL,
    severity    TEXT    NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
    title       TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    state       TEXT    NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'seen', 'dismissed')),
    delivery    TEXT    NOT NULL DEFAULT 'pending'
                CHECK (delivery IN ('pending', 'held', 'notified', 'digest', 'history', 'muted')),
    created_at  INTEGER NOT NULL,
    notified_at INTEGER,
    UNIQUE (app_id, identity)
) STRICT;
CREATE INDEX alerts_undelivered ON alerts (delivery) WHERE delivery IN ('pending', 'held');

-- What the partner muted: an app (kind NULL), a kind (app NULL), or a kind for one app.
CREATE TABLE alert_mutes (
    app_id INTEGER REFERENCES apps (id) ON DELETE CASCADE,
    kind   TEXT CHECK (kind IN ('surge', 'drop', 'deprecation', 'connection')),
    CHECK (app_id IS NOT NULL OR kind IS NOT NULL)
) STRICT;
-- NULLs are distinct in a UNIQUE constraint; the index folds them so a mute exists once.
CREATE UNIQUE INDEX alert_mutes_once ON alert_mutes (coalesce(app_id, 0), coalesce(kind, ''));

-- When the latest sync error happened, and since when syncs have failed without a success in
-- between: "syncs failing for more than a day" is an alert.
ALTER TABLE accounts ADD COLUMN last_error_at INTEGER;
ALTER TABLE accounts ADD COLUMN failing_since INTEGER;
