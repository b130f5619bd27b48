-- The audit trail: one entry per change, written in the change's transaction.
-- Entries are append-only and hash-chained (src/audit/sqlite_audit_log.cc):
-- each `hash` covers the previous entry's hash and this entry's columns, so
-- `tanzim audit verify` finds an entry altered or removed. What changed
-- (before and after, as JSON) lives in audit_payloads, covered by
-- `payload_hash`, so that an erasure can blank personal data and the chain
-- still verifies.

CREATE TABLE audit_payloads (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  before    TEXT,
  after     TEXT,
  erased_at TEXT
);

CREATE TABLE audit_log (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  at           TEXT NOT NULL,     -- RFC 3339 UTC
  actor_id     INTEGER,           -- users.id; NULL for the operator's CLI
  actor_login  TEXT NOT NULL,
  action       TEXT NOT NULL,     -- 'body.create', 'position.update', …
  object_type  TEXT NOT NULL,
  object_id    INTEGER NOT NULL,
  payload_id   INTEGER NOT NULL REFERENCES audit_payloads (id),
  payload_hash BLOB NOT NULL,
  prev_hash    BLOB NOT NULL,
  hash         BLOB NOT NULL
);
CREATE INDEX audit_by_object ON audit_log (object_type, object_id, id);
CREATE INDEX audit_by_actor ON audit_log (actor_id, id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
