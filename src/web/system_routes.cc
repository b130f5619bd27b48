#include "web/routes.h"

namespace tanzim::web {

void AddApiRoutes(Router& router, territory::TerritoryService& territories,
                  people::PeopleService& people) {
  AddSystemRoutes(router);
  AddTerritoryRoutes(router, territories);
  AddPeopleRoutes(router, people);
}

void AddSystemRoutes(Router& router) {
  router.Add(
      Method::kGet, "/healthz",
      [](Request&) {
        Response response;
        response.body = R"({"status":"ok"})";
        return response;
      },
      Access::kPublic);
  router.Add(
      Method::kGet, "/api/v1/openapi.json",
      [](Request&) {
        Response response;
        response.body = std::string(OpenApiDocument());
        return response;
      },
      Access::kPublic);
}

}  // namespace tanzim::web
