-- The organization: bodies and their history, positions, memberships with
-- their history and dues, public mandates, and the organization's settings.
-- Dates are 'YYYY-MM-DD' text, times RFC 3339 text, as in 0001.

-- A body of the party. territory_code is NULL for a national body.
CREATE TABLE bodies (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  kind            TEXT NOT NULL,
  territory_code  TEXT REFERENCES territories (code),
  parent_id       INTEGER REFERENCES bodies (id),
  -- As given, or derived from kind and territory when none was given.
  name_ar         TEXT NOT NULL,
  name_fr         TEXT NOT NULL,
  status          TEXT NOT NULL,  -- preparatory | founded | active | dissolved
  founded_on      TEXT,
  activated_on    TEXT,
  dissolved_on    TEXT,
  -- A preparatory committee: the kind of body it founds, on its territory,
  -- and once founded, that body.
  founds_kind     TEXT,
  founded_body_id INTEGER REFERENCES bodies (id),
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);
CREATE INDEX bodies_by_territory ON bodies (territory_code, kind, status);
CREATE INDEX bodies_by_parent ON bodies (parent_id);
-- One live secretariat of a kind per territory; dissolved ones stay as history.
CREATE UNIQUE INDEX bodies_one_live_secretariat ON bodies (kind, territory_code)
  WHERE kind IN ('regional_secretariat', 'provincial_secretariat', 'local_secretariat')
    AND status <> 'dissolved';

-- Every lifecycle step of a body, in order.
CREATE TABLE body_events (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  body_id    INTEGER NOT NULL REFERENCES bodies (id) ON DELETE CASCADE,
  action     TEXT NOT NULL,  -- create | found | activate | dissolve | close
  on_date    TEXT NOT NULL,
  reason     TEXT,
  actor_id   INTEGER,        -- users.id; kept if the account goes
  at         TEXT NOT NULL
);
CREATE INDEX body_events_by_body ON body_events (body_id, id);

-- A person's role in a body over [from_date, to_date]; to_date NULL while held.
CREATE TABLE positions (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  body_id    INTEGER NOT NULL REFERENCES bodies (id),
  person_id  INTEGER NOT NULL REFERENCES people (id),
  role       TEXT NOT NULL,
  from_date  TEXT NOT NULL,
  to_date    TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK (to_date IS NULL OR to_date >= from_date)
);
CREATE INDEX positions_by_body ON positions (body_id, role, from_date);
CREATE INDEX positions_by_person ON positions (person_id, from_date);

-- A person's membership of the party, held in a body (usually a local or
-- provincial secretariat).
CREATE TABLE memberships (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  person_id       INTEGER NOT NULL REFERENCES people (id),
  body_id         INTEGER NOT NULL REFERENCES bodies (id),
  -- applicant | active | suspended | lapsed | resigned | expelled | rejected
  status          TEXT NOT NULL,
  -- Assigned on approval: region-province-year-sequence, never reused.
  number          TEXT UNIQUE,
  joined_on       TEXT NOT NULL,  -- the application date
  approved_on     TEXT,
  -- The day it last stopped being active; NULL while applicant or active.
  left_on         TEXT,
  dues_paid_until TEXT,
  -- The body's territory (NULL for a national body), copied so that figures
  -- and scope filters read one index.
  territory_code  TEXT REFERENCES territories (code),
  -- The person's, kept equal by the trigger below, for the figures.
  gender          TEXT,
  birth_date      TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);
-- At most one current membership per person.
CREATE UNIQUE INDEX memberships_one_current ON memberships (person_id)
  WHERE status IN ('applicant', 'active', 'suspended');
CREATE INDEX memberships_by_body ON memberships (body_id, status, id);
-- A person's memberships, current and past, in order.
CREATE INDEX memberships_by_person ON memberships (person_id, id);
-- Lists filtered by scope: the memberships of the territories in a subtree.
CREATE INDEX memberships_by_territory ON memberships (territory_code, id);
CREATE INDEX memberships_for_lapse ON memberships (status, dues_paid_until);

CREATE TRIGGER people_keep_memberships AFTER UPDATE OF gender, birth_date ON people
BEGIN
  UPDATE memberships SET gender = NEW.gender, birth_date = NEW.birth_date
   WHERE person_id = NEW.id;
END;

-- Every transition of a membership, with its reason and date.
CREATE TABLE membership_events (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  membership_id INTEGER NOT NULL REFERENCES memberships (id) ON DELETE CASCADE,
  action        TEXT NOT NULL,  -- apply | approve | suspend | reinstate | resign | expel | lapse | reject
  on_date       TEXT NOT NULL,
  reason        TEXT,
  actor_id      INTEGER,
  at            TEXT NOT NULL
);
CREATE INDEX membership_events_by_membership ON membership_events (membership_id, id);

-- The last sequence number handed out per prefix ('03-MOU-2026'); bumped in
-- the approving transaction, so concurrent approvals never share a number.
CREATE TABLE membership_sequences (
  prefix TEXT PRIMARY KEY,
  last   INTEGER NOT NULL
);

-- Dues paid, in centimes of MAD, covering [period_from, period_to].
CREATE TABLE dues_payments (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  membership_id  INTEGER NOT NULL REFERENCES memberships (id) ON DELETE CASCADE,
  amount_centimes INTEGER NOT NULL CHECK (amount_centimes > 0),
  period_from    TEXT NOT NULL,
  period_to      TEXT NOT NULL,
  paid_on        TEXT NOT NULL,
  actor_id       INTEGER,
  created_at     TEXT NOT NULL,
  CHECK (period_to >= period_from)
);
CREATE INDEX dues_by_membership ON dues_payments (membership_id, period_to);

-- An elected office outside the party.
CREATE TABLE mandates (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  person_id      INTEGER NOT NULL REFERENCES people (id),
  institution    TEXT NOT NULL,
  territory_code TEXT NOT NULL REFERENCES territories (code),
  role           TEXT NOT NULL,
  committee      TEXT,  -- for committee_chair: the committee's name
  constituency   TEXT,
  from_date      TEXT NOT NULL,
  to_date        TEXT,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  CHECK (to_date IS NULL OR to_date >= from_date)
);
CREATE INDEX mandates_by_territory ON mandates (territory_code, institution, from_date);
CREATE INDEX mandates_by_person ON mandates (person_id, from_date);

-- Settings an organization chooses (e.g. dues_grace_days).
CREATE TABLE settings (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Member figures (GET /api/v1/stats/members), kept by the triggers below:
-- per territory and calendar month, what changed in that territory's whole
-- subtree. territory_code '' is the whole country, national bodies included.
-- Reading a territory's figures then reads ~10 rows a year instead of every
-- membership below it (bench/NOTES.md: 1M memberships scanned take 300+ ms).
--   approvals     memberships approved in the month
--   lapsed        memberships with status 'lapsed' whose left_on is in the month
--   active_delta  approved minus left; the running sum is "active at month end"
--   women_delta   the same for gender 'f'
--   youth_delta   the same for members under 35: +1 at approval (if under 35 at
--                 the end of that month), -1 at leaving or at the month of the
--                 35th birthday, whichever comes first
CREATE TABLE member_stats_monthly (
  territory_code TEXT NOT NULL,
  month          TEXT NOT NULL,  -- 'YYYY-MM'
  approvals      INTEGER NOT NULL DEFAULT 0,
  lapsed         INTEGER NOT NULL DEFAULT 0,
  active_delta   INTEGER NOT NULL DEFAULT 0,
  women_delta    INTEGER NOT NULL DEFAULT 0,
  youth_delta    INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (territory_code, month)
) WITHOUT ROWID;

-- The codes whose figures a membership counts in: its territory and every
-- territory above it, and '' (national). Triggers cannot hold a WITH clause,
-- hence the fixed joins; the tree is at most four levels deep.
CREATE VIEW member_stats_ancestors (territory_code, code) AS
  SELECT t.code, t.code FROM territories t
  UNION ALL SELECT t.code, t.parent_code FROM territories t WHERE t.parent_code IS NOT NULL
  UNION ALL SELECT t.code, p.parent_code FROM territories t
    JOIN territories p ON p.code = t.parent_code WHERE p.parent_code IS NOT NULL
  UNION ALL SELECT t.code, g.parent_code FROM territories t
    JOIN territories p ON p.code = t.parent_code JOIN territories g ON g.code = p.parent_code
    WHERE g.parent_code IS NOT NULL;

CREATE TRIGGER memberships_stats_insert AFTER INSERT ON memberships
BEGIN
  INSERT INTO member_stats_monthly
      (territory_code, month, approvals, lapsed, active_delta, women_delta, youth_delta)
    SELECT a.code, e.month, e.approvals, e.lapsed, e.active, e.women, e.youth
      FROM (SELECT '' AS code UNION ALL
            SELECT code FROM member_stats_ancestors WHERE territory_code = NEW.territory_code) a,
           (SELECT substr(NEW.approved_on, 1, 7) AS month, 1 AS approvals, 0 AS lapsed, 1 AS active,
                   NEW.gender IS 'f' AS women, NEW.birth_date IS NOT NULL AND substr(NEW.approved_on, 1, 7) < coalesce(min(substr(NEW.left_on, 1, 7), printf('%04d', substr(NEW.birth_date, 1, 4) + 35) || substr(NEW.birth_date, 5, 3)), printf('%04d', substr(NEW.birth_date, 1, 4) + 35) || substr(NEW.birth_date, 5, 3)) AS youth
            UNION ALL
            SELECT substr(NEW.left_on, 1, 7), 0, NEW.status IS 'lapsed', -1, -(NEW.gender IS 'f'), 0
             WHERE NEW.left_on IS NOT NULL
            UNION ALL
            SELECT coalesce(min(substr(NEW.left_on, 1, 7), printf('%04d', substr(NEW.birth_date, 1, 4) + 35) || substr(NEW.birth_date, 5, 3)), printf('%04d', substr(NEW.birth_date, 1, 4) + 35) || substr(NEW.birth_date, 5, 3)), 0, 0, 0, 0, -1
             WHERE NEW.birth_date IS NOT NULL AND substr(NEW.approved_on, 1, 7) < coalesce(min(substr(NEW.left_on, 1, 7), printf('%04d', substr(NEW.birth_date, 1, 4) + 35) || substr(NEW.birth_date, 5, 3)), printf('%04d', substr(NEW.birth_date, 1, 4) + 35) || substr(NEW.birth_date, 5, 3))) e
     WHERE NEW.approved_on IS NOT NULL
    ON CONFLICT (territory_code, month) DO UPDATE SET
      approvals = approvals + excluded.approvals, lapsed = lapsed + excluded.lapsed,
      active_delta = active_delta + excluded.active_delta,
      women_delta = women_delta + excluded.women_delta,
      youth_delta = youth_delta + excluded.youth_delta;
END;

CREATE TRIGGER memberships_stats_delete AFTER DELETE ON memberships
BEGIN
  INSERT INTO member_stats_monthly
      (territory_code, month, approvals, lapsed, active_delta, women_delta, youth_delta)
    SELECT a.code, e.month, -e.approvals, -e.lapsed, -e.active, -e.women, -e.youth
      FROM (SELECT '' AS code UNION ALL
            SELECT code FROM member_stats_ancestors WHERE territory_code = OLD.territory_code) a,
           (SELECT substr(OLD.approved_on, 1, 7) AS month, 1 AS approvals, 0 AS lapsed, 1 AS active,
                   OLD.gender IS 'f' AS women, OLD.birth_date IS NOT NULL AND substr(OLD.approved_on, 1, 7) < coalesce(min(substr(OLD.left_on, 1, 7), printf('%04d', substr(OLD.birth_date, 1, 4) + 35) || substr(OLD.birth_date, 5, 3)), printf('%04d', substr(OLD.birth_date, 1, 4) + 35) || substr(OLD.birth_date, 5, 3)) AS youth
            UNION ALL
            SELECT substr(OLD.left_on, 1, 7), 0, OLD.status IS 'lapsed', -1, -(OLD.gender IS 'f'), 0
             WHERE OLD.left_on IS NOT NULL
            UNION ALL
            SELECT coalesce(min(substr(OLD.left_on, 1, 7), printf('%04d', substr(OLD.birth_date, 1, 4) + 35) || substr(OLD.birth_date, 5, 3)), printf('%04d', substr(OLD.birth_date, 1, 4) + 35) || substr(OLD.birth_date, 5, 3)), 0, 0, 0, 0, -1
             WHERE OLD.birth_date IS NOT NULL AND substr(OLD.approved_on, 1, 7) < coalesce(min(substr(OLD.left_on, 1, 7), printf('%04d', substr(OLD.birth_date, 1, 4) + 35) || substr(OLD.birth_date, 5, 3)), printf('%04d', substr(OLD.birth_date, 1, 4) + 35) || substr(OLD.birth_date, 5, 3))) e
     WHERE OLD.approved_on IS NOT NULL
    ON CONFLICT (territory_code, month) DO UPDATE SET
      approvals = approvals + excluded.approvals, lapsed = lapsed + excluded.lapsed,
      active_delta = active_delta + excluded.active_delta,
      women_delta = women_delta + excluded.women_delta,
      youth_delta = youth_delta + excluded.youth_delta;
END;

-- Only changes that move a figure; the people trigger above lands here when a
-- member's gender or birth date is corrected.
CREATE TRIGGER memberships_stats_update
AFTER UPDATE OF approved_on, left_on, status, gender, birth_date, territory_code ON memberships
WHEN OLD.approved_on IS NOT NEW.approved_on OR OLD.left_on IS NOT NEW.left_on
  OR (OLD.status IS NOT NEW.status AND 'lapsed' IN (OLD.status, NEW.status))
  OR OLD.gender IS NOT NEW.gender OR OLD.birth_date IS NOT NEW.birth_date
  OR OLD.territory_code IS NOT NEW.territory_code
BEGIN
  INSERT INTO member_stats_monthly
      (territory_code, month, approvals, lapsed, active_delta, women_delta, youth_delta)
    SELECT a.code, e.month, -e.approvals, -e.lapsed, -e.active, -e.women, -e.youth
      FROM (SELECT '' AS code UNION ALL
            SELECT code FROM member_stats_ancestors WHERE territory_code = OLD.territory_code) a,
           (SELECT substr(OLD.approved_on, 1, 7) AS month, 1 AS approvals, 0 AS lapsed, 1 AS active,
                   OLD.gender IS 'f' AS women, OLD.birth_date IS NOT NULL AND substr(OLD.approved_on, 1, 7) < coalesce(min(substr(OLD.left_on, 1, 7), printf('%04d', substr(OLD.birth_date, 1, 4) + 35) || substr(OLD.birth_date, 5, 3)), printf('%04d', substr(OLD.birth_date, 1, 4) + 35) || substr(OLD.birth_date, 5, 3)) AS youth
            UNION ALL
            SELECT substr(OLD.left_on, 1, 7), 0, OLD.status IS 'lapsed', -1, -(OLD.gender IS 'f'), 0
             WHERE OLD.left_on IS NOT NULL
            UNION ALL
            SELECT coalesce(min(substr(OLD.left_on, 1, 7), printf('%04d', substr(OLD.birth_date, 1, 4) + 35) || substr(OLD.birth_date, 5, 3)), printf('%04d', substr(OLD.birth_date, 1, 4) + 35) || substr(OLD.birth_date, 5, 3)), 0, 0, 0, 0, -1
             WHERE OLD.birth_date IS NOT NULL AND substr(OLD.approved_on, 1, 7) < coalesce(min(substr(OLD.left_on, 1, 7), printf('%04d', substr(OLD.birth_date, 1, 4) + 35) || substr(OLD.birth_date, 5, 3)), printf('%04d', substr(OLD.birth_date, 1, 4) + 35) || substr(OLD.birth_date, 5, 3))) e
     WHERE OLD.approved_on IS NOT NULL
    ON CONFLICT (territory_code, month) DO UPDATE SET
      approvals = approvals + excluded.approvals, lapsed = lapsed + excluded.lapsed,
      active_delta = active_delta + excluded.active_delta,
      women_delta = women_delta + excluded.women_delta,
      youth_delta = youth_delta + excluded.youth_delta;
  INSERT INTO member_stats_monthly
      (territory_code, month, approvals, lapsed, active_delta, women_delta, youth_delta)
    SELECT a.code, e.month, e.approvals, e.lapsed, e.active, e.women, e.youth
      FROM (SELECT '' AS code UNION ALL
            SELECT code FROM member_stats_ancestors WHERE territory_code = NEW.territory_code) a,
           (SELECT substr(NEW.approved_on, 1, 7) AS month, 1 AS approvals, 0 AS lapsed, 1 AS active,
                   NEW.gender IS 'f' AS women, NEW.birth_date IS NOT NULL AND substr(NEW.approved_on, 1, 7) < coalesce(min(substr(NEW.left_on, 1, 7), printf('%04d', substr(NEW.birth_date, 1, 4) + 35) || substr(NEW.birth_date, 5, 3)), printf('%04d', substr(NEW.birth_date, 1, 4) + 35) || substr(NEW.birth_date, 5, 3)) AS youth
            UNION ALL
            SELECT substr(NEW.left_on, 1, 7), 0, NEW.status IS 'lapsed', -1, -(NEW.gender IS 'f'), 0
             WHERE NEW.left_on IS NOT NULL
            UNION ALL
            SELECT coalesce(min(substr(NEW.left_on, 1, 7), printf('%04d', substr(NEW.birth_date, 1, 4) + 35) || substr(NEW.birth_date, 5, 3)), printf('%04d', substr(NEW.birth_date, 1, 4) + 35) || substr(NEW.birth_date, 5, 3)), 0, 0, 0, 0, -1
             WHERE NEW.birth_date IS NOT NULL AND substr(NEW.approved_on, 1, 7) < coalesce(min(substr(NEW.left_on, 1, 7), printf('%04d', substr(NEW.birth_date, 1, 4) + 35) || substr(NEW.birth_date, 5, 3)), printf('%04d', substr(NEW.birth_date, 1, 4) + 35) || substr(NEW.birth_date, 5, 3))) e
     WHERE NEW.approved_on IS NOT NULL
    ON CONFLICT (territory_code, month) DO UPDATE SET
      approvals = approvals + excluded.approvals, lapsed = lapsed + excluded.lapsed,
      active_delta = active_delta + excluded.active_delta,
      women_delta = women_delta + excluded.women_delta,
      youth_delta = youth_delta + excluded.youth_delta;
END;
