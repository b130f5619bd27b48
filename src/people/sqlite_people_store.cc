#include "people/sqlite_people_store.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <span>
#include <thread>

#include "audit/sqlite_audit_log.h"

namespace tanzim::people {
namespace {

// Has `people.id` a current membership in a body of kind ?7 within path ?8?
#define TANZIM_IN_SECTOR(person_id)                                                 \
  "EXISTS (SELECT 1 FROM memberships m JOIN bodies b ON b.id = m.body_id"           \
  " JOIN territories t ON t.code = b.territory_code WHERE m.person_id = " person_id \
  " AND m.status IN ('applicant', 'active', 'suspended') AND b.kind = ?7"           \
  " AND substr(t.path, 1, length(?8)) = ?8)"
// What a read needs of a person: the fields, where the person lives (for scope
// checks) and whether they were erased. The collation key is read by lists only,
// for their cursor; the search text is never read back. Writes recompute both
// from the names.
#define TANZIM_PERSON_COLUMNS                                                        \
  "id, name_ar, name_latin, gender, birth_date, cin, phone, email, territory_code, " \
  "created_at, updated_at, province_code, region_code, erased_at IS NOT NULL"
#define TANZIM_LISTED_PERSON_COLUMNS TANZIM_PERSON_COLUMNS ", sort_key"

Person ReadPerson(const store::Statement& row) {
  Person p;
  p.id = row.Int(0);
  p.name_ar = row.OptText(1);
  p.name_latin = row.OptText(2);
  p.gender = row.OptText(3);
  p.birth_date = row.OptText(4);
  p.cin = row.OptText(5);
  p.phone = row.OptText(6);
  p.email = row.OptText(7);
  p.territory_code = row.Text(8);
  p.created_at = row.Text(9);
  p.updated_at = row.Text(10);
  return p;
}

// A row of TANZIM_PERSON_COLUMNS: sort_key and search_text stay empty.
PersonRow ReadRow(const store::Statement& row) {
  PersonRow r{ReadPerson(row)};
  r.province_code = row.Text(11);
  r.region_code = row.Text(12);
  r.erased = row.Int(13) != 0;
  return r;
}

// A row of TANZIM_LISTED_PERSON_COLUMNS: search_text stays empty.
PersonRow ReadListedRow(const store::Statement& row) {
  PersonRow r = ReadRow(row);
  r.sort_key = row.Blob(14);
  return r;
}

// The person's writable columns, in the order BindRow binds them.
constexpr int kWrittenColumns = 14;

// Binds the person's writable columns to ?first…?first+13, in the order of the
// INSERT and UPDATE below.
void BindRow(store::Statement& s, const PersonRow& r, int first = 1) {
  // Unowned: every caller runs the statement while `r` is alive, and a bulk
  // load saves 14 copies per person.
  const Person& p = r.person;
  s.BindUnowned(first, p.name_ar)
      .BindUnowned(first + 1, p.name_latin)
      .BindUnowned(first + 2, p.gender)
      .BindUnowned(first + 3, p.birth_date)
      .BindUnowned(first + 4, p.cin)
      .BindUnowned(first + 5, p.phone)
      .BindUnowned(first + 6, p.email)
      .BindUnowned(first + 7, p.territory_code)
      .BindUnowned(first + 8, p.created_at)
      .BindUnowned(first + 9, p.updated_at)
      .BindUnowned(first + 10, r.province_code)
      .BindUnowned(first + 11, r.region_code)
      .BindUnownedBlob(first + 12, r.sort_key)
      .BindUnowned(first + 13, r.search_text);
}

// The only unique constraint a person can break is the CIN index.
Error WithCinField(Error error) {
  if (error.code() != ErrorCode::kConflict) return error;
  return {ErrorCode::kConflict, "error.conflict", {{"cin", "field.cin_taken"}}};
}

Result<std::optional<PersonRow>> FindOn(store::Connection& conn, int64_t id) {
  auto stmt = conn.Prepare("SELECT " TANZIM_PERSON_COLUMNS " FROM people WHERE id = ?");
  if (!stmt.ok()) return std::move(stmt).error();
  auto row = (*stmt)->Bind(1, id).Step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return std::optional<PersonRow>();
  return std::optional<PersonRow>(ReadRow(**stmt));
}

// Each statement has costs of its own beside its rows' (the AUTOINCREMENT
// counter read and written, the program's start and end): a load inserts its
// people this many to a statement, a third cheaper per person than one by one
// (bench/NOTES.md, eighteenth session).
constexpr size_t kRowsPerLoadInsert = 50;

// INSERT of `rows` people, their columns bound ?1…?14, ?15…?28 and so on.
std::string InsertSql(size_t rows) {
  std::string sql =
      "INSERT INTO people (name_ar, name_latin, gender, birth_date, cin, phone, email,"
      " territory_code, created_at, updated_at, province_code, region_code, sort_key,"
      " search_text) VALUES ";
  for (size_t row = 0; row < rows; ++row) {
    sql += row == 0 ? "(?" : ", (?";
    for (int column = 1; column < kWrittenColumns; ++column) sql += ", ?";
    sql += ')';
  }
  return sql;
}

// Inserts `rows` (at least one) in their order and answers the id of the last.
// Their ids are consecutive: the caller is inside a write transaction.
Result<int64_t> InsertOn(store::Connection& conn, std::span<const PersonRow> rows) {
  static const std::string one = InsertSql(1);
  static const std::string many = InsertSql(kRowsPerLoadInsert);
  while (!rows.empty()) {
    const size_t count = rows.size() >= kRowsPerLoadInsert ? kRowsPerLoadInsert : 1;
    auto stmt = conn.Prepare(count == 1 ? one : many);
    if (!stmt.ok()) return std::move(stmt).error();
    for (size_t i = 0; i < count; ++i) {
      BindRow(**stmt, rows[i], static_cast<int>(i) * kWrittenColumns + 1);
    }
    auto done = (*stmt)->Run();
    if (!done.ok()) return WithCinField(std::move(done).error());
    rows = rows.subspan(count);
  }
  return conn.LastInsertId();
}

Result<std::optional<PastImport>> FindImportOn(store::Connection& conn, std::string_view sha256) {
  // Imports are few beside the trail: audit_by_object finds them all.
  auto stmt = conn.Prepare(
      "SELECT l.at, l.object_id, json_extract(p.after, '$.last_id'),"
      " json_extract(p.after, '$.count'), ifnull(json_extract(p.after, '$.file'), '')"
      " FROM audit_log l JOIN audit_payloads p ON p.id = l.payload_id"
      " WHERE l.object_type = 'people' AND l.action = 'people.import'"
      " AND json_extract(p.after, '$.sha256') = ?1 ORDER BY l.id DESC LIMIT 1");
  if (!stmt.ok()) return std::move(stmt).error();
  auto found = (*stmt)->Bind(1, sha256).Step();
  if (!found.ok()) return std::move(found).error();
  if (!*found) return std::optional<PastImport>();
  const store::Statement& r = **stmt;
  return std::optional<PastImport>(
      PastImport{r.Text(0), {r.Int(1), r.Int(2), static_cast<size_t>(r.Int(3))}, r.Text(4)});
}

// One statement per filter level, each shaped so SQLite walks an index in
// (sort_key, id) order and stops after `limit` rows instead of sorting.
// ?1 after_sort_key, ?2 after_id, ?3 territory, ?4 province, ?5 LIKE pattern, ?6 limit,
// ?7 a sector coordinator's body kind and ?8 its scope path (NULL for everyone else).
constexpr std::array<const char*, 4> kListSql{
    // nationwide
    "SELECT " TANZIM_LISTED_PERSON_COLUMNS
    " FROM people INDEXED BY people_by_name"
    " WHERE (sort_key, id) > (?1, ?2) AND (?5 IS NULL OR search_text LIKE ?5 ESCAPE '\\')"
    " AND (?7 IS NULL OR " TANZIM_IN_SECTOR("people.id") ")"
    " ORDER BY sort_key, id LIMIT ?6",
    // a region
    "SELECT " TANZIM_LISTED_PERSON_COLUMNS
    " FROM people INDEXED BY people_by_name"
    " WHERE region_code = ?3 AND (sort_key, id) > (?1, ?2)"
    " AND (?5 IS NULL OR search_text LIKE ?5 ESCAPE '\\')"
    " AND (?7 IS NULL OR " TANZIM_IN_SECTOR("people.id") ")"
    " ORDER BY sort_key, id LIMIT ?6",
    // a province or prefecture
    "SELECT " TANZIM_LISTED_PERSON_COLUMNS
    " FROM people INDEXED BY people_by_province"
    " WHERE province_code = ?3 AND (sort_key, id) > (?1, ?2)"
    " AND (?5 IS NULL OR search_text LIKE ?5 ESCAPE '\\')"
    " AND (?7 IS NULL OR " TANZIM_IN_SECTOR("people.id") ")"
    " ORDER BY sort_key, id LIMIT ?6",
    // a commune: walk its province's index, keep the commune's rows
    "SELECT " TANZIM_LISTED_PERSON_COLUMNS
    " FROM people INDEXED BY people_by_province"
    " WHERE province_code = ?4 AND territory_code = ?3 AND (sort_key, id) > (?1, ?2)"
    " AND (?5 IS NULL OR search_text LIKE ?5 ESCAPE '\\')"
    " AND (?7 IS NULL OR " TANZIM_IN_SECTOR("people.id") ") ORDER BY sort_key, id LIMIT ?6",
};

const char* ListSql(const std::optional<TerritoryLevel>& level) {
  if (!level) return kListSql[0];
  switch (*level) {
    case TerritoryLevel::kRegion:
      return kListSql[1];
    case TerritoryLevel::kProvince:
      return kListSql[2];
    case TerritoryLevel::kCommune:
      return kListSql[3];
  }
  return kListSql[0];
}

// '%text%' with LIKE's own wildcards in the text escaped.
std::string ContainsPattern(const std::string& text) {
  std::string pattern = "%";
  for (const char c : text) {
    if (c == '%' || c == '_' || c == '\\') pattern.push_back('\\');
    pattern.push_back(c);
  }
  pattern.push_back('%');
  return pattern;
}

// Keeping an index up to date row by row costs a B-tree descent per row in
// the key's random order (CIN, collation keys); CREATE INDEX sorts the keys
// instead, about four times cheaper per row (bench/NOTES.md, twelfth
// session). A load that is large beside the table on file therefore drops the
// table's indexes and builds them again before it commits; a smaller one costs
// less row by row than sorting the whole table again. Readers see the indexes
// throughout: they read the last commit. A duplicate CIN in the load fails the
// unique index's CREATE, a kConflict like the row's own insert would be.
constexpr size_t kMinRebuildLoad = 10'000;

// The CREATE statements of the people table's indexes, as the migrations
// wrote them, dropped for a load of `count` rows if it is large beside the
// table; empty if the load keeps them.
Result<std::vector<std::string>> DropIndexesFor(store::Connection& conn, size_t count) {
  std::vector<std::string> dropped;
  if (count < kMinRebuildLoad) return dropped;
  auto on_file = conn.Prepare("SELECT count(*) FROM people");
  if (!on_file.ok()) return std::move(on_file).error();
  auto counted = (*on_file)->Step();
  if (!counted.ok()) return std::move(counted).error();
  const auto people_on_file = static_cast<uint64_t>((*on_file)->Int(0));
  (*on_file)->Reset();  // DROP INDEX fails while a statement is reading
  if (people_on_file > 2 * uint64_t{count}) return dropped;
  auto indexes = conn.Prepare(
      "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'people'"
      " AND sql IS NOT NULL ORDER BY name");
  if (!indexes.ok()) return std::move(indexes).error();
  std::vector<std::string> names;
  while (true) {
    auto row = (*indexes)->Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    names.push_back((*indexes)->Text(0));
    dropped.push_back((*indexes)->Text(1));
  }
  for (const std::string& name : names) {
    // Index names come from the schema, not from input.
    TANZIM_RETURN_IF_ERROR(conn.Exec("DROP INDEX \"" + name + "\""));
  }
  return dropped;
}

// A load's settings, taken before its transaction (temp_store cannot change
// inside one) and given back by InsertMany. CREATE INDEX sorts its keys in
// runs the size of the page cache, sorted on worker threads and merged, but
// only when the sort may spill to temporary files: with the store's
// temp_store=MEMORY it sorts everything in one run on one thread, nearly
// twice as slow at a million rows (bench/NOTES.md, seventeenth session). The
// files go where SQLite puts temporary files (SQLITE_TMPDIR, else /var/tmp).
// The server's own reads keep sorting in memory, on their own thread.
Status BorrowForLoad(store::Connection& conn) {
  TANZIM_RETURN_IF_ERROR(conn.Exec("PRAGMA temp_store=FILE"));
  return conn.Exec("PRAGMA threads=" +
                   std::to_string(std::max(1u, std::thread::hardware_concurrency())));
}

// The page cache a load borrows for its duration, by how it treats the
// indexes. Kept up row by row, they take keys in random order (CIN, collation
// keys): past a few hundred thousand rows they outgrow the default cache and
// every insert rereads index pages, so such a load borrows a larger cache.
// Rebuilt, they want a small one: CREATE INDEX sorts its keys in runs the
// size of the page cache, and runs of 2 MiB sort within the CPU's caches, on
// more threads, and merge faster than the default's 16 MiB (the three indexes
// of a million people: 2.3–2.4 s against 2.8–3.1 s; bench/NOTES.md, eighteenth
// session). The rows themselves go in rowid order and need no cache.
Status BorrowCacheFor(store::Connection& conn, bool rebuilding_indexes) {
  return conn.Exec(rebuilding_indexes ? "PRAGMA cache_size=-2048" : "PRAGMA cache_size=-262144");
}

Status CreateIndexes(store::Connection& conn, const std::vector<std::string>& indexes) {
  for (const std::string& sql : indexes) {
    if (Status done = conn.Exec(sql); !done.ok()) return WithCinField(std::move(done).error());
  }
  return Status::Ok();
}

}  // namespace

Result<std::optional<PersonRow>> SqlitePeopleStore::Find(int64_t id) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  return FindOn(**conn, id);
}

Result<Person> SqlitePeopleStore::Insert(const PersonRow& row, const DescribeChange& describe) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto tx = store::Transaction::Begin(**conn);
  if (!tx.ok()) return std::move(tx).error();
  auto id = InsertOn(**conn, std::span(&row, 1));
  if (!id.ok()) return std::move(id).error();
  Person stored = row.person;
  stored.id = *id;
  TANZIM_RETURN_IF_ERROR(audit::Append(**conn, describe(std::nullopt, stored)));
  TANZIM_RETURN_IF_ERROR(tx->Commit());
  return stored;
}

Result<IdRange> SqlitePeopleStore::InsertMany(size_t count, const NextRows& next,
                                              const DescribeImport& describe,
                                              std::string_view refused_digest) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  // The load's outcome stands whatever happens after it: a connection that
  // cannot give its settings back is closed rather than pooled, and
  // the caller hears how the load went, not how the restore did (an import
  // that committed must not be reported as failed).
  const auto give_back = [&] {
    Status restored = Status::Ok();
    for (const char* pragma :
         {store::kDefaultCacheSizePragma, store::kDefaultTempStorePragma, "PRAGMA threads=0"}) {
      if (Status done = (*conn)->Exec(pragma); restored.ok()) restored = std::move(done);
    }
    if (restored.ok()) return;
    spdlog::warn("people load: a store connection kept its load settings and is closed: {}",
                 restored.error().log_detail());
    conn->Discard();
  };
  if (Status borrowed = BorrowForLoad(**conn); !borrowed.ok()) {
    give_back();
    return std::move(borrowed).error();
  }
  Result<IdRange> done = [&]() -> Result<IdRange> {
    auto tx = store::Transaction::Begin(**conn);
    if (!tx.ok()) return std::move(tx).error();
    if (!refused_digest.empty()) {
      auto past = FindImportOn(**conn, refused_digest);
      if (!past.ok()) return std::move(past).error();
      if (*past) return Error(ErrorCode::kConflict, "error.file_imported");
    }
    auto dropped = DropIndexesFor(**conn, count);
    if (!dropped.ok()) return std::move(dropped).error();
    TANZIM_RETURN_IF_ERROR(BorrowCacheFor(**conn, !dropped->empty()));
    IdRange ids;
    while (true) {
      auto part = next();
      if (!part.ok()) return std::move(part).error();
      if (part->empty()) break;
      auto last = InsertOn(**conn, *part);
      if (!last.ok()) return std::move(last).error();
      if (ids.count == 0) ids.first_id = *last - static_cast<int64_t>(part->size()) + 1;
      ids.count += part->size();
      ids.last_id = *last;
    }
    if (ids.count == 0) return ids;  // nothing created, nothing to audit
    TANZIM_RETURN_IF_ERROR(CreateIndexes(**conn, *dropped));
    TANZIM_RETURN_IF_ERROR(audit::Append(**conn, describe(ids)));
    TANZIM_RETURN_IF_ERROR(tx->Commit());
    return ids;
  }();
  give_back();
  return done;
}

Result<std::vector<size_t>> SqlitePeopleStore::CinsOnFile(
    std::span<const std::optional<std::string>> cins) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto stmt = (*conn)->Prepare("SELECT 1 FROM people WHERE cin = ?");
  if (!stmt.ok()) return std::move(stmt).error();
  std::vector<size_t> held;
  for (size_t i = 0; i < cins.size(); ++i) {
    if (!cins[i]) continue;
    auto found = (*stmt)->Bind(1, *cins[i]).Step();
    if (!found.ok()) return std::move(found).error();
    if (*found) held.push_back(i);
    (*stmt)->Reset();
  }
  return held;
}

Result<std::optional<PastImport>> SqlitePeopleStore::FindImport(std::string_view sha256) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  return FindImportOn(**conn, sha256);
}

Result<Person> SqlitePeopleStore::Update(
    int64_t id, const std::function<Result<PersonRow>(const PersonRow&)>& change,
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
  if (ChangesNothing((*current)->person, next->person)) return (*current)->person;
  auto stmt = (*conn)->Prepare(
      "UPDATE people SET name_ar = ?1, name_latin = ?2, gender = ?3, birth_date = ?4, cin = ?5,"
      " phone = ?6, email = ?7, territory_code = ?8, created_at = ?9, updated_at = ?10,"
      " province_code = ?11, region_code = ?12, sort_key = ?13, search_text = ?14"
      " WHERE id = ?15");
  if (!stmt.ok()) return std::move(stmt).error();
  BindRow(**stmt, *next);
  auto done = (*stmt)->Bind(15, id).Run();
  if (!done.ok()) return WithCinField(std::move(done).error());
  Person stored = next->person;
  stored.id = id;
  TANZIM_RETURN_IF_ERROR(audit::Append(**conn, describe((*current)->person, stored)));
  TANZIM_RETURN_IF_ERROR(tx->Commit());
  return stored;
}

Status SqlitePeopleStore::Remove(int64_t id, const std::function<Status(const PersonRow&)>& check,
                                 const DescribeChange& describe) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto tx = store::Transaction::Begin(**conn);
  if (!tx.ok()) return std::move(tx).error();
  auto current = FindOn(**conn, id);
  if (!current.ok()) return std::move(current).error();
  if (!current->has_value()) return Error::NotFound();
  TANZIM_RETURN_IF_ERROR(check(**current));
  auto stmt = (*conn)->Prepare("DELETE FROM people WHERE id = ?");
  if (!stmt.ok()) return std::move(stmt).error();
  TANZIM_RETURN_IF_ERROR((*stmt)->Bind(1, id).Run());
  TANZIM_RETURN_IF_ERROR(audit::Append(**conn, describe((*current)->person, std::nullopt)));
  return tx->Commit();
}

Result<std::vector<PersonRow>> SqlitePeopleStore::List(const PeopleQuery& query) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto stmt = (*conn)->Prepare(ListSql(query.level));
  if (!stmt.ok()) return std::move(stmt).error();
  store::Statement& s = **stmt;
  s.BindBlob(1, query.after_sort_key.value_or(""))
      .Bind(2, query.after_id)
      .Bind(3, query.territory_code)
      .Bind(4, query.province_code)
      .Bind(6, int64_t{query.limit});
  if (query.search) s.Bind(5, ContainsPattern(*query.search));
  if (query.sector_kind) s.Bind(7, *query.sector_kind).Bind(8, query.sector_path);
  std::vector<PersonRow> rows;
  while (true) {
    auto row = s.Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    rows.push_back(ReadListedRow(s));
  }
  return rows;
}

Result<bool> SqlitePeopleStore::InSector(int64_t id, std::string_view kind, std::string_view path) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto stmt = (*conn)->Prepare("SELECT " TANZIM_IN_SECTOR("?1"));
  if (!stmt.ok()) return std::move(stmt).error();
  auto row = (*stmt)->Bind(1, id).Bind(7, kind).Bind(8, path).Step();
  if (!row.ok()) return std::move(row).error();
  return *row && (*stmt)->Int(0) != 0;
}

}  // namespace tanzim::people
