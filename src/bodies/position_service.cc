#include "bodies/position_service.h"

#include "bodies/body_json.h"
#include "people/validators.h"

namespace tanzim::bodies {
namespace {

Error Conflict(std::string field, std::string message_key) {
  return {ErrorCode::kConflict, "error.conflict", {{std::move(field), std::move(message_key)}}};
}

// A YYYY-MM-DD date that is real; adds `field`'s error otherwise.
void CheckDate(const std::optional<std::string>& text, const char* field,
               std::vector<FieldError>& errors) {
  if (text && !people::ParseDate(*text)) errors.push_back({field, "field.date_invalid"});
}

// Appends the audit entry of a change to position `id` from `before`.
Status RecordChange(const auth::Actor& actor, BodyWriter& writer, std::string_view verb, int64_t id,
                    const std::optional<Position>& before) {
  auto after = writer.FindPosition(id);
  if (!after.ok()) return std::move(after).error();
  audit::Entry entry = audit::Change(actor, audit::ObjectType::kPosition, id, verb);
  if (before) entry.before = ToJson(*before).dump();
  if (*after) entry.after = ToJson(**after).dump();
  return writer.Audit(entry);
}

}  // namespace

PositionService::PositionService(BodyStore& store, BodyService& bodies,
                                 people::PeopleService& people)
    : store_(store), bodies_(bodies), people_(people) {}

Result<Position> PositionService::Build(const auth::Actor& actor, BodyWriter& writer,
                                        const Body& body, const Position& base,
                                        const PositionDraft& draft) {
  const bool creating = base.id == 0;
  std::vector<FieldError> errors;
  Position position = base;
  position.body_id = body.id;

  if (draft.person_id && *draft.person_id) {
    // The holder must be someone the actor may see; anyone else reads as unknown.
    const Status person = people_.Reach(actor, **draft.person_id);
    if (person.ok()) {
      position.person_id = **draft.person_id;
    } else if (person.error().code() == ErrorCode::kNotFound) {
      errors.push_back({"person_id", "field.person_unknown"});
    } else {
      return person.error();
    }
  } else if (creating || draft.person_id) {
    errors.push_back({"person_id", "field.required"});
  }

  if (draft.role && *draft.role) {
    if (auto role = ParseRole(**draft.role)) {
      position.role = *role;
    } else {
      errors.push_back({"role", "field.position_role_invalid"});
    }
  } else if (creating || draft.role) {
    errors.push_back({"role", "field.required"});
  }

  if (draft.from && *draft.from) {
    position.from = **draft.from;
    CheckDate(position.from, "from", errors);
  } else if (creating || draft.from) {
    errors.push_back({"from", "field.required"});
  }
  if (draft.to) {
    position.to = *draft.to;
    CheckDate(position.to, "to", errors);
  }
  if (errors.empty() && position.to && *position.to < position.from) {
    errors.push_back({"to", "field.date_before_from"});
  }
  // A dissolved body's positions ended with it.
  if (errors.empty() && body.status == BodyStatus::kDissolved &&
      (!position.to || (body.dissolved_on && *position.to > *body.dissolved_on))) {
    errors.push_back({"to", "field.position_after_dissolution"});
  }
  if (!errors.empty()) return Error(ErrorCode::kInvalidArgument, "error.invalid", errors);

  auto overlapping =
      writer.Overlapping(body.id, position.role, position.from, position.to, position.id);
  if (!overlapping.ok()) return std::move(overlapping).error();
  for (const Position& other : *overlapping) {
    if (other.person_id == position.person_id) return Conflict("role", "field.position_held");
    if (IsExclusive(position.role)) return Conflict("role", "field.position_taken");
  }
  return position;
}

Result<Position> PositionService::Create(const auth::Actor& actor, int64_t body_id,
                                         const PositionDraft& draft) {
  auto body = bodies_.Reach(actor, body_id, auth::Action::kGovern);
  if (!body.ok()) return std::move(body).error();
  Position created;
  TANZIM_RETURN_IF_ERROR(store_.Write([&](BodyWriter& writer) -> Status {
    auto position = Build(actor, writer, *body, Position{}, draft);
    if (!position.ok()) return std::move(position).error();
    auto stored = writer.InsertPosition(*position);
    if (!stored.ok()) return std::move(stored).error();
    created = std::move(*stored);
    return RecordChange(actor, writer, "create", created.id, std::nullopt);
  }));
  return created;
}

Result<std::vector<Position>> PositionService::OfBody(const auth::Actor& actor, int64_t body_id) {
  TANZIM_RETURN_IF_ERROR(bodies_.Reach(actor, body_id, auth::Action::kRead));
  return store_.PositionsOfBody(body_id);
}

Result<std::vector<Position>> PositionService::OfPerson(const auth::Actor& actor,
                                                        int64_t person_id) {
  TANZIM_RETURN_IF_ERROR(people_.Reach(actor, person_id));
  auto all = store_.PositionsOfPerson(person_id);
  if (!all.ok()) return std::move(all).error();
  // A person in scope may also sit in bodies above it (a regional
  // secretariat, a national council); those stay hidden from scoped users.
  std::vector<Position> visible;
  for (Position& position : *all) {
    if (bodies_.Reach(actor, position.body_id, auth::Action::kRead).ok()) {
      visible.push_back(std::move(position));
    }
  }
  return visible;
}

Result<Position> PositionService::Reach(const auth::Actor& actor, int64_t id, auth::Action action) {
  auto found = store_.FindPosition(id);
  if (!found.ok()) return std::move(found).error();
  if (!*found) return Error::NotFound();
  TANZIM_RETURN_IF_ERROR(bodies_.Reach(actor, (*found)->body_id, action));
  return std::move(**found);
}

Result<Position> PositionService::Update(const auth::Actor& actor, int64_t id,
                                         const PositionDraft& patch) {
  auto current = Reach(actor, id, auth::Action::kGovern);
  if (!current.ok()) return std::move(current).error();
  auto body = bodies_.Reach(actor, current->body_id, auth::Action::kGovern);
  if (!body.ok()) return std::move(body).error();
  Position updated;
  TANZIM_RETURN_IF_ERROR(store_.Write([&](BodyWriter& writer) -> Status {
    auto fresh = writer.FindPosition(id);
    if (!fresh.ok()) return std::move(fresh).error();
    if (!*fresh) return Error::NotFound();
    auto position = Build(actor, writer, *body, **fresh, patch);
    if (!position.ok()) return std::move(position).error();
    if (ChangesNothing(**fresh, *position)) {
      updated = std::move(**fresh);
      return Status::Ok();
    }
    TANZIM_RETURN_IF_ERROR(writer.UpdatePosition(*position));
    TANZIM_RETURN_IF_ERROR(RecordChange(actor, writer, "update", id, **fresh));
    auto stored = writer.FindPosition(id);
    if (!stored.ok()) return std::move(stored).error();
    updated = std::move(**stored);
    return Status::Ok();
  }));
  return updated;
}

Status PositionService::Remove(const auth::Actor& actor, int64_t id) {
  TANZIM_RETURN_IF_ERROR(Reach(actor, id, auth::Action::kGovern));
  return store_.Write([&](BodyWriter& writer) -> Status {
    auto before = writer.FindPosition(id);
    if (!before.ok()) return std::move(before).error();
    if (!*before) return Error::NotFound();
    TANZIM_RETURN_IF_ERROR(writer.RemovePosition(id));
    return RecordChange(actor, writer, "delete", id, *before);
  });
}

}  // namespace tanzim::bodies
