#include "people/person_json.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace tanzim::people {
namespace {

Person Full() {
  Person p;
  p.id = 4242;
  p.name_ar = "مبارك التوزاني";
  p.name_latin = "Mbarek \"Touzani\"";
  p.gender = "m";
  p.birth_date = "1973-11-28";
  p.cin = "EE6817311";
  p.phone = "+212713734706";
  p.email = "mbarek@example.ma";
  p.territory_code = "MA-TNG-C19";
  p.created_at = "2026-11-30T03:31:25Z";
  p.updated_at = "2026-11-30T04:00:00Z";
  return p;
}

TEST(PersonJsonTest, HasEveryFieldOfTheApi) {
  const nlohmann::json expected = {
      {"id", 4242},
      {"name_ar", "مبارك التوزاني"},
      {"name_latin", "Mbarek \"Touzani\""},
      {"gender", "m"},
      {"birth_date", "1973-11-28"},
      {"cin", "EE6817311"},
      {"phone", "+212713734706"},
      {"email", "mbarek@example.ma"},
      {"territory_code", "MA-TNG-C19"},
      {"created_at", "2026-11-30T03:31:25Z"},
      {"updated_at", "2026-11-30T04:00:00Z"},
  };
  EXPECT_EQ(nlohmann::json::parse(ToJson(Full())), expected);
}

TEST(PersonJsonTest, AbsentDetailsAreNull) {
  Person p;
  p.id = 7;
  p.name_latin = "Amina";
  p.territory_code = "MA-CAS";
  p.created_at = p.updated_at = "2026-11-30T03:31:25Z";
  const auto parsed = nlohmann::json::parse(ToJson(p));
  for (const char* field : {"name_ar", "gender", "birth_date", "cin", "phone", "email"}) {
    EXPECT_TRUE(parsed.at(field).is_null()) << field;
  }
  EXPECT_EQ(parsed.size(), 11U);
}

// The audit trail stores this text and chains its hash: the same person must
// always give the same bytes, with the members in the order the trail has used
// from the start (nlohmann's, alphabetical).
TEST(PersonJsonTest, TextIsStableAndAlphabetical) {
  const std::string text = ToJson(Full());
  EXPECT_EQ(text, nlohmann::json::parse(text).dump());
  EXPECT_EQ(text, ToJson(Full()));
}

}  // namespace
}  // namespace tanzim::people
