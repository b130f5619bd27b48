// A PATCH that changes nothing, empty or restating the stored values, answers
// the record as it was and writes nothing: no new `updated_at`, no audit
// entry. The trail is what an auditor reads; "update" entries whose before and
// after are the same would bury the real changes.
#include "web/testing/test_server.h"

namespace tanzim::web::testing {
namespace {

using nlohmann::json;

class NoOpPatchApiTest : public ApiTest {
 protected:
  json Created(const std::string& path, const json& body) {
    const auto r = Post(path, Admin(), body);
    EXPECT_EQ(r.status, 201) << path << ": " << r;
    return r.status == 201 ? r.Json() : json::object();
  }

  size_t TrailLength(const std::string& object) {
    return ListAll("/api/v1/audit", Admin(), "object=" + object).size();
  }

  // Patches `path`, whose record reads `before`, with `{}` and with `same`,
  // then with `change`: the first two answer `before` and leave the trail of
  // `object` as it was, the last writes one entry.
  void ExpectOnlyChangesAreWritten(const std::string& path, const json& before,
                                   const std::string& object, const json& same,
                                   const json& change) {
    const size_t entries = TrailLength(object);
    for (const json& patch : {json::object(), same}) {
      const auto r = Patch(path, Admin(), patch);
      ASSERT_EQ(r.status, 200) << path << " " << patch << ": " << r;
      EXPECT_EQ(r.Json(), before) << path << " " << patch;
      EXPECT_EQ(TrailLength(object), entries) << path << " " << patch;
    }
    const auto changed = Patch(path, Admin(), change);
    ASSERT_EQ(changed.status, 200) << path << ": " << changed;
    EXPECT_NE(changed.Json(), before);
    EXPECT_EQ(TrailLength(object), entries + 1) << path;
  }
};

TEST_F(NoOpPatchApiTest, PersonBodyPositionAndMandateWriteOnlyChanges) {
  const json person = Created("/api/v1/people", PersonJson("NP1"));
  const std::string person_id = std::to_string(person["id"].get<int64_t>());
  // The phone restated in another usual writing is the same number.
  ExpectOnlyChangesAreWritten(
      "/api/v1/people/" + person_id, person, "person/" + person_id,
      {{"name_ar", person["name_ar"]}, {"phone", "06 12 34 56 78"}, {"gender", person["gender"]}},
      {{"gender", person["gender"] == "f" ? "m" : "f"}});

  const json body =
      Created("/api/v1/bodies", {{"kind", "provincial_secretariat"}, {"territory_code", "MA-MOU"}});
  const std::string body_id = std::to_string(body["id"].get<int64_t>());
  ExpectOnlyChangesAreWritten("/api/v1/bodies/" + body_id, body, "body/" + body_id,
                              {{"name_fr", body["name_fr"]}}, {{"name_fr", "SP Moulay Yacoub"}});

  const json position =
      Created("/api/v1/bodies/" + body_id + "/positions",
              {{"person_id", person["id"]}, {"role", "secretary"}, {"from", "2024-01-01"}});
  const std::string position_id = std::to_string(position["id"].get<int64_t>());
  ExpectOnlyChangesAreWritten("/api/v1/positions/" + position_id, position,
                              "position/" + position_id, {{"from", "2024-01-01"}},
                              {{"to", "2025-01-01"}});

  const json mandate =
      Created("/api/v1/people/" + person_id + "/mandates", {{"institution", "communal_council"},
                                                            {"territory_code", kCommuneMou},
                                                            {"role", "member"},
                                                            {"from", "2021-09-08"}});
  const std::string mandate_id = std::to_string(mandate["id"].get<int64_t>());
  ExpectOnlyChangesAreWritten("/api/v1/mandates/" + mandate_id, mandate, "mandate/" + mandate_id,
                              {{"role", "member"}, {"from", "2021-09-08"}},
                              {{"constituency", "الدائرة 7"}});
}

}  // namespace
}  // namespace tanzim::web::testing
