#pragma once

#include <vector>

#include "auth/actor.h"
#include "bodies/body.h"
#include "bodies/body_service.h"
#include "bodies/body_store.h"
#include "core/result.h"
#include "people/people_service.h"

namespace tanzim::bodies {

// Who holds which role in which body, over time. Access follows the body:
// whoever may write a body records its positions.
class PositionService {
 public:
  PositionService(BodyStore& store, BodyService& bodies, people::PeopleService& people);

  // Records that a person holds `role` in body `body_id` from a date. No two
  // people hold an exclusive role (secretary, treasurer) of one body over
  // overlapping dates, and no one holds the same role twice at once.
  Result<Position> Create(const auth::Actor& actor, int64_t body_id, const PositionDraft& draft);
  // Current holders first, then past ones, latest first.
  Result<std::vector<Position>> OfBody(const auth::Actor& actor, int64_t body_id);
  // Every position a person holds or held, in the bodies the actor may read.
  Result<std::vector<Position>> OfPerson(const auth::Actor& actor, int64_t person_id);
  // Ends (sets `to`) or corrects a position.
  Result<Position> Update(const auth::Actor& actor, int64_t id, const PositionDraft& patch);
  // Deletes a position recorded by mistake.
  Status Remove(const auth::Actor& actor, int64_t id);

 private:
  Result<Position> Reach(const auth::Actor& actor, int64_t id, auth::Action action);
  // Checks `draft` over `base` and the overlap rules inside `writer`.
  Result<Position> Build(const auth::Actor& actor, BodyWriter& writer, const Body& body,
                         const Position& base, const PositionDraft& draft);

  BodyStore& store_;
  BodyService& bodies_;
  people::PeopleService& people_;
};

}  // namespace tanzim::bodies
