// The roles of issue #4 through the API: masking, the read log, clerks,
// auditors, sector coordinators, and accounts whose access follows positions.
#include "web/testing/test_server.h"

namespace tanzim::web::testing {
namespace {

using nlohmann::json;

class AccessApiTest : public ApiTest {
 protected:
  json Create(const std::string& path, const json& body, const std::string& token = {}) {
    const HttpResponse r = Post(path, token.empty() ? Admin() : token, body);
    EXPECT_EQ(r.status, 201) << path << " " << r;
    return r.status == 201 ? r.Json() : json::object();
  }
  static std::string Id(const json& object) {
    return std::to_string(object.value("id", int64_t{0}));
  }
  json Person(const std::string& name, const std::string& territory) {
    return Create("/api/v1/people", {{"name_latin", name},
                                     {"cin", "CD" + std::to_string(++cin_)},
                                     {"phone", "0612345678"},
                                     {"email", "someone@example.ma"},
                                     {"birth_date", "1987-03-14"},
                                     {"territory_code", territory}});
  }
  const std::string& Auditor() { return server_->Token(auth::Role::kAuditor); }
  const std::string& ClerkMou() { return server_->Token(auth::Role::kClerk, "MA-MOU"); }
  const std::string& WomenMou() { return server_->Token(auth::Role::kSectorCoordinator, "MA-MOU"); }

  int cin_ = 100000;
};

TEST_F(AccessApiTest, DetailsAreMaskedForRolesThatDoNotNeedThem) {
  const json amina = Person("Amina", kCommuneMou);
  const std::string path = "/api/v1/people/" + Id(amina);
  const json full = Get(path, SecretaryMou()).Json();
  EXPECT_EQ(full["cin"], amina["cin"]);
  EXPECT_EQ(full["birth_date"], "1987-03-14");
  for (const std::string* token : {&ViewerMou(), &Auditor()}) {
    const HttpResponse r = Get(path, *token);
    ASSERT_EQ(r.status, 200) << r;
    const json masked = r.Json();
    EXPECT_TRUE(masked["cin"].get<std::string>().starts_with("•")) << masked;
    EXPECT_EQ(masked["birth_date"], nullptr);
    EXPECT_TRUE(masked["phone"].get<std::string>().starts_with("•")) << masked;
    EXPECT_EQ(masked["email"], "s•••@example.ma");
    EXPECT_EQ(masked["name_latin"], "Amina");
  }
  // Lists mask the same way.
  const json list = Get("/api/v1/people", ViewerMou()).Json();
  ASSERT_EQ(list["items"].size(), 1u);
  EXPECT_TRUE(list["items"][0]["cin"].get<std::string>().starts_with("•"));
  // A masked value sent back is refused, never stored.
  const HttpResponse patched = Patch(path, SecretaryMou(), json{{"cin", "••••••56"}});
  EXPECT_EQ(patched.status, 422) << patched;
}

TEST_F(AccessApiTest, EveryFullRecordReadIsLoggedForAuditorsToSee) {
  const json amina = Person("Amina", kCommuneMou);
  ASSERT_EQ(Get("/api/v1/people/" + Id(amina), ViewerMou()).status, 200);
  ASSERT_EQ(Get("/api/v1/people/" + Id(amina), SecretaryMou()).status, 200);
  // A list is not a read of the full record; an export is.
  ASSERT_EQ(Get("/api/v1/people", ViewerMou()).status, 200);
  ASSERT_EQ(Get("/api/v1/people/" + Id(amina) + "/export", SecretaryMou()).status, 200);
  const HttpResponse reads = Get("/api/v1/audit/reads?person=" + Id(amina), Auditor());
  ASSERT_EQ(reads.status, 200) << reads;
  const json items = reads.Json()["items"];
  ASSERT_EQ(items.size(), 3u) << reads;
  EXPECT_EQ(items[0]["what"], "record");
  EXPECT_EQ(items[2]["what"], "export");
  EXPECT_EQ(items[0]["person_id"], amina["id"]);
  EXPECT_NE(items[0]["user_id"], items[1]["user_id"]);
  EXPECT_EQ(reads.body.find("Amina"), std::string::npos);  // who, never what
  EXPECT_EQ(Get("/api/v1/audit/reads", SecretaryMou()).status, 403);
  EXPECT_EQ(Get("/api/v1/audit/reads?person=x", Admin()).status, 422);
}

TEST_F(AccessApiTest, AuditorsReadEverythingAndChangeNothing) {
  const json amina = Person("Amina", kCommuneSef);
  EXPECT_EQ(Get("/api/v1/people/" + Id(amina), Auditor()).status, 200);
  EXPECT_EQ(Get("/api/v1/audit", Auditor()).status, 200);
  EXPECT_EQ(
      Post("/api/v1/people", Auditor(), json{{"name_latin", "X"}, {"territory_code", kCommuneSef}})
          .status,
      403);
  EXPECT_EQ(Patch("/api/v1/people/" + Id(amina), Auditor(), json{{"name_latin", "Y"}}).status, 403);
  EXPECT_EQ(Post("/api/v1/bodies", Auditor(),
                 json{{"kind", "provincial_secretariat"}, {"territory_code", "MA-SEF"}})
                .status,
            403);
}

TEST_F(AccessApiTest, TheAuditTrailIsMaskedLikeThePeopleItShows) {
  const json amina = Person("Amina", kCommuneMou);
  const std::string object = "/api/v1/audit?object=person/" + Id(amina);
  const json full = Get(object, Admin()).Json();
  ASSERT_EQ(full["items"].size(), 1u) << full;
  EXPECT_EQ(full["items"][0]["after"]["cin"], amina["cin"]);
  const json masked = Get(object, Auditor()).Json();
  ASSERT_EQ(masked["items"].size(), 1u) << masked;
  const json after = masked["items"][0]["after"];
  EXPECT_TRUE(after["cin"].get<std::string>().starts_with("•")) << after;
  EXPECT_EQ(after["birth_date"], nullptr);
  EXPECT_EQ(after["email"], "s•••@example.ma");
  EXPECT_EQ(after["name_latin"], "Amina");
}

TEST_F(AccessApiTest, ClerksEnterDataButDecideNothing) {
  const json entered = Create(
      "/api/v1/people", {{"name_latin", "Entered"}, {"territory_code", kCommuneMou}}, ClerkMou());
  EXPECT_EQ(Post("/api/v1/people", ClerkMou(),
                 json{{"name_latin", "Elsewhere"}, {"territory_code", kCommuneSef}})
                .status,
            403);
  EXPECT_EQ(Post("/api/v1/bodies", ClerkMou(),
                 json{{"kind", "local_secretariat"}, {"territory_code", kCommuneMou}})
                .status,
            403);
  const json body =
      Create("/api/v1/bodies", {{"kind", "provincial_secretariat"}, {"territory_code", "MA-MOU"}});
  const json membership = Create(
      "/api/v1/memberships", {{"person_id", entered["id"]}, {"body_id", body["id"]}}, ClerkMou());
  const std::string approve = "/api/v1/memberships/" + Id(membership) + "/approve";
  EXPECT_EQ(Post(approve, ClerkMou(), json::object()).status, 403);
  EXPECT_EQ(Post(approve, SecretaryMou(), json::object()).status, 200);
  EXPECT_EQ(Patch("/api/v1/settings", ClerkMou(), json{{"dues_grace_days", 10}}).status, 403);
}

TEST_F(AccessApiTest, SectorCoordinatorsReachOnlyTheirSectorsMembers) {
  const json women =
      Create("/api/v1/bodies", {{"kind", "womens_organization"}, {"territory_code", "MA-MOU"}});
  const json local =
      Create("/api/v1/bodies", {{"kind", "provincial_secretariat"}, {"territory_code", "MA-MOU"}});
  const json member = Person("Member", kCommuneMou);
  const json other = Person("Other", kCommuneMou);
  const json sefrou = Person("Sefrou", kCommuneSef);
  const json in_sector =
      Create("/api/v1/memberships", {{"person_id", member["id"]}, {"body_id", women["id"]}});
  const json general =
      Create("/api/v1/memberships", {{"person_id", other["id"]}, {"body_id", local["id"]}});
  const json sefrou_member =
      Create("/api/v1/memberships", {{"person_id", sefrou["id"]}, {"body_id", women["id"]}});

  const HttpResponse seen = Get("/api/v1/people/" + Id(member), WomenMou());
  ASSERT_EQ(seen.status, 200) << seen;
  EXPECT_TRUE(seen.Json()["cin"].get<std::string>().starts_with("•"));  // no CINs
  EXPECT_EQ(seen.Json()["phone"], "+212612345678");                     // but the phone
  EXPECT_EQ(Get("/api/v1/people/" + Id(other), WomenMou()).status, 404);
  EXPECT_EQ(Get("/api/v1/people/" + Id(sefrou), WomenMou()).status, 404);
  const json people = Get("/api/v1/people", WomenMou()).Json();
  ASSERT_EQ(people["items"].size(), 1u) << people;
  EXPECT_EQ(people["items"][0]["id"], member["id"]);

  EXPECT_EQ(Get("/api/v1/memberships/" + Id(in_sector), WomenMou()).status, 200);
  EXPECT_EQ(Get("/api/v1/memberships/" + Id(general), WomenMou()).status, 404);
  // Memberships are placed at their body: a Sefrou resident's membership of the
  // Moulay Yacoub women's organization is in scope, though she is not.
  const json memberships = Get("/api/v1/memberships", WomenMou()).Json();
  ASSERT_EQ(memberships["items"].size(), 2u) << memberships;
  EXPECT_EQ(memberships["items"][0]["id"], in_sector["id"]);
  EXPECT_EQ(memberships["items"][1]["id"], sefrou_member["id"]);
  EXPECT_EQ(Get("/api/v1/bodies/" + Id(women), WomenMou()).status, 200);
  EXPECT_EQ(Get("/api/v1/bodies/" + Id(local), WomenMou()).status, 404);
  const json bodies = Get("/api/v1/bodies", WomenMou()).Json();
  ASSERT_EQ(bodies["items"].size(), 1u) << bodies;
  // Figures and mandates have no sector.
  EXPECT_EQ(Get("/api/v1/stats/members?from=2026-01-01&to=2026-02-28", WomenMou()).status, 404);
  EXPECT_EQ(Get("/api/v1/stats/members?territory=MA-MOU&from=2026-01-01&to=2026-02-28", WomenMou())
                .status,
            404);
  EXPECT_EQ(Get("/api/v1/mandates", WomenMou()).Json()["items"].size(), 0u);
  // Decisions are for secretaries.
  EXPECT_EQ(
      Post("/api/v1/memberships/" + Id(in_sector) + "/approve", WomenMou(), json::object()).status,
      403);
  // People are written by other roles: even its own members, in its scope, are
  // refused for the role, with the viewer's problem and no field.
  const std::string path = "/api/v1/people/" + Id(member);
  const HttpResponse viewer = Patch(path, ViewerMou(), json{{"gender", "m"}});
  ASSERT_TRUE(IsProblem(viewer, 403));
  const std::vector<HttpResponse> refused = {
      Patch(path, WomenMou(), json{{"gender", "m"}}), Delete(path, WomenMou()),
      Post("/api/v1/people", WomenMou(), PersonJson("ZT100001"))};
  for (const HttpResponse& r : refused) {
    ASSERT_TRUE(IsProblem(r, 403));
    EXPECT_EQ(r.Json()["type"], viewer.Json()["type"]) << r;
    EXPECT_EQ(r.Json()["title"], viewer.Json()["title"]) << r;
    EXPECT_EQ(r.Json()["detail"], viewer.Json()["detail"]) << r;
    EXPECT_TRUE(ProblemFields(r).empty()) << r;
  }
  EXPECT_NE(Get(path, Admin()).Json()["gender"], "m");
}

TEST_F(AccessApiTest, APositionGrantsItsAccessWhileItLasts) {
  const json body =
      Create("/api/v1/bodies", {{"kind", "provincial_secretariat"}, {"territory_code", "MA-MOU"}});
  const json khadija = Person("Khadija", kCommuneMou);
  auto& accounts = server_->app().accounts();
  ASSERT_TRUE(accounts
                  .AddUser("khadija", "by_position", std::nullopt, "correct horse",
                           {.sector = std::nullopt, .person_id = khadija["id"].get<int64_t>()})
                  .ok());
  // No position yet: the account may not act.
  const auto before = accounts.CreateToken("khadija");
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(Get("/api/v1/people", *before).status, 401);

  const json position =
      Create("/api/v1/bodies/" + Id(body) + "/positions",
             {{"person_id", khadija["id"]}, {"role", "secretary"}, {"from", "2024-01-01"}});
  const auto during = accounts.CreateToken("khadija");
  ASSERT_TRUE(during.ok());
  EXPECT_EQ(
      Post("/api/v1/people", *during, json{{"name_latin", "New"}, {"territory_code", kCommuneMou}})
          .status,
      201);
  EXPECT_EQ(
      Post("/api/v1/people", *during, json{{"name_latin", "Far"}, {"territory_code", kCommuneSef}})
          .status,
      403);

  ASSERT_EQ(Patch("/api/v1/positions/" + Id(position), Admin(), json{{"to", "2025-01-01"}}).status,
            200);
  const auto after = accounts.CreateToken("khadija");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(Get("/api/v1/people", *after).status, 401);
}

TEST_F(AccessApiTest, AccountsAreCheckedForTheirRole) {
  auto& accounts = server_->app().accounts();
  const auto no_sector =
      accounts.AddUser("coord1", "sector_coordinator", "MA-MOU", "correct horse");
  ASSERT_FALSE(no_sector.ok());
  EXPECT_EQ(no_sector.error().fields().front().field, "sector");
  const auto auditor_scoped = accounts.AddUser("aud1", "auditor", "MA-MOU", "correct horse");
  ASSERT_FALSE(auditor_scoped.ok());
  EXPECT_EQ(auditor_scoped.error().fields().front().field, "scope");
  const auto unknown_person = accounts.AddUser("pos1", "by_position", std::nullopt, "correct horse",
                                               {std::nullopt, 999999});
  ASSERT_FALSE(unknown_person.ok());
  EXPECT_EQ(unknown_person.error().fields().front().field, "person");
  const auto viewer_sector =
      accounts.AddUser("view1", "viewer", "MA-MOU", "correct horse", {"youth_organization", {}});
  ASSERT_FALSE(viewer_sector.ok());
  EXPECT_EQ(viewer_sector.error().fields().front().field, "sector");
}

}  // namespace
}  // namespace tanzim::web::testing
