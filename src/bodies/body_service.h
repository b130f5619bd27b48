#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "auth/actor.h"
#include "auth/authorization.h"
#include "bodies/body.h"
#include "bodies/body_store.h"
#include "core/page.h"
#include "core/result.h"
#include "territory/territory_store.h"

namespace tanzim::bodies {

struct BodyListRequest {
  std::optional<std::string> kind;
  std::optional<std::string> status;
  std::optional<std::string> territory;  // that territory and everything below it
  std::optional<std::string> parent;     // direct children of this body id
  std::optional<std::string> cursor;
  int limit = kDefaultPageSize;
};

// A body with its history, as GET /bodies/{id} shows it.
struct BodyDetail {
  Body body;
  std::vector<BodyEvent> history;
};

// A body and the bodies below it.
struct BodyTree {
  Body body;
  std::vector<BodyTree> children;
};

// The most bodies one tree answer holds; a national tree of a large party
// (about 20,000 bodies) fits.
inline constexpr int kMaxTreeSize = 50'000;

// Today's date as the service sees it; tests pin it.
using Today = std::function<std::chrono::year_month_day()>;

// The bodies of the organization and their lifecycle. Each use case takes the
// acting user and asks auth/authorization.h; a body's territory is where it
// is (national bodies have none and only national users reach them).
class BodyService {
 public:
  BodyService(BodyStore& bodies, territory::TerritoryStore& territories, Today today = {});

  Result<Body> Create(const auth::Actor& actor, const BodyDraft& draft);
  Result<BodyDetail> Get(const auth::Actor& actor, int64_t id);
  // Names, parent, founding date and (for a committee still at work) what it
  // founds. Status changes only through the commands below.
  Result<Body> Update(const auth::Actor& actor, int64_t id, const BodyDraft& patch);
  // Deletes a body recorded by mistake; one with history of its own (bodies
  // below it, positions, memberships) is dissolved instead.
  Status Remove(const auth::Actor& actor, int64_t id);
  Result<Page<Body>> List(const auth::Actor& actor, const BodyListRequest& request);
  Result<BodyTree> Tree(const auth::Actor& actor, int64_t id);

  // preparatory → founded. On a preparatory committee: founds the body it was
  // formed for (creating it, or founding the preparatory one already
  // recorded), closes the committee, and returns the founded body.
  Result<Body> Found(const auth::Actor& actor, int64_t id, const Transition& step);
  // founded → active.
  Result<Body> Activate(const auth::Actor& actor, int64_t id, const Transition& step);
  // any → dissolved; positions still held end that day.
  Result<Body> Dissolve(const auth::Actor& actor, int64_t id, const Transition& step);

  // Body `id` if `actor` may perform `action` on it; kNotFound when it is
  // absent or out of the actor's reading scope. For the positions use cases.
  Result<Body> Reach(const auth::Actor& actor, int64_t id, auth::Action action);

 private:
  Result<std::optional<territory::Territory>> TerritoryOf(const Body& body);
  // Checks `draft` over `base` (a new body when base.id == 0) inside `writer`.
  Result<Body> Build(const auth::Actor& actor, BodyWriter& writer, const Body& base,
                     const BodyDraft& draft);
  // A lifecycle step's date (default today; not in the future, not before
  // `not_before`) and its reason, checked.
  struct Step {
    std::string on;
    std::optional<std::string> reason;
  };
  Result<Step> CheckStep(const Transition& step, const std::optional<std::string>& not_before);
  // A plain lifecycle step on body `id`: allowed when `may_start` accepts the
  // current status; `apply` changes the body (and may write more) before the
  // body, its event and its audit entry are written, all in one transaction.
  Result<Body> RunStep(const auth::Actor& actor, int64_t id, const Transition& step,
                       const std::string& verb, const std::function<bool(BodyStatus)>& may_start,
                       const std::function<Status(Body&, const std::string&, BodyWriter&)>& apply);
  BodyEvent Event(const auth::Actor& actor, std::string action, const std::string& on,
                  const std::optional<std::string>& reason) const;

  BodyStore& bodies_;
  territory::TerritoryStore& territories_;
  Today today_;
};

}  // namespace tanzim::bodies
