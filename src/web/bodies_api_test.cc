// /api/v1/bodies and positions over HTTP: records, derived names, lifecycle
// commands, the tree, positions, and the errors and scope rules on the wire.
#include "web/testing/test_server.h"

namespace tanzim::web::testing {
namespace {

using nlohmann::json;

class BodiesApiTest : public ApiTest {
 protected:
  json CreateBody(const std::string& token, const json& body) {
    const auto r = Post("/api/v1/bodies", token, body);
    EXPECT_EQ(r.status, 201) << r;
    return r.status == 201 ? r.Json() : json::object();
  }

  static std::string BodyPath(const json& body, const std::string& suffix = {}) {
    return "/api/v1/bodies/" + std::to_string(body.value("id", int64_t{0})) + suffix;
  }

  // Fès-Meknès → Moulay Yacoub, as the admin records them.
  void BuildChain() {
    regional_ =
        CreateBody(Admin(), {{"kind", "regional_secretariat"}, {"territory_code", "MA-03"}});
    provincial_ = CreateBody(Admin(), {{"kind", "provincial_secretariat"},
                                       {"territory_code", "MA-MOU"},
                                       {"parent_id", regional_["id"]}});
  }

  static std::string PersonPath(const json& person) {
    return "/api/v1/people/" + std::to_string(person.value("id", int64_t{0}));
  }

  json regional_, provincial_;
};

TEST_F(BodiesApiTest, CreateAnswers201WithTheDerivedNames) {
  BuildChain();
  EXPECT_EQ(provincial_["name_ar"], "الأمانة الإقليمية بإقليم مولاي يعقوب");
  EXPECT_EQ(provincial_["status"], "active");
  EXPECT_EQ(provincial_["parent_id"], regional_["id"]);
  EXPECT_TRUE(provincial_["founds_kind"].is_null());
  const auto read = Get(BodyPath(provincial_), Admin());
  ASSERT_EQ(read.status, 200) << read;
  const json detail = read.Json();
  ASSERT_EQ(detail["history"].size(), 1u);
  EXPECT_EQ(detail["history"][0]["action"], "create");
  json without_history = detail;
  without_history.erase("history");
  EXPECT_EQ(without_history, provincial_);

  const auto created = Post("/api/v1/bodies", Admin(), json{{"kind", "political_bureau"}});
  ASSERT_EQ(created.status, 201) << created;
  EXPECT_EQ(created.Header("location"), BodyPath(created.Json()));
  EXPECT_TRUE(created.Json()["territory_code"].is_null());
}

TEST_F(BodiesApiTest, BadInputIsRefusedNamingTheFieldAndStoresNothing) {
  BuildChain();
  EXPECT_TRUE(IsProblem(Post("/api/v1/bodies", Admin(), std::string("{\"kind\":")), 400, "body"));
  EXPECT_TRUE(IsProblem(Post("/api/v1/bodies", Admin(), json{{"kind", "pole"}, {"colour", "red"}}),
                        400, "colour"));
  EXPECT_TRUE(IsProblem(Post("/api/v1/bodies", Admin(),
                             json{{"kind", "local_secretariat"},
                                  {"territory_code", kCommuneMou},
                                  {"parent_id", "12"}}),
                        400, "parent_id"));
  EXPECT_TRUE(IsProblem(Post("/api/v1/bodies", Admin(), json{{"kind", "cell"}}), 422, "kind"));
  EXPECT_TRUE(IsProblem(Post("/api/v1/bodies", Admin(),
                             json{{"kind", "local_secretariat"}, {"territory_code", "MA-MOU"}}),
                        422, "territory_code"));
  EXPECT_TRUE(IsProblem(Post("/api/v1/bodies", Admin(),
                             json{{"kind", "local_secretariat"},
                                  {"territory_code", kCommuneSef},
                                  {"parent_id", provincial_["id"]}}),
                        422, "parent_id"));
  const auto duplicate =
      Post("/api/v1/bodies", Admin(),
           json{{"kind", "provincial_secretariat"}, {"territory_code", "MA-MOU"}});
  EXPECT_TRUE(IsProblem(duplicate, 409, "territory_code"));
  EXPECT_EQ(ListAll("/api/v1/bodies", Admin()).size(), 2u);

  // The message follows Accept-Language; Arabic by default.
  const auto french = server_->Call("POST", "/api/v1/bodies", Admin(), R"({"kind":"cell"})",
                                    {{"Accept-Language", "fr-MA"}});
  EXPECT_EQ(french.Json()["errors"][0]["message"], "Type d'instance inconnu");
  const auto arabic = Post("/api/v1/bodies", Admin(), std::string(R"({"kind":"cell"})"));
  EXPECT_EQ(arabic.Json()["errors"][0]["message"], "نوع الهيئة غير معروف");
}

TEST_F(BodiesApiTest, CommitteeFoundsALocalSecretariatThroughCommands) {
  BuildChain();
  const json committee = CreateBody(Admin(), {{"kind", "preparatory_committee"},
                                              {"territory_code", kCommuneMou},
                                              {"parent_id", provincial_["id"]}});
  EXPECT_EQ(committee["founds_kind"], "local_secretariat");
  EXPECT_TRUE(
      IsProblem(Patch(BodyPath(committee), Admin(), json{{"status", "dissolved"}}), 422, "status"));
  EXPECT_TRUE(IsProblem(Post(BodyPath(committee, "/found"), Admin(), json{{"on", "2099-01-01"}}),
                        422, "on"));
  EXPECT_TRUE(IsProblem(Post(BodyPath(committee, "/found"), Admin(), json{{"when", "2026-01-01"}}),
                        400, "when"));

  // Fixed past dates: a date relative to the real clock would make the test fail on the day after.
  const auto founded = Post(BodyPath(committee, "/found"), Admin(), json{{"on", "2026-01-15"}});
  ASSERT_EQ(founded.status, 200) << founded;
  const json local = founded.Json();
  EXPECT_EQ(local["kind"], "local_secretariat");
  EXPECT_EQ(local["status"], "founded");
  EXPECT_EQ(local["parent_id"], provincial_["id"]);
  EXPECT_EQ(Get(BodyPath(committee), Admin()).Json()["founded_body_id"], local["id"]);
  EXPECT_TRUE(
      IsProblem(Post(BodyPath(committee, "/found"), Admin(), std::string()), 409, "status"));

  const auto active = Post(BodyPath(local, "/activate"), Admin(),
                           json{{"on", "2026-02-01"}, {"reason", "أول اجتماع"}});
  ASSERT_EQ(active.status, 200) << active;
  EXPECT_EQ(active.Json()["status"], "active");
  const auto history = Get(BodyPath(local), Admin()).Json()["history"];
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[1]["reason"], "أول اجتماع");
}

TEST_F(BodiesApiTest, TreeAndListFollowTheScope) {
  BuildChain();
  const json local = CreateBody(SecretaryMou(), {{"kind", "local_secretariat"},
                                                 {"territory_code", kCommuneMou},
                                                 {"parent_id", provincial_["id"]}});
  const json sefrou = CreateBody(Admin(), {{"kind", "provincial_secretariat"},
                                           {"territory_code", "MA-SEF"},
                                           {"parent_id", regional_["id"]}});
  const auto tree = Get(BodyPath(regional_, "/tree"), Admin());
  ASSERT_EQ(tree.status, 200) << tree;
  ASSERT_EQ(tree.Json()["children"].size(), 2u);
  EXPECT_EQ(tree.Json()["children"][0]["children"][0]["id"], local["id"]);

  EXPECT_EQ(Get(BodyPath(regional_, "/tree"), SecretaryMou()).status, 404);
  EXPECT_EQ(Get(BodyPath(sefrou), ViewerMou()).status, 404);
  EXPECT_EQ(Get(BodyPath(provincial_, "/tree"), ViewerMou()).status, 200);
  EXPECT_TRUE(IsProblem(Post(BodyPath(local, "/dissolve"), ViewerMou(), std::string()), 403));
  EXPECT_EQ(Delete(BodyPath(sefrou), SecretaryMou()).status, 404);
  EXPECT_TRUE(IsProblem(Post("/api/v1/bodies", SecretaryMou(),
                             json{{"kind", "youth_organization"}, {"territory_code", "MA-SEF"}}),
                        403, "territory_code"));

  std::vector<int64_t> ids;
  for (const auto& b : ListAll("/api/v1/bodies", SecretaryMou())) ids.push_back(b["id"]);
  EXPECT_EQ(ids, (std::vector<int64_t>{provincial_["id"], local["id"]}));
  EXPECT_EQ(ListAll("/api/v1/bodies", Admin(), "territory=MA-03", 1).size(), 4u);
  EXPECT_EQ(ListAll("/api/v1/bodies", Admin(), "kind=local_secretariat").size(), 1u);
  EXPECT_TRUE(IsProblem(Get("/api/v1/bodies?status=asleep", Admin()), 422, "status"));
  EXPECT_EQ(Get("/api/v1/bodies", "").status, 401);
}

TEST_F(BodiesApiTest, PositionsOverHttp) {
  BuildChain();
  const json amina = CreatePerson(Admin(), {{"name_ar", "أمينة"}, {"territory_code", "MA-MOU"}});
  const json karim = CreatePerson(Admin(), {{"name_ar", "كريم"}, {"territory_code", kCommuneMou}});
  const auto first =
      Post(BodyPath(provincial_, "/positions"), Admin(),
           json{{"person_id", amina["id"]}, {"role", "secretary"}, {"from", "2024-01-01"}});
  ASSERT_EQ(first.status, 201) << first;
  const json position = first.Json();
  EXPECT_EQ(position["person_name_ar"], "أمينة");
  EXPECT_EQ(position["current"], true);
  EXPECT_EQ(first.Header("location"),
            "/api/v1/positions/" + std::to_string(position["id"].get<int64_t>()));

  EXPECT_TRUE(IsProblem(
      Post(BodyPath(provincial_, "/positions"), Admin(),
           json{{"person_id", karim["id"]}, {"role", "secretary"}, {"from", "2025-01-01"}}),
      409, "role"));
  EXPECT_TRUE(
      IsProblem(Post(BodyPath(provincial_, "/positions"), Admin(),
                     json{{"person_id", karim["id"]}, {"role", "king"}, {"from", "2025-01-01"}}),
                422, "role"));
  EXPECT_TRUE(IsProblem(Post(BodyPath(provincial_, "/positions"), Admin(),
                             json{{"person_id", 1.5}, {"role", "member"}, {"from", "2025-01-01"}}),
                        400, "person_id"));

  const std::string position_path =
      "/api/v1/positions/" + std::to_string(position["id"].get<int64_t>());
  const auto ended = Patch(position_path, Admin(), json{{"to", "2024-12-31"}});
  ASSERT_EQ(ended.status, 200) << ended;
  EXPECT_EQ(ended.Json()["current"], false);
  ASSERT_EQ(Post(BodyPath(provincial_, "/positions"), Admin(),
                 json{{"person_id", karim["id"]}, {"role", "secretary"}, {"from", "2025-01-01"}})
                .status,
            201);

  const auto holders = Get(BodyPath(provincial_, "/positions"), ViewerMou());
  ASSERT_EQ(holders.status, 200) << holders;
  ASSERT_EQ(holders.Json()["items"].size(), 2u);
  EXPECT_EQ(holders.Json()["items"][0]["person_id"], karim["id"]);
  const auto of_amina = Get(PersonPath(amina) + "/positions", Admin());
  ASSERT_EQ(of_amina.status, 200) << of_amina;
  EXPECT_EQ(of_amina.Json()["items"].size(), 1u);
  // Paged like every list: the current holder first, then the past.
  const auto page = Get(BodyPath(provincial_, "/positions?limit=1"), ViewerMou());
  ASSERT_EQ(page.status, 200) << page;
  ASSERT_EQ(page.Json()["items"].size(), 1u);
  EXPECT_EQ(page.Json()["items"][0]["person_id"], karim["id"]);
  const auto rest = Get(BodyPath(provincial_, "/positions?limit=1&cursor=" +
                                                  page.Json()["next_cursor"].get<std::string>()),
                        ViewerMou());
  ASSERT_EQ(rest.status, 200) << rest;
  ASSERT_EQ(rest.Json()["items"].size(), 1u);
  EXPECT_EQ(rest.Json()["items"][0]["person_id"], amina["id"]);
  EXPECT_TRUE(rest.Json()["next_cursor"].is_null());
  EXPECT_TRUE(IsProblem(Get(PersonPath(amina) + "/positions?limit=0", Admin()), 422, "limit"));
  EXPECT_TRUE(IsProblem(Get(BodyPath(provincial_, "/positions?cursor=x"), Admin()), 422, "cursor"));
  // The query is read before the store is asked, as a body is.
  EXPECT_TRUE(IsProblem(Get("/api/v1/people/999999/positions?limit=0", Admin()), 422, "limit"));
  EXPECT_TRUE(IsProblem(Get("/api/v1/people/999999/positions", Admin()), 404));

  EXPECT_TRUE(IsProblem(Delete(position_path, ViewerMou()), 403));
  EXPECT_EQ(Delete(position_path, Admin()).status, 204);
  EXPECT_EQ(Delete(position_path, Admin()).status, 404);
}

TEST_F(BodiesApiTest, EveryChangeIsInTheAuditTrailForNationalAccountsOnly) {
  BuildChain();
  ASSERT_EQ(Patch(BodyPath(provincial_), Admin(), json{{"name_fr", "SP Moulay Yacoub"}}).status,
            200);
  EXPECT_EQ(Patch(BodyPath(provincial_), Admin(), json{{"kind", "pole"}}).status, 422);
  const auto trail =
      Get("/api/v1/audit?object=body/" + std::to_string(provincial_["id"].get<int64_t>()), Admin());
  ASSERT_EQ(trail.status, 200) << trail;
  const json items = trail.Json()["items"];
  ASSERT_EQ(items.size(), 2u);  // the refused patch left nothing
  EXPECT_EQ(items[0]["action"], "body.create");
  EXPECT_TRUE(items[0]["before"].is_null());
  EXPECT_EQ(items[1]["action"], "body.update");
  EXPECT_EQ(items[1]["before"]["name_fr"], "Secrétariat provincial de Moulay Yacoub");
  EXPECT_EQ(items[1]["after"]["name_fr"], "SP Moulay Yacoub");
  EXPECT_EQ(ListAll("/api/v1/audit", Admin(), "object=body").size(), 3u);
  EXPECT_TRUE(IsProblem(Get("/api/v1/audit", SecretaryMou()), 403));
  EXPECT_TRUE(IsProblem(Get("/api/v1/audit", ViewerMou()), 403));
  EXPECT_TRUE(IsProblem(Get("/api/v1/audit?from=yesterday", Admin()), 422, "from"));
  // A type no entry can have is a mistake, not an empty trail.
  for (const std::string object : {"bodies", "Body", "person:12", "/12", "body/x"}) {
    EXPECT_TRUE(IsProblem(Get("/api/v1/audit?object=" + object, Admin()), 422, "object")) << object;
  }
  EXPECT_EQ(Get("/api/v1/audit?object=consent_text", Admin()).status, 200);
  // A date bound is its whole day; an end before the start is refused, not an empty page.
  const std::string first_day = items[0]["at"].get<std::string>().substr(0, 10);
  const std::string last_day = items[1]["at"].get<std::string>().substr(0, 10);
  EXPECT_EQ(ListAll("/api/v1/audit", Admin(),
                    "object=body/" + std::to_string(provincial_["id"].get<int64_t>()) +
                        "&from=" + first_day + "&to=" + last_day)
                .size(),
            2u);
  EXPECT_TRUE(IsProblem(Get("/api/v1/audit?from=2026-11-02&to=2026-11-01", Admin()), 422, "to"));
  EXPECT_TRUE(IsProblem(
      Get("/api/v1/audit?from=2026-11-01T10:00:00Z&to=2026-11-01T09:59:59Z", Admin()), 422, "to"));
  EXPECT_EQ(Get("/api/v1/audit?from=2026-11-01T10:00:00Z&to=2026-11-01", Admin()).status, 200);
}

}  // namespace
}  // namespace tanzim::web::testing
