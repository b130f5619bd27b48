#include "bodies/body_json.h"
#include "web/json_io.h"
#include "web/problem.h"
#include "web/routes.h"
#include "web/short_list.h"

namespace tanzim::web {
namespace {

using bodies::ToJson;

nlohmann::json ToJson(const bodies::BodyTree& node) {
  nlohmann::json out = ToJson(node.body);
  nlohmann::json children = nlohmann::json::array();
  for (const auto& child : node.children) children.push_back(ToJson(child));
  out["children"] = std::move(children);
  return out;
}

Result<bodies::BodyDraft> ReadBodyDraft(const Request& request) {
  auto object = ParseJsonObject(request);
  if (!object.ok()) return std::move(object).error();
  ObjectReader read(*object, {"kind", "territory_code", "parent_id", "name_ar", "name_fr", "status",
                              "founded_on", "founds_kind"});
  bodies::BodyDraft draft;
  draft.kind = read.String("kind");
  draft.territory_code = read.String("territory_code");
  draft.parent_id = read.Int("parent_id");
  draft.name_ar = read.String("name_ar");
  draft.name_fr = read.String("name_fr");
  draft.status = read.String("status");
  draft.founded_on = read.String("founded_on");
  draft.founds_kind = read.String("founds_kind");
  TANZIM_RETURN_IF_ERROR(read.Finish());
  return draft;
}

// A lifecycle command's body, {on?, reason?}; an empty body takes the defaults.
Result<bodies::Transition> ReadTransition(const Request& request) {
  if (request.body.empty()) return bodies::Transition{};
  auto object = ParseJsonObject(request);
  if (!object.ok()) return std::move(object).error();
  ObjectReader read(*object, {"on", "reason"});
  bodies::Transition step;
  if (auto on = read.String("on")) step.on = *on;
  if (auto reason = read.String("reason")) step.reason = *reason;
  TANZIM_RETURN_IF_ERROR(read.Finish());
  return step;
}

Result<bodies::PositionDraft> ReadPositionDraft(const Request& request) {
  auto object = ParseJsonObject(request);
  if (!object.ok()) return std::move(object).error();
  ObjectReader read(*object, {"person_id", "role", "from", "to"});
  bodies::PositionDraft draft;
  draft.person_id = read.Int("person_id");
  draft.role = read.String("role");
  draft.from = read.String("from");
  draft.to = read.String("to");
  TANZIM_RETURN_IF_ERROR(read.Finish());
  return draft;
}

// Positions in the store's order: current holders first, then the past, latest first.
Result<ShortListQuery> ReadPositionQuery(const Request& request) {
  return ReadShortListQuery(request, {false, true, true});
}

Response PositionPage(const std::vector<bodies::Position>& held, const ShortListQuery& query) {
  return ShortListPage(
      held, query,
      [](const bodies::Position& p) {
        return nlohmann::json::array({p.to ? 1 : 0, p.from, p.id});
      },
      [](const bodies::Position& p) { return ToJson(p); });
}

Response NoContent() {
  Response response;
  response.status = 204;
  return response;
}

using Command = Result<bodies::Body> (bodies::BodyService::*)(const auth::Actor&, int64_t,
                                                              const bodies::Transition&);

void AddCommand(Router& router, bodies::BodyService& bodies, const char* pattern, Command command) {
  router.Add(Method::kPost, pattern, [&bodies, command](Request& request) {
    auto id = ParseId(request.Param("id"));
    if (!id.ok()) return ProblemResponse(id.error(), request.lang);
    auto step = ReadTransition(request);
    if (!step.ok()) return ProblemResponse(step.error(), request.lang);
    auto body = (bodies.*command)(*request.actor, *id, *step);
    if (!body.ok()) return ProblemResponse(body.error(), request.lang);
    return JsonResponse(200, ToJson(*body));
  });
}

}  // namespace

void AddBodyRoutes(Router& router, bodies::BodyService& bodies,
                   bodies::PositionService& positions) {
  router.Add(Method::kPost, "/api/v1/bodies", [&bodies](Request& request) {
    auto draft = ReadBodyDraft(request);
    if (!draft.ok()) return ProblemResponse(draft.error(), request.lang);
    auto created = bodies.Create(*request.actor, *draft);
    if (!created.ok()) return ProblemResponse(created.error(), request.lang);
    Response response = JsonResponse(201, ToJson(*created));
    response.headers.emplace_back("Location", "/api/v1/bodies/" + std::to_string(created->id));
    return response;
  });
  router.Add(Method::kGet, "/api/v1/bodies",
             {"kind", "status", "territory", "parent", "limit", "cursor"},
             [&bodies](Request& request) {
               auto limit = ParseLimit(request);
               if (!limit.ok()) return ProblemResponse(limit.error(), request.lang);
               bodies::BodyListRequest list{request.Query("kind"),      request.Query("status"),
                                            request.Query("territory"), request.Query("parent"),
                                            request.Query("cursor"),    *limit};
               auto page = bodies.List(*request.actor, list);
               if (!page.ok()) return ProblemResponse(page.error(), request.lang);
               return PageResponse(*page, [](const bodies::Body& b) { return ToJson(b); });
             });
  router.Add(Method::kGet, "/api/v1/bodies/{id}", [&bodies](Request& request) {
    auto id = ParseId(request.Param("id"));
    if (!id.ok()) return ProblemResponse(id.error(), request.lang);
    auto found = bodies.Get(*request.actor, *id);
    if (!found.ok()) return ProblemResponse(found.error(), request.lang);
    nlohmann::json out = ToJson(found->body);
    nlohmann::json history = nlohmann::json::array();
    for (const auto& event : found->history) history.push_back(ToJson(event));
    out["history"] = std::move(history);
    return JsonResponse(200, out);
  });
  router.Add(Method::kPatch, "/api/v1/bodies/{id}", [&bodies](Request& request) {
    auto id = ParseId(request.Param("id"));
    if (!id.ok()) return ProblemResponse(id.error(), request.lang);
    auto patch = ReadBodyDraft(request);
    if (!patch.ok()) return ProblemResponse(patch.error(), request.lang);
    auto updated = bodies.Update(*request.actor, *id, *patch);
    if (!updated.ok()) return ProblemResponse(updated.error(), request.lang);
    return JsonResponse(200, ToJson(*updated));
  });
  router.Add(Method::kDelete, "/api/v1/bodies/{id}", [&bodies](Request& request) {
    auto id = ParseId(request.Param("id"));
    if (!id.ok()) return ProblemResponse(id.error(), request.lang);
    auto removed = bodies.Remove(*request.actor, *id);
    if (!removed.ok()) return ProblemResponse(removed.error(), request.lang);
    return NoContent();
  });
  router.Add(Method::kGet, "/api/v1/bodies/{id}/tree", [&bodies](Request& request) {
    auto id = ParseId(request.Param("id"));
    if (!id.ok()) return ProblemResponse(id.error(), request.lang);
    auto tree = bodies.Tree(*request.actor, *id);
    if (!tree.ok()) return ProblemResponse(tree.error(), request.lang);
    return JsonResponse(200, ToJson(*tree));
  });
  AddCommand(router, bodies, "/api/v1/bodies/{id}/found", &bodies::BodyService::Found);
  AddCommand(router, bodies, "/api/v1/bodies/{id}/activate", &bodies::BodyService::Activate);
  AddCommand(router, bodies, "/api/v1/bodies/{id}/dissolve", &bodies::BodyService::Dissolve);

  router.Add(Method::kPost, "/api/v1/bodies/{id}/positions", [&positions](Request& request) {
    auto id = ParseId(request.Param("id"));
    if (!id.ok()) return ProblemResponse(id.error(), request.lang);
    auto draft = ReadPositionDraft(request);
    if (!draft.ok()) return ProblemResponse(draft.error(), request.lang);
    auto created = positions.Create(*request.actor, *id, *draft);
    if (!created.ok()) return ProblemResponse(created.error(), request.lang);
    Response response = JsonResponse(201, ToJson(*created));
    response.headers.emplace_back("Location", "/api/v1/positions/" + std::to_string(created->id));
    return response;
  });
  router.Add(Method::kGet, "/api/v1/bodies/{id}/positions", {"limit", "cursor"},
             [&positions](Request& request) {
               auto id = ParseId(request.Param("id"));
               if (!id.ok()) return ProblemResponse(id.error(), request.lang);
               const auto query = ReadPositionQuery(request);
               if (!query.ok()) return ProblemResponse(query.error(), request.lang);
               auto held = positions.OfBody(*request.actor, *id);
               if (!held.ok()) return ProblemResponse(held.error(), request.lang);
               return PositionPage(*held, *query);
             });
  router.Add(Method::kGet, "/api/v1/people/{id}/positions", {"limit", "cursor"},
             [&positions](Request& request) {
               auto id = ParseId(request.Param("id"));
               if (!id.ok()) return ProblemResponse(id.error(), request.lang);
               const auto query = ReadPositionQuery(request);
               if (!query.ok()) return ProblemResponse(query.error(), request.lang);
               auto held = positions.OfPerson(*request.actor, *id);
               if (!held.ok()) return ProblemResponse(held.error(), request.lang);
               return PositionPage(*held, *query);
             });
  router.Add(Method::kPatch, "/api/v1/positions/{id}", [&positions](Request& request) {
    auto id = ParseId(request.Param("id"));
    if (!id.ok()) return ProblemResponse(id.error(), request.lang);
    auto patch = ReadPositionDraft(request);
    if (!patch.ok()) return ProblemResponse(patch.error(), request.lang);
    auto updated = positions.Update(*request.actor, *id, *patch);
    if (!updated.ok()) return ProblemResponse(updated.error(), request.lang);
    return JsonResponse(200, ToJson(*updated));
  });
  router.Add(Method::kDelete, "/api/v1/positions/{id}", [&positions](Request& request) {
    auto id = ParseId(request.Param("id"));
    if (!id.ok()) return ProblemResponse(id.error(), request.lang);
    auto removed = positions.Remove(*request.actor, *id);
    if (!removed.ok()) return ProblemResponse(removed.error(), request.lang);
    return NoContent();
  });
}

}  // namespace tanzim::web
