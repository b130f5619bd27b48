#include "people/person_json.h"

namespace tanzim::people {
namespace {

nlohmann::json OrNull(const std::optional<std::string>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace

// Built member by member: an initializer list would copy every value once
// more, and this is the hottest answer of the API (one person by id).
nlohmann::json ToJson(const Person& p) {
  nlohmann::json out(nlohmann::json::value_t::object);
  auto& o = out.get_ref<nlohmann::json::object_t&>();
  o.emplace("id", p.id);
  o.emplace("name_ar", OrNull(p.name_ar));
  o.emplace("name_latin", OrNull(p.name_latin));
  o.emplace("gender", OrNull(p.gender));
  o.emplace("birth_date", OrNull(p.birth_date));
  o.emplace("cin", OrNull(p.cin));
  o.emplace("phone", OrNull(p.phone));
  o.emplace("email", OrNull(p.email));
  o.emplace("territory_code", p.territory_code);
  o.emplace("created_at", p.created_at);
  o.emplace("updated_at", p.updated_at);
  return out;
}

}  // namespace tanzim::people
