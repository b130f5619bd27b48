#include "mandates/mandate_service.h"

#include <algorithm>
#include <cstdio>

#include "auth/authorization.h"
#include "core/ids.h"
#include "core/time.h"
#include "i18n/text.h"
#include "mandates/mandate_json.h"
#include "people/validators.h"

namespace tanzim::mandates {
namespace {

constexpr size_t kMaxTextLength = 200;

void Apply(std::optional<std::string>& field, const Patch<std::string>& patch) {
  if (patch) field = *patch;
}

void ApplyRequired(std::string& field, const Patch<std::string>& patch) {
  if (patch) field = patch->value_or("");
}

bool OneOf(std::string_view value, const auto& allowed) {
  return std::find(std::begin(allowed), std::end(allowed), value) != std::end(allowed);
}

// A free text (committee, constituency): spaces normalized, empty means none.
std::optional<std::string> CheckText(const std::optional<std::string>& raw, const char* field,
                                     std::vector<FieldError>& errors) {
  if (!raw) return std::nullopt;
  std::string text = i18n::NormalizeSpaces(*raw);
  if (text.empty()) return std::nullopt;
  if (i18n::HasControlCharacters(text)) {
    errors.push_back({field, "field.text_invalid"});
  } else if (i18n::CodePointCount(text).value_or(kMaxTextLength + 1) > kMaxTextLength) {
    errors.push_back({field, "field.too_long"});
  }
  return text;
}

// Does a council of `institution` sit on a territory of `kind`? Parliament's
// seats are elected in constituencies of any level.
bool FitsInstitution(std::string_view institution, territory::Kind kind) {
  if (institution == "regional_council") return kind == territory::Kind::kRegion;
  if (institution == "provincial_council") return territory::IsProvinceLevel(kind);
  if (institution == "communal_council") return kind == territory::Kind::kCommune;
  return true;
}

// The audit trail's description of a change to a mandate made by `actor`:
// action "mandate.<verb>", the mandate before and after as the API shows it.
// An update that sets the end of a mandate still held is its "end".
DescribeChange Describe(const auth::Actor& actor, std::string_view verb) {
  return [&actor, verb](const std::optional<Mandate>& before, const std::optional<Mandate>& after) {
    std::string_view action = verb;
    if (verb == "update" && before && after && !before->to && after->to) action = "end";
    audit::Entry entry =
        audit::Change(actor, audit::ObjectType::kMandate, after ? after->id : before->id, action);
    if (before) entry.before = ToJson(*before).dump();
    if (after) entry.after = ToJson(*after).dump();
    return entry;
  };
}

}  // namespace

MandateService::MandateService(MandateStore& mandates, people::PeopleService& people,
                               territory::TerritoryStore& territories, Today today)
    : mandates_(mandates),
      people_(people),
      territories_(territories),
      today_(today ? std::move(today) : UtcToday) {}

std::string MandateService::TodayText() { return FormatDate(today_()); }

Result<Mandate> MandateService::Build(const auth::Actor& actor, const Mandate& base,
                                      const MandateDraft& draft) {
  Mandate m = base;
  ApplyRequired(m.institution, draft.institution);
  ApplyRequired(m.territory_code, draft.territory_code);
  ApplyRequired(m.role, draft.role);
  ApplyRequired(m.from, draft.from);
  Apply(m.committee, draft.committee);
  Apply(m.constituency, draft.constituency);
  Apply(m.to, draft.to);
  if (m.to && i18n::NormalizeSpaces(*m.to).empty()) m.to.reset();

  std::vector<FieldError> errors;
  if (m.institution.empty()) {
    errors.push_back({"institution", "field.required"});
  } else if (!OneOf(m.institution, kInstitutions)) {
    errors.push_back({"institution", "field.institution_invalid"});
  }
  const bool role_known = OneOf(m.role, kRoles);
  if (m.role.empty()) {
    errors.push_back({"role", "field.required"});
  } else if (!role_known) {
    errors.push_back({"role", "field.mandate_role_invalid"});
  }
  m.committee = CheckText(m.committee, "committee", errors);
  m.constituency = CheckText(m.constituency, "constituency", errors);
  if (role_known) {
    if (m.role == "committee_chair" && !m.committee) {
      errors.push_back({"committee", "field.required"});
    } else if (m.role != "committee_chair" && m.committee) {
      errors.push_back({"committee", "field.committee_not_allowed"});
    }
  }
  std::optional<std::chrono::year_month_day> from;
  if (m.from.empty()) {
    errors.push_back({"from", "field.required"});
  } else {
    from = people::ParseDate(m.from);
    if (!from || from->year() < std::chrono::year(1900)) {
      errors.push_back({"from", "field.date_invalid"});
      from.reset();
    }
  }
  if (m.to) {
    const auto to = people::ParseDate(*m.to);
    if (!to || to->year() < std::chrono::year(1900)) {
      errors.push_back({"to", "field.date_invalid"});
    } else if (from && *to < *from) {
      errors.push_back({"to", "field.date_before_from"});
    }
  }
  std::optional<territory::Territory> where;
  if (m.territory_code.empty()) {
    errors.push_back({"territory_code", "field.required"});
  } else if (m.territory_code.size() > kMaxTextLength) {
    errors.push_back({"territory_code", "field.territory_unknown"});
  } else {
    auto found = territories_.Find(m.territory_code);
    if (!found.ok()) return std::move(found).error();
    if (!found->has_value()) {
      errors.push_back({"territory_code", "field.territory_unknown"});
    } else if (OneOf(m.institution, kInstitutions) &&
               !FitsInstitution(m.institution, (*found)->kind)) {
      errors.push_back({"territory_code", "field.territory_institution"});
    } else {
      where = std::move(**found);
    }
  }
  if (!errors.empty()) {
    return Error(ErrorCode::kInvalidArgument, "error.invalid", std::move(errors));
  }
  TANZIM_RETURN_IF_ERROR(auth::CheckAccess(actor, auth::Action::kWrite, *where, "territory_code"));
  m.updated_at = UtcNowRfc3339();
  if (m.created_at.empty()) m.created_at = m.updated_at;
  return m;
}

Result<Mandate> MandateService::Create(const auth::Actor& actor, int64_t person_id,
                                       const MandateDraft& draft) {
  // The holder must be someone the actor may see; otherwise it does not exist for them.
  TANZIM_RETURN_IF_ERROR(people_.Reach(actor, person_id));
  Mandate base;
  base.person_id = person_id;
  auto mandate = Build(actor, base, draft);
  if (!mandate.ok()) return std::move(mandate).error();
  return mandates_.Insert(*mandate, Describe(actor, "create"));
}

Result<Mandate> MandateService::Get(const auth::Actor& actor, int64_t id) {
  auto found = mandates_.Find(id);
  if (!found.ok()) return std::move(found).error();
  // Out of scope reads as absent, as for people.
  if (!found->has_value()) return Error::NotFound();
  TANZIM_RETURN_IF_ERROR(auth::CheckVisible(actor, (*found)->place));
  return std::move((*found)->mandate);
}

Result<Mandate> MandateService::Update(const auth::Actor& actor, int64_t id,
                                       const MandateDraft& patch) {
  const auto change = [&](const MandateRow& current) -> Result<Mandate> {
    TANZIM_RETURN_IF_ERROR(auth::CheckVisible(actor, current.place));
    TANZIM_RETURN_IF_ERROR(auth::CheckAccess(actor, auth::Action::kWrite, current.place, "id"));
    return Build(actor, current.mandate, patch);
  };
  return mandates_.Update(id, change, Describe(actor, "update"));
}

Status MandateService::Remove(const auth::Actor& actor, int64_t id) {
  const auto check = [&](const MandateRow& current) -> Status {
    TANZIM_RETURN_IF_ERROR(auth::CheckVisible(actor, current.place));
    return auth::CheckAccess(actor, auth::Action::kWrite, current.place, "id");
  };
  return mandates_.Remove(id, check, Describe(actor, "delete"));
}

Result<Page<Mandate>> MandateService::RunList(MandateQuery query,
                                              const std::optional<std::string>& cursor, int limit,
                                              bool empty_scope) {
  if (limit < 1 || limit > kMaxPageSize) return Error::Invalid("limit", "field.limit_invalid");
  if (cursor) {
    const auto after = DecodeIdCursor(*cursor);
    if (!after) return Error::Invalid("cursor", "field.cursor_invalid");
    query.after_id = *after;
  }
  // Nothing in scope: an empty page, once the paging parameters are known good.
  if (empty_scope) return Page<Mandate>{};
  query.limit = limit + 1;  // one more tells whether a next page exists
  auto rows = mandates_.List(query);
  if (!rows.ok()) return std::move(rows).error();
  Page<Mandate> page;
  if (static_cast<int>(rows->size()) > limit) {
    rows->resize(limit);
    page.next_cursor = EncodeIdCursor(rows->back().id);
  }
  page.items = std::move(rows).value();
  return page;
}

Result<Page<Mandate>> MandateService::List(const auth::Actor& actor,
                                           const MandateListRequest& request) {
  MandateQuery query;
  std::vector<FieldError> errors;
  if (request.institution) {
    if (OneOf(*request.institution, kInstitutions)) {
      query.institution = *request.institution;
    } else {
      errors.push_back({"institution", "field.institution_invalid"});
    }
  }
  if (request.current) {
    if (*request.current == "true") {
      query.current_on = TodayText();
    } else if (*request.current != "false") {
      errors.push_back({"current", "field.boolean_invalid"});
    }
  }
  std::optional<territory::Territory> requested;
  if (request.territory) {
    auto found = territories_.Find(*request.territory);
    if (!found.ok()) return std::move(found).error();
    if (found->has_value()) {
      requested = std::move(**found);
    } else {
      errors.push_back({"territory", "field.territory_unknown"});
    }
  }
  if (!errors.empty()) {
    return Error(ErrorCode::kInvalidArgument, "error.invalid", std::move(errors));
  }
  const auth::ListScope scope = auth::NarrowToScope(actor, requested);
  if (scope.within) query.within_path = scope.within->path;
  // Mandates belong to no sector organization: a sector coordinator sees none.
  auto page = RunList(std::move(query), request.cursor, request.limit,
                      scope.empty || !scope.sector.empty());
  if (page.ok()) page->out_of_scope = scope.out_of_scope;
  return page;
}

Result<Page<Mandate>> MandateService::ListForPerson(const auth::Actor& actor, int64_t person_id,
                                                    const std::optional<std::string>& cursor,
                                                    int limit) {
  TANZIM_RETURN_IF_ERROR(people_.Reach(actor, person_id));
  MandateQuery query;
  query.person_id = person_id;
  const auth::ListScope scope = auth::NarrowToScope(actor, std::nullopt);
  if (scope.within) query.within_path = scope.within->path;
  return RunList(std::move(query), cursor, limit, scope.empty || !scope.sector.empty());
}

}  // namespace tanzim::mandates
