-- TOTP second factor (RFC 6238; src/auth/totp.h, docs/security.md). One row
-- per account that started enrolment; `enabled` once a first code confirmed it.

-- The shared secret is kept in clear: verifying a code needs it, and a hash
-- would not do. A copy of the database therefore yields the second factor of
-- every account (not the password, which stays argon2id), see docs/security.md.
CREATE TABLE totp (
  user_id    INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  secret     BLOB NOT NULL,               -- 20 random bytes (libsodium)
  enabled    INTEGER NOT NULL DEFAULT 0,  -- 0: enrolment started, 1: required at sign-in
  -- The newest time step (Unix seconds / 30) a code was accepted for; a code
  -- of this step or an earlier one is refused, so each code works once.
  last_step  INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,               -- RFC 3339 UTC: enrolment started
  enabled_at TEXT,                        -- RFC 3339 UTC: confirmed
  CHECK (enabled IN (0, 1))
) WITHOUT ROWID;
