#include "web/routes.h"

namespace tanzim::web {

void AddApiRoutes(Router& router, app::App& app) {
  AddSystemRoutes(router);
  AddSessionRoutes(router, app.sessions());
  AddTerritoryRoutes(router, app.territories());
  AddPeopleRoutes(router, app.people());
  AddBodyRoutes(router, app.bodies(), app.positions());
  AddAuditRoutes(router, app.audit());
  AddMembershipRoutes(router, app.memberships());
  AddMandateRoutes(router, app.mandates());
  AddStatsRoutes(router, app.stats());
  AddExportRoutes(router, app.exports());
  AddPrivacyRoutes(router, app.privacy());
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
