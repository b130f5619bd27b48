#include "people/person_json.h"
#include "web/json_io.h"
#include "web/problem.h"
#include "web/routes.h"

namespace tanzim::web {
namespace {

using people::ToJson;
using people::WriteJson;

// The body of a create or patch: a flat object of known string fields.
Result<people::PersonDraft> ReadDraft(const Request& request) {
  auto object = ParseJsonObject(request);
  if (!object.ok()) return std::move(object).error();
  ObjectReader read(*object, {"name_ar", "name_latin", "gender", "birth_date", "cin", "phone",
                              "email", "territory_code"});
  people::PersonDraft draft;
  draft.name_ar = read.String("name_ar");
  draft.name_latin = read.String("name_latin");
  draft.gender = read.String("gender");
  draft.birth_date = read.String("birth_date");
  draft.cin = read.String("cin");
  draft.phone = read.String("phone");
  draft.email = read.String("email");
  draft.territory_code = read.String("territory_code");
  TANZIM_RETURN_IF_ERROR(read.Finish());
  return draft;
}

}  // namespace

void AddPeopleRoutes(Router& router, people::PeopleService& people) {
  router.Add(Method::kPost, "/api/v1/people", [&people](Request& request) {
    auto draft = ReadDraft(request);
    if (!draft.ok()) return ProblemResponse(draft.error(), request.lang);
    auto created = people.Create(*request.actor, *draft);
    if (!created.ok()) return ProblemResponse(created.error(), request.lang);
    Response response = JsonTextResponse(201, ToJson(*created));
    response.headers.emplace_back("Location", "/api/v1/people/" + std::to_string(created->id));
    return response;
  });
  router.Add(Method::kGet, "/api/v1/people", {"territory", "q", "limit", "cursor"},
             [&people](Request& request) {
               auto limit = ParseLimit(request);
               if (!limit.ok()) return ProblemResponse(limit.error(), request.lang);
               people::ListRequest list{request.Query("territory"), request.Query("q"),
                                        request.Query("cursor"), *limit};
               auto page = people.List(*request.actor, list);
               if (!page.ok()) return ProblemResponse(page.error(), request.lang);
               return PageResponse(*page, WriteJson);
             });
  router.Add(Method::kGet, "/api/v1/people/{id}", [&people](Request& request) {
    auto id = ParseId(request.Param("id"));
    if (!id.ok()) return ProblemResponse(id.error(), request.lang);
    auto found = people.Get(*request.actor, *id);
    if (!found.ok()) return ProblemResponse(found.error(), request.lang);
    return JsonTextResponse(200, ToJson(*found));
  });
  router.Add(Method::kPatch, "/api/v1/people/{id}", [&people](Request& request) {
    auto id = ParseId(request.Param("id"));
    if (!id.ok()) return ProblemResponse(id.error(), request.lang);
    auto patch = ReadDraft(request);
    if (!patch.ok()) return ProblemResponse(patch.error(), request.lang);
    auto updated = people.Update(*request.actor, *id, *patch);
    if (!updated.ok()) return ProblemResponse(updated.error(), request.lang);
    return JsonTextResponse(200, ToJson(*updated));
  });
  router.Add(Method::kDelete, "/api/v1/people/{id}", [&people](Request& request) {
    auto id = ParseId(request.Param("id"));
    if (!id.ok()) return ProblemResponse(id.error(), request.lang);
    auto removed = people.Remove(*request.actor, *id);
    if (!removed.ok()) return ProblemResponse(removed.error(), request.lang);
    Response response;
    response.status = 204;
    return response;
  });
}

}  // namespace tanzim::web
