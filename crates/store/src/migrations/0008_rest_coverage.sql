-- Spans of time an app's REST syncs watched without a gap longer than the store's limit (a
-- sync that changes nothing records no snapshot, so the snapshots cannot say this). A day
-- inside one span was watched from its start to its end: a kind of event the syncs did not
-- see that day is a zero, not a missing day, for the trends and the surge detector.
CREATE TABLE rest_coverage (
    app_id  INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    from_at INTEGER NOT NULL,
    to_at   INTEGER NOT NULL,
    CHECK (from_at <= to_at)
) STRICT;
CREATE INDEX rest_coverage_by_app ON rest_coverage (app_id, to_at);
