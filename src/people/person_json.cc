#include "people/person_json.h"

namespace tanzim::people {

// Written as text, not built as nlohmann::json and dumped: a person is the
// hottest answer of the API (by id, and fifty to a page), and the DOM took ten
// times as long (bench/NOTES.md, "JSON answers").
void WriteJson(JsonWriter& out, const Person& p) {
  out.BeginObject();
  out.Key("birth_date");
  out.StringOrNull(p.birth_date);
  out.Key("cin");
  out.StringOrNull(p.cin);
  out.Key("created_at");
  out.String(p.created_at);
  out.Key("email");
  out.StringOrNull(p.email);
  out.Key("gender");
  out.StringOrNull(p.gender);
  out.Key("id");
  out.Int(p.id);
  out.Key("name_ar");
  out.StringOrNull(p.name_ar);
  out.Key("name_latin");
  out.StringOrNull(p.name_latin);
  out.Key("phone");
  out.StringOrNull(p.phone);
  out.Key("territory_code");
  out.String(p.territory_code);
  out.Key("updated_at");
  out.String(p.updated_at);
  out.EndObject();
}

std::string ToJson(const Person& person) {
  std::string out;
  out.reserve(320);  // a person with every field is about 300 bytes
  JsonWriter writer(out);
  WriteJson(writer, person);
  return out;
}

}  // namespace tanzim::people
