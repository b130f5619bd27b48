#include <array>

#include "memberships/membership_json.h"
#include "memberships/membership_service.h"
#include "web/json_io.h"
#include "web/problem.h"
#include "web/routes.h"
#include "web/short_list.h"

namespace tanzim::web {
namespace {

using memberships::DuesPayment;
using memberships::Membership;
using memberships::MembershipService;
using memberships::ToJson;
using memberships::Transition;

// Null reads as absent: every field of these bodies is optional or required,
// none is cleared.
template <typename T>
std::optional<T> Flatten(const Patch<T>& patch) {
  return patch ? *patch : std::nullopt;
}

// A command body may be empty: approving needs no date or reason.
Result<nlohmann::json> ParseOptionalObject(const Request& request) {
  if (request.body.empty()) return nlohmann::json::object();
  return ParseJsonObject(request);
}

Result<memberships::MembershipDraft> ReadDraft(const Request& request) {
  auto object = ParseJsonObject(request);
  if (!object.ok()) return std::move(object).error();
  ObjectReader read(*object, {"person_id", "body_id", "joined_on"});
  memberships::MembershipDraft draft;
  draft.person_id = Flatten(read.Int("person_id"));
  draft.body_id = Flatten(read.Int("body_id"));
  draft.joined_on = Flatten(read.String("joined_on"));
  TANZIM_RETURN_IF_ERROR(read.Finish());
  return draft;
}

Result<memberships::TransitionDraft> ReadTransition(const Request& request) {
  auto object = ParseOptionalObject(request);
  if (!object.ok()) return std::move(object).error();
  ObjectReader read(*object, {"on", "reason"});
  memberships::TransitionDraft draft;
  draft.on = Flatten(read.String("on"));
  draft.reason = Flatten(read.String("reason"));
  TANZIM_RETURN_IF_ERROR(read.Finish());
  return draft;
}

// amount_mad is a decimal string or a JSON number. A number is taken as
// nlohmann writes it back (shortest round trip: 150.5 → "150.5"), so the
// service parses decimal text either way and never rounds a double.
Result<memberships::DuesDraft> ReadDues(const Request& request) {
  auto object = ParseJsonObject(request);
  if (!object.ok()) return std::move(object).error();
  ObjectReader read(*object, {"amount_mad", "period_from", "period_to", "paid_on"});
  memberships::DuesDraft draft;
  std::vector<FieldError> errors;
  const auto amount = object->find("amount_mad");
  if (amount != object->end() && !amount->is_null()) {
    if (amount->is_string()) {
      draft.amount_mad = amount->get<std::string>();
    } else if (amount->is_number()) {
      draft.amount_mad = amount->dump();
    } else {
      errors.push_back({"amount_mad", "field.type_amount"});
    }
  }
  draft.period_from = Flatten(read.String("period_from"));
  draft.period_to = Flatten(read.String("period_to"));
  draft.paid_on = Flatten(read.String("paid_on"));
  auto read_status = read.Finish();
  if (!read_status.ok()) {
    Error error = std::move(read_status).error();
    errors.insert(errors.begin(), error.fields().begin(), error.fields().end());
  }
  if (!errors.empty()) return Error(ErrorCode::kMalformed, "error.malformed", std::move(errors));
  return draft;
}

Result<memberships::SettingsPatch> ReadSettings(const Request& request) {
  auto object = ParseJsonObject(request);
  if (!object.ok()) return std::move(object).error();
  ObjectReader read(*object, {"dues_grace_days"});
  memberships::SettingsPatch patch;
  patch.dues_grace_days = read.Int("dues_grace_days");
  TANZIM_RETURN_IF_ERROR(read.Finish());
  return patch;
}

constexpr std::array kTransitions{Transition::kApprove,   Transition::kReject, Transition::kSuspend,
                                  Transition::kReinstate, Transition::kResign, Transition::kExpel,
                                  Transition::kLapse};

}  // namespace

void AddMembershipRoutes(Router& router, MembershipService& memberships) {
  router.Add(Method::kPost, "/api/v1/memberships", [&memberships](Request& request) {
    auto draft = ReadDraft(request);
    if (!draft.ok()) return ProblemResponse(draft.error(), request.lang);
    auto created = memberships.Create(*request.actor, *draft);
    if (!created.ok()) return ProblemResponse(created.error(), request.lang);
    Response response = JsonResponse(201, ToJson(*created));
    response.headers.emplace_back("Location", "/api/v1/memberships/" + std::to_string(created->id));
    return response;
  });
  router.Add(Method::kGet, "/api/v1/memberships", {"status", "body", "person", "limit", "cursor"},
             [&memberships](Request& request) {
               auto limit = ParseLimit(request);
               if (!limit.ok()) return ProblemResponse(limit.error(), request.lang);
               memberships::ListRequest list{request.Query("status"), request.Query("body"),
                                             request.Query("person"), request.Query("cursor"),
                                             *limit};
               auto page = memberships.List(*request.actor, list);
               if (!page.ok()) return ProblemResponse(page.error(), request.lang);
               return PageResponse(*page, [](const Membership& m) { return ToJson(m); });
             });
  router.Add(Method::kGet, "/api/v1/memberships/{id}", [&memberships](Request& request) {
    auto id = ParseId(request.Param("id"));
    if (!id.ok()) return ProblemResponse(id.error(), request.lang);
    auto found = memberships.Get(*request.actor, *id);
    if (!found.ok()) return ProblemResponse(found.error(), request.lang);
    return JsonResponse(200, ToJson(*found));
  });
  for (const Transition transition : kTransitions) {
    const std::string path =
        "/api/v1/memberships/{id}/" + std::string(memberships::TransitionName(transition));
    router.Add(Method::kPost, path, [&memberships, transition](Request& request) {
      auto id = ParseId(request.Param("id"));
      if (!id.ok()) return ProblemResponse(id.error(), request.lang);
      auto draft = ReadTransition(request);
      if (!draft.ok()) return ProblemResponse(draft.error(), request.lang);
      auto changed = memberships.Change(*request.actor, *id, transition, *draft);
      if (!changed.ok()) return ProblemResponse(changed.error(), request.lang);
      return JsonResponse(200, ToJson(*changed));
    });
  }
  router.Add(Method::kPost, "/api/v1/memberships/{id}/dues", [&memberships](Request& request) {
    auto id = ParseId(request.Param("id"));
    if (!id.ok()) return ProblemResponse(id.error(), request.lang);
    auto draft = ReadDues(request);
    if (!draft.ok()) return ProblemResponse(draft.error(), request.lang);
    auto paid = memberships.AddDues(*request.actor, *id, *draft);
    if (!paid.ok()) return ProblemResponse(paid.error(), request.lang);
    return JsonResponse(201, ToJson(*paid));
  });
  router.Add(Method::kGet, "/api/v1/memberships/{id}/dues", {"limit", "cursor"},
             [&memberships](Request& request) {
               auto id = ParseId(request.Param("id"));
               if (!id.ok()) return ProblemResponse(id.error(), request.lang);
               // By the period paid for, as the store gives them.
               const auto query = ReadShortListQuery(request, {false, false});
               if (!query.ok()) return ProblemResponse(query.error(), request.lang);
               auto payments = memberships.ListDues(*request.actor, *id);
               if (!payments.ok()) return ProblemResponse(payments.error(), request.lang);
               return ShortListPage(
                   *payments, *query,
                   [](const DuesPayment& p) {
                     return nlohmann::json::array({p.period_to, p.id});
                   },
                   [](const DuesPayment& p) { return ToJson(p); });
             });
  router.Add(Method::kGet, "/api/v1/settings", [&memberships](Request& request) {
    auto settings = memberships.GetSettings(*request.actor);
    if (!settings.ok()) return ProblemResponse(settings.error(), request.lang);
    return JsonResponse(200, ToJson(*settings));
  });
  router.Add(Method::kPatch, "/api/v1/settings", [&memberships](Request& request) {
    auto patch = ReadSettings(request);
    if (!patch.ok()) return ProblemResponse(patch.error(), request.lang);
    auto settings = memberships.UpdateSettings(*request.actor, *patch);
    if (!settings.ok()) return ProblemResponse(settings.error(), request.lang);
    return JsonResponse(200, ToJson(*settings));
  });
}

}  // namespace tanzim::web
