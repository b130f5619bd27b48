#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

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
// auth/authorization.h before touching anything.
class PeopleService {
 public:
  using Today = std::function<std::chrono::year_month_day()>;

  PeopleService(PeopleStore& people, territory::TerritoryStore& territories, Today today = {});

  Result<Person> Create(const auth::Actor& actor, const PersonDraft& draft);
  Result<Person> Get(const auth::Actor& actor, int64_t id);
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
  Result<territory::Territory> FindTerritory(const std::string& code, const std::string& field);

  PeopleStore& people_;
  territory::TerritoryStore& territories_;
  Today today_;
};

}  // namespace tanzim::people
