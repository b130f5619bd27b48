#include "bodies/body_json.h"

namespace tanzim::bodies {
namespace {

template <typename T>
nlohmann::json OrNull(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json KindOrNull(const std::optional<Kind>& kind) {
  return kind ? nlohmann::json(KindName(*kind)) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json ToJson(const Body& b) {
  return {{"id", b.id},
          {"kind", KindName(b.kind)},
          {"territory_code", OrNull(b.territory_code)},
          {"parent_id", OrNull(b.parent_id)},
          {"name_ar", b.name_ar},
          {"name_fr", b.name_fr},
          {"status", StatusName(b.status)},
          {"founded_on", OrNull(b.founded_on)},
          {"activated_on", OrNull(b.activated_on)},
          {"dissolved_on", OrNull(b.dissolved_on)},
          {"founds_kind", KindOrNull(b.founds_kind)},
          {"founded_body_id", OrNull(b.founded_body_id)},
          {"created_at", b.created_at},
          {"updated_at", b.updated_at}};
}

nlohmann::json ToJson(const BodyEvent& e) {
  return {{"action", e.action},
          {"on", e.on},
          {"reason", OrNull(e.reason)},
          {"actor_id", OrNull(e.actor_id)},
          {"at", e.at}};
}

nlohmann::json ToJson(const Position& p) {
  return {{"id", p.id},
          {"body_id", p.body_id},
          {"body_kind", KindName(p.body_kind)},
          {"body_name_ar", p.body_name_ar},
          {"body_name_fr", p.body_name_fr},
          {"person_id", p.person_id},
          {"person_name_ar", OrNull(p.person_name_ar)},
          {"person_name_latin", OrNull(p.person_name_latin)},
          {"role", RoleName(p.role)},
          {"from", p.from},
          {"to", OrNull(p.to)},
          {"current", !p.to.has_value()},
          {"created_at", p.created_at},
          {"updated_at", p.updated_at}};
}

}  // namespace tanzim::bodies
