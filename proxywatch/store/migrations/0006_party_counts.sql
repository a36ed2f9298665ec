-- How many event_parties rows each (actor id, role) has: the actors list of the API
-- (queries.party_counts) reads these few rows instead of grouping every lineage row
-- (5 M at 1 M events: 1.3-3 s). save_document adds and removes a document's rows in
-- the same transaction, as one net change per key, in key order (no deadlock between
-- two PostgreSQL writers); keys falling to 0 are deleted. check() recounts.
-- Portable SQL: runs on SQLite and PostgreSQL.

CREATE TABLE party_counts (
    actor_id TEXT NOT NULL,
    role     TEXT NOT NULL,
    n        INTEGER NOT NULL,
    PRIMARY KEY (actor_id, role)
);

INSERT INTO party_counts (actor_id, role, n)
SELECT actor_id, role, count(*) FROM event_parties GROUP BY actor_id, role;
