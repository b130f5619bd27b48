#include "web/problem.h"
#include "web/routes.h"

namespace tanzim::web {

void AddExportRoutes(Router& router, exports::ExportService& exports) {
  router.Add(
      Method::kGet, "/api/v1/exports/people.csv", {"territory", "q"}, [&exports](Request& request) {
        auto csv = exports.People(*request.actor, {request.Query("territory"), request.Query("q")});
        if (!csv.ok()) return ProblemResponse(csv.error(), request.lang);
        Response response;
        response.content_type = "text/csv; charset=utf-8";
        response.body = std::move(*csv);
        response.headers.emplace_back("Content-Disposition", "attachment; filename=\"people.csv\"");
        return response;
      });
}

}  // namespace tanzim::web
