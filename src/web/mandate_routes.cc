#include "mandates/mandate_json.h"
#include "mandates/mandate_service.h"
#include "web/json_io.h"
#include "web/problem.h"
#include "web/routes.h"

namespace tanzim::web {
namespace {

using mandates::ToJson;

// The body of a create or patch: a flat object of known string fields.
Result<mandates::MandateDraft> ReadDraft(const Request& request) {
  auto object = ParseJsonObject(request);
  if (!object.ok()) return std::move(object).error();
  ObjectReader read(*object, {"institution", "territory_code", "role", "committee", "constituency",
                              "from", "to"});
  mandates::MandateDraft draft;
  draft.institution = read.String("institution");
  draft.territory_code = read.String("territory_code");
  draft.role = read.String("role");
  draft.committee = read.String("committee");
  draft.constituency = read.String("constituency");
  draft.from = read.String("from");
  draft.to = read.String("to");
  TANZIM_RETURN_IF_ERROR(read.Finish());
  return draft;
}

}  // namespace

void AddMandateRoutes(Router& router, mandates::MandateService& mandates) {
  router.Add(Method::kPost, "/api/v1/people/{id}/mandates", [&mandates](Request& request) {
    auto person_id = ParseId(request.Param("id"));
    if (!person_id.ok()) return ProblemResponse(person_id.error(), request.lang);
    auto draft = ReadDraft(request);
    if (!draft.ok()) return ProblemResponse(draft.error(), request.lang);
    auto created = mandates.Create(*request.actor, *person_id, *draft);
    if (!created.ok()) return ProblemResponse(created.error(), request.lang);
    Response response = JsonResponse(201, ToJson(*created));
    response.headers.emplace_back("Location", "/api/v1/mandates/" + std::to_string(created->id));
    return response;
  });
  router.Add(Method::kGet, "/api/v1/people/{id}/mandates", {"limit", "cursor"},
             [&mandates](Request& request) {
               auto person_id = ParseId(request.Param("id"));
               if (!person_id.ok()) return ProblemResponse(person_id.error(), request.lang);
               auto limit = ParseLimit(request);
               if (!limit.ok()) return ProblemResponse(limit.error(), request.lang);
               auto page = mandates.ListForPerson(*request.actor, *person_id,
                                                  request.Query("cursor"), *limit);
               if (!page.ok()) return ProblemResponse(page.error(), request.lang);
               return PageResponse(*page, [](const mandates::Mandate& m) { return ToJson(m); });
             });
  router.Add(Method::kGet, "/api/v1/mandates",
             {"territory", "institution", "current", "limit", "cursor"},
             [&mandates](Request& request) {
               auto limit = ParseLimit(request);
               if (!limit.ok()) return ProblemResponse(limit.error(), request.lang);
               mandates::MandateListRequest list{
                   request.Query("territory"), request.Query("institution"),
                   request.Query("current"), request.Query("cursor"), *limit};
               auto page = mandates.List(*request.actor, list);
               if (!page.ok()) return ProblemResponse(page.error(), request.lang);
               return PageResponse(*page, [](const mandates::Mandate& m) { return ToJson(m); });
             });
  router.Add(Method::kGet, "/api/v1/mandates/{id}", [&mandates](Request& request) {
    auto id = ParseId(request.Param("id"));
    if (!id.ok()) return ProblemResponse(id.error(), request.lang);
    auto found = mandates.Get(*request.actor, *id);
    if (!found.ok()) return ProblemResponse(found.error(), request.lang);
    return JsonResponse(200, ToJson(*found));
  });
  router.Add(Method::kPatch, "/api/v1/mandates/{id}", [&mandates](Request& request) {
    auto id = ParseId(request.Param("id"));
    if (!id.ok()) return ProblemResponse(id.error(), request.lang);
    auto patch = ReadDraft(request);
    if (!patch.ok()) return ProblemResponse(patch.error(), request.lang);
    auto updated = mandates.Update(*request.actor, *id, *patch);
    if (!updated.ok()) return ProblemResponse(updated.error(), request.lang);
    return JsonResponse(200, ToJson(*updated));
  });
  router.Add(Method::kDelete, "/api/v1/mandates/{id}", [&mandates](Request& request) {
    auto id = ParseId(request.Param("id"));
    if (!id.ok()) return ProblemResponse(id.error(), request.lang);
    auto removed = mandates.Remove(*request.actor, *id);
    if (!removed.ok()) return ProblemResponse(removed.error(), request.lang);
    Response response;
    response.status = 204;
    return response;
  });
}

}  // namespace tanzim::web
