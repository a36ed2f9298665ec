-- Observed event series imported from datasets (not extracted from articles):
-- one row per dated event (kind 'event'), per cumulative figure as reported
-- (kind 'cumulative') or per interval-censored count (kind 'interval': `count`
-- events happened on the days date_start .. date_end, inclusive, days unknown).
-- Rows of one source are replaced as a whole by a re-import (one transaction).
-- Portable SQL: runs on SQLite and PostgreSQL.

CREATE TABLE observation_sources (
    source       TEXT PRIMARY KEY,
    origin       TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    n_rows       INTEGER NOT NULL,
    imported_at  TEXT NOT NULL
);

CREATE TABLE observations (
    source      TEXT NOT NULL REFERENCES observation_sources (source),
    seq         INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    date_start  TEXT NOT NULL,
    date_end    TEXT NOT NULL,
    type        TEXT NOT NULL,
    actor       TEXT,
    recipient   TEXT,
    lat         DOUBLE PRECISION,
    lon         DOUBLE PRECISION,
    count       DOUBLE PRECISION NOT NULL,
    count_precision TEXT,
    lower_bound INTEGER NOT NULL,
    origin      TEXT,
    note        TEXT,
    PRIMARY KEY (source, seq)
);
CREATE INDEX observations_select ON observations (source, kind, type, date_start);
