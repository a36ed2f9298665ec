-- Incidents fused from events (proxywatch/fuse), their memberships with the
-- reasons of each fusion decision, and the analyst operations (merge/split)
-- replayed on every re-fusion. No foreign keys to events: a replaced document
-- deletes its events, and the next fusion run rewrites the memberships.

CREATE TABLE incidents (
    incident_id   TEXT PRIMARY KEY,
    type          TEXT NOT NULL,
    date          TEXT,
    date_lo       TEXT,
    date_hi       TEXT,
    actor_id      TEXT,
    recipient_id  TEXT,
    place_id      TEXT,
    place_name    TEXT,
    place_country TEXT,
    n_reports     INTEGER NOT NULL,
    body          TEXT NOT NULL
);
CREATE INDEX incidents_date ON incidents (date_lo, date_hi);

CREATE TABLE incident_members (
    doc_id       TEXT NOT NULL,
    event_id     TEXT NOT NULL,
    incident_id  TEXT NOT NULL,
    method       TEXT NOT NULL,
    matched_with TEXT,
    points       INTEGER NOT NULL,
    fields       TEXT NOT NULL,
    PRIMARY KEY (doc_id, event_id)
);
CREATE INDEX incident_members_incident ON incident_members (incident_id);

CREATE TABLE incident_ops (
    seq  INTEGER PRIMARY KEY,
    op   TEXT NOT NULL,
    a    TEXT NOT NULL,
    b    TEXT NOT NULL,
    at   TEXT NOT NULL,
    note TEXT NOT NULL
);
