-- Foundation: territories, people, accounts and API tokens.
-- Written for SQLite. The PostgreSQL backend (a later issue) keeps the same
-- numbered history with its own spelling of ids (identity) and BYTEA for BLOB.
-- AUTOINCREMENT: an id is never handed out twice, even after the newest row
-- is deleted, since audit entries and links from other modules outlive rows.

CREATE TABLE territories (
  code        TEXT PRIMARY KEY,
  kind        TEXT NOT NULL,
  name_ar     TEXT NOT NULL,
  name_fr     TEXT NOT NULL,
  parent_code TEXT REFERENCES territories (code),
  -- '/MA-03/MA-MOU/' : the codes from the root down to this one, so that
  -- "within a territory" is a prefix test that an index can answer.
  path        TEXT NOT NULL
);
CREATE INDEX territories_by_kind ON territories (kind, code);
CREATE INDEX territories_by_parent ON territories (parent_code, code);

CREATE TABLE people (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  name_ar        TEXT,
  name_latin     TEXT,
  gender         TEXT,
  birth_date     TEXT,
  cin            TEXT,
  phone          TEXT,
  email          TEXT,
  territory_code TEXT NOT NULL REFERENCES territories (code),
  -- Ancestors of territory_code, copied so that scope and territory filters
  -- read one index in collation order instead of sorting a whole region.
  province_code  TEXT NOT NULL,
  region_code    TEXT NOT NULL,
  -- ICU Arabic collation key of the display name; lists page on (sort_key, id).
  sort_key       BLOB NOT NULL,
  -- Case- and accent-folded names, what `q` matches against.
  search_text    TEXT NOT NULL,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  CHECK (name_ar IS NOT NULL OR name_latin IS NOT NULL)
);
CREATE UNIQUE INDEX people_by_cin ON people (cin) WHERE cin IS NOT NULL;
-- The trailing columns let a region page (people_by_name) and a commune page
-- (people_by_province) test their filter inside the index, reading from the
-- table only the rows they return.
CREATE INDEX people_by_name ON people (sort_key, id, region_code);
CREATE INDEX people_by_province ON people (province_code, sort_key, id, territory_code);

CREATE TABLE users (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  login         TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  role          TEXT NOT NULL,
  scope_code    TEXT REFERENCES territories (code),
  disabled      INTEGER NOT NULL DEFAULT 0,
  created_at    TEXT NOT NULL
);

CREATE TABLE api_tokens (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- BLAKE2b-256 of the token: a stolen database yields no usable token.
  token_hash   BLOB NOT NULL UNIQUE,
  created_at   TEXT NOT NULL
);
