#include "memberships/membership_service.h"

#include <algorithm>

#include "auth/authorization.h"
#include "core/ids.h"
#include "core/time.h"
#include "i18n/text.h"
#include "memberships/membership_json.h"
#include "people/validators.h"

namespace tanzim::memberships {
namespace {

constexpr size_t kMaxReasonLength = 500;

// Where a national body sits for authorization: below no scope, so only
// national users reach it.
territory::Territory NationalPlace() { return {.kind = territory::Kind::kRegion, .path = "/"}; }

territory::Territory PlaceOf(const std::optional<territory::Territory>& place) {
  return place ? *place : NationalPlace();
}

std::optional<int64_t> ActorId(const auth::Actor& actor) {
  if (actor.user_id > 0) return actor.user_id;
  return std::nullopt;
}

// Out of scope reads as absent; in read scope but not write scope is denied.
// Recording data (dues) is kWrite; deciding on the membership is kGovern.
Status CheckWrite(const auth::Actor& actor, const StoredMembership& current,
                  auth::Action action = auth::Action::kWrite) {
  const territory::Territory where = PlaceOf(current.place);
  TANZIM_RETURN_IF_ERROR(auth::CheckVisible(actor, where, current.body_kind));
  return auth::CheckAccess(actor, action, where, "id", current.body_kind);
}

// A date field: absent → `today`; otherwise a real date not after today.
std::optional<std::string> CheckDate(const std::optional<std::string>& raw, const char* field,
                                     std::chrono::year_month_day today,
                                     std::vector<FieldError>& errors) {
  if (!raw) return FormatDate(today);
  const auto date = people::ParseDate(*raw);
  if (!date || date->year() < std::chrono::year(1900)) {
    errors.push_back({field, "field.date_invalid"});
    return std::nullopt;
  }
  if (*date > today) {
    errors.push_back({field, "field.date_future"});
    return std::nullopt;
  }
  return *raw;
}

// A required real date (periods may lie in the future: dues paid in advance).
std::optional<std::string> CheckPeriodDate(const std::optional<std::string>& raw, const char* field,
                                           std::vector<FieldError>& errors) {
  if (!raw) {
    errors.push_back({field, "field.required"});
    return std::nullopt;
  }
  const auto date = people::ParseDate(*raw);
  if (!date || date->year() < std::chrono::year(1900)) {
    errors.push_back({field, "field.date_invalid"});
    return std::nullopt;
  }
  return *raw;
}

Error Invalid(std::vector<FieldError> errors) {
  return {ErrorCode::kInvalidArgument, "error.invalid", std::move(errors)};
}

// The audit trail's description of a change to a membership made by `actor`:
// action "membership.<verb>", the membership before and after as the API shows it.
DescribeChange DescribeMembership(const auth::Actor& actor, std::string_view verb) {
  return [&actor, verb](const std::optional<Membership>& before, const Membership& after) {
    audit::Entry entry = audit::Change(actor, audit::ObjectType::kMembership, after.id, verb);
    if (before) entry.before = ToJson(*before).dump();
    entry.after = ToJson(after).dump();
    return entry;
  };
}

}  // namespace

MembershipService::MembershipService(MembershipStore& store, people::PeopleService& people,
                                     Today today)
    : store_(store), people_(people), today_(today ? std::move(today) : UtcToday) {}

Result<Membership> MembershipService::Create(const auth::Actor& actor,
                                             const MembershipDraft& draft) {
  std::vector<FieldError> errors;
  for (const auto& [id, field] :
       {std::pair{draft.person_id, "person_id"}, std::pair{draft.body_id, "body_id"}}) {
    if (!id) {
      errors.push_back({field, "field.required"});
    } else if (*id <= 0) {
      errors.push_back({field, "field.id_invalid"});
    }
  }
  const auto joined_on = CheckDate(draft.joined_on, "joined_on", today_(), errors);
  if (!errors.empty()) return Invalid(std::move(errors));

  // The person must be one the actor may read; who is on file elsewhere stays hidden.
  const Status person = people_.Reach(actor, *draft.person_id);
  if (!person.ok()) {
    if (person.error().code() != ErrorCode::kNotFound) return person.error();
    return Error::Invalid("person_id", "field.person_unknown");
  }
  auto body = store_.FindBody(*draft.body_id);
  if (!body.ok()) return std::move(body).error();
  if (!body->has_value()) return Error::Invalid("body_id", "field.body_unknown");
  TANZIM_RETURN_IF_ERROR(auth::CheckAccess(actor, auth::Action::kWrite, PlaceOf((*body)->place),
                                           "body_id", (*body)->kind));
  if ((*body)->status == "dissolved") return Error::Invalid("body_id", "field.body_dissolved");

  NewMembership membership{.person_id = *draft.person_id,
                           .body = std::move(**body),
                           .joined_on = *joined_on,
                           .actor_id = ActorId(actor),
                           .at = UtcNowRfc3339()};
  return store_.Insert(membership, DescribeMembership(actor, "create"));
}

Result<MembershipDetail> MembershipService::Get(const auth::Actor& actor, int64_t id) {
  auto found = store_.Find(id);
  if (!found.ok()) return std::move(found).error();
  if (!found->has_value()) return Error::NotFound();
  TANZIM_RETURN_IF_ERROR(auth::CheckVisible(actor, PlaceOf((*found)->place), (*found)->body_kind));
  MembershipDetail detail;
  detail.membership = std::move((*found)->membership);
  auto events = store_.Events(id);
  if (!events.ok()) return std::move(events).error();
  detail.events = std::move(events).value();
  auto dues = store_.Dues(id);
  if (!dues.ok()) return std::move(dues).error();
  detail.dues = std::move(dues).value();
  return detail;
}

Result<Page<Membership>> MembershipService::List(const auth::Actor& actor,
                                                 const ListRequest& request) {
  std::vector<FieldError> errors;
  MembershipQuery query;
  if (request.limit < 1 || request.limit > kMaxPageSize) {
    errors.push_back({"limit", "field.limit_invalid"});
  }
  if (request.status) {
    query.status = ParseStatus(*request.status);
    if (!query.status) errors.push_back({"status", "field.status_invalid"});
  }
  if (request.body) {
    query.body_id = ParsePositiveId(*request.body);
    if (!query.body_id) errors.push_back({"body", "field.id_invalid"});
  }
  if (request.person) {
    query.person_id = ParsePositiveId(*request.person);
    if (!query.person_id) errors.push_back({"person", "field.id_invalid"});
  }
  if (request.cursor) {
    const auto after = DecodeIdCursor(*request.cursor);
    if (!after) {
      errors.push_back({"cursor", "field.cursor_invalid"});
    } else {
      query.after_id = *after;
    }
  }
  if (!errors.empty()) return Invalid(std::move(errors));

  Page<Membership> page;
  const auth::ListScope scope = auth::NarrowToScope(actor, std::nullopt);
  if (scope.empty) return page;
  if (scope.within) query.within_path = scope.within->path;
  if (!scope.sector.empty()) query.body_kind = scope.sector;
  query.limit = request.limit + 1;  // one more tells whether a next page exists
  auto rows = store_.List(query);
  if (!rows.ok()) return std::move(rows).error();
  if (static_cast<int>(rows->size()) > request.limit) {
    rows->resize(request.limit);
    page.next_cursor = EncodeIdCursor(rows->back().id);
  }
  page.items = std::move(rows).value();
  return page;
}

Result<Membership> MembershipService::Change(const auth::Actor& actor, int64_t id,
                                             Transition transition, const TransitionDraft& draft) {
  const auto today = today_();
  std::vector<FieldError> errors;
  const auto on = CheckDate(draft.on, "on", today, errors);
  std::optional<std::string> reason;
  if (draft.reason) {
    std::string text = i18n::NormalizeSpaces(*draft.reason);
    if (i18n::HasControlCharacters(*draft.reason)) {
      errors.push_back({"reason", "field.text_invalid"});
    } else if (i18n::CodePointCount(text).value_or(0) > kMaxReasonLength) {
      errors.push_back({"reason", "field.too_long"});
    } else if (!text.empty()) {
      reason = std::move(text);
    }
  }
  if (!reason && RequiresReason(transition) &&
      std::none_of(errors.begin(), errors.end(),
                   [](const FieldError& e) { return e.field == "reason"; })) {
    errors.push_back({"reason", "field.required"});
  }
  if (!errors.empty()) return Invalid(std::move(errors));

  const auto decide = [&](const StoredMembership& current) -> Result<StatusChange> {
    TANZIM_RETURN_IF_ERROR(CheckWrite(actor, current, auth::Action::kGovern));
    const Membership& m = current.membership;
    const auto next = NextStatus(m.status, transition);
    if (!next) {
      return Error(ErrorCode::kConflict, "error.conflict", {{"status", "field.status_transition"}});
    }
    // History stays in date order.
    if (*on < current.last_event_on) return Error::Invalid("on", "field.date_before_history");
    StatusChange change;
    change.status = *next;
    if (*next == MembershipStatus::kActive) {
      change.left_on = std::nullopt;
    } else if (m.status == MembershipStatus::kActive) {
      change.left_on = *on;
    } else {
      change.left_on = m.left_on;
    }
    if (transition == Transition::kApprove) {
      change.approved_on = *on;
      change.assign_number = true;
      change.number_year = static_cast<int>(people::ParseDate(*on)->year());
    }
    change.event = MembershipEvent{.action = std::string(TransitionName(transition)),
                                   .on = *on,
                                   .reason = reason,
                                   .actor_id = ActorId(actor),
                                   .at = UtcNowRfc3339()};
    return change;
  };
  return store_.ChangeStatus(id, decide, DescribeMembership(actor, TransitionName(transition)));
}

Result<DuesPayment> MembershipService::AddDues(const auth::Actor& actor, int64_t id,
                                               const DuesDraft& draft) {
  std::vector<FieldError> errors;
  std::optional<int64_t> centimes;
  if (!draft.amount_mad) {
    errors.push_back({"amount_mad", "field.required"});
  } else {
    centimes = ParseAmountCentimes(*draft.amount_mad);
    if (!centimes) errors.push_back({"amount_mad", "field.amount_invalid"});
  }
  const auto from = CheckPeriodDate(draft.period_from, "period_from", errors);
  const auto to = CheckPeriodDate(draft.period_to, "period_to", errors);
  if (from && to && *to < *from) errors.push_back({"period_to", "field.period_order"});
  const auto paid_on = CheckDate(draft.paid_on, "paid_on", today_(), errors);
  if (!errors.empty()) return Invalid(std::move(errors));

  DuesPayment payment{.amount_centimes = *centimes,
                      .period_from = *from,
                      .period_to = *to,
                      .paid_on = *paid_on,
                      .actor_id = ActorId(actor),
                      .created_at = UtcNowRfc3339()};
  const auto check = [&](const StoredMembership& current) -> Status {
    TANZIM_RETURN_IF_ERROR(CheckWrite(actor, current));
    switch (current.membership.status) {
      case MembershipStatus::kResigned:
      case MembershipStatus::kExpelled:
      case MembershipStatus::kRejected:
        return Error(ErrorCode::kConflict, "error.conflict",
                     {{"status", "field.membership_closed"}});
      default:
        return Status::Ok();
    }
  };
  const auto describe_payment = [&actor](const DuesPayment& paid) {
    audit::Entry entry = audit::Change(actor, audit::ObjectType::kDues, paid.id, "create");
    entry.after = ToJson(paid).dump();
    return entry;
  };
  return store_.AddDues(id, payment, check, describe_payment,
                        DescribeMembership(actor, "pay_dues"));
}

Result<std::vector<DuesPayment>> MembershipService::ListDues(const auth::Actor& actor, int64_t id) {
  auto found = store_.Find(id);
  if (!found.ok()) return std::move(found).error();
  if (!found->has_value()) return Error::NotFound();
  TANZIM_RETURN_IF_ERROR(auth::CheckVisible(actor, PlaceOf((*found)->place), (*found)->body_kind));
  return store_.Dues(id);
}

Result<int> MembershipService::LapseOverdue(const auth::Actor& actor,
                                            std::optional<std::chrono::year_month_day> today) {
  TANZIM_RETURN_IF_ERROR(auth::CheckAccess(actor, auth::Action::kGovern, NationalPlace(), "id"));
  auto settings = store_.ReadSettings();
  if (!settings.ok()) return std::move(settings).error();
  const auto day = today.value_or(today_());
  const std::chrono::year_month_day cutoff{std::chrono::sys_days(day) -
                                           std::chrono::days(settings->dues_grace_days)};
  return store_.LapseOverdue(FormatDate(cutoff), FormatDate(day), UtcNowRfc3339(),
                             DescribeMembership(actor, TransitionName(Transition::kLapse)));
}

Result<Settings> MembershipService::GetSettings(const auth::Actor&) {
  // Every account may read the organization's settings.
  return store_.ReadSettings();
}

Result<Settings> MembershipService::UpdateSettings(const auth::Actor& actor,
                                                   const SettingsPatch& patch) {
  TANZIM_RETURN_IF_ERROR(
      auth::CheckAccess(actor, auth::Action::kGovern, NationalPlace(), "dues_grace_days"));
  if (patch.dues_grace_days) {
    const auto& days = *patch.dues_grace_days;
    if (days && (*days < 0 || *days > kMaxDuesGraceDays)) {
      return Error::Invalid("dues_grace_days", "field.grace_days_invalid");
    }
    // The organization's settings are one object: setting/0.
    const auto describe = [&actor](const Settings& before, const Settings& after) {
      audit::Entry entry = audit::Change(actor, audit::ObjectType::kSetting, 0, "update");
      entry.before = ToJson(before).dump();
      entry.after = ToJson(after).dump();
      return entry;
    };
    return store_.WriteGraceDays(days ? std::optional<int>(static_cast<int>(*days)) : std::nullopt,
                                 UtcNowRfc3339(), describe);
  }
  return store_.ReadSettings();
}

}  // namespace tanzim::memberships
