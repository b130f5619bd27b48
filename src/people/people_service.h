#pragma once

#include <chrono>
#include <functional>
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

  // Validates and stores many people at once, for bulk loads by the operator
  // (the benchmark and, later, imports). Fails whole on the first bad draft.
  Status CreateMany(const auth::Actor& actor, const std::vector<PersonDraft>& drafts);

 private:
  using TerritoryLookup =
      std::function<Result<std::optional<territory::Territory>>(const std::string&)>;

  // Checks `draft` applied over `base` and derives the stored row.
  Result<PersonRow> Build(const auth::Actor& actor, const Person& base, const PersonDraft& draft,
                          const TerritoryLookup& lookup);
  TerritoryLookup StoreLookup();
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
