-- Sign-in: browser sessions, sign-in throttling and the sign-in log
-- (src/auth/session_service.h, docs/security.md). Times here are Unix
-- seconds (sessions) or milliseconds (throttle), compared with arithmetic on
-- every request; the log keeps RFC 3339 like the other tables.

-- One row per signed-in browser. Only the BLAKE2b-256 hash of the session id
-- is kept, so a copy of the database signs no one in.
CREATE TABLE sessions (
  id_hash      BLOB PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at   INTEGER NOT NULL,  -- Unix seconds
  last_seen_at INTEGER NOT NULL,  -- Unix seconds, refreshed at most once a minute
  expires_at   INTEGER NOT NULL,  -- created_at + the absolute timeout
  address      TEXT NOT NULL      -- where it signed in from, for the owner and the log
) WITHOUT ROWID;
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

-- Failed sign-ins per key: 'login:<login>' (known or not, so an unknown login
-- is throttled like a known one) and 'address:<client address>'.
CREATE TABLE sign_in_throttle (
  key           TEXT PRIMARY KEY,
  failures      INTEGER NOT NULL,
  blocked_until INTEGER NOT NULL,  -- Unix milliseconds; 0 when not blocked
  updated_at    INTEGER NOT NULL   -- Unix milliseconds of the last failure
) WITHOUT ROWID;
CREATE INDEX sign_in_throttle_by_age ON sign_in_throttle (updated_at);

-- Every sign-in, failure, lockout, sign-out, password change and disabling.
-- Kept apart from the hash-chained audit trail: failures come from anyone on
-- the network, and must not be able to flood the record of data changes.
CREATE TABLE auth_events (
  id       INTEGER PRIMARY KEY AUTOINCREMENT,
  at       TEXT NOT NULL,     -- RFC 3339 UTC
  kind     TEXT NOT NULL,     -- sign_in, sign_in_failed, locked_out, throttled, sign_out,
                              -- password_changed, disabled
  login    TEXT NOT NULL,     -- as typed, for failures of unknown logins too
  user_id  INTEGER,           -- NULL when the login is unknown
  address  TEXT NOT NULL      -- client address; '' for the operator's CLI
);
CREATE INDEX auth_events_by_login ON auth_events (login, id);
