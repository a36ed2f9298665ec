-- Free-text search over events (the `q` filter; proxywatch/store/fts.py).
-- `search` holds each event's searchable text already normalised by Python
-- (lower-case letter/digit tokens joined by spaces), so both engines tokenise
-- it exactly alike. Existing events are backfilled by the Python step
-- registered for this migration in sqlbase.py (BACKFILLS).
-- Lines after "-- backend: <name>" run on that backend only (see docs/STORE.md).

ALTER TABLE events ADD COLUMN search TEXT;

-- backend: sqlite
-- FTS5 external-content index over events.search. Its rowid is our own
-- text_id, not the events rowid: VACUUM may renumber the rowids of a table
-- without an INTEGER PRIMARY KEY, which would silently detach the index.
-- (doc_id, seq) ride along so a search sorts its matches from this index alone;
-- text_id is unique by construction (max + 1 under the write lock).
ALTER TABLE events ADD COLUMN text_id INTEGER;
CREATE INDEX events_text_id ON events (text_id, doc_id, seq);
CREATE VIRTUAL TABLE events_fts USING fts5 (
    search, content = 'events', content_rowid = 'text_id', tokenize = 'unicode61 remove_diacritics 0'
);

-- backend: postgres
-- 'simple': no stemming and no stop words, the same words as FTS5 and the memory store
CREATE INDEX events_search ON events USING GIN (to_tsvector('simple'::regconfig, coalesce(search, '')));
