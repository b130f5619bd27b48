#include "mandates/sqlite_mandate_store.h"

#include "audit/sqlite_audit_log.h"

namespace tanzim::mandates {
namespace {

#define TANZIM_MANDATE_COLUMNS                                                               \
  "m.id, m.person_id, m.institution, m.territory_code, m.role, m.committee, m.constituency," \
  " m.from_date, m.to_date, m.created_at, m.updated_at, p.name_ar, p.name_latin, t.kind, t.path"
#define TANZIM_MANDATE_FROM                              \
  " FROM mandates m JOIN people p ON p.id = m.person_id" \
  " JOIN territories t ON t.code = m.territory_code"

MandateRow ReadRow(const store::Statement& row) {
  MandateRow r;
  Mandate& m = r.mandate;
  m.id = row.Int(0);
  m.person_id = row.Int(1);
  m.institution = row.Text(2);
  m.territory_code = row.Text(3);
  m.role = row.Text(4);
  m.committee = row.OptText(5);
  m.constituency = row.OptText(6);
  m.from = row.Text(7);
  m.to = row.OptText(8);
  m.created_at = row.Text(9);
  m.updated_at = row.Text(10);
  m.name_ar = row.OptText(11);
  m.name_latin = row.OptText(12);
  r.place.code = m.territory_code;
  r.place.kind = territory::ParseKind(row.Text(13)).value_or(territory::Kind::kCommune);
  r.place.path = row.Text(14);
  return r;
}

// Binds the writable columns to ?1…?10.
void BindMandate(store::Statement& s, const Mandate& m) {
  s.Bind(1, m.person_id)
      .Bind(2, m.institution)
      .Bind(3, m.territory_code)
      .Bind(4, m.role)
      .Bind(5, m.committee)
      .Bind(6, m.constituency)
      .Bind(7, m.from)
      .Bind(8, m.to)
      .Bind(9, m.created_at)
      .Bind(10, m.updated_at);
}

Result<std::optional<MandateRow>> FindOn(store::Connection& conn, int64_t id) {
  auto stmt = conn.Prepare("SELECT " TANZIM_MANDATE_COLUMNS TANZIM_MANDATE_FROM " WHERE m.id = ?");
  if (!stmt.ok()) return std::move(stmt).error();
  auto row = (*stmt)->Bind(1, id).Step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return std::optional<MandateRow>();
  return std::optional<MandateRow>(ReadRow(**stmt));
}

Result<Mandate> ReadBack(store::Connection& conn, int64_t id) {
  auto found = FindOn(conn, id);
  if (!found.ok()) return std::move(found).error();
  if (!found->has_value()) return Error::Internal("mandate vanished after its write");
  return std::move((*found)->mandate);
}

// The only constraints a valid mandate can break are the foreign keys, when
// the person was deleted between the service's check and the write.
Error WithPersonField(Error error) {
  if (error.code() != ErrorCode::kConflict) return error;
  return Error::Invalid("person_id", "field.person_unknown");
}

// ?1 after_id, ?2 path prefix, ?3 institution, ?4 current_on, ?5 person, ?6 limit.
// The territory filter is a sub-select on the (small) territory table, so the
// scope is part of the query and a page is never short because rows were hidden.
constexpr const char* kListSql =
    "SELECT " TANZIM_MANDATE_COLUMNS TANZIM_MANDATE_FROM
    " WHERE m.id > ?1"
    " AND (?2 IS NULL OR m.territory_code IN"
    "      (SELECT code FROM territories WHERE substr(path, 1, length(?2)) = ?2))"
    " AND (?3 IS NULL OR m.institution = ?3)"
    " AND (?4 IS NULL OR m.to_date IS NULL OR m.to_date >= ?4)"
    " ORDER BY m.id LIMIT ?6";

// One person's mandates, read through mandates_by_person.
constexpr const char* kPersonListSql =
    "SELECT " TANZIM_MANDATE_COLUMNS TANZIM_MANDATE_FROM
    " WHERE m.person_id = ?5 AND m.id > ?1"
    " AND (?2 IS NULL OR m.territory_code IN"
    "      (SELECT code FROM territories WHERE substr(path, 1, length(?2)) = ?2))"
    " AND (?3 IS NULL OR m.institution = ?3)"
    " AND (?4 IS NULL OR m.to_date IS NULL OR m.to_date >= ?4)"
    " ORDER BY m.id LIMIT ?6";

}  // namespace

Result<std::optional<MandateRow>> SqliteMandateStore::Find(int64_t id) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  return FindOn(**conn, id);
}

Result<Mandate> SqliteMandateStore::Insert(const Mandate& mandate, const DescribeChange& describe) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto tx = store::Transaction::Begin(**conn);
  if (!tx.ok()) return std::move(tx).error();
  auto stmt = (*conn)->Prepare(
      "INSERT INTO mandates (person_id, institution, territory_code, role, committee,"
      " constituency, from_date, to_date, created_at, updated_at)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  if (!stmt.ok()) return std::move(stmt).error();
  BindMandate(**stmt, mandate);
  auto done = (*stmt)->Run();
  if (!done.ok()) return WithPersonField(std::move(done).error());
  auto stored = ReadBack(**conn, (*conn)->LastInsertId());
  if (!stored.ok()) return stored;
  TANZIM_RETURN_IF_ERROR(audit::Append(**conn, describe(std::nullopt, *stored)));
  TANZIM_RETURN_IF_ERROR(tx->Commit());
  return stored;
}

Result<Mandate> SqliteMandateStore::Update(
    int64_t id, const std::function<Result<Mandate>(const MandateRow&)>& change,
    const DescribeChange& describe) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto tx = store::Transaction::Begin(**conn);
  if (!tx.ok()) return std::move(tx).error();
  auto current = FindOn(**conn, id);
  if (!current.ok()) return std::move(current).error();
  if (!current->has_value()) return Error::NotFound();
  auto next = change(**current);
  if (!next.ok()) return std::move(next).error();
  if (ChangesNothing((*current)->mandate, *next)) return (*current)->mandate;
  auto stmt = (*conn)->Prepare(
      "UPDATE mandates SET person_id = ?1, institution = ?2, territory_code = ?3, role = ?4,"
      " committee = ?5, constituency = ?6, from_date = ?7, to_date = ?8, created_at = ?9,"
      " updated_at = ?10 WHERE id = ?11");
  if (!stmt.ok()) return std::move(stmt).error();
  BindMandate(**stmt, *next);
  auto done = (*stmt)->Bind(11, id).Run();
  if (!done.ok()) return WithPersonField(std::move(done).error());
  auto stored = ReadBack(**conn, id);
  if (!stored.ok()) return stored;
  TANZIM_RETURN_IF_ERROR(audit::Append(**conn, describe((*current)->mandate, *stored)));
  TANZIM_RETURN_IF_ERROR(tx->Commit());
  return stored;
}

Status SqliteMandateStore::Remove(int64_t id, const std::function<Status(const MandateRow&)>& check,
                                  const DescribeChange& describe) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto tx = store::Transaction::Begin(**conn);
  if (!tx.ok()) return std::move(tx).error();
  auto current = FindOn(**conn, id);
  if (!current.ok()) return std::move(current).error();
  if (!current->has_value()) return Error::NotFound();
  TANZIM_RETURN_IF_ERROR(check(**current));
  auto stmt = (*conn)->Prepare("DELETE FROM mandates WHERE id = ?");
  if (!stmt.ok()) return std::move(stmt).error();
  TANZIM_RETURN_IF_ERROR((*stmt)->Bind(1, id).Run());
  TANZIM_RETURN_IF_ERROR(audit::Append(**conn, describe((*current)->mandate, std::nullopt)));
  return tx->Commit();
}

Result<std::vector<Mandate>> SqliteMandateStore::List(const MandateQuery& query) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto stmt = (*conn)->Prepare(query.person_id ? kPersonListSql : kListSql);
  if (!stmt.ok()) return std::move(stmt).error();
  store::Statement& s = **stmt;
  s.Bind(1, query.after_id)
      .Bind(2, query.within_path)
      .Bind(3, query.institution)
      .Bind(4, query.current_on)
      .Bind(6, int64_t{query.limit});
  if (query.person_id) s.Bind(5, *query.person_id);
  std::vector<Mandate> mandates;
  while (true) {
    auto row = s.Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    mandates.push_back(ReadRow(s).mandate);
  }
  return mandates;
}

}  // namespace tanzim::mandates
