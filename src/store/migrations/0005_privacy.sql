-- Personal-data rights (issue #4): the consent ledger, and erasure.
-- An erased person keeps their row (memberships, positions and mandates still
-- point at it, so counts hold) with every identifying column blanked and
-- `erased_at` set; src/privacy/sqlite_privacy_store.cc does the blanking.

ALTER TABLE people ADD COLUMN erased_at TEXT;

-- The texts a person consents to, per purpose, versioned: a change of wording
-- is a new version, and a consent names the exact version it was given to.
CREATE TABLE consent_texts (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  purpose      TEXT NOT NULL,     -- 'membership_data', 'contact', 'publication', …
  version      INTEGER NOT NULL,  -- 1, 2, … per purpose
  text_ar      TEXT NOT NULL,
  text_fr      TEXT NOT NULL,
  text_en      TEXT NOT NULL,
  published_at TEXT NOT NULL,
  UNIQUE (purpose, version)
);

-- The ledger: one row per consent given, withdrawn in place (never deleted).
CREATE TABLE consents (
  id                 INTEGER PRIMARY KEY AUTOINCREMENT,
  person_id          INTEGER NOT NULL REFERENCES people (id),
  text_id            INTEGER NOT NULL REFERENCES consent_texts (id),
  channel            TEXT NOT NULL,  -- paper | web | phone | in_person | import
  given_at           TEXT NOT NULL,
  given_by           INTEGER,        -- users.id of who recorded it; NULL: the operator
  withdrawn_at       TEXT,
  withdrawal_channel TEXT,
  withdrawn_by       INTEGER
);
CREATE INDEX consents_by_person ON consents (person_id, id);
-- A purpose's text is consented to at most once at a time.
CREATE UNIQUE INDEX consents_one_live ON consents (person_id, text_id) WHERE withdrawn_at IS NULL;

-- Erasure keeps the figures: the copy of gender and birth date on memberships
-- stays (birth date cut to its month, all the figures read), so the trigger
-- of 0002 must not follow the person's blanking.
DROP TRIGGER people_keep_memberships;
CREATE TRIGGER people_keep_memberships AFTER UPDATE OF gender, birth_date ON people
WHEN NEW.erased_at IS NULL
BEGIN
  UPDATE memberships SET gender = NEW.gender, birth_date = NEW.birth_date
   WHERE person_id = NEW.id;
END;

-- An erased person is final: no update, and nothing new attached to them.
CREATE TRIGGER people_erased_is_final BEFORE UPDATE ON people
WHEN OLD.erased_at IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'person erased');
END;
CREATE TRIGGER memberships_not_for_erased BEFORE INSERT ON memberships
WHEN (SELECT erased_at FROM people WHERE id = NEW.person_id) IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'person erased');
END;
CREATE TRIGGER positions_not_for_erased BEFORE INSERT ON positions
WHEN (SELECT erased_at FROM people WHERE id = NEW.person_id) IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'person erased');
END;
CREATE TRIGGER mandates_not_for_erased BEFORE INSERT ON mandates
WHEN (SELECT erased_at FROM people WHERE id = NEW.person_id) IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'person erased');
END;
CREATE TRIGGER consents_not_for_erased BEFORE INSERT ON consents
WHEN (SELECT erased_at FROM people WHERE id = NEW.person_id) IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'person erased');
END;
