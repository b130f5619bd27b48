#include "mandates/mandate_json.h"

namespace tanzim::mandates {
namespace {

nlohmann::json OrNull(const std::optional<std::string>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json ToJson(const Mandate& m) {
  return {{"id", m.id},
          {"person_id", m.person_id},
          {"name_ar", OrNull(m.name_ar)},
          {"name_latin", OrNull(m.name_latin)},
          {"institution", m.institution},
          {"territory_code", m.territory_code},
          {"role", m.role},
          {"committee", OrNull(m.committee)},
          {"constituency", OrNull(m.constituency)},
          {"from", m.from},
          {"to", OrNull(m.to)},
          {"created_at", m.created_at},
          {"updated_at", m.updated_at}};
}

}  // namespace tanzim::mandates
