#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "audit/read_log.h"
#include "auth/actor.h"
#include "core/page.h"
#include "core/result.h"
#include "people/people_store.h"
#include "people/person.h"
#include "territory/territory_store.h"

namespace tanzim::people {

struct ListRequest {
  std::optional<std::string> territory;  // include everything below it
  std::optional<std::string> q;          // text the names contain
  std::optional<std::string> cursor;
  int limit = kDefaultPageSize;
};

// The people register's use cases. Each takes the acting user and asks
// auth/authorization.h before touching anything; each change writes its
// "person.<verb>" audit entry in its own transaction.
// Where a bulk creation's drafts came from: for its audit entry and for
// naming bad drafts.
struct ImportSource {
  std::string file;    // as the operator named it; empty for a program's load
  std::string sha256;  // hex digest of the file's bytes, what `sha256sum` prints
  // lines[i] is the line of the file drafts[i] was read from; without them
  // drafts are named "row 1", "row 2", … in order.
  std::vector<size_t> lines;
  // Whether a file whose digest an earlier import had is imported anyway (`--again`);
  // if not, CreateMany refuses it with kConflict "error.file_imported".
  bool again = false;
};

class PeopleService {
 public:
  using Today = std::function<std::chrono::year_month_day()>;

  // `reads` notes every full-record read (Get); `tanzim serve` always passes
  // one. Without it reads go unlogged: for unit tests and the bulk loader.
  PeopleService(PeopleStore& people, territory::TerritoryStore& territories, Today today = {},
                audit::ReadLog* reads = nullptr);

  // Every person these return is masked as the actor's role sees people
  // (people/masking.h): nothing unmasked leaves the service.
  Result<Person> Create(const auth::Actor& actor, const PersonDraft& draft);
  // A person's full record, for the actor's eyes: noted in the read log.
  Result<Person> Get(const auth::Actor& actor, int64_t id);
  // Ok when the actor may read person `id` (else kNotFound), for other use
  // cases that name a person (a membership, a mandate); not a read of the record.
  Status Reach(const auth::Actor& actor, int64_t id);
  Result<Person> Update(const auth::Actor& actor, int64_t id, const PersonDraft& patch);
  Status Remove(const auth::Actor& actor, int64_t id);
  Result<Page<Person>> List(const auth::Actor& actor, const ListRequest& request);

  // Validates and stores many people at once (`tanzim import people`, the
  // benchmark's load) with one "people.import" audit entry for all of them,
  // which names the source and the ids given. Every draft is checked: if any
  // is bad, nothing is stored and the error lists every bad draft's fields,
  // each prefixed with where the draft came from ("line 12: cin"), CINs
  // repeated among the drafts or already on file included. A draft outside
  // the actor's scope refuses the whole (kPermissionDenied).
  Result<IdRange> CreateMany(const auth::Actor& actor, const std::vector<PersonDraft>& drafts,
                             const ImportSource& source = {});
  // The latest import of a file with these bytes (`ImportSource::sha256`), if
  // any: `tanzim import people` refuses a file already imported unless told
  // to import it again (a file without CINs would add its people twice).
  Result<std::optional<PastImport>> FindImport(const auth::Actor& actor, std::string_view sha256);

 private:
  // A territory by code, null if there is none; shared, not copied: a bulk
  // load looks one up for each of a million drafts.
  using TerritoryLookup =
      std::function<Result<std::shared_ptr<const territory::Territory>>(const std::string&)>;

  // Checks `draft` applied over `base` and derives the stored row, changed
  // at `now` (RFC 3339).
  Result<PersonRow> Build(const auth::Actor& actor, const Person& base, const PersonDraft& draft,
                          const TerritoryLookup& lookup, const std::string& now);
  TerritoryLookup StoreLookup();
  // A part of CreateMany's drafts once checked (people_service.cc).
  struct CheckedPart;
  // CreateMany's answer once a draft was found bad or the store refused one
  // (`stopped`): every bad draft's fields, in draft order, named by where
  // the draft came from.
  Error Rejected(std::vector<CheckedPart> checked, const ImportSource& source, Error stopped);
  // The stored person `id` if the actor may read it, else kNotFound.
  Result<PersonRow> Readable(const auth::Actor& actor, int64_t id);
  // The sector `row` belongs to as far as `actor` is concerned: the actor's
  // own sector if it is a sector coordinator and the person is a current
  // member of that sector in its scope; empty otherwise.
  Result<std::string> SectorFor(const auth::Actor& actor, const PersonRow& row);
  Result<territory::Territory> FindTerritory(const std::string& code, const std::string& field);

  PeopleStore& people_;
  territory::TerritoryStore& territories_;
  Today today_;
  audit::ReadLog* reads_;
};

}  // namespace tanzim::people
