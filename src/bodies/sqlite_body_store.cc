#include "bodies/sqlite_body_store.h"

#include "audit/sqlite_audit_log.h"
#include "core/time.h"

namespace tanzim::bodies {
namespace {

#define TANZIM_BODY_COLUMNS                                                                    \
  "b.id, b.kind, b.territory_code, b.parent_id, b.name_ar, b.name_fr, b.status, b.founded_on," \
  " b.activated_on, b.dissolved_on, b.founds_kind, b.founded_body_id, b.created_at, b.updated_at"

#define TANZIM_POSITION_SELECT                                                         \
  "SELECT p.id, p.body_id, p.person_id, p.role, p.from_date, p.to_date, p.created_at," \
  " p.updated_at, pe.name_ar, pe.name_latin, b.name_ar, b.name_fr, b.kind"             \
  " FROM positions p JOIN people pe ON pe.id = p.person_id JOIN bodies b ON b.id = p.body_id "

// Values in the store were written by this module, so a name it cannot parse
// means a damaged row; it reads as the most neutral value rather than failing.
Body ReadBody(const store::Statement& row) {
  Body b;
  b.id = row.Int(0);
  b.kind = ParseKind(row.Text(1)).value_or(Kind::kCommittee);
  b.territory_code = row.OptText(2);
  b.parent_id = row.OptInt(3);
  b.name_ar = row.Text(4);
  b.name_fr = row.Text(5);
  b.status = ParseStatus(row.Text(6)).value_or(BodyStatus::kDissolved);
  b.founded_on = row.OptText(7);
  b.activated_on = row.OptText(8);
  b.dissolved_on = row.OptText(9);
  if (const auto founds = row.OptText(10)) b.founds_kind = ParseKind(*founds);
  b.founded_body_id = row.OptInt(11);
  b.created_at = row.Text(12);
  b.updated_at = row.Text(13);
  return b;
}

Position ReadPosition(const store::Statement& row) {
  Position p;
  p.id = row.Int(0);
  p.body_id = row.Int(1);
  p.person_id = row.Int(2);
  p.role = ParseRole(row.Text(3)).value_or(Role::kMember);
  p.from = row.Text(4);
  p.to = row.OptText(5);
  p.created_at = row.Text(6);
  p.updated_at = row.Text(7);
  p.person_name_ar = row.OptText(8);
  p.person_name_latin = row.OptText(9);
  p.body_name_ar = row.Text(10);
  p.body_name_fr = row.Text(11);
  p.body_kind = ParseKind(row.Text(12)).value_or(Kind::kCommittee);
  return p;
}

std::optional<std::string> KindText(const std::optional<Kind>& kind) {
  if (!kind) return std::nullopt;
  return std::string(KindName(*kind));
}

template <typename T, typename Read>
Result<std::vector<T>> ReadAll(store::Statement& stmt, Read read) {
  std::vector<T> out;
  while (true) {
    auto row = stmt.Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    out.push_back(read(stmt));
  }
  return out;
}

Result<std::optional<Body>> FindOn(store::Connection& conn, int64_t id) {
  auto stmt = conn.Prepare("SELECT " TANZIM_BODY_COLUMNS " FROM bodies b WHERE b.id = ?");
  if (!stmt.ok()) return std::move(stmt).error();
  auto row = (*stmt)->Bind(1, id).Step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return std::optional<Body>();
  return std::optional<Body>(ReadBody(**stmt));
}

Result<std::optional<Position>> FindPositionOn(store::Connection& conn, int64_t id) {
  auto stmt = conn.Prepare(TANZIM_POSITION_SELECT "WHERE p.id = ?");
  if (!stmt.ok()) return std::move(stmt).error();
  auto row = (*stmt)->Bind(1, id).Step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return std::optional<Position>();
  return std::optional<Position>(ReadPosition(**stmt));
}

// The end of the range of paths below `path`: '/' is followed by '0' in
// code-point order, so [path, upper) holds exactly the paths it prefixes,
// with no LIKE wildcards to escape.
std::string PathUpperBound(std::string path) {
  if (!path.empty() && path.back() == '/') path.back() = '0';
  return path;
}

class SqliteBodyWriter final : public BodyWriter {
 public:
  explicit SqliteBodyWriter(store::Connection& conn) : conn_(conn) {}

  Result<std::optional<Body>> Find(int64_t id) override { return FindOn(conn_, id); }

  Result<std::optional<Body>> FindLive(Kind kind, const std::string& territory_code) override {
    auto stmt = conn_.Prepare("SELECT " TANZIM_BODY_COLUMNS
                              " FROM bodies b WHERE b.kind = ? AND b.territory_code = ?"
                              " AND b.status <> 'dissolved' ORDER BY b.id LIMIT 1");
    if (!stmt.ok()) return std::move(stmt).error();
    auto row = (*stmt)->Bind(1, KindName(kind)).Bind(2, territory_code).Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) return std::optional<Body>();
    return std::optional<Body>(ReadBody(**stmt));
  }

  Result<Body> Insert(const Body& body) override {
    auto stmt = conn_.Prepare(
        "INSERT INTO bodies (kind, territory_code, parent_id, name_ar, name_fr, status,"
        " founded_on, activated_on, dissolved_on, founds_kind, founded_body_id, created_at,"
        " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)");
    if (!stmt.ok()) return std::move(stmt).error();
    Body stored = body;
    stored.created_at = stored.updated_at = UtcNowRfc3339();
    BindBody(**stmt, stored).Bind(12, stored.created_at);
    TANZIM_RETURN_IF_ERROR((*stmt)->Run());
    stored.id = conn_.LastInsertId();
    return stored;
  }

  Status Update(const Body& body) override {
    auto stmt = conn_.Prepare(
        "UPDATE bodies SET kind = ?1, territory_code = ?2, parent_id = ?3, name_ar = ?4,"
        " name_fr = ?5, status = ?6, founded_on = ?7, activated_on = ?8, dissolved_on = ?9,"
        " founds_kind = ?10, founded_body_id = ?11, updated_at = ?12 WHERE id = ?13");
    if (!stmt.ok()) return std::move(stmt).error();
    BindBody(**stmt, body).Bind(12, UtcNowRfc3339()).Bind(13, body.id);
    return (*stmt)->Run();
  }

  Status Remove(int64_t id) override {
    auto stmt = conn_.Prepare("DELETE FROM bodies WHERE id = ?");
    if (!stmt.ok()) return std::move(stmt).error();
    return (*stmt)->Bind(1, id).Run();
  }

  Status AddEvent(int64_t body_id, const BodyEvent& event) override {
    auto stmt = conn_.Prepare(
        "INSERT INTO body_events (body_id, action, on_date, reason, actor_id, at)"
        " VALUES (?, ?, ?, ?, ?, ?)");
    if (!stmt.ok()) return std::move(stmt).error();
    return (*stmt)
        ->Bind(1, body_id)
        .Bind(2, event.action)
        .Bind(3, event.on)
        .Bind(4, event.reason)
        .Bind(5, event.actor_id)
        .Bind(6, event.at)
        .Run();
  }

  Result<bool> IsAncestor(int64_t ancestor, int64_t id) override {
    // Walks up from `id`; the depth cap stops a walk even on damaged data.
    auto stmt = conn_.Prepare(
        "WITH RECURSIVE up(id, depth) AS (SELECT ?1, 0 UNION ALL"
        " SELECT b.parent_id, up.depth + 1 FROM bodies b JOIN up ON b.id = up.id"
        " WHERE b.parent_id IS NOT NULL AND up.depth < 64)"
        " SELECT 1 FROM up WHERE id = ?2 LIMIT 1");
    if (!stmt.ok()) return std::move(stmt).error();
    return (*stmt)->Bind(1, id).Bind(2, ancestor).Step();
  }

  Result<bool> HasDependents(int64_t id) override {
    auto stmt = conn_.Prepare(
        "SELECT EXISTS (SELECT 1 FROM bodies WHERE parent_id = ?1 OR founded_body_id = ?1)"
        " OR EXISTS (SELECT 1 FROM positions WHERE body_id = ?1)"
        " OR EXISTS (SELECT 1 FROM memberships WHERE body_id = ?1)");
    if (!stmt.ok()) return std::move(stmt).error();
    auto row = (*stmt)->Bind(1, id).Step();
    if (!row.ok()) return std::move(row).error();
    return *row && (*stmt)->Int(0) != 0;
  }

  Result<std::optional<Position>> FindPosition(int64_t id) override {
    return FindPositionOn(conn_, id);
  }

  Result<std::vector<Position>> Overlapping(int64_t body_id, Role role, const std::string& from,
                                            const std::optional<std::string>& to,
                                            int64_t except_id) override {
    // Two spans meet unless one ends before the other starts; an open end
    // never ends.
    auto stmt = conn_.Prepare(TANZIM_POSITION_SELECT
                              "WHERE p.body_id = ?1 AND p.role = ?2 AND p.id <> ?3"
                              " AND (p.to_date IS NULL OR p.to_date >= ?4)"
                              " AND (?5 IS NULL OR p.from_date <= ?5) ORDER BY p.from_date");
    if (!stmt.ok()) return std::move(stmt).error();
    (*stmt)->Bind(1, body_id).Bind(2, RoleName(role)).Bind(3, except_id).Bind(4, from).Bind(5, to);
    return ReadAll<Position>(**stmt, ReadPosition);
  }

  Result<Position> InsertPosition(const Position& position) override {
    auto stmt = conn_.Prepare(
        "INSERT INTO positions (body_id, person_id, role, from_date, to_date, created_at,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!stmt.ok()) return std::move(stmt).error();
    const std::string now = UtcNowRfc3339();
    TANZIM_RETURN_IF_ERROR((*stmt)
                               ->Bind(1, position.body_id)
                               .Bind(2, position.person_id)
                               .Bind(3, RoleName(position.role))
                               .Bind(4, position.from)
                               .Bind(5, position.to)
                               .Bind(6, now)
                               .Bind(7, now)
                               .Run());
    auto stored = FindPosition(conn_.LastInsertId());
    if (!stored.ok()) return std::move(stored).error();
    if (!*stored) return Error::Internal("position vanished after insert");
    return **stored;
  }

  Status UpdatePosition(const Position& position) override {
    auto stmt = conn_.Prepare(
        "UPDATE positions SET person_id = ?, role = ?, from_date = ?, to_date = ?,"
        " updated_at = ? WHERE id = ?");
    if (!stmt.ok()) return std::move(stmt).error();
    return (*stmt)
        ->Bind(1, position.person_id)
        .Bind(2, RoleName(position.role))
        .Bind(3, position.from)
        .Bind(4, position.to)
        .Bind(5, UtcNowRfc3339())
        .Bind(6, position.id)
        .Run();
  }

  Status RemovePosition(int64_t id) override {
    auto stmt = conn_.Prepare("DELETE FROM positions WHERE id = ?");
    if (!stmt.ok()) return std::move(stmt).error();
    return (*stmt)->Bind(1, id).Run();
  }

  Status Audit(const audit::Entry& entry) override { return audit::Append(conn_, entry); }

  Status EndOpenPositions(int64_t body_id, const std::string& on) override {
    // A position that starts after `on` cannot end on it; it ends when it begins.
    auto stmt = conn_.Prepare(
        "UPDATE positions SET to_date = max(from_date, ?2), updated_at = ?3"
        " WHERE body_id = ?1 AND to_date IS NULL");
    if (!stmt.ok()) return std::move(stmt).error();
    return (*stmt)->Bind(1, body_id).Bind(2, on).Bind(3, UtcNowRfc3339()).Run();
  }

 private:
  // Binds a body's writable columns to ?1…?11.
  static store::Statement& BindBody(store::Statement& s, const Body& b) {
    return s.Bind(1, KindName(b.kind))
        .Bind(2, b.territory_code)
        .Bind(3, b.parent_id)
        .Bind(4, b.name_ar)
        .Bind(5, b.name_fr)
        .Bind(6, StatusName(b.status))
        .Bind(7, b.founded_on)
        .Bind(8, b.activated_on)
        .Bind(9, b.dissolved_on)
        .Bind(10, KindText(b.founds_kind))
        .Bind(11, b.founded_body_id);
  }

  store::Connection& conn_;
};

}  // namespace

Result<std::optional<Body>> SqliteBodyStore::Find(int64_t id) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  return FindOn(**conn, id);
}

Result<std::vector<Body>> SqliteBodyStore::List(const BodyQuery& query) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  // ?5/?6: the territory path range; NULL leaves territory unfiltered.
  auto stmt =
      (*conn)->Prepare("SELECT " TANZIM_BODY_COLUMNS
                       " FROM bodies b WHERE b.id > ?1"
                       " AND (?2 IS NULL OR b.kind = ?2) AND (?3 IS NULL OR b.status = ?3)"
                       " AND (?4 IS NULL OR b.parent_id = ?4)"
                       " AND (?5 IS NULL OR b.territory_code IN"
                       "      (SELECT code FROM territories WHERE path >= ?5 AND path < ?6))"
                       " ORDER BY b.id LIMIT ?7");
  if (!stmt.ok()) return std::move(stmt).error();
  (*stmt)
      ->Bind(1, query.after_id)
      .Bind(2, KindText(query.kind))
      .Bind(3, query.status ? std::optional<std::string>(StatusName(*query.status))
                            : std::optional<std::string>())
      .Bind(4, query.parent_id)
      .Bind(5, query.within_path)
      .Bind(6, query.within_path ? std::optional<std::string>(PathUpperBound(*query.within_path))
                                 : std::optional<std::string>())
      .Bind(7, int64_t{query.limit});
  return ReadAll<Body>(**stmt, ReadBody);
}

Result<std::vector<Body>> SqliteBodyStore::Subtree(int64_t id, int limit) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto stmt = (*conn)->Prepare(
      "WITH RECURSIVE sub(id, depth) AS (SELECT ?1, 0 UNION ALL"
      " SELECT b.id, sub.depth + 1 FROM bodies b JOIN sub ON b.parent_id = sub.id"
      " WHERE sub.depth < 64)"
      " SELECT " TANZIM_BODY_COLUMNS
      " FROM sub JOIN bodies b ON b.id = sub.id ORDER BY sub.depth, b.id LIMIT ?2");
  if (!stmt.ok()) return std::move(stmt).error();
  (*stmt)->Bind(1, id).Bind(2, int64_t{limit});
  return ReadAll<Body>(**stmt, ReadBody);
}

Result<std::vector<BodyEvent>> SqliteBodyStore::Events(int64_t id) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto stmt = (*conn)->Prepare(
      "SELECT action, on_date, reason, actor_id, at FROM body_events WHERE body_id = ?"
      " ORDER BY id");
  if (!stmt.ok()) return std::move(stmt).error();
  (*stmt)->Bind(1, id);
  return ReadAll<BodyEvent>(**stmt, [](const store::Statement& row) {
    return BodyEvent{row.Text(0), row.Text(1), row.OptText(2), row.OptInt(3), row.Text(4)};
  });
}

Result<std::optional<Position>> SqliteBodyStore::FindPosition(int64_t id) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  return FindPositionOn(**conn, id);
}

Result<std::vector<Position>> SqliteBodyStore::PositionsOfBody(int64_t body_id) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  // Current holders first, then the past, latest first.
  auto stmt = (*conn)->Prepare(TANZIM_POSITION_SELECT
                               "WHERE p.body_id = ? ORDER BY p.to_date IS NOT NULL,"
                               " p.from_date DESC, p.id DESC");
  if (!stmt.ok()) return std::move(stmt).error();
  (*stmt)->Bind(1, body_id);
  return ReadAll<Position>(**stmt, ReadPosition);
}

Result<std::vector<Position>> SqliteBodyStore::PositionsOfPerson(int64_t person_id) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto stmt = (*conn)->Prepare(TANZIM_POSITION_SELECT
                               "WHERE p.person_id = ? ORDER BY p.to_date IS NOT NULL,"
                               " p.from_date DESC, p.id DESC");
  if (!stmt.ok()) return std::move(stmt).error();
  (*stmt)->Bind(1, person_id);
  return ReadAll<Position>(**stmt, ReadPosition);
}

Status SqliteBodyStore::Write(const std::function<Status(BodyWriter&)>& work) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto tx = store::Transaction::Begin(**conn);
  if (!tx.ok()) return std::move(tx).error();
  SqliteBodyWriter writer(**conn);
  TANZIM_RETURN_IF_ERROR(work(writer));
  return tx->Commit();
}

}  // namespace tanzim::bodies
