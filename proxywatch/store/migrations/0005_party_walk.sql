-- Queries filtered by actor or recipient start from event_parties (queries.py,
-- "party-driven plan"). Each party row carries copies of its event's order key
-- (seq) and its cheap filter columns (type, date_lo, date_hi), so one index
-- walks an actor's events in store order, tests type and dates on the index
-- itself, and reads an events row only for a match; a count of those filters
-- never reads the events table. Rows of older stores are filled from events here.
-- Portable SQL (UPDATE ... FROM: SQLite >= 3.33, PostgreSQL).

ALTER TABLE event_parties ADD COLUMN seq INTEGER;
ALTER TABLE event_parties ADD COLUMN type TEXT;
ALTER TABLE event_parties ADD COLUMN date_lo TEXT;
ALTER TABLE event_parties ADD COLUMN date_hi TEXT;

UPDATE event_parties SET seq = e.seq, type = e.type, date_lo = e.date_lo, date_hi = e.date_hi
FROM events e WHERE e.doc_id = event_parties.doc_id AND e.event_id = event_parties.event_id;

-- the new index starts with the same two columns
DROP INDEX event_parties_actor;

-- backend: sqlite
CREATE INDEX event_parties_walk ON event_parties (actor_id, role, doc_id, seq, event_id, type, date_lo, date_hi);

-- backend: postgres
-- doc_id in "C" order: the order pages are sorted in (PostgresStore.order_collation)
CREATE INDEX event_parties_walk ON event_parties (actor_id, role, doc_id COLLATE "C", seq)
    INCLUDE (event_id, type, date_lo, date_hi);
