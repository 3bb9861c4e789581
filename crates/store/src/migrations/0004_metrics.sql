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
-- already counts those companies' installs). `source_bits` has 4 for a manual number, 2 for
-- CSV, 1 for REST, over the day's three metrics.
CREATE VIEW resolved_metrics AS
SELECT r.app_id AS app_id,
       r.day AS day,
       r.day - CAST(strftime('%d', r.day * 86400, 'unixepoch') AS INTEGER) + 1 AS month_start,
       max(CASE r.metric WHEN 'views' THEN r.value END) AS views,
       max(CASE r.metric WHEN 'installs' THEN r.value END) AS installs,
       max(CASE r.metric WHEN 'uninstalls' THEN r.value END) AS uninstalls,
       CASE
           WHEN EXISTS (SELECT 1 FROM metric_values c
                        WHERE c.app_id = r.app_id AND c.metric = 'installs'
                          AND c.source = 'csv' AND c.day <= r.day) THEN 0
           ELSE coalesce(max(CASE r.metric WHEN 'baseline' THEN r.value END), 0)
       END AS baseline,
       max(CASE WHEN r.metric <> 'baseline' AND r.source = 'manual' THEN 4 ELSE 0 END)
           + max(CASE WHEN r.metric <> 'baseline' AND r.source = 'csv' THEN 2 ELSE 0 END)
           + max(CASE WHEN r.metric <> 'baseline' AND r.source = 'rest' THEN 1 ELSE 0 END)
           AS source_bits
FROM resolved_values r
GROUP BY r.app_id, r.day;

-- The resolved numbers, kept in step with metric_values by every write (one transaction), so
-- that a series is a range scan. NULL means no source had a number for that day.
CREATE TABLE daily_metrics (
    app_id      INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    day         INTEGER NOT NULL,
    month_start INTEGER NOT NULL,
    views       INTEGER,
    installs    INTEGER,
    uninstalls  INTEGER,
    baseline    INTEGER NOT NULL,
    source_bits INTEGER NOT NULL,
    PRIMARY KEY (app_id, day)
) STRICT, WITHOUT ROWID;

-- The portfolio's partial weeks and months at the edges of a range read days across apps.
CREATE INDEX daily_metrics_by_day ON daily_metrics (day);

-- Weekly (grain 1, Monday first) and monthly (grain 2) sums of daily_metrics, kept in step by
-- the same writes: ten years of one app by week is 520 rows, of a hundred apps by month 12,000.
CREATE TABLE metric_rollups (
    grain           INTEGER NOT NULL CHECK (grain IN (1, 2)),
    app_id          INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    start           INTEGER NOT NULL,
    views           INTEGER NOT NULL,
    installs        INTEGER NOT NULL,
    uninstalls      INTEGER NOT NULL,
    baseline        INTEGER NOT NULL,
    views_days      INTEGER NOT NULL,
    installs_days   INTEGER NOT NULL,
    uninstalls_days INTEGER NOT NULL,
    source_bits     INTEGER NOT NULL,
    PRIMARY KEY (grain, app_id, start)
) STRICT, WITHOUT ROWID;

CREATE INDEX metric_rollups_by_start ON metric_rollups (
    grain, start, views, installs, uninstalls, baseline, views_days, installs_days,
    uninstalls_days, source_bits
);

-- How a rollup row is computed from days: one definition for the migration and every write.
CREATE VIEW rollup_days AS
SELECT app_id, day, 1 AS grain, day - (day + 3) % 7 AS start, views, installs, uninstalls,
       baseline, source_bits
FROM daily_metrics
UNION ALL
SELECT app_id, day, 2, month_start, views, installs, uninstalls, baseline, source_bits
FROM daily_metrics;

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

INSERT INTO metric_rollups
SELECT grain, app_id, start, coalesce(sum(views), 0), coalesce(sum(installs), 0),
       coalesce(sum(uninstalls), 0), sum(baseline), count(views), count(installs),
       count(uninstalls),
       max(source_bits & 4) + max(source_bits & 2) + max(source_bits & 1)
FROM rollup_days
GROUP BY grain, app_id, start;
