-- The surge detector's episodes as last evaluated, per app and metric: the next evaluation
-- gives an episode that overlaps one of these the same identity, so a revised day that moves
-- an episode's first alert does not make it a new alert. Replaced on every evaluation.
CREATE TABLE surge_episodes (
    app_id    INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    metric    TEXT    NOT NULL CHECK (metric IN ('views', 'installs', 'uninstalls')),
    id        INTEGER NOT NULL,
    start_day INTEGER NOT NULL,
    end_day   INTEGER NOT NULL,
    PRIMARY KEY (app_id, metric, id)
) STRICT, WITHOUT ROWID;
