// /api/v1/people/{id}/mandates and /api/v1/mandates over HTTP: create, read,
// patch (ending a mandate), delete, the field rules, scope and paging.
#include <set>

#include "web/testing/test_server.h"

namespace tanzim::web::testing {
namespace {

using nlohmann::json;

class MandatesApiTest : public ApiTest {
 protected:
  int64_t NewPerson(const std::string& cin, const std::string& territory = kCommuneMou) {
    return CreatePerson(Admin(), PersonJson(cin, territory)).value("id", int64_t{0});
  }

  static std::string MandatesOf(int64_t person) {
    return "/api/v1/people/" + std::to_string(person) + "/mandates";
  }
  static std::string MandatePath(const json& mandate) {
    return "/api/v1/mandates/" + std::to_string(mandate.value("id", int64_t{0}));
  }

  // A valid communal mandate in Aïn Chkef; tests change one field at a time.
  static json CouncillorJson() {
    return {{"institution", "communal_council"},
            {"territory_code", kCommuneMou},
            {"role", "member"},
            {"constituency", "الدائرة 7"},
            {"from", "2021-09-08"}};
  }

  json CreateMandate(const std::string& token, int64_t person, const json& body) {
    const auto r = Post(MandatesOf(person), token, body);
    EXPECT_EQ(r.status, 201) << r;
    return r.status == 201 ? r.Json() : json::object();
  }

  std::string Count() {
    return QuerySqlite(server_->db_path(),
                       "SELECT count(*) || '/' || coalesce(max(updated_at), '')"
                       " FROM mandates");
  }
};

TEST_F(MandatesApiTest, CreateReadListPatchAndDelete) {
  const int64_t person = NewPerson("AB100001");
  const auto r = Post(MandatesOf(person), Admin(), CouncillorJson());
  ASSERT_EQ(r.status, 201) << r;
  const json created = r.Json();
  EXPECT_EQ(r.Header("location"), MandatePath(created));
  EXPECT_EQ(created["person_id"], person);
  EXPECT_EQ(created["name_ar"], "فاطمة الزهراء بناني");
  EXPECT_EQ(created["name_latin"], "Fatima Zahra Bennani");
  EXPECT_EQ(created["institution"], "communal_council");
  EXPECT_EQ(created["territory_code"], kCommuneMou);
  EXPECT_EQ(created["role"], "member");
  EXPECT_TRUE(created["committee"].is_null());
  EXPECT_EQ(created["constituency"], "الدائرة 7");
  EXPECT_EQ(created["from"], "2021-09-08");
  EXPECT_TRUE(created["to"].is_null());

  EXPECT_EQ(Get(MandatePath(created), Admin()).Json(), created);
  const auto mine = ListAll(MandatesOf(person), Admin());
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0], created);
  const auto listed = ListAll("/api/v1/mandates", Admin(), "territory=MA-03&current=true");
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["name_latin"], "Fatima Zahra Bennani");

  // Ending the mandate: it leaves the current list but stays on file.
  const auto ended = Patch(MandatePath(created), Admin(), json{{"to", "2024-01-31"}});
  ASSERT_EQ(ended.status, 200) << ended;
  EXPECT_EQ(ended.Json()["to"], "2024-01-31");
  EXPECT_EQ(ended.Json()["constituency"], "الدائرة 7");
  EXPECT_TRUE(ListAll("/api/v1/mandates", Admin(), "current=true").empty());
  EXPECT_EQ(ListAll("/api/v1/mandates", Admin(), "current=false").size(), 1u);

  // Correcting other fields: a promotion to committee chair.
  const auto chair = Patch(MandatePath(created), SecretaryMou(),
                           json{{"role", "committee_chair"}, {"committee", "لجنة المالية"}});
  ASSERT_EQ(chair.status, 200) << chair;
  EXPECT_EQ(chair.Json()["committee"], "لجنة المالية");

  EXPECT_EQ(Delete(MandatePath(created), Admin()).status, 204);
  EXPECT_EQ(Get(MandatePath(created), Admin()).status, 404);
  EXPECT_TRUE(ListAll(MandatesOf(person), Admin()).empty());
}

TEST_F(MandatesApiTest, TerritoryMustFitTheInstitution) {
  const int64_t person = NewPerson("AB100002");
  struct Fit {
    const char* institution;
    const char* territory;
    bool fits;
  };
  const std::vector<Fit> cases{
      {"regional_council", "MA-03", true},        {"regional_council", "MA-MOU", false},
      {"regional_council", kCommuneMou, false},   {"provincial_council", "MA-MOU", true},
      {"provincial_council", "MA-RAB", true},     {"provincial_council", "MA-03", false},
      {"provincial_council", kCommuneMou, false}, {"communal_council", kCommuneMou, true},
      {"communal_council", "MA-MOU", false},      {"house_of_representatives", "MA-MOU", true},
      {"house_of_councillors", "MA-03", true},    {"house_of_representatives", kCommuneRab, true},
  };
  for (const auto& c : cases) {
    json body = CouncillorJson();
    body["institution"] = c.institution;
    body["territory_code"] = c.territory;
    const auto r = Post(MandatesOf(person), Admin(), body);
    if (c.fits) {
      EXPECT_EQ(r.status, 201) << c.institution << " on " << c.territory << ": " << r;
    } else {
      EXPECT_TRUE(IsProblem(r, 422, "territory_code")) << c.institution << " on " << c.territory;
    }
  }
}

TEST_F(MandatesApiTest, BrokenRulesAreRefusedNamingTheFieldAndStoreNothing) {
  const int64_t person = NewPerson("AB100003");
  struct Case {
    const char* field;
    json value;
    int status;
  };
  const std::vector<Case> cases{
      {"institution", "parliament", 422},
      {"institution", nullptr, 422},
      {"institution", 3, 400},
      {"role", "mayor", 422},
      {"role", nullptr, 422},
      {"committee", "لجنة", 422},  // a member has no committee
      {"territory_code", "MA-XX-999", 422},
      {"territory_code", nullptr, 422},
      {"territory_code", std::string(300, 'A'), 422},
      {"from", "2021-02-30", 422},
      {"from", "08/09/2021", 422},
      {"from", nullptr, 422},
      {"from", 2021, 400},
      {"to", "2021-09-07", 422},  // before from
      {"to", "tomorrow", 422},
      {"constituency", std::string(201, 'x'), 422},
      {"constituency", "a\x01b", 422},
      {"constituency", json::array({"x"}), 400},
      {"person_id", 5, 400},  // not a field of the body
      {"mandate", "x", 400},
  };
  for (const auto& c : cases) {
    json body = CouncillorJson();
    body[c.field] = c.value;
    const auto r = Post(MandatesOf(person), Admin(), body);
    EXPECT_TRUE(IsProblem(r, c.status, c.field)) << c.field << "=" << c.value.dump();
  }
  json chair = CouncillorJson();
  chair["role"] = "committee_chair";
  EXPECT_TRUE(IsProblem(Post(MandatesOf(person), Admin(), chair), 422, "committee"));
  chair["committee"] = "   ";
  EXPECT_TRUE(IsProblem(Post(MandatesOf(person), Admin(), chair), 422, "committee"));
  for (const std::string& body :
       std::vector<std::string>{"", "[]", "{", "null", "{\"role\": \"\xff\"}"}) {
    EXPECT_TRUE(IsProblem(Post(MandatesOf(person), Admin(), body), 400, "body")) << body;
  }
  EXPECT_EQ(Count(), "0/");
  // A huge body is refused before it is read.
  EXPECT_EQ(Post(MandatesOf(person), Admin(), std::string(2 << 20, ' ')).status, 413);
  EXPECT_EQ(Count(), "0/");
}

TEST_F(MandatesApiTest, PatchRulesAndNothingChangesOnRefusal) {
  const int64_t person = NewPerson("AB100004");
  const json created = CreateMandate(Admin(), person, CouncillorJson());
  const std::string before = Count();
  EXPECT_TRUE(
      IsProblem(Patch(MandatePath(created), Admin(), json{{"to", "2020-01-01"}}), 422, "to"));
  EXPECT_TRUE(
      IsProblem(Patch(MandatePath(created), Admin(), json{{"from", nullptr}}), 422, "from"));
  EXPECT_TRUE(
      IsProblem(Patch(MandatePath(created), Admin(), json{{"institution", "regional_council"}}),
                422, "territory_code"));
  EXPECT_TRUE(
      IsProblem(Patch(MandatePath(created), Admin(), json{{"person_id", 2}}), 400, "person_id"));
  EXPECT_TRUE(IsProblem(Patch(MandatePath(created), Admin(), std::string("[1]")), 400, "body"));
  EXPECT_EQ(Count(), before);
  EXPECT_EQ(Get(MandatePath(created), Admin()).Json(), created);
  EXPECT_EQ(Patch("/api/v1/mandates/999999", Admin(), json{{"to", "2030-01-01"}}).status, 404);
  EXPECT_EQ(Patch("/api/v1/mandates/abc", Admin(), json{{"to", "2030-01-01"}}).status, 404);
  EXPECT_EQ(Delete("/api/v1/mandates/-1", Admin()).status, 404);
}

TEST_F(MandatesApiTest, UnknownOrUnreadablePeopleHaveNoMandates) {
  EXPECT_TRUE(IsProblem(Post(MandatesOf(999999), Admin(), CouncillorJson()), 404));
  EXPECT_EQ(Get(MandatesOf(999999), Admin()).status, 404);
  EXPECT_EQ(Post("/api/v1/people/x/mandates", Admin(), CouncillorJson()).status, 404);
  const int64_t sefrou = NewPerson("AB100005", kCommuneSef);
  json body = CouncillorJson();
  body["territory_code"] = kCommuneSef;
  // Out of scope: the person does not exist for the secretary of Moulay Yacoub.
  EXPECT_TRUE(IsProblem(Post(MandatesOf(sefrou), SecretaryMou(), body), 404));
  EXPECT_EQ(Get(MandatesOf(sefrou), SecretaryMou()).status, 404);
  EXPECT_EQ(Count(), "0/");
}

TEST_F(MandatesApiTest, ScopeDecidesWhoSeesAndChangesWhat) {
  const int64_t mou = NewPerson("AB100006");
  const int64_t sef = NewPerson("AB100007", kCommuneSef);
  json sef_body = CouncillorJson();
  sef_body["territory_code"] = kCommuneSef;
  const json in_mou = CreateMandate(SecretaryMou(), mou, CouncillorJson());
  const json in_sef = CreateMandate(Admin(), sef, sef_body);
  // A Moulay Yacoub resident elected in Sefrou: the secretary may not record it there.
  EXPECT_TRUE(IsProblem(Post(MandatesOf(mou), SecretaryMou(), sef_body), 403, "territory_code"));
  // Viewers never write, even in scope.
  EXPECT_TRUE(IsProblem(Post(MandatesOf(mou), ViewerMou(), CouncillorJson()), 403));
  EXPECT_TRUE(IsProblem(Patch(MandatePath(in_mou), ViewerMou(), json{{"to", "2030-01-01"}}), 403));
  EXPECT_TRUE(IsProblem(Delete(MandatePath(in_mou), ViewerMou()), 403));
  // Out of scope reads, patches and deletes answer 404.
  EXPECT_EQ(Get(MandatePath(in_sef), SecretaryMou()).status, 404);
  EXPECT_EQ(Get(MandatePath(in_sef), ViewerMou()).status, 404);
  EXPECT_EQ(Patch(MandatePath(in_sef), SecretaryMou(), json{{"to", "2030-01-01"}}).status, 404);
  EXPECT_EQ(Delete(MandatePath(in_sef), SecretaryMou()).status, 404);
  // Moving a mandate out of one's scope is refused.
  EXPECT_TRUE(
      IsProblem(Patch(MandatePath(in_mou), SecretaryMou(), json{{"territory_code", kCommuneSef}}),
                403, "territory_code"));
  EXPECT_EQ(Get(MandatePath(in_sef), Admin()).Json(), in_sef);
  EXPECT_EQ(Get(MandatePath(in_mou), ViewerMou()).Json(), in_mou);

  // Lists are narrowed in the query.
  auto ids = [&](const std::string& token, const std::string& query) {
    std::set<int64_t> out;
    for (const auto& m : ListAll("/api/v1/mandates", token, query)) {
      out.insert(m["id"].get<int64_t>());
    }
    return out;
  };
  const int64_t a = in_mou["id"], b = in_sef["id"];
  EXPECT_EQ(ids(Admin(), ""), (std::set<int64_t>{a, b}));
  EXPECT_EQ(ids(Admin(), "territory=MA-SEF"), (std::set<int64_t>{b}));
  EXPECT_EQ(ids(SecretaryMou(), ""), (std::set<int64_t>{a}));
  EXPECT_EQ(ids(ViewerMou(), "territory=MA-03"), (std::set<int64_t>{a}));
  EXPECT_TRUE(ids(SecretaryMou(), "territory=MA-SEF").empty());
  EXPECT_TRUE(ids(Admin(), "territory=MA-06").empty());
}

TEST_F(MandatesApiTest, ListsPageByKeyAndCheckTheirParameters) {
  const int64_t person = NewPerson("AB100008");
  std::vector<int64_t> created;
  for (int i = 0; i < 5; ++i) {
    json body = CouncillorJson();
    if (i % 2) {
      body["institution"] = "provincial_council";
      body["territory_code"] = "MA-MOU";
    }
    created.push_back(CreateMandate(Admin(), person, body)["id"].get<int64_t>());
  }
  std::vector<int64_t> paged;
  for (const auto& m : ListAll("/api/v1/mandates", Admin(), "territory=MA-MOU", 2)) {
    paged.push_back(m["id"].get<int64_t>());
  }
  EXPECT_EQ(paged, created);
  EXPECT_EQ(ListAll("/api/v1/mandates", Admin(), "institution=provincial_council").size(), 2u);
  EXPECT_EQ(ListAll(MandatesOf(person), Admin(), "", 1).size(), 5u);
  EXPECT_TRUE(IsProblem(Get("/api/v1/mandates?institution=senate", Admin()), 422, "institution"));
  EXPECT_TRUE(IsProblem(Get("/api/v1/mandates?current=yes", Admin()), 422, "current"));
  EXPECT_TRUE(IsProblem(Get("/api/v1/mandates?territory=MA-XX", Admin()), 422, "territory"));
  EXPECT_TRUE(IsProblem(Get("/api/v1/mandates?limit=0", Admin()), 422, "limit"));
  EXPECT_TRUE(IsProblem(Get("/api/v1/mandates?limit=501", Admin()), 422, "limit"));
  EXPECT_TRUE(IsProblem(Get("/api/v1/mandates?cursor=%21%21", Admin()), 422, "cursor"));
  EXPECT_TRUE(IsProblem(Get(MandatesOf(person) + "?cursor=AAAA", Admin()), 422, "cursor"));
  EXPECT_EQ(Get("/api/v1/mandates").status, 401);
}

}  // namespace
}  // namespace tanzim::web::testing
