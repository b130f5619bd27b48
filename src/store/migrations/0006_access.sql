-- Access (issue #4): accounts that act through a person's positions, a
-- sector coordinator's sector, and the log of who read whose full record
-- (docs/permissions.md).

-- The person an account belongs to. An account whose role is 'by_position'
-- has the access its person's current positions grant, and none once they end.
ALTER TABLE users ADD COLUMN person_id INTEGER REFERENCES people (id);
-- A sector coordinator's sector organization: a body kind such as
-- 'womens_organization'. NULL for every other role.
ALTER TABLE users ADD COLUMN sector TEXT;
CREATE INDEX users_by_person ON users (person_id) WHERE person_id IS NOT NULL;

-- Who read whose full record, and when; never what they saw. Written in
-- batches (src/audit/sqlite_read_log.cc), so a killed server loses at most the
-- last second of reads. Kept out of the hash chain: reads are many, and an
-- erasure leaves this log as it is (it holds no personal data but the id).
CREATE TABLE person_reads (
  id        INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,     -- RFC 3339 UTC
  user_id   INTEGER NOT NULL,  -- users.id
  person_id INTEGER NOT NULL,  -- people.id
  what      TEXT NOT NULL      -- 'record' (GET /people/{id}) or 'export'
);
CREATE INDEX person_reads_by_person ON person_reads (person_id, id);
CREATE INDEX person_reads_by_user ON person_reads (user_id, id);
