-- Every import of a portal CSV: what came in, from which file, covering which days.
CREATE TABLE imports (
    id          INTEGER PRIMARY KEY,
    app_id      INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL CHECK (kind IN ('metrics', 'activity')),
    file_name   TEXT    NOT NULL,
    sha256      TEXT    NOT NULL,
    imported_at INTEGER NOT NULL,
    rows        INTEGER NOT NULL,
    first_day   INTEGER,
    last_day    INTEGER
) STRICT;

CREATE INDEX imports_by_app ON imports (app_id, imported_at);

-- Every daily number as each source gave it. A source's later number for the same app, metric
-- and day replaces its earlier one (re-imports never add up); sources never overwrite each
-- other. `baseline` is the number of companies already installed when REST tracking began.
CREATE TABLE metric_values (
    app_id    INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    metric    TEXT    NOT NULL CHECK (metric IN ('views', 'installs', 'uninstalls', 'baseline')),
    day       INTEGER NOT NULL,
    source    TEXT    NOT NULL CHECK (source IN ('manual', 'csv', 'rest')),
    value     INTEGER NOT NULL CHECK (value >= 0),
    import_id INTEGER REFERENCES imports (id) ON DELETE SET NULL,
    PRIMARY KEY (app_id, metric, day, source)
) STRICT, WITHOUT ROWID;

-- Per app, metric and day, the value of the most trusted source: a partner's manual entry,
-- then the portal's CSV, then what REST snapshots observed. (SQLite takes the bare columns
-- of a min() aggregate from the row that holds the minimum.)
CREATE VIEW resolved_values AS
SELECT app_id, metric, day, value, source,
       min(CASE source WHEN 'manual' THEN 0 WHEN 'csv' THEN 1 ELSE 2 END) AS rank
FROM metric_values
GROUP BY app_id, metric, day;

-- One row per app and day, as the trend views read it. The REST baseline counts towards
-- active installations only when no CSV history of installations reaches back to it (the CSV
-- already counts those companies' installs).
CREATE VIEW resolved_metrics AS
SELECT r.app_id AS app_id,
       r.day AS day,
       (CAST(strftime('%Y', r.day * 86400, 'unixepoch') AS INTEGER) - 1970) * 12
           + CAST(strftime('%m', r.day * 86400, 'unixepoch') AS INTEGER) - 1 AS month,
       max(CASE r.metric WHEN 'views' THEN r.value END) AS views,
       max(CASE r.metric WHEN 'views' THEN r.source END) AS views_source,
       max(CASE r.metric WHEN 'installs' THEN r.value END) AS installs,
       max(CASE r.metric WHEN 'installs' THEN r.source END) AS installs_source,
       max(CASE r.metric WHEN 'uninstalls' THEN r.value END) AS uninstalls,
       max(CASE r.metric WHEN 'uninstalls' THEN r.source END) AS uninstalls_source,
       CASE
           WHEN EXISTS (SELECT 1 FROM metric_values c
                        WHERE c.app_id = r.app_id AND c.metric = 'installs'
                          AND c.source = 'csv' AND c.day <= r.day) THEN 0
           ELSE coalesce(max(CASE r.metric WHEN 'baseline' THEN r.value END), 0)
       END AS baseline
FROM resolved_values r
GROUP BY r.app_id, r.day;

-- The resolved numbers, kept in step with metric_values by every write (one transaction), so
-- that a ten-year series is a range scan. `month` counts months since 1970-01.
CREATE TABLE daily_metrics (
    app_id            INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    day               INTEGER NOT NULL,
    month             INTEGER NOT NULL,
    views             INTEGER,
    views_source      TEXT,
    installs          INTEGER,
    installs_source   TEXT,
    uninstalls        INTEGER,
    uninstalls_source TEXT,
    baseline          INTEGER NOT NULL,
    PRIMARY KEY (app_id, day)
) STRICT, WITHOUT ROWID;

-- The portal's API Call Activity Report, one row per app, day, route, method and status. A
-- re-import replaces the count for the same key (overlapping 30-day reports agree on it).
CREATE TABLE api_calls (
    app_id INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    day    INTEGER NOT NULL,
    method TEXT    NOT NULL,
    route  TEXT    NOT NULL,
    status INTEGER NOT NULL,
    count  INTEGER NOT NULL CHECK (count >= 0),
    PRIMARY KEY (app_id, day, route, method, status)
) STRICT, WITHOUT ROWID;

-- Marks on the trend charts: versions promoted, listing edits, free notes.
CREATE TABLE annotations (
    id         INTEGER PRIMARY KEY,
    app_id     INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    day        INTEGER NOT NULL,
    kind       TEXT    NOT NULL CHECK (kind IN ('release', 'listing', 'note')),
    text       TEXT    NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;

CREATE INDEX annotations_by_app_day ON annotations (app_id, day);

-- Installs and uninstalls already observed by REST snapshots become daily numbers.
INSERT INTO metric_values (app_id, metric, day, source, value)
SELECT app_id,
       CASE WHEN baseline THEN 'baseline' WHEN kind = 'install' THEN 'installs' ELSE 'uninstalls' END,
       at / 86400000, 'rest', count(*)
FROM installation_events
GROUP BY 1, 2, 3;

INSERT INTO daily_metrics SELECT * FROM resolved_metrics;
