-- Versions and the Marketplace listing (issue 10). The portal has no API for either, so
-- this is the partner's local record of what they did there.

-- Marketplace apps go through review; custom apps do not.
ALTER TABLE apps ADD COLUMN distribution TEXT NOT NULL DEFAULT 'marketplace'
    CHECK (distribution IN ('marketplace', 'custom'));

-- One row per version: the manifest as the partner wrote it (byte for byte) and the state
-- it has reached. The number is also kept as integers so that "higher than every earlier
-- version" is one indexed query, and 1.10.0 sorts after 1.9.0.
CREATE TABLE app_versions (
    id            INTEGER PRIMARY KEY,
    app_id        INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    version       TEXT    NOT NULL,
    major         INTEGER NOT NULL CHECK (major >= 0),
    minor         INTEGER NOT NULL CHECK (minor >= 0),
    patch         INTEGER NOT NULL CHECK (patch >= 0),
    state         TEXT    NOT NULL CHECK (state IN
        ('ready_for_testing', 'promoted', 'in_review', 'approved', 'rejected', 'withdrawn')),
    manifest      TEXT    NOT NULL,
    release_notes TEXT    NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    UNIQUE (app_id, major, minor, patch)
) STRICT;

-- Every move, with when and in which role: the creation has no action.
CREATE TABLE version_transitions (
    id         INTEGER PRIMARY KEY,
    version_id INTEGER NOT NULL REFERENCES app_versions (id) ON DELETE CASCADE,
    action     TEXT CHECK (action IS NULL OR action IN
        ('promote', 'submit', 'approve', 'reject', 'withdraw')),
    state      TEXT    NOT NULL CHECK (state IN
        ('ready_for_testing', 'promoted', 'in_review', 'approved', 'rejected', 'withdrawn')),
    role       TEXT    NOT NULL CHECK (role IN ('owner', 'admin', 'developer')),
    at         INTEGER NOT NULL,
    comments   TEXT
) STRICT;
CREATE INDEX version_transitions_by_version ON version_transitions (version_id, id);

-- The listing: the draft being edited and the snapshot last submitted. Text fields as typed;
-- features as a JSON array; the structured fields as listing.json's text.
CREATE TABLE listings (
    app_id       INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    snapshot     TEXT    NOT NULL CHECK (snapshot IN ('draft', 'submitted')),
    name         TEXT    NOT NULL,
    tagline      TEXT    NOT NULL,
    summary      TEXT    NOT NULL,
    how_it_works TEXT    NOT NULL,
    features     TEXT    NOT NULL,
    details      TEXT    NOT NULL,
    updated_at   INTEGER NOT NULL,
    PRIMARY KEY (app_id, snapshot)
) STRICT;

-- The listing's logo, screenshots (in order) and video, as the partner's files.
CREATE TABLE listing_media (
    app_id    INTEGER NOT NULL,
    snapshot  TEXT    NOT NULL,
    role      TEXT    NOT NULL CHECK (role IN ('logo', 'screenshot', 'video')),
    position  INTEGER NOT NULL CHECK (position >= 0),
    file_name TEXT    NOT NULL,
    bytes     BLOB    NOT NULL,
    PRIMARY KEY (app_id, snapshot, role, position),
    FOREIGN KEY (app_id, snapshot) REFERENCES listings (app_id, snapshot) ON DELETE CASCADE
) STRICT;
