#include <cmath>

#include "stats/stats_service.h"
#include "web/json_io.h"
#include "web/problem.h"
#include "web/routes.h"

namespace tanzim::web {
namespace {

// Shares with four decimals: enough for a percentage with two.
double Share(double value) { return std::round(value * 10000.0) / 10000.0; }

nlohmann::json PeriodsJson(const std::vector<stats::PeriodFigures>& periods) {
  nlohmann::json out = nlohmann::json::array();
  for (const stats::PeriodFigures& p : periods) {
    out.push_back({{"period", p.period},
                   {"new_approvals", p.new_approvals},
                   {"active", p.active},
                   {"lapsed", p.lapsed},
                   {"women", p.women},
                   {"youth", p.youth},
                   {"women_share", Share(p.women_share())},
                   {"youth_share", Share(p.youth_share())}});
  }
  return out;
}

nlohmann::json TerritoryJson(const std::optional<territory::Territory>& t) {
  if (!t) return nullptr;
  return {{"code", t->code},
          {"kind", territory::KindName(t->kind)},
          {"name_ar", t->name_ar},
          {"name_fr", t->name_fr}};
}

nlohmann::json ToJson(const stats::MemberStats& s) {
  nlohmann::json out = {{"territory", TerritoryJson(s.total.territory)},
                        {"interval", s.interval == stats::Interval::kMonth ? "month" : "year"},
                        {"from", s.from},
                        {"to", s.to},
                        {"periods", PeriodsJson(s.total.periods)}};
  if (s.children) {
    nlohmann::json children = nlohmann::json::array();
    for (const stats::TerritoryFigures& child : *s.children) {
      children.push_back(
          {{"territory", TerritoryJson(child.territory)}, {"periods", PeriodsJson(child.periods)}});
    }
    out["children"] = std::move(children);
  }
  return out;
}

}  // namespace

void AddStatsRoutes(Router& router, stats::StatsService& stats) {
  router.Add(Method::kGet, "/api/v1/stats/members", {"territory", "from", "to", "interval", "by"},
             [&stats](Request& request) {
               stats::MemberStatsRequest asked{request.Query("territory"), request.Query("from"),
                                               request.Query("to"), request.Query("interval"),
                                               request.Query("by")};
               auto figures = stats.Members(*request.actor, asked);
               if (!figures.ok()) return ProblemResponse(figures.error(), request.lang);
               return JsonResponse(200, ToJson(*figures));
             });
}

}  // namespace tanzim::web
