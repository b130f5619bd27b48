#include "web/json_io.h"
#include "web/problem.h"
#include "web/routes.h"

namespace tanzim::web {
namespace {

// "before" and "after" are stored as JSON text; they are answered as JSON.
nlohmann::json Payload(const std::optional<std::string>& text) {
  if (!text) return nullptr;
  auto parsed = nlohmann::json::parse(*text, nullptr, false);
  return parsed.is_discarded() ? nlohmann::json(*text) : parsed;
}

nlohmann::json ToJson(const audit::Record& r) {
  return {{"id", r.id},
          {"at", r.at},
          {"actor_id", r.entry.actor_id ? nlohmann::json(*r.entry.actor_id) : nullptr},
          {"actor_login", r.entry.actor_login},
          {"action", r.entry.action},
          {"object_type", r.entry.object_type},
          {"object_id", r.entry.object_id},
          {"before", Payload(r.entry.before)},
          {"after", Payload(r.entry.after)},
          {"erased", r.erased}};
}

nlohmann::json ToJson(const audit::Read& r) {
  return {{"id", r.id},
          {"at", r.at},
          {"user_id", r.user_id},
          {"person_id", r.person_id},
          {"what", r.what}};
}

}  // namespace

void AddAuditRoutes(Router& router, audit::AuditService& audit) {
  router.Add(Method::kGet, "/api/v1/audit", {"object", "actor", "from", "to", "limit", "cursor"},
             [&audit](Request& request) {
               auto limit = ParseLimit(request);
               if (!limit.ok()) return ProblemResponse(limit.error(), request.lang);
               audit::ListRequest list{request.Query("object"), request.Query("actor"),
                                       request.Query("from"),   request.Query("to"),
                                       request.Query("cursor"), *limit};
               auto page = audit.List(*request.actor, list);
               if (!page.ok()) return ProblemResponse(page.error(), request.lang);
               return PageResponse(*page, [](const audit::Record& r) { return ToJson(r); });
             });
  router.Add(Method::kGet, "/api/v1/audit/reads", {"person", "user", "limit", "cursor"},
             [&audit](Request& request) {
               auto limit = ParseLimit(request);
               if (!limit.ok()) return ProblemResponse(limit.error(), request.lang);
               audit::ReadsRequest list{request.Query("person"), request.Query("user"),
                                        request.Query("cursor"), *limit};
               auto page = audit.ListReads(*request.actor, list);
               if (!page.ok()) return ProblemResponse(page.error(), request.lang);
               return PageResponse(*page, [](const audit::Read& r) { return ToJson(r); });
             });
}

}  // namespace tanzim::web
