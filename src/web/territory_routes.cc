#include "web/json_io.h"
#include "web/problem.h"
#include "web/routes.h"

namespace tanzim::web {
namespace {

nlohmann::json ToJson(const territory::Territory& t) {
  return {{"code", t.code},
          {"kind", territory::KindName(t.kind)},
          {"name_ar", t.name_ar},
          {"name_fr", t.name_fr},
          {"parent_code", OrNull(t.parent_code)}};
}

}  // namespace

void AddTerritoryRoutes(Router& router, territory::TerritoryService& territories) {
  router.Add(Method::kGet, "/api/v1/territories", {"kind", "parent", "limit", "cursor"},
             [&territories](Request& request) {
               auto limit = ParseLimit(request);
               if (!limit.ok()) return ProblemResponse(limit.error(), request.lang);
               territory::ListRequest list{request.Query("kind"), request.Query("parent"),
                                           request.Query("cursor"), *limit};
               auto page = territories.List(list);
               if (!page.ok()) return ProblemResponse(page.error(), request.lang);
               return PageResponse(*page, ToJson);
             });
  router.Add(Method::kGet, "/api/v1/territories/{code}", [&territories](Request& request) {
    auto found = territories.Get(request.Param("code"));
    if (!found.ok()) return ProblemResponse(found.error(), request.lang);
    return JsonResponse(200, ToJson(*found));
  });
}

}  // namespace tanzim::web
