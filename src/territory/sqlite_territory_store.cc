#include "territory/sqlite_territory_store.h"

namespace tanzim::territory {
namespace {

Territory ReadRow(const store::Statement& row) {
  Territory t;
  t.code = row.Text(0);
  t.kind = ParseKind(row.Text(1)).value_or(Kind::kCommune);
  t.name_ar = row.Text(2);
  t.name_fr = row.Text(3);
  t.parent_code = row.OptText(4);
  t.path = row.Text(5);
  return t;
}

Result<std::optional<Territory>> FindOn(store::Connection& conn, std::string_view code) {
  auto stmt = conn.Prepare(
      "SELECT code, kind, name_ar, name_fr, parent_code, path FROM territories WHERE code = ?");
  if (!stmt.ok()) return std::move(stmt).error();
  auto row = (*stmt)->Bind(1, code).Step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return std::optional<Territory>();
  return std::optional<Territory>(ReadRow(**stmt));
}

// '%' and '_' are LIKE wildcards; codes may contain '_'.
std::string LikePrefix(std::string_view prefix) {
  std::string pattern;
  for (const char c : prefix) {
    if (c == '%' || c == '_' || c == '\\') pattern.push_back('\\');
    pattern.push_back(c);
  }
  pattern.push_back('%');
  return pattern;
}

// `before` moved to a new parent (`after`): the paths below it and the
// ancestors copied into its residents' rows follow, in the caller's transaction.
Status FollowMove(store::Connection& conn, const Territory& before, const Territory& after) {
  auto paths = conn.Prepare(
      "UPDATE territories SET path = ?1 || substr(path, ?2)"
      " WHERE path LIKE ?3 ESCAPE '\\' AND code <> ?4");
  if (!paths.ok()) return std::move(paths).error();
  TANZIM_RETURN_IF_ERROR((*paths)
                             ->Bind(1, after.path)
                             .Bind(2, static_cast<int64_t>(before.path.size()) + 1)
                             .Bind(3, LikePrefix(before.path))
                             .Bind(4, after.code)
                             .Run());
  const std::string region = after.path.substr(1, after.path.find('/', 1) - 1);
  if (IsProvinceLevel(after.kind)) {
    auto people = conn.Prepare("UPDATE people SET region_code = ?1 WHERE province_code = ?2");
    if (!people.ok()) return std::move(people).error();
    return (*people)->Bind(1, region).Bind(2, after.code).Run();
  }
  if (after.kind == Kind::kCommune && after.parent_code && before.parent_code) {
    auto people = conn.Prepare(
        "UPDATE people SET region_code = ?1, province_code = ?2"
        " WHERE province_code = ?3 AND territory_code = ?4");
    if (!people.ok()) return std::move(people).error();
    return (*people)
        ->Bind(1, region)
        .Bind(2, *after.parent_code)
        .Bind(3, *before.parent_code)
        .Bind(4, after.code)
        .Run();
  }
  return Status::Ok();
}

}  // namespace

Result<std::optional<Territory>> SqliteTerritoryStore::Find(std::string_view code) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  return FindOn(**conn, code);
}

Result<std::vector<Territory>> SqliteTerritoryStore::List(const ListQuery& query) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto stmt = (*conn)->Prepare(
      "SELECT code, kind, name_ar, name_fr, parent_code, path FROM territories"
      " WHERE (?1 IS NULL OR kind = ?1) AND (?2 IS NULL OR parent_code = ?2) AND code > ?3"
      " ORDER BY code LIMIT ?4");
  if (!stmt.ok()) return std::move(stmt).error();
  store::Statement& s = **stmt;
  if (query.kind) {
    s.Bind(1, KindName(*query.kind));
  }
  s.Bind(2, query.parent_code);
  s.Bind(3, query.after_code.value_or(""));
  s.Bind(4, int64_t{query.limit});
  std::vector<Territory> out;
  while (true) {
    auto row = s.Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    out.push_back(ReadRow(s));
  }
  return out;
}

Result<WriteCounts> SqliteTerritoryStore::Write(const std::vector<Territory>& territories) {
  auto lease = pool_.Acquire();
  if (!lease.ok()) return std::move(lease).error();
  store::Connection& conn = **lease;
  auto tx = store::Transaction::Begin(conn);
  if (!tx.ok()) return std::move(tx).error();
  WriteCounts counts;
  for (const Territory& t : territories) {
    auto existing = FindOn(conn, t.code);
    if (!existing.ok()) return std::move(existing).error();
    if (existing->has_value() && **existing == t) {
      ++counts.unchanged;
      continue;
    }
    auto upsert = conn.Prepare(
        "INSERT INTO territories (code, kind, name_ar, name_fr, parent_code, path)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
        " ON CONFLICT (code) DO UPDATE SET kind = ?2, name_ar = ?3, name_fr = ?4,"
        " parent_code = ?5, path = ?6");
    if (!upsert.ok()) return std::move(upsert).error();
    TANZIM_RETURN_IF_ERROR((*upsert)
                               ->Bind(1, t.code)
                               .Bind(2, KindName(t.kind))
                               .Bind(3, t.name_ar)
                               .Bind(4, t.name_fr)
                               .Bind(5, t.parent_code)
                               .Bind(6, t.path)
                               .Run());
    if (!existing->has_value()) {
      ++counts.inserted;
      continue;
    }
    ++counts.updated;
    if ((*existing)->path != t.path) {
      TANZIM_RETURN_IF_ERROR(FollowMove(conn, **existing, t));
    }
  }
  TANZIM_RETURN_IF_ERROR(tx->Commit());
  return counts;
}

}  // namespace tanzim::territory
