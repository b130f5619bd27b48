// /api/v1/memberships and /api/v1/settings over HTTP: applications, the
// transition commands, numbers, dues, the application queue, scope, the
// settings, and the `tanzim memberships lapse` and `tanzim settings set` commands.
#include <set>
#include <thread>

#include "web/testing/subprocess.h"
#include "web/testing/test_server.h"

namespace tanzim::web::testing {
namespace {

using nlohmann::json;

std::string Today() {
  const std::chrono::year_month_day today{
      std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(today.year()),
                static_cast<unsigned>(today.month()), static_cast<unsigned>(today.day()));
  return text;
}

std::string Year() { return Today().substr(0, 4); }

class MembershipsApiTest : public ApiTest {
 protected:
  // A body written with plain SQL: the bodies API is another module's.
  int64_t AddBody(const std::string& kind, const std::optional<std::string>& territory,
                  const std::string& status = "active") {
    const std::string code = territory ? "'" + *territory + "'" : "NULL";
    const std::string id = QuerySqlite(
        server_->db_path(),
        "INSERT INTO bodies (kind, territory_code, name_ar, name_fr, status, created_at,"
        " updated_at) VALUES ('" +
            kind + "', " + code + ", 'هيئة', 'Organe', '" + status +
            "', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z') RETURNING id");
    return std::stoll(id);
  }

  int64_t AddPerson(const std::string& territory = kCommuneMou) {
    const json person = CreatePerson(Admin(), PersonJson("P" + std::to_string(++cins_), territory));
    return person.value("id", int64_t{0});
  }

  json Apply(int64_t person, int64_t body, const std::string& token = {}) {
    const auto r = Post("/api/v1/memberships", token.empty() ? Admin() : token,
                        json{{"person_id", person}, {"body_id", body}});
    EXPECT_EQ(r.status, 201) << r;
    return r.Json();
  }

  static std::string Path(const json& membership, const std::string& tail = {}) {
    return "/api/v1/memberships/" + std::to_string(membership.value("id", int64_t{0})) + tail;
  }

  json Command(const json& membership, const std::string& command,
               const json& body = json::object(), const std::string& token = {}) {
    const auto r = Post(Path(membership, "/" + command), token.empty() ? Admin() : token, body);
    EXPECT_EQ(r.status, 200) << command << ": " << r;
    return r.Json();
  }

  std::string Count(const std::string& table) {
    return QuerySqlite(server_->db_path(), "SELECT count(*) FROM " + table);
  }

  // Rows of every table a refused request must leave alone.
  std::string Snapshot() {
    return QuerySqlite(server_->db_path(),
                       "SELECT (SELECT count(*) FROM memberships) || '|' || (SELECT count(*) FROM"
                       " membership_events) || '|' || (SELECT count(*) FROM dues_payments) || '|'"
                       " || ifnull((SELECT group_concat(status || ifnull(number, '') ||"
                       " ifnull(dues_paid_until, ''), ',') FROM memberships), '')");
  }

  std::vector<int64_t> Ids(const std::string& token, const std::string& query = {}) {
    std::vector<int64_t> ids;
    for (const auto& m : ListAll("/api/v1/memberships", token, query)) ids.push_back(m["id"]);
    return ids;
  }

  int cins_ = 100000;
};

TEST_F(MembershipsApiTest, ApplyApproveAndReadTheHistory) {
  const int64_t person = AddPerson();
  const int64_t body = AddBody("local_secretariat", kCommuneMou);
  const auto r =
      Post("/api/v1/memberships", SecretaryMou(), json{{"person_id", person}, {"body_id", body}});
  ASSERT_EQ(r.status, 201) << r;
  const json created = r.Json();
  EXPECT_EQ(r.Header("location"), Path(created));
  EXPECT_EQ(created["person_id"], person);
  EXPECT_EQ(created["body_id"], body);
  EXPECT_EQ(created["status"], "applicant");
  EXPECT_EQ(created["joined_on"], Today());
  EXPECT_TRUE(created["number"].is_null());
  EXPECT_EQ(created["territory_code"], kCommuneMou);

  // A command needs no body; the date defaults to today.
  const auto approved = Post(Path(created, "/approve"), SecretaryMou(), std::string());
  ASSERT_EQ(approved.status, 200) << approved;
  EXPECT_EQ(approved.Json()["status"], "active");
  EXPECT_EQ(approved.Json()["number"], "03-MOU-" + Year() + "-000001");
  EXPECT_EQ(approved.Json()["approved_on"], Today());

  const auto read = Get(Path(created), ViewerMou());
  ASSERT_EQ(read.status, 200) << read;
  const json detail = read.Json();
  EXPECT_EQ(detail["number"], approved.Json()["number"]);
  ASSERT_EQ(detail["events"].size(), 2u) << detail;
  EXPECT_EQ(detail["events"][0]["action"], "apply");
  EXPECT_EQ(detail["events"][1]["action"], "approve");
  EXPECT_EQ(detail["events"][1]["on"], Today());
  EXPECT_TRUE(detail["events"][1]["actor_id"].is_number_integer());
  EXPECT_EQ(detail["dues"], json::array());
}

TEST_F(MembershipsApiTest, NumbersFollowTheBodysPlace) {
  const std::string year = Year();
  const json regional = Apply(AddPerson(), AddBody("regional_secretariat", "MA-03"));
  EXPECT_EQ(Command(regional, "approve")["number"], "03-REG-" + year + "-000001");
  const json national = Apply(AddPerson(), AddBody("political_bureau", std::nullopt));
  EXPECT_EQ(Command(national, "approve")["number"], "00-NAT-" + year + "-000001");
  EXPECT_TRUE(national["territory_code"].is_null());
  const json rabat = Apply(AddPerson(kCommuneRab), AddBody("local_secretariat", kCommuneRab));
  EXPECT_EQ(Command(rabat, "approve")["number"], "04-RAB-" + year + "-000001");
}

TEST_F(MembershipsApiTest, CreateRefusesBadRequestsAndStoresNothing) {
  const int64_t person = AddPerson();
  const int64_t person_rabat = AddPerson(kCommuneRab);
  const int64_t body = AddBody("local_secretariat", kCommuneMou);
  const int64_t rabat = AddBody("provincial_secretariat", "MA-RAB");
  const int64_t national = AddBody("general_secretariat", std::nullopt);
  const int64_t dissolved = AddBody("local_secretariat", kCommuneMou2, "dissolved");
  struct Case {
    std::string body;
    int status;
    const char* field;
    bool secretary = false;
  };
  const auto j = [](json value) { return value.dump(); };
  const std::vector<Case> cases{
      {"{", 400, "body"},
      {"[]", 400, "body"},
      {j({{"person_id", person}, {"body_id", body}, {"status", "active"}}), 400, "status"},
      {j({{"person_id", std::to_string(person)}, {"body_id", body}}), 400, "person_id"},
      {j({{"person_id", 1.5}, {"body_id", body}}), 400, "person_id"},
      {j({{"person_id", person}, {"body_id", true}}), 400, "body_id"},
      {j({{"person_id", person}, {"body_id", body}, {"joined_on", 20260101}}), 400, "joined_on"},
      {j({{"body_id", body}}), 422, "person_id"},
      {j({{"person_id", nullptr}, {"body_id", body}}), 422, "person_id"},
      {j({{"person_id", 0}, {"body_id", body}}), 422, "person_id"},
      {j({{"person_id", person}, {"body_id", -1}}), 422, "body_id"},
      {j({{"person_id", 999999}, {"body_id", body}}), 422, "person_id"},
      {j({{"person_id", person}, {"body_id", 999999}}), 422, "body_id"},
      {j({{"person_id", person}, {"body_id", dissolved}}), 422, "body_id"},
      {j({{"person_id", person}, {"body_id", body}, {"joined_on", "2026-02-30"}}), 422,
       "joined_on"},
      {j({{"person_id", person}, {"body_id", body}, {"joined_on", "2999-01-01"}}), 422,
       "joined_on"},
      {j({{"person_id", person_rabat}, {"body_id", body}}), 422, "person_id", true},
      {j({{"person_id", person}, {"body_id", rabat}}), 403, "body_id", true},
      {j({{"person_id", person}, {"body_id", national}}), 403, "body_id", true},
  };
  for (const Case& c : cases) {
    const auto r = Post("/api/v1/memberships", c.secretary ? SecretaryMou() : Admin(), c.body);
    EXPECT_TRUE(IsProblem(r, c.status, c.field)) << c.body;
  }
  const auto viewer =
      Post("/api/v1/memberships", ViewerMou(), json{{"person_id", person}, {"body_id", body}});
  EXPECT_TRUE(IsProblem(viewer, 403)) << viewer;
  EXPECT_EQ(Snapshot(), "0|0|0|");
}

TEST_F(MembershipsApiTest, OneCurrentMembershipPerPerson) {
  const int64_t person = AddPerson();
  const int64_t body = AddBody("local_secretariat", kCommuneMou);
  const json first = Apply(person, body);
  const std::string before = Snapshot();
  const auto again = Post("/api/v1/memberships", Admin(),
                          json{{"person_id", person}, {"body_id", AddBody("committee", "MA-MOU")}});
  EXPECT_TRUE(IsProblem(again, 409, "person_id")) << again;
  EXPECT_EQ(Snapshot(), before);
  Command(first, "reject", {{"reason", "incomplete file"}});
  Apply(person, body);
}

TEST_F(MembershipsApiTest, TransitionsFollowTheLifecycle) {
  const int64_t body = AddBody("local_secretariat", kCommuneMou);
  const json m = Apply(AddPerson(), body);
  Command(m, "approve");
  const json suspended = Command(m, "suspend", {{"reason", "غياب متكرر"}});
  EXPECT_EQ(suspended["status"], "suspended");
  EXPECT_EQ(suspended["left_on"], Today());
  const json back = Command(m, "reinstate");
  EXPECT_EQ(back["status"], "active");
  EXPECT_TRUE(back["left_on"].is_null());
  EXPECT_EQ(back["number"], suspended["number"]);
  EXPECT_EQ(Command(m, "lapse")["status"], "lapsed");
  EXPECT_EQ(Command(m, "reinstate")["status"], "active");
  const json expelled = Command(m, "expel", {{"reason", "breach"}, {"on", Today()}});
  EXPECT_EQ(expelled["status"], "expelled");
  const json other = Apply(AddPerson(), body);
  Command(other, "approve");
  EXPECT_EQ(Command(other, "resign")["status"], "resigned");

  const auto history = Get(Path(m), Admin()).Json()["events"];
  std::vector<std::string> actions;
  for (const auto& e : history) actions.push_back(e["action"]);
  EXPECT_EQ(actions, (std::vector<std::string>{"apply", "approve", "suspend", "reinstate", "lapse",
                                               "reinstate", "expel"}));
  EXPECT_EQ(history[2]["reason"], "غياب متكرر");
}

TEST_F(MembershipsApiTest, CommandsRefuseWhatTheRulesForbidAndChangeNothing) {
  const int64_t body = AddBody("local_secretariat", kCommuneMou);
  const json applicant = Apply(AddPerson(), body);
  const json active = Apply(AddPerson(), body);
  Command(active, "approve");
  struct Case {
    const json* membership;
    std::string command;
    std::string body;
    int status;
    const char* field;
  };
  const auto j = [](json value) { return value.dump(); };
  const std::vector<Case> cases{
      {&applicant, "suspend", j({{"reason", "r"}}), 409, "status"},
      {&applicant, "reinstate", "", 409, "status"},
      {&applicant, "lapse", "", 409, "status"},
      {&active, "approve", "", 409, "status"},
      {&active, "reject", "", 409, "status"},
      {&active, "reinstate", "", 409, "status"},
      {&active, "suspend", "{}", 422, "reason"},
      {&active, "expel", j({{"reason", ""}}), 422, "reason"},
      {&active, "suspend", j({{"reason", std::string(501, 'x')}}), 422, "reason"},
      {&active, "suspend", j({{"reason", "a\tb"}}), 422, "reason"},
      {&active, "resign", j({{"on", "2026-13-01"}}), 422, "on"},
      {&active, "resign", j({{"on", "2999-01-01"}}), 422, "on"},
      {&active, "resign", j({{"on", "1999-01-01"}}), 422, "on"},
      {&active, "resign", j({{"on", 20260101}}), 400, "on"},
      {&active, "suspend", j({{"reason", 5}}), 400, "reason"},
      {&active, "resign", j({{"when", "today"}}), 400, "when"},
      {&active, "resign", "not json", 400, "body"},
  };
  const std::string before = Snapshot();
  for (const Case& c : cases) {
    const auto r = Post(Path(*c.membership, "/" + c.command), Admin(), c.body);
    EXPECT_TRUE(IsProblem(r, c.status, c.field)) << c.command << " " << c.body;
  }
  EXPECT_EQ(Snapshot(), before);
  EXPECT_TRUE(
      IsProblem(Post("/api/v1/memberships/999999/approve", Admin(), std::string("{}")), 404));
  EXPECT_TRUE(IsProblem(Post("/api/v1/memberships/abc/approve", Admin(), std::string("{}")), 404));
  EXPECT_TRUE(IsProblem(Post(Path(active, "/delete"), Admin(), std::string("{}")), 404));
  EXPECT_TRUE(IsProblem(Get(Path(active, "/approve"), Admin()), 405));
}

TEST_F(MembershipsApiTest, ScopeHidesOtherProvincesAndViewersCannotWrite) {
  const json mou = Apply(AddPerson(), AddBody("local_secretariat", kCommuneMou));
  const json national = Apply(AddPerson(), AddBody("general_secretariat", std::nullopt));
  const std::string rabat = server_->Token(auth::Role::kSecretary, "MA-RAB");
  const std::string before = Snapshot();
  EXPECT_TRUE(IsProblem(Get(Path(mou), rabat), 404));
  EXPECT_TRUE(IsProblem(Get(Path(mou, "/dues"), rabat), 404));
  EXPECT_TRUE(IsProblem(Post(Path(mou, "/approve"), rabat, std::string("{}")), 404));
  EXPECT_TRUE(IsProblem(
      Post(Path(mou, "/dues"), rabat,
           json{{"amount_mad", 10}, {"period_from", "2026-01-01"}, {"period_to", "2026-12-31"}}),
      404));
  EXPECT_TRUE(IsProblem(Get(Path(national), SecretaryMou()), 404));
  EXPECT_TRUE(IsProblem(Post(Path(mou, "/approve"), ViewerMou(), std::string("{}")), 403));
  EXPECT_TRUE(IsProblem(
      Post(Path(mou, "/dues"), ViewerMou(),
           json{{"amount_mad", 10}, {"period_from", "2026-01-01"}, {"period_to", "2026-12-31"}}),
      403));
  EXPECT_EQ(Snapshot(), before);
  EXPECT_EQ(Ids(rabat), std::vector<int64_t>{});
  EXPECT_EQ(Ids(SecretaryMou()), (std::vector<int64_t>{mou["id"]}));
  EXPECT_EQ(Ids(Admin()), (std::vector<int64_t>{mou["id"], national["id"]}));
}

TEST_F(MembershipsApiTest, TheApplicationQueueOfABody) {
  const int64_t ain = AddBody("local_secretariat", kCommuneMou);
  const int64_t seb = AddBody("local_secretariat", kCommuneMou2);
  std::vector<int64_t> queue;
  for (int i = 0; i < 5; ++i) queue.push_back(Apply(AddPerson(), ain)["id"]);
  Apply(AddPerson(), seb);
  const json approved = Apply(AddPerson(), ain);
  Command(approved, "approve");
  const std::string query = "status=applicant&body=" + std::to_string(ain);
  EXPECT_EQ(Ids(SecretaryMou(), query), queue);
  // Pages of two, in id order.
  std::vector<int64_t> paged;
  for (const auto& m : ListAll("/api/v1/memberships", SecretaryMou(), query, 2)) {
    EXPECT_EQ(m["status"], "applicant");
    paged.push_back(m["id"]);
  }
  EXPECT_EQ(paged, queue);
  EXPECT_EQ(Ids(Admin(), "status=active").size(), 1u);
  EXPECT_EQ(Ids(Admin(), "person=" + std::to_string(approved["person_id"].get<int64_t>())),
            (std::vector<int64_t>{approved["id"]}));
  EXPECT_TRUE(IsProblem(Get("/api/v1/memberships?status=member", Admin()), 422, "status"));
  EXPECT_TRUE(IsProblem(Get("/api/v1/memberships?body=x", Admin()), 422, "body"));
  EXPECT_TRUE(IsProblem(Get("/api/v1/memberships?person=0", Admin()), 422, "person"));
  EXPECT_TRUE(IsProblem(Get("/api/v1/memberships?cursor=%21", Admin()), 422, "cursor"));
  EXPECT_TRUE(IsProblem(Get("/api/v1/memberships?limit=0", Admin()), 422, "limit"));
}

TEST_F(MembershipsApiTest, DuesAreRecordedExactlyAndExtendPaidUntil) {
  const json m = Apply(AddPerson(), AddBody("local_secretariat", kCommuneMou));
  Command(m, "approve");
  const auto paid = Post(Path(m, "/dues"), SecretaryMou(),
                         json{{"amount_mad", 150.1},
                              {"period_from", "2026-01-01"},
                              {"period_to", "2026-12-31"},
                              {"paid_on", "2026-01-15"}});
  ASSERT_EQ(paid.status, 201) << paid;
  EXPECT_EQ(paid.Json()["amount_centimes"], 15010);
  EXPECT_EQ(paid.Json()["amount_mad"], "150.10");
  EXPECT_EQ(paid.Json()["paid_on"], "2026-01-15");
  const auto as_text = Post(
      Path(m, "/dues"), Admin(),
      json{{"amount_mad", "0.07"}, {"period_from", "2027-01-01"}, {"period_to", "2027-06-30"}});
  ASSERT_EQ(as_text.status, 201) << as_text;
  EXPECT_EQ(as_text.Json()["amount_centimes"], 7);
  EXPECT_EQ(as_text.Json()["paid_on"], Today());
  const auto whole =
      Post(Path(m, "/dues"), Admin(),
           json{{"amount_mad", 200}, {"period_from", "2025-01-01"}, {"period_to", "2025-12-31"}});
  ASSERT_EQ(whole.status, 201) << whole;
  EXPECT_EQ(whole.Json()["amount_centimes"], 20000);

  EXPECT_EQ(Get(Path(m), Admin()).Json()["dues_paid_until"], "2027-06-30");
  const auto listed = Get(Path(m, "/dues"), ViewerMou());
  ASSERT_EQ(listed.status, 200) << listed;
  ASSERT_EQ(listed.Json()["items"].size(), 3u);
  EXPECT_TRUE(listed.Json()["next_cursor"].is_null());
  EXPECT_EQ(Get(Path(m), Admin()).Json()["dues"].size(), 3u);
  // Paged like every list, by the period paid for.
  const auto first = Get(Path(m, "/dues?limit=2"), ViewerMou());
  ASSERT_EQ(first.status, 200) << first;
  ASSERT_EQ(first.Json()["items"].size(), 2u);
  EXPECT_EQ(first.Json()["items"][0]["period_to"], "2025-12-31");
  const auto last = Get(
      Path(m, "/dues?limit=2&cursor=" + first.Json()["next_cursor"].get<std::string>()), Admin());
  ASSERT_EQ(last.status, 200) << last;
  ASSERT_EQ(last.Json()["items"].size(), 1u);
  EXPECT_EQ(last.Json()["items"][0]["period_to"], "2027-06-30");
  EXPECT_TRUE(IsProblem(Get(Path(m, "/dues?limit=501"), Admin()), 422, "limit"));
}

TEST_F(MembershipsApiTest, DuesRefuseBadAmountsAndPeriods) {
  const json m = Apply(AddPerson(), AddBody("local_secretariat", kCommuneMou));
  Command(m, "approve");
  const auto with = [](json amount, std::string from = "2026-01-01",
                       std::string to = "2026-12-31") {
    return json{{"amount_mad", std::move(amount)}, {"period_from", from}, {"period_to", to}};
  };
  struct Case {
    std::string body;
    int status;
    const char* field;
  };
  const std::vector<Case> cases{
      {with(0).dump(), 422, "amount_mad"},
      {with(-10).dump(), 422, "amount_mad"},
      {with(1.234).dump(), 422, "amount_mad"},
      {with("12.345").dump(), 422, "amount_mad"},
      {with("1e3").dump(), 422, "amount_mad"},
      {with("10,5").dump(), 422, "amount_mad"},
      {with(1e300).dump(), 422, "amount_mad"},
      {with(true).dump(), 400, "amount_mad"},
      {with(json::array({1})).dump(), 400, "amount_mad"},
      {with(nullptr).dump(), 422, "amount_mad"},
      {R"({"period_from": "2026-01-01", "period_to": "2026-12-31"})", 422, "amount_mad"},
      {with(10, "2026-12-31", "2026-01-01").dump(), 422, "period_to"},
      {with(10, "2026-02-30").dump(), 422, "period_from"},
      {with(10, "2026-01-01", "").dump(), 422, "period_to"},
      {R"({"amount_mad": 10, "period_from": "2026-01-01", "period_to": "2026-12-31",)"
       R"( "paid_on": "2999-01-01"})",
       422, "paid_on"},
      {R"({"amount_mad": 10, "period_from": "2026-01-01", "period_to": "2026-12-31",)"
       R"( "currency": "EUR"})",
       400, "currency"},
  };
  const std::string before = Snapshot();
  for (const Case& c : cases) {
    EXPECT_TRUE(IsProblem(Post(Path(m, "/dues"), Admin(), c.body), c.status, c.field)) << c.body;
  }
  EXPECT_EQ(Snapshot(), before);
  Command(m, "expel", {{"reason", "r"}});
  const std::string closed = Snapshot();
  EXPECT_TRUE(IsProblem(Post(Path(m, "/dues"), Admin(), with(10)), 409, "status"));
  EXPECT_EQ(Snapshot(), closed);
}

TEST_F(MembershipsApiTest, SettingsAreReadByAllAndChangedByAdmins) {
  const auto read = Get("/api/v1/settings", ViewerMou());
  ASSERT_EQ(read.status, 200) << read;
  EXPECT_EQ(read.Json(), (json{{"dues_grace_days", 90}}));
  EXPECT_TRUE(
      IsProblem(Patch("/api/v1/settings", SecretaryMou(), json{{"dues_grace_days", 30}}), 403));
  EXPECT_TRUE(
      IsProblem(Patch("/api/v1/settings", ViewerMou(), json{{"dues_grace_days", 30}}), 403));
  EXPECT_TRUE(IsProblem(Patch("/api/v1/settings", Admin(), json{{"dues_grace_days", 3651}}), 422,
                        "dues_grace_days"));
  EXPECT_TRUE(IsProblem(Patch("/api/v1/settings", Admin(), json{{"dues_grace_days", -1}}), 422,
                        "dues_grace_days"));
  EXPECT_TRUE(IsProblem(Patch("/api/v1/settings", Admin(), json{{"dues_grace_days", "30"}}), 400,
                        "dues_grace_days"));
  EXPECT_TRUE(IsProblem(Patch("/api/v1/settings", Admin(), json{{"dues_grace_days", 30.5}}), 400,
                        "dues_grace_days"));
  EXPECT_TRUE(IsProblem(Patch("/api/v1/settings", Admin(), json{{"grace", 30}}), 400, "grace"));
  EXPECT_EQ(Get("/api/v1/settings", Admin()).Json()["dues_grace_days"], 90);
  const auto changed = Patch("/api/v1/settings", Admin(), json{{"dues_grace_days", 30}});
  ASSERT_EQ(changed.status, 200) << changed;
  EXPECT_EQ(changed.Json()["dues_grace_days"], 30);
  EXPECT_EQ(Get("/api/v1/settings", SecretaryMou()).Json()["dues_grace_days"], 30);
  EXPECT_TRUE(IsProblem(Get("/api/v1/settings"), 401));
}

TEST_F(MembershipsApiTest, ConcurrentApprovalsOverHttpGetDistinctNumbers) {
  const int64_t body = AddBody("local_secretariat", kCommuneMou);
  std::vector<json> applicants;
  for (int i = 0; i < 24; ++i) applicants.push_back(Apply(AddPerson(), body));
  const std::string token = Admin();
  std::vector<std::thread> threads;
  std::vector<HttpResponse> answers(applicants.size());
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      for (size_t i = t; i < applicants.size(); i += 6) {
        answers[i] = Post(Path(applicants[i], "/approve"), token, std::string("{}"));
      }
    });
  }
  for (auto& thread : threads) thread.join();
  std::set<std::string> numbers;
  for (const auto& r : answers) {
    ASSERT_EQ(r.status, 200) << r;
    numbers.insert(r.Json()["number"].get<std::string>());
  }
  EXPECT_EQ(numbers.size(), applicants.size());
}

// `tanzim memberships lapse` and `tanzim settings set`, run as the operator would.
TEST_F(MembershipsApiTest, CommandLineLapsesAndSetsTheGracePeriod) {
  ASSERT_FALSE(TanzimBinary().empty()) << "TANZIM_BINARY is not set; run through ctest";
  const auto applied = Post("/api/v1/memberships", Admin(),
                            json{{"person_id", AddPerson()},
                                 {"body_id", AddBody("local_secretariat", kCommuneMou)},
                                 {"joined_on", "2026-01-01"}});
  ASSERT_EQ(applied.status, 201) << applied;
  const json m = applied.Json();
  Command(m, "approve", {{"on", "2026-01-10"}});
  const std::string db = server_->db_path();
  const auto bad =
      RunTanzim(server_->dir(), {"settings", "set", "--db", db, "dues_grace_days", "4000"});
  EXPECT_EQ(bad.exit_code, 1) << bad.out << bad.err;
  const auto unknown = RunTanzim(server_->dir(), {"settings", "set", "--db", db, "colour", "3"});
  EXPECT_EQ(unknown.exit_code, 1) << unknown.out << unknown.err;
  const auto set =
      RunTanzim(server_->dir(), {"settings", "set", "--db", db, "dues_grace_days", "100"});
  ASSERT_EQ(set.exit_code, 0) << set.err;
  EXPECT_EQ(Get("/api/v1/settings", Admin()).Json()["dues_grace_days"], 100);
  // 2026-04-20 is exactly 100 days after approval: still within grace.
  const auto early =
      RunTanzim(server_->dir(), {"memberships", "lapse", "--db", db, "--today", "2026-04-20"});
  ASSERT_EQ(early.exit_code, 0) << early.err;
  EXPECT_NE(early.out.find("memberships: 0 lapsed"), std::string::npos) << early.out;
  const auto late =
      RunTanzim(server_->dir(), {"memberships", "lapse", "--db", db, "--today", "2026-04-21"});
  ASSERT_EQ(late.exit_code, 0) << late.err;
  EXPECT_NE(late.out.find("memberships: 1 lapsed"), std::string::npos) << late.out;
  const json lapsed = Get(Path(m), Admin()).Json();
  EXPECT_EQ(lapsed["status"], "lapsed");
  EXPECT_EQ(lapsed["events"].back()["reason"], "dues");
  const auto bad_day =
      RunTanzim(server_->dir(), {"memberships", "lapse", "--db", db, "--today", "2026-02-30"});
  EXPECT_EQ(bad_day.exit_code, 1);

  // The operator's commands are in the audit trail, with no account; refusals are not.
  const auto settings = ListAll("/api/v1/audit", Admin(), "object=setting");
  ASSERT_EQ(settings.size(), 1u);
  EXPECT_EQ(settings[0]["action"], "setting.update");
  EXPECT_EQ(settings[0]["actor_id"], nullptr);
  EXPECT_EQ(settings[0]["actor_login"], "tanzim");
  EXPECT_EQ(settings[0]["before"]["dues_grace_days"], 90);
  EXPECT_EQ(settings[0]["after"]["dues_grace_days"], 100);
  const auto trail = ListAll("/api/v1/audit", Admin(),
                             "object=membership/" + std::to_string(m["id"].get<int64_t>()));
  ASSERT_EQ(trail.size(), 3u);
  EXPECT_EQ(trail[2]["action"], "membership.lapse");
  EXPECT_EQ(trail[2]["actor_login"], "tanzim");
  EXPECT_EQ(trail[2]["before"]["status"], "active");
  EXPECT_EQ(trail[2]["after"]["status"], "lapsed");
}

TEST_F(MembershipsApiTest, SettingChangesOverHttpAreAudited) {
  ASSERT_TRUE(
      IsProblem(Patch("/api/v1/settings", SecretaryMou(), json{{"dues_grace_days", 30}}), 403));
  ASSERT_EQ(Patch("/api/v1/settings", Admin(), json{{"dues_grace_days", 30}}).status, 200);
  const auto trail = ListAll("/api/v1/audit", Admin(), "object=setting");
  ASSERT_EQ(trail.size(), 1u);
  EXPECT_EQ(trail[0]["action"], "setting.update");
  EXPECT_NE(trail[0]["actor_id"], nullptr);
  EXPECT_EQ(trail[0]["before"], (json{{"dues_grace_days", 90}}));
  EXPECT_EQ(trail[0]["after"], (json{{"dues_grace_days", 30}}));
  // docs/api.md names the settings as one object, setting/0: that filter works too.
  EXPECT_EQ(ListAll("/api/v1/audit", Admin(), "object=setting/0").size(), 1u);
  EXPECT_TRUE(IsProblem(Get("/api/v1/audit?object=setting/-1", Admin()), 422));
}

// `tanzim serve` checks for lapsed dues as it starts, and its daily timer
// does not hold up a SIGTERM.
TEST_F(MembershipsApiTest, ServeLapsesAtStartAndStopsOnSigterm) {
  ASSERT_FALSE(TanzimBinary().empty()) << "TANZIM_BINARY is not set; run through ctest";
  const auto applied = Post("/api/v1/memberships", Admin(),
                            json{{"person_id", AddPerson()},
                                 {"body_id", AddBody("local_secretariat", kCommuneMou)},
                                 {"joined_on", "2026-01-01"}});
  ASSERT_EQ(applied.status, 201) << applied;
  const json m = applied.Json();
  Command(m, "approve", {{"on", "2026-01-10"}});  // never paid: past 90 days of grace
  ServeProcess serve(server_->dir(), server_->db_path());
  ASSERT_TRUE(serve.WaitReady()) << serve.child().err();
  std::string status;
  for (int i = 0; i < 250 && status != "lapsed"; ++i) {
    status = QuerySqlite(server_->db_path(), "SELECT status FROM memberships WHERE id = " +
                                                 std::to_string(m.value("id", 0)));
    if (status != "lapsed") std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(status, "lapsed");
  serve.child().Signal(SIGTERM);
  const auto ended = serve.child().Wait(std::chrono::seconds(5));
  ASSERT_TRUE(ended.has_value()) << "still running 5 s after SIGTERM";
  ASSERT_TRUE(WIFEXITED(*ended));
  EXPECT_EQ(WEXITSTATUS(*ended), 0) << serve.child().err();
}

}  // namespace
}  // namespace tanzim::web::testing
