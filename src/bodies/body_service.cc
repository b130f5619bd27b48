#include "bodies/body_service.h"

#include <array>
#include <cstdio>
#include <map>

#include "bodies/body_json.h"
#include "bodies/body_names.h"
#include "core/ids.h"
#include "core/time.h"
#include "i18n/text.h"
#include "people/validators.h"

namespace tanzim::bodies {
namespace {

constexpr size_t kMaxNameLength = 200;
constexpr size_t kMaxReasonLength = 500;

// Normalized text of an optional free-text field; adds an error if unacceptable.
std::optional<std::string> CheckText(const std::optional<std::string>& raw, const char* field,
                                     size_t max_length, std::vector<FieldError>& errors) {
  if (!raw) return std::nullopt;
  std::string text = i18n::NormalizeSpaces(*raw);
  if (text.empty()) return std::nullopt;
  if (i18n::HasControlCharacters(text)) {
    errors.push_back({field, "field.text_invalid"});
  } else if (i18n::CodePointCount(text).value_or(0) > max_length) {
    errors.push_back({field, "field.too_long"});
  }
  return text;
}

Error Conflict(std::string field, std::string message_key) {
  return {ErrorCode::kConflict, "error.conflict", {{std::move(field), std::move(message_key)}}};
}

// What a committee may found: a body whose name can be derived.
bool Foundable(Kind kind) {
  return kind != Kind::kPole && kind != Kind::kCommittee && kind != Kind::kPreparatoryCommittee;
}

// The latest date of a body's lifecycle so far; a new step cannot precede it.
std::optional<std::string> LatestDate(const Body& body) {
  std::optional<std::string> latest = body.founded_on;
  if (body.activated_on && (!latest || *body.activated_on > *latest)) latest = body.activated_on;
  return latest;
}

// Appends the audit entry of a change to body `id` from `before` (none: it
// was created); "after" is read back as stored (none: it was deleted).
Status RecordChange(const auth::Actor& actor, BodyWriter& writer, std::string_view verb, int64_t id,
                    const std::optional<Body>& before) {
  auto after = writer.Find(id);
  if (!after.ok()) return std::move(after).error();
  audit::Entry entry = audit::Change(actor, audit::ObjectType::kBody, id, verb);
  if (before) entry.before = ToJson(*before).dump();
  if (*after) entry.after = ToJson(**after).dump();
  return writer.Audit(entry);
}

}  // namespace

BodyService::BodyService(BodyStore& bodies, territory::TerritoryStore& territories, Today today)
    : bodies_(bodies), territories_(territories), today_(today ? std::move(today) : UtcToday) {}

Result<std::optional<territory::Territory>> BodyService::TerritoryOf(const Body& body) {
  if (!body.territory_code) return std::optional<territory::Territory>();
  auto found = territories_.Find(*body.territory_code);
  if (!found.ok()) return std::move(found).error();
  if (!*found) return Error::Internal("body " + std::to_string(body.id) + " has unknown territory");
  return found;
}

Result<Body> BodyService::Reach(const auth::Actor& actor, int64_t id, auth::Action action) {
  auto found = bodies_.Find(id);
  if (!found.ok()) return std::move(found).error();
  if (!*found) return Error::NotFound();
  auto where = TerritoryOf(**found);
  if (!where.ok()) return std::move(where).error();
  const auth::Sector sector = KindName((*found)->kind);
  TANZIM_RETURN_IF_ERROR(auth::CheckVisible(actor, *where, sector));
  if (action != auth::Action::kRead) {
    TANZIM_RETURN_IF_ERROR(auth::CheckAccess(actor, action, *where, "id", sector));
  }
  return std::move(**found);
}

BodyEvent BodyService::Event(const auth::Actor& actor, std::string action, const std::string& on,
                             const std::optional<std::string>& reason) const {
  return {std::move(action), on, reason, actor.user_id, UtcNowRfc3339()};
}

Result<Body> BodyService::Build(const auth::Actor& actor, BodyWriter& writer, const Body& base,
                                const BodyDraft& draft) {
  const bool creating = base.id == 0;
  std::vector<FieldError> errors;
  Body body = base;

  // Kind and territory say what and where a body is; they are set once.
  if (creating) {
    if (!draft.kind || !*draft.kind) {
      errors.push_back({"kind", "field.required"});
    } else if (auto kind = ParseKind(**draft.kind)) {
      body.kind = *kind;
    } else {
      errors.push_back({"kind", "field.body_kind_invalid"});
    }
  } else {
    if (draft.kind && *draft.kind != std::optional<std::string>(KindName(base.kind))) {
      errors.push_back({"kind", "field.immutable"});
    }
    if (draft.territory_code && *draft.territory_code != base.territory_code) {
      errors.push_back({"territory_code", "field.immutable"});
    }
  }
  std::optional<territory::Territory> where;
  if (creating && draft.territory_code && *draft.territory_code) {
    auto found = territories_.Find(**draft.territory_code);
    if (!found.ok()) return std::move(found).error();
    if (*found) {
      where = std::move(**found);
      body.territory_code = where->code;
    } else {
      errors.push_back({"territory_code", "field.territory_unknown"});
    }
  } else if (!creating) {
    auto found = TerritoryOf(base);
    if (!found.ok()) return std::move(found).error();
    where = std::move(*found);
  }
  const bool kind_known = !creating || (draft.kind && *draft.kind && ParseKind(**draft.kind));
  const bool territory_known =
      !creating || !(draft.territory_code && *draft.territory_code) || where;
  if (kind_known && territory_known && !FitsTerritory(body.kind, where)) {
    errors.push_back({"territory_code", IsNational(body.kind) ? "field.body_national"
                                                              : "field.body_territory_level"});
  }

  if (draft.status) {
    if (!creating) {
      errors.push_back({"status", "field.status_command"});
    } else if (*draft.status) {
      const auto status = ParseStatus(**draft.status);
      if (!status) {
        errors.push_back({"status", "field.body_status_invalid"});
      } else if (*status == BodyStatus::kDissolved) {
        errors.push_back({"status", "field.status_command"});
      } else {
        body.status = *status;
      }
    }
  }

  if (draft.founded_on) {
    body.founded_on = *draft.founded_on;
    if (body.founded_on) {
      const auto day = people::ParseDate(*body.founded_on);
      if (!day) {
        errors.push_back({"founded_on", "field.date_invalid"});
      } else if (std::chrono::sys_days(*day) > std::chrono::sys_days(today_())) {
        errors.push_back({"founded_on", "field.date_future"});
      } else if (body.status == BodyStatus::kPreparatory) {
        errors.push_back({"founded_on", "field.founded_on_preparatory"});
      }
    }
  }

  // A preparatory committee founds, by default, the secretariat of its territory.
  if (draft.founds_kind && *draft.founds_kind) {
    if (body.kind != Kind::kPreparatoryCommittee) {
      errors.push_back({"founds_kind", "field.founds_kind_committee_only"});
    } else if (base.status == BodyStatus::kDissolved && !creating) {
      errors.push_back({"founds_kind", "field.body_closed"});
    } else if (const auto founds = ParseKind(**draft.founds_kind); founds && Foundable(*founds)) {
      body.founds_kind = founds;
    } else {
      errors.push_back({"founds_kind", "field.founds_kind_invalid"});
    }
  } else if (draft.founds_kind && body.kind == Kind::kPreparatoryCommittee) {
    body.founds_kind.reset();  // null: back to the default below
  }
  if (body.kind == Kind::kPreparatoryCommittee && !body.founds_kind && territory_known) {
    if (where) {
      body.founds_kind = SecretariatFor(where->kind);
    } else {
      errors.push_back({"founds_kind", "field.required"});
    }
  }
  if (body.founds_kind && territory_known && !FitsTerritory(*body.founds_kind, where)) {
    errors.push_back({"founds_kind", "field.body_territory_level"});
  }

  if (draft.parent_id) {
    body.parent_id = *draft.parent_id;
    if (body.parent_id) {
      auto parent = writer.Find(*body.parent_id);
      if (!parent.ok()) return std::move(parent).error();
      std::optional<territory::Territory> parent_where;
      bool readable = false;
      if (*parent) {
        auto found = TerritoryOf(**parent);
        if (!found.ok()) return std::move(found).error();
        parent_where = std::move(*found);
        readable =
            auth::MayAccess(actor, auth::Action::kRead, parent_where, KindName((*parent)->kind));
      }
      if (!readable) {
        errors.push_back({"parent_id", "field.parent_unknown"});
      } else if ((*parent)->status == BodyStatus::kDissolved) {
        errors.push_back({"parent_id", "field.parent_dissolved"});
      } else if (parent_where && (!where || !territory::Within(*where, parent_where->path))) {
        errors.push_back({"parent_id", "field.parent_territory"});
      } else if (!creating) {
        auto cycle = writer.IsAncestor(base.id, *body.parent_id);
        if (!cycle.ok()) return std::move(cycle).error();
        if (*cycle) errors.push_back({"parent_id", "field.parent_cycle"});
      }
    }
  }

  // Names: as given, else derived; a body whose name cannot be derived (a
  // pole, a committee) must be named in at least one language.
  const auto given_ar =
      draft.name_ar ? CheckText(*draft.name_ar, "name_ar", kMaxNameLength, errors) : std::nullopt;
  const auto given_fr =
      draft.name_fr ? CheckText(*draft.name_fr, "name_fr", kMaxNameLength, errors) : std::nullopt;
  if (creating || draft.name_ar || draft.name_fr) {
    const auto derived = DeriveNames(body.kind, where, body.founds_kind);
    // Given, else kept (a patch that leaves it out), else derived.
    const auto resolve = [&](const Patch<std::string>& patch,
                             const std::optional<std::string>& given, const std::string& current,
                             const std::string* derived_name) {
      if (given) return *given;
      if (!creating && !patch) return current;
      return derived_name != nullptr ? *derived_name : std::string();
    };
    body.name_ar = resolve(draft.name_ar, given_ar, base.name_ar, derived ? &derived->ar : nullptr);
    body.name_fr = resolve(draft.name_fr, given_fr, base.name_fr, derived ? &derived->fr : nullptr);
    // A body named in one language only goes by that name in both.
    if (body.name_ar.empty()) body.name_ar = body.name_fr;
    if (body.name_fr.empty()) body.name_fr = body.name_ar;
    if (body.name_ar.empty() && kind_known) errors.push_back({"name_ar", "field.name_required"});
  }

  if (!errors.empty()) return Error(ErrorCode::kInvalidArgument, "error.invalid", errors);
  TANZIM_RETURN_IF_ERROR(auth::CheckAccess(actor, auth::Action::kGovern, where, "territory_code",
                                           KindName(body.kind)));

  if (IsSecretariat(body.kind) && body.status != BodyStatus::kDissolved && where) {
    auto live = writer.FindLive(body.kind, where->code);
    if (!live.ok()) return std::move(live).error();
    if (*live && (*live)->id != base.id) {
      return Conflict("territory_code", "field.secretariat_exists");
    }
  }
  return body;
}

Result<Body> BodyService::Create(const auth::Actor& actor, const BodyDraft& draft) {
  Body created;
  TANZIM_RETURN_IF_ERROR(bodies_.Write([&](BodyWriter& writer) -> Status {
    auto body = Build(actor, writer, Body{}, draft);
    if (!body.ok()) return std::move(body).error();
    if (body->status == BodyStatus::kActive) body->activated_on = body->founded_on;
    auto stored = writer.Insert(*body);
    if (!stored.ok()) return std::move(stored).error();
    created = std::move(*stored);
    const std::string on = created.founded_on.value_or(FormatDate(today_()));
    TANZIM_RETURN_IF_ERROR(writer.AddEvent(created.id, Event(actor, "create", on, std::nullopt)));
    return RecordChange(actor, writer, "create", created.id, std::nullopt);
  }));
  return created;
}

Result<BodyDetail> BodyService::Get(const auth::Actor& actor, int64_t id) {
  auto body = Reach(actor, id, auth::Action::kRead);
  if (!body.ok()) return std::move(body).error();
  auto history = bodies_.Events(id);
  if (!history.ok()) return std::move(history).error();
  return BodyDetail{std::move(*body), std::move(*history)};
}

Result<Body> BodyService::Update(const auth::Actor& actor, int64_t id, const BodyDraft& patch) {
  TANZIM_RETURN_IF_ERROR(Reach(actor, id, auth::Action::kRead));
  Body updated;
  TANZIM_RETURN_IF_ERROR(bodies_.Write([&](BodyWriter& writer) -> Status {
    auto current = writer.Find(id);
    if (!current.ok()) return std::move(current).error();
    if (!*current) return Error::NotFound();
    auto body = Build(actor, writer, **current, patch);
    if (!body.ok()) return std::move(body).error();
    if (ChangesNothing(**current, *body)) {
      updated = std::move(**current);
      return Status::Ok();
    }
    TANZIM_RETURN_IF_ERROR(writer.Update(*body));
    TANZIM_RETURN_IF_ERROR(RecordChange(actor, writer, "update", id, *current));
    auto stored = writer.Find(id);
    if (!stored.ok()) return std::move(stored).error();
    updated = std::move(**stored);
    return Status::Ok();
  }));
  return updated;
}

Status BodyService::Remove(const auth::Actor& actor, int64_t id) {
  TANZIM_RETURN_IF_ERROR(Reach(actor, id, auth::Action::kGovern));
  return bodies_.Write([&](BodyWriter& writer) -> Status {
    auto dependents = writer.HasDependents(id);
    if (!dependents.ok()) return std::move(dependents).error();
    if (*dependents) return Conflict("id", "field.body_has_dependents");
    auto before = writer.Find(id);
    if (!before.ok()) return std::move(before).error();
    TANZIM_RETURN_IF_ERROR(writer.Remove(id));
    return RecordChange(actor, writer, "delete", id, *before);
  });
}

Result<Page<Body>> BodyService::List(const auth::Actor& actor, const BodyListRequest& request) {
  BodyQuery query;
  query.limit = request.limit;
  std::vector<FieldError> errors;
  if (request.kind) {
    query.kind = ParseKind(*request.kind);
    if (!query.kind) errors.push_back({"kind", "field.body_kind_invalid"});
  }
  if (request.status) {
    query.status = ParseStatus(*request.status);
    if (!query.status) errors.push_back({"status", "field.body_status_invalid"});
  }
  if (request.parent) {
    query.parent_id = ParsePositiveId(*request.parent);
    if (!query.parent_id) errors.push_back({"parent", "field.id_invalid"});
  }
  if (request.cursor) {
    if (const auto after = DecodeIdCursor(*request.cursor)) {
      query.after_id = *after;
    } else {
      errors.push_back({"cursor", "field.cursor_invalid"});
    }
  }
  std::optional<territory::Territory> requested;
  if (request.territory) {
    auto found = territories_.Find(*request.territory);
    if (!found.ok()) return std::move(found).error();
    if (*found) {
      requested = std::move(**found);
    } else {
      errors.push_back({"territory", "field.territory_unknown"});
    }
  }
  if (!errors.empty()) return Error(ErrorCode::kInvalidArgument, "error.invalid", errors);

  const auth::ListScope scope = auth::NarrowToScope(actor, requested);
  Page<Body> page;
  page.out_of_scope = scope.out_of_scope;
  if (scope.empty) return page;
  if (scope.within) query.within_path = scope.within->path;
  if (!scope.sector.empty()) {
    const auto sector = ParseKind(scope.sector);
    if (!sector || (query.kind && *query.kind != *sector)) return page;
    query.kind = sector;
  }
  ++query.limit;  // one more tells whether a next page exists
  auto rows = bodies_.List(query);
  if (!rows.ok()) return std::move(rows).error();
  if (static_cast<int>(rows->size()) == query.limit) {
    rows->pop_back();
    page.next_cursor = EncodeIdCursor(rows->back().id);
  }
  page.items = std::move(*rows);
  return page;
}

Result<BodyTree> BodyService::Tree(const auth::Actor& actor, int64_t id) {
  auto root = Reach(actor, id, auth::Action::kRead);
  if (!root.ok()) return std::move(root).error();
  auto bodies = bodies_.Subtree(id, kMaxTreeSize + 1);
  if (!bodies.ok()) return std::move(bodies).error();
  if (bodies->size() > static_cast<size_t>(kMaxTreeSize)) {
    return Error::Invalid("id", "field.tree_too_large");
  }
  // Bodies below one the actor may read normally lie in its territory; the
  // check still runs per body so that no path shows what scope hides. A tree
  // holds few territories and kinds: each pair is judged once.
  std::map<std::pair<std::string, Kind>, bool> readable_place;
  std::multimap<int64_t, const Body*> children;
  for (const Body& body : *bodies) {
    if (body.id == id || !body.parent_id) continue;
    auto [it, fresh] =
        readable_place.try_emplace({body.territory_code.value_or(""), body.kind}, false);
    if (fresh) {
      auto where = TerritoryOf(body);
      if (!where.ok()) return std::move(where).error();
      it->second = auth::MayAccess(actor, auth::Action::kRead, *where, KindName(body.kind));
    }
    if (it->second) children.emplace(*body.parent_id, &body);
  }
  const std::function<BodyTree(const Body&)> grow = [&](const Body& body) {
    BodyTree node{body, {}};
    const auto [first, last] = children.equal_range(body.id);
    for (auto it = first; it != last; ++it) node.children.push_back(grow(*it->second));
    return node;
  };
  return grow(bodies->front());
}

Result<BodyService::Step> BodyService::CheckStep(const Transition& step,
                                                 const std::optional<std::string>& not_before) {
  std::vector<FieldError> errors;
  Step out{step.on.value_or(FormatDate(today_())),
           CheckText(step.reason, "reason", kMaxReasonLength, errors)};
  const auto day = people::ParseDate(out.on);
  if (!day) {
    errors.push_back({"on", "field.date_invalid"});
  } else if (std::chrono::sys_days(*day) > std::chrono::sys_days(today_())) {
    errors.push_back({"on", "field.date_future"});
  } else if (not_before && out.on < *not_before) {
    errors.push_back({"on", "field.date_before_previous"});
  }
  if (!errors.empty()) return Error(ErrorCode::kInvalidArgument, "error.invalid", errors);
  return out;
}

Result<Body> BodyService::Found(const auth::Actor& actor, int64_t id, const Transition& step) {
  TANZIM_RETURN_IF_ERROR(Reach(actor, id, auth::Action::kGovern));
  Body founded;
  TANZIM_RETURN_IF_ERROR(bodies_.Write([&](BodyWriter& writer) -> Status {
    auto current = writer.Find(id);
    if (!current.ok()) return std::move(current).error();
    if (!*current) return Error::NotFound();
    const Body before = **current;
    Body body = std::move(**current);
    const bool committee = body.kind == Kind::kPreparatoryCommittee;
    if (committee ? body.status == BodyStatus::kDissolved
                  : body.status != BodyStatus::kPreparatory) {
      return Conflict("status", "field.status_transition");
    }
    auto checked = CheckStep(step, LatestDate(body));
    if (!checked.ok()) return std::move(checked).error();
    const std::string& on = checked->on;
    const std::optional<std::string>& reason = checked->reason;

    if (!committee) {
      body.status = BodyStatus::kFounded;
      body.founded_on = on;
      TANZIM_RETURN_IF_ERROR(writer.Update(body));
      TANZIM_RETURN_IF_ERROR(writer.AddEvent(body.id, Event(actor, "found", on, reason)));
      TANZIM_RETURN_IF_ERROR(RecordChange(actor, writer, "found", id, before));
      founded = std::move(body);
      return Status::Ok();
    }

    // The committee founds what it was formed for: the body of that kind on
    // its territory if one is being prepared, else a new one.
    const Kind kind = body.founds_kind.value_or(Kind::kLocalSecretariat);
    std::optional<Body> target;
    if (body.territory_code) {
      auto live = writer.FindLive(kind, *body.territory_code);
      if (!live.ok()) return std::move(live).error();
      target = std::move(*live);
    }
    if (target && target->status != BodyStatus::kPreparatory) {
      return Conflict("founds_kind", "field.already_founded");
    }
    if (target) {
      const Body prepared = *target;
      target->status = BodyStatus::kFounded;
      target->founded_on = on;
      TANZIM_RETURN_IF_ERROR(writer.Update(*target));
      TANZIM_RETURN_IF_ERROR(writer.AddEvent(target->id, Event(actor, "found", on, reason)));
      TANZIM_RETURN_IF_ERROR(RecordChange(actor, writer, "found", target->id, prepared));
    } else {
      auto where = TerritoryOf(body);
      if (!where.ok()) return std::move(where).error();
      const auto names = DeriveNames(kind, *where);
      if (!names) return Error::Internal("no derivable name for a founded body");
      Body fresh;
      fresh.kind = kind;
      fresh.territory_code = body.territory_code;
      fresh.parent_id = body.parent_id;
      fresh.name_ar = names->ar;
      fresh.name_fr = names->fr;
      fresh.status = BodyStatus::kFounded;
      fresh.founded_on = on;
      auto stored = writer.Insert(fresh);
      if (!stored.ok()) return std::move(stored).error();
      target = std::move(*stored);
      TANZIM_RETURN_IF_ERROR(writer.AddEvent(target->id, Event(actor, "found", on, reason)));
      TANZIM_RETURN_IF_ERROR(RecordChange(actor, writer, "found", target->id, std::nullopt));
    }
    body.status = BodyStatus::kDissolved;
    body.dissolved_on = on;
    body.founded_body_id = target->id;
    TANZIM_RETURN_IF_ERROR(writer.Update(body));
    TANZIM_RETURN_IF_ERROR(writer.EndOpenPositions(body.id, on));
    TANZIM_RETURN_IF_ERROR(writer.AddEvent(body.id, Event(actor, "close", on, reason)));
    TANZIM_RETURN_IF_ERROR(RecordChange(actor, writer, "close", id, before));
    auto stored = writer.Find(target->id);
    if (!stored.ok()) return std::move(stored).error();
    founded = std::move(**stored);
    return Status::Ok();
  }));
  return founded;
}

Result<Body> BodyService::RunStep(
    const auth::Actor& actor, int64_t id, const Transition& step, const std::string& verb,
    const std::function<bool(BodyStatus)>& may_start,
    const std::function<Status(Body&, const std::string&, BodyWriter&)>& apply) {
  TANZIM_RETURN_IF_ERROR(Reach(actor, id, auth::Action::kGovern));
  Body changed;
  TANZIM_RETURN_IF_ERROR(bodies_.Write([&](BodyWriter& writer) -> Status {
    auto current = writer.Find(id);
    if (!current.ok()) return std::move(current).error();
    if (!*current) return Error::NotFound();
    const Body before = **current;
    Body body = std::move(**current);
    if (!may_start(body.status)) return Conflict("status", "field.status_transition");
    auto checked = CheckStep(step, LatestDate(body));
    if (!checked.ok()) return std::move(checked).error();
    TANZIM_RETURN_IF_ERROR(apply(body, checked->on, writer));
    TANZIM_RETURN_IF_ERROR(writer.Update(body));
    TANZIM_RETURN_IF_ERROR(writer.AddEvent(id, Event(actor, verb, checked->on, checked->reason)));
    TANZIM_RETURN_IF_ERROR(RecordChange(actor, writer, verb, id, before));
    changed = std::move(body);
    return Status::Ok();
  }));
  return changed;
}

Result<Body> BodyService::Activate(const auth::Actor& actor, int64_t id, const Transition& step) {
  return RunStep(
      actor, id, step, "activate", [](BodyStatus from) { return from == BodyStatus::kFounded; },
      [](Body& body, const std::string& on, BodyWriter&) {
        body.status = BodyStatus::kActive;
        body.activated_on = on;
        return Status::Ok();
      });
}

Result<Body> BodyService::Dissolve(const auth::Actor& actor, int64_t id, const Transition& step) {
  return RunStep(
      actor, id, step, "dissolve", [](BodyStatus from) { return from != BodyStatus::kDissolved; },
      [id](Body& body, const std::string& on, BodyWriter& writer) {
        body.status = BodyStatus::kDissolved;
        body.dissolved_on = on;
        // One audit entry for the body: the positions it ends show it in their `to`.
        return writer.EndOpenPositions(id, on);
      });
}

}  // namespace tanzim::bodies
