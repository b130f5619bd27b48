#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "auth/actor.h"
#include "core/page.h"
#include "core/result.h"
#include "mandates/mandate.h"
#include "mandates/mandate_store.h"
#include "people/people_service.h"
#include "territory/territory_store.h"

namespace tanzim::mandates {

struct MandateListRequest {
  std::optional<std::string> territory;    // include everything below it
  std::optional<std::string> institution;  // one of kInstitutions
  std::optional<std::string> current;      // "true": only mandates not ended before today
  std::optional<std::string> cursor;
  int limit = kDefaultPageSize;
};

// The elected officials' use cases. Each takes the acting user and asks
// auth/authorization.h before touching anything. A mandate is located at its
// territory: that is what scope is checked against. Each change writes its
// "mandate.<verb>" audit entry in its own transaction.
class MandateService {
 public:
  using Today = std::function<std::chrono::year_month_day()>;

  MandateService(MandateStore& mandates, people::PeopleService& people,
                 territory::TerritoryStore& territories, Today today = {});

  // Records a mandate of person `person_id`, who must be readable by the actor;
  // the mandate's territory must be in the actor's write scope.
  Result<Mandate> Create(const auth::Actor& actor, int64_t person_id, const MandateDraft& draft);
  // kNotFound when absent or outside the actor's scope.
  Result<Mandate> Get(const auth::Actor& actor, int64_t id);
  // Applies a merge patch (ending a mandate is setting `to`); same rules as Create.
  Result<Mandate> Update(const auth::Actor& actor, int64_t id, const MandateDraft& patch);
  Status Remove(const auth::Actor& actor, int64_t id);

  // The mandates of a territory's subtree, narrowed to the actor's scope in the query.
  Result<Page<Mandate>> List(const auth::Actor& actor, const MandateListRequest& request);
  // The mandates of one readable person that the actor may see.
  Result<Page<Mandate>> ListForPerson(const auth::Actor& actor, int64_t person_id,
                                      const std::optional<std::string>& cursor, int limit);

 private:
  // Checks `draft` applied over `base`; returns the mandate to store.
  Result<Mandate> Build(const auth::Actor& actor, const Mandate& base, const MandateDraft& draft);
  // Checks the paging parameters, then lists (or answers an empty page when
  // the actor's scope and the request do not overlap).
  Result<Page<Mandate>> RunList(MandateQuery query, const std::optional<std::string>& cursor,
                                int limit, bool empty_scope);
  std::string TodayText();

  MandateStore& mandates_;
  people::PeopleService& people_;
  territory::TerritoryStore& territories_;
  Today today_;
};

}  // namespace tanzim::mandates
