#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit.h"
#include "core/result.h"
#include "people/person.h"

namespace tanzim::people {

// A person with the columns the store derives for filtering and ordering.
struct PersonRow {
  Person person;
  std::string province_code;  // the province or prefecture of territory_code
  std::string region_code;
  // Both keys are computed from the names on every write. A row read back has
  // sort_key only from List (its cursor needs it) and search_text never.
  std::string sort_key;     // i18n::ArabicSortKey of the display name
  std::string search_text;  // i18n::FoldForSearch of both names
  bool erased = false;      // anonymized (src/privacy): final, never changed again
};

// Which column a territory filter uses: the level of the territory decides.
enum class TerritoryLevel { kRegion, kProvince, kCommune };

struct PeopleQuery {
  std::optional<TerritoryLevel> level;        // none: nationwide
  std::string territory_code;                 // used when `level` is set
  std::string province_code;                  // for kCommune: its province, to use that index
  std::optional<std::string> search;          // folded text the names must contain
  std::optional<std::string> after_sort_key;  // keyset cursor (sort_key, id)
  int64_t after_id = 0;
  int limit = 50;
  // Only people with a current membership (applicant, active, suspended) in
  // a body of this kind within `sector_path`: a sector coordinator's list.
  std::optional<std::string> sector_kind;
  std::string sector_path;
};

// Builds the audit entry of one change from the person before it (none: a
// creation) and after it (none: a deletion). The store appends the entry in the
// change's own transaction, so the change and its entry commit or roll back
// together.
using DescribeChange = std::function<audit::Entry(const std::optional<Person>& before,
                                                  const std::optional<Person>& after)>;

// The ids a bulk creation gave its people: consecutive, in the order of the
// rows (one writer at a time numbers them).
struct IdRange {
  int64_t first_id = 0;
  int64_t last_id = 0;
  size_t count = 0;
};

// An earlier import, as its `people.import` audit entry tells it.
struct PastImport {
  std::string at;  // RFC 3339 UTC
  IdRange ids;
  std::string file;  // as its operator named it
};

// Builds the one audit entry of a bulk creation from the ids its rows got.
using DescribeImport = std::function<audit::Entry(const IdRange& ids)>;

// A bulk load's rows, handed to the store part by part as they are checked:
// each call returns the next part, an empty one once all were given, or the
// error that ends the load. A part's rows live until the next call (the
// caller frees them then: a million rows would otherwise all be held).
using NextRows = std::function<Result<std::span<const PersonRow>>()>;

// Where people are kept. Implemented per backend (sqlite_people_store.h).
class PeopleStore {
 public:
  virtual ~PeopleStore() = default;

  // Person `id` with its derived columns (its region and province say where it
  // lives without a territory lookup), or nullopt.
  virtual Result<std::optional<PersonRow>> Find(int64_t id) = 0;

  // Stores a new person, audited by `describe`, and returns it with its id. A
  // CIN already on file is a kConflict naming "cin".
  virtual Result<Person> Insert(const PersonRow& row, const DescribeChange& describe) = 0;

  // Inserts the rows `next` hands over and one audit entry for all of them, in
  // one transaction; nothing is stored if one fails or `next` returns an
  // error. `count` is how many rows `next` will hand over in all: a backend
  // may index a load that is large beside the table differently. A CIN
  // already on file or repeated in the load is a kConflict naming "cin". Given a
  // `refused_digest` (SHA-256, hex), refuses with kConflict "error.file_imported"
  // if an earlier import had it, checked under the write lock, so two imports of
  // one file at once cannot both land.
  virtual Result<IdRange> InsertMany(size_t count, const NextRows& next,
                                     const DescribeImport& describe,
                                     std::string_view refused_digest) = 0;

  // The positions in `cins` (normalized, as stored) of those a stored person
  // holds: what names the rows after InsertMany met a kConflict.
  virtual Result<std::vector<size_t>> CinsOnFile(
      std::span<const std::optional<std::string>> cins) = 0;

  // The latest import of a file whose bytes had this SHA-256 digest (hex), if any.
  virtual Result<std::optional<PastImport>> FindImport(std::string_view sha256) = 0;

  // Reads person `id`, lets `change` compute the new row, and writes it with
  // its audit entry, all under the write lock, so concurrent patches never lose
  // each other's fields. `change` may refuse by returning an Error, and then
  // nothing is written.
  virtual Result<Person> Update(int64_t id,
                                const std::function<Result<PersonRow>(const PersonRow&)>& change,
                                const DescribeChange& describe) = 0;

  // Deletes person `id` after `check` accepts it, with its audit entry;
  // kNotFound when absent.
  virtual Status Remove(int64_t id, const std::function<Status(const PersonRow&)>& check,
                        const DescribeChange& describe) = 0;

  // Up to `limit` people in (sort_key, id) order after the cursor.
  virtual Result<std::vector<PersonRow>> List(const PeopleQuery& query) = 0;

  // Has person `id` a current membership in a body of `kind` within `path`?
  virtual Result<bool> InSector(int64_t id, std::string_view kind, std::string_view path) = 0;
};

}  // namespace tanzim::people
