// GET /api/v1/stats/members over HTTP: parameters, scope and the figures of a
// small dataset written with SQL (the memberships module's own API is tested
// in memberships_api_test.cc).
#include "web/testing/test_server.h"

namespace tanzim::web::testing {
namespace {

using nlohmann::json;

class StatsApiTest : public ApiTest {
 protected:
  void Sql(const std::string& sql) { QuerySqlite(server_->db_path(), sql); }

  // Local secretariats in Aïn Chkef (1) and Sefrou's Bhalil (2), and three
  // members: a young woman and a man who left in Aïn Chkef, a man in Bhalil.
  void LoadMembers() {
    Sql("INSERT INTO bodies (id, kind, territory_code, name_ar, name_fr, status, created_at,"
        " updated_at) VALUES (1, 'local_secretariat', 'MA-MOU-AIN', 'أ', 'L', 'active', 'x', 'x'),"
        " (2, 'local_secretariat', 'MA-SEF-BHA', 'أ', 'L', 'active', 'x', 'x')");
    const int64_t a = CreatePerson(Admin(), PersonJson("AB200001"))["id"];
    json man = PersonJson("AB200002");
    man["gender"] = "m";
    man["birth_date"] = "1970-01-01";
    const int64_t b = CreatePerson(Admin(), man)["id"];
    const int64_t c = CreatePerson(Admin(), PersonJson("AB200003", kCommuneSef))["id"];
    auto member = [&](int64_t person, int body, const std::string& status,
                      const std::string& approved, const std::string& left) {
      Sql("INSERT INTO memberships (person_id, body_id, status, joined_on, approved_on, left_on,"
          " territory_code, gender, birth_date, created_at, updated_at)"
          " SELECT p.id, b.id, '" +
          status + "', '2024-01-01', '" + approved + "', " + left +
          ", b.territory_code, p.gender, p.birth_date, 'x', 'x'"
          " FROM people p, bodies b WHERE p.id = " +
          std::to_string(person) + " AND b.id = " + std::to_string(body));
    };
    member(a, 1, "active", "2025-01-10", "NULL");
    member(b, 1, "lapsed", "2024-06-01", "'2025-02-15'");
    member(c, 2, "active", "2025-02-02", "NULL");
  }

  static std::string Target(const std::string& query) { return "/api/v1/stats/members?" + query; }
};

TEST_F(StatsApiTest, FiguresPerMonthWithSharesAndChildren) {
  LoadMembers();
  const auto r = Get(Target("territory=MA-MOU&from=2025-01-01&to=2025-03-31&by=child"), Admin());
  ASSERT_EQ(r.status, 200) << r;
  const json body = r.Json();
  EXPECT_EQ(body["territory"]["code"], "MA-MOU");
  EXPECT_EQ(body["interval"], "month");
  ASSERT_EQ(body["periods"].size(), 3u);
  EXPECT_EQ(body["periods"][0], (json{{"period", "2025-01"},
                                      {"new_approvals", 1},
                                      {"active", 2},
                                      {"lapsed", 0},
                                      {"women", 1},
                                      {"youth", 1},
                                      {"women_share", 0.5},
                                      {"youth_share", 0.5}}));
  EXPECT_EQ(body["periods"][1]["lapsed"], 1);
  EXPECT_EQ(body["periods"][1]["active"], 1);
  EXPECT_EQ(body["periods"][1]["women_share"], 1.0);
  ASSERT_EQ(body["children"].size(), 2u);  // Aïn Chkef and Sebaa Rouadi
  EXPECT_EQ(body["children"][0]["territory"]["code"], kCommuneMou);
  EXPECT_EQ(body["children"][0]["periods"][2]["active"], 1);
  EXPECT_EQ(body["children"][1]["territory"]["code"], kCommuneMou2);
  EXPECT_EQ(body["children"][1]["periods"][2]["active"], 0);
  EXPECT_EQ(body["children"][1]["periods"][2]["women_share"], 0);

  const auto national = Get(Target("from=2025-01-01&to=2025-12-31&interval=year"), Admin());
  ASSERT_EQ(national.status, 200) << national;
  EXPECT_TRUE(national.Json()["territory"].is_null());
  EXPECT_EQ(national.Json()["periods"], (json::array({json{{"period", "2025"},
                                                           {"new_approvals", 2},
                                                           {"active", 2},
                                                           {"lapsed", 1},
                                                           {"women", 2},
                                                           {"youth", 0},  // both turned 35 in May
                                                           {"women_share", 1.0},
                                                           {"youth_share", 0.0}}})));
}

TEST_F(StatsApiTest, ScopedUsersGetTheirScopeAndNothingElse) {
  LoadMembers();
  const auto own = Get(Target("from=2025-03-01&to=2025-03-31"), ViewerMou());
  ASSERT_EQ(own.status, 200) << own;
  EXPECT_EQ(own.Json()["territory"]["code"], "MA-MOU");
  EXPECT_EQ(own.Json()["periods"][0]["active"], 1);  // Bhalil's member is not counted
  EXPECT_EQ(
      Get(Target("territory=MA-MOU-AIN&from=2025-03-01&to=2025-03-31"), SecretaryMou()).status,
      200);
  for (const char* outside : {"MA-SEF", "MA-03", "MA-SEF-BHA", "MA-06"}) {
    const auto r =
        Get(Target(std::string("territory=") + outside + "&from=2025-03-01&to=2025-03-31"),
            SecretaryMou());
    EXPECT_TRUE(IsProblem(r, 404)) << outside;
  }
  EXPECT_EQ(Get(Target("from=2025-03-01&to=2025-03-31")).status, 401);
}

TEST_F(StatsApiTest, ParameterErrorsNameTheParameter) {
  struct Case {
    const char* query;
    const char* field;
  };
  const std::vector<Case> cases{
      {"to=2025-01-31", "from"},
      {"from=2025-01-01", "to"},
      {"from=2025-13-01&to=2025-12-31", "from"},
      {"from=2025-01-01&to=2025-02-29", "to"},
      {"from=2025-01-01&to=2024-12-31", "to"},
      {"from=2000-01-01&to=2025-12-31", "to"},
      {"from=2025-01-01&to=2025-12-31&interval=day", "interval"},
      {"from=2025-01-01&to=2025-12-31&by=commune", "by"},
      {"territory=MA-XX&from=2025-01-01&to=2025-12-31", "territory"},
      {"from=%27%3B%20DROP%20TABLE%20memberships&to=2025-12-31", "from"},
  };
  for (const auto& c : cases) {
    EXPECT_TRUE(IsProblem(Get(Target(c.query), Admin()), 422, c.field)) << c.query;
  }
  const auto oversized = Get(Target("from=" + std::string(5000, '2') + "&to=2025-12-31"), Admin());
  EXPECT_GE(oversized.status, 400);
  EXPECT_LT(oversized.status, 500);
  EXPECT_EQ(QuerySqlite(server_->db_path(), "SELECT count(*) FROM memberships"), "0");
}

}  // namespace
}  // namespace tanzim::web::testing
