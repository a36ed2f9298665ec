-- proxywatch store, first schema. Portable SQL: runs on SQLite and PostgreSQL.
-- Offsets are character offsets into documents.text. `body` columns hold the
-- lossless JSON of the dataclass (proxywatch/store/codec.py); the other
-- columns are copies kept only so that filters can use indexes.

CREATE TABLE proxywatch_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE documents (
    id           TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    text         TEXT NOT NULL,
    clean        TEXT NOT NULL,
    offsets      TEXT NOT NULL,
    meta         TEXT NOT NULL,
    sentences    TEXT NOT NULL,
    stages       TEXT NOT NULL,
    ingested_at  TEXT NOT NULL,
    n_events     INTEGER NOT NULL,
    n_mentions   INTEGER NOT NULL,
    n_relations  INTEGER NOT NULL
);

CREATE TABLE zones (
    doc_id    TEXT NOT NULL REFERENCES documents (id),
    seq       INTEGER NOT NULL,
    start_off INTEGER NOT NULL,
    end_off   INTEGER NOT NULL,
    kind      TEXT NOT NULL,
    label     TEXT NOT NULL,
    PRIMARY KEY (doc_id, seq)
);

CREATE TABLE mentions (
    doc_id    TEXT NOT NULL REFERENCES documents (id),
    seq       INTEGER NOT NULL,
    start_off INTEGER NOT NULL,
    end_off   INTEGER NOT NULL,
    kind      TEXT NOT NULL,
    entity_id TEXT,
    method    TEXT NOT NULL,
    label     TEXT NOT NULL,
    value     TEXT,
    PRIMARY KEY (doc_id, seq)
);
CREATE INDEX mentions_entity ON mentions (entity_id);

CREATE TABLE events (
    doc_id        TEXT NOT NULL REFERENCES documents (id),
    event_id      TEXT NOT NULL,
    seq           INTEGER NOT NULL,
    type          TEXT NOT NULL,
    status        TEXT NOT NULL,
    date          TEXT,
    date_lo       TEXT,
    date_hi       TEXT,
    place_id      TEXT,
    place_name    TEXT,
    place_country TEXT,
    body          TEXT NOT NULL,
    PRIMARY KEY (doc_id, event_id)
);
CREATE INDEX events_order ON events (doc_id, seq);
CREATE INDEX events_type ON events (type);
CREATE INDEX events_date ON events (date_lo, date_hi);
CREATE INDEX events_place ON events (place_id);

-- every id of an event party's lineage, so "actor=irn" finds a Quds Force attack
CREATE TABLE event_parties (
    doc_id   TEXT NOT NULL,
    event_id TEXT NOT NULL,
    role     TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    PRIMARY KEY (doc_id, event_id, role, actor_id),
    FOREIGN KEY (doc_id, event_id) REFERENCES events (doc_id, event_id)
);
CREATE INDEX event_parties_actor ON event_parties (actor_id, role);

CREATE TABLE relations (
    doc_id   TEXT NOT NULL REFERENCES documents (id),
    seq      INTEGER NOT NULL,
    subject  TEXT NOT NULL,
    relation TEXT NOT NULL,
    object   TEXT NOT NULL,
    date     TEXT,
    body     TEXT NOT NULL,
    PRIMARY KEY (doc_id, seq)
);
CREATE INDEX relations_subject ON relations (subject);
CREATE INDEX relations_object ON relations (object);
