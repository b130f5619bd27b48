// Personal-data rights over HTTP: consent texts and ledger, export (JSON and
// the readable page) and erasure. The rules themselves are tested in
// src/privacy/privacy_service_test.cc.
#include "web/testing/subprocess.h"
#include "web/testing/test_server.h"

namespace tanzim::web::testing {
namespace {

using nlohmann::json;

class PrivacyApiTest : public ApiTest {
 protected:
  void Sql(const std::string& sql) { QuerySqlite(server_->db_path(), sql); }

  const std::string& SecretaryRab() { return server_->Token(auth::Role::kSecretary, "MA-RAB"); }

  int64_t Publish(const std::string& purpose = "membership_data") {
    const auto r = Post("/api/v1/consent-texts", Admin(),
                        json{{"purpose", purpose},
                             {"text_ar", "أوافق على معالجة معطياتي الشخصية"},
                             {"text_fr", "J'accepte le traitement de mes données"},
                             {"text_en", "I agree to the processing of my data"}});
    EXPECT_EQ(r.status, 201) << r;
    return r.Json().value("id", int64_t{0});
  }

  // A person of Aïn Chkef with a lapsed membership of a local secretariat.
  int64_t MemberWithHistory(const std::string& cin) {
    const int64_t id = CreatePerson(Admin(), PersonJson(cin))["id"];
    Sql("INSERT OR IGNORE INTO bodies (id, kind, territory_code, name_ar, name_fr, status,"
        " created_at, updated_at) VALUES (1, 'local_secretariat', 'MA-MOU-AIN', 'أ', 'L',"
        " 'active', 'x', 'x')");
    Sql("INSERT INTO memberships (person_id, body_id, status, number, joined_on, approved_on,"
        " left_on, territory_code, gender, birth_date, created_at, updated_at)"
        " SELECT id, 1, 'lapsed', 'N-' || id, '2024-01-01', '2024-02-01', '2025-03-15',"
        " 'MA-MOU-AIN', gender, birth_date, 'x', 'x' FROM people WHERE id = " +
        std::to_string(id));
    return id;
  }

  static std::string PersonPath(int64_t id, const std::string& rest = {}) {
    return "/api/v1/people/" + std::to_string(id) + rest;
  }
};

TEST_F(PrivacyApiTest, ConsentTextsArePublishedByAdminsOnly) {
  const int64_t first = Publish();
  EXPECT_GT(first, 0);
  const auto again = Post("/api/v1/consent-texts", Admin(),
                          json{{"purpose", "membership_data"},
                               {"text_ar", "نص جديد"},
                               {"text_fr", "Nouveau texte"},
                               {"text_en", "New text"}});
  ASSERT_EQ(again.status, 201) << again;
  EXPECT_EQ(again.Json()["version"], 2);

  EXPECT_TRUE(IsProblem(Post("/api/v1/consent-texts", SecretaryMou(),
                             json{{"purpose", "contact"},
                                  {"text_ar", "نص"},
                                  {"text_fr", "texte"},
                                  {"text_en", "text"}}),
                        403));
  EXPECT_TRUE(IsProblem(Post("/api/v1/consent-texts", Admin(), json{{"purpose", "Bad Purpose"}}),
                        422, "purpose"));
  EXPECT_TRUE(
      IsProblem(Post("/api/v1/consent-texts", Admin(), json{{"purpose", "x"}, {"color", "red"}}),
                400, "color"));
  const auto list = Get("/api/v1/consent-texts", ViewerMou());
  ASSERT_EQ(list.status, 200) << list;
  EXPECT_EQ(list.Json()["items"].size(), 2u);
  EXPECT_TRUE(list.Json()["next_cursor"].is_null());
  // Paged like every list, by purpose and version.
  const auto page1 = Get("/api/v1/consent-texts?limit=1", ViewerMou());
  ASSERT_EQ(page1.status, 200) << page1;
  ASSERT_EQ(page1.Json()["items"].size(), 1u);
  EXPECT_EQ(page1.Json()["items"][0]["version"], 1);
  const auto page2 =
      Get("/api/v1/consent-texts?limit=1&cursor=" + page1.Json()["next_cursor"].get<std::string>(),
          ViewerMou());
  ASSERT_EQ(page2.status, 200) << page2;
  ASSERT_EQ(page2.Json()["items"].size(), 1u);
  EXPECT_EQ(page2.Json()["items"][0]["version"], 2);
  EXPECT_TRUE(page2.Json()["next_cursor"].is_null());
  EXPECT_TRUE(IsProblem(Get("/api/v1/consent-texts?limit=0", ViewerMou()), 422, "limit"));
  EXPECT_EQ(Get("/api/v1/consent-texts").status, 401);
}

TEST_F(PrivacyApiTest, ConsentIsWithdrawnAsEasilyAsGivenAndOnlyOnce) {
  const int64_t text = Publish();
  const int64_t person = CreatePerson(Admin(), PersonJson("AB300001"))["id"];
  const auto given = Post(PersonPath(person, "/consents"), SecretaryMou(),
                          json{{"text_id", text}, {"channel", "paper"}});
  ASSERT_EQ(given.status, 201) << given;
  const int64_t consent = given.Json()["id"];
  EXPECT_EQ(given.Json()["purpose"], "membership_data");
  EXPECT_TRUE(given.Json()["withdrawn_at"].is_null());

  EXPECT_TRUE(IsProblem(Post(PersonPath(person, "/consents"), SecretaryMou(),
                             json{{"text_id", text}, {"channel", "web"}}),
                        409, "text_id"));
  EXPECT_TRUE(IsProblem(Post(PersonPath(person, "/consents"), SecretaryMou(),
                             json{{"text_id", text}, {"channel", "pigeon"}}),
                        422, "channel"));
  EXPECT_TRUE(IsProblem(Post(PersonPath(person, "/consents"), SecretaryMou(),
                             json{{"text_id", "one"}, {"channel", "web"}}),
                        400, "text_id"));
  EXPECT_TRUE(IsProblem(Post(PersonPath(person, "/consents"), SecretaryRab(),
                             json{{"text_id", text}, {"channel", "web"}}),
                        404));

  const std::string withdraw =
      PersonPath(person, "/consents/" + std::to_string(consent) + "/withdraw");
  // No body at all: withdrawing needs nothing more than the click.
  const auto withdrawn = server_->Call("POST", withdraw, SecretaryMou());
  ASSERT_EQ(withdrawn.status, 200) << withdrawn;
  EXPECT_FALSE(withdrawn.Json()["withdrawn_at"].is_null());
  EXPECT_TRUE(
      IsProblem(Post(withdraw, SecretaryMou(), json{{"channel", "phone"}}), 409, "consent_id"));
  EXPECT_TRUE(IsProblem(
      Post(PersonPath(person, "/consents/999/withdraw"), SecretaryMou(), std::string("{}")), 404));

  const auto ledger = Get(PersonPath(person, "/consents"), ViewerMou());
  ASSERT_EQ(ledger.status, 200) << ledger;
  ASSERT_EQ(ledger.Json()["items"].size(), 1u);
  EXPECT_EQ(ledger.Json()["items"][0]["channel"], "paper");
  EXPECT_TRUE(ledger.Json()["next_cursor"].is_null());
  EXPECT_TRUE(
      IsProblem(Get(PersonPath(person, "/consents?cursor=%21"), ViewerMou()), 422, "cursor"));
  EXPECT_TRUE(IsProblem(Get(PersonPath(person, "/consents"), SecretaryRab()), 404));
}

TEST_F(PrivacyApiTest, ExportAsJsonAndAsAnEscapedRightToLeftPage) {
  const int64_t text = Publish();
  const int64_t person = MemberWithHistory("AB300002");
  ASSERT_EQ(
      Post(PersonPath(person, "/consents"), Admin(), json{{"text_id", text}, {"channel", "web"}})
          .status,
      201);
  // A hostile name, written past the API's own checks.
  Sql("UPDATE people SET name_latin = '<script>alert(1)</script>\"&''' WHERE id = " +
      std::to_string(person));

  const auto exported = Get(PersonPath(person, "/export"), SecretaryMou());
  ASSERT_EQ(exported.status, 200) << exported;
  const json doc = exported.Json();
  EXPECT_EQ(doc["person"]["cin"], "AB300002");
  EXPECT_EQ(doc["memberships"].size(), 1u);
  EXPECT_EQ(doc["consents"].size(), 1u);
  EXPECT_TRUE(doc["audit"].is_array());

  const auto page = Get(PersonPath(person, "/export?format=html"), SecretaryMou());
  ASSERT_EQ(page.status, 200) << page;
  EXPECT_TRUE(page.Header("content-type").starts_with("text/html")) << page.Header("content-type");
  EXPECT_EQ(page.body.find("<script"), std::string::npos);
  EXPECT_NE(page.body.find("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&amp;&#39;"),
            std::string::npos);
  EXPECT_NE(page.body.find("<html lang=\"ar\" dir=\"rtl\">"), std::string::npos);
  EXPECT_NE(page.body.find("المعطيات الشخصية"), std::string::npos);
  EXPECT_EQ(page.body.find("src="), std::string::npos);
  EXPECT_EQ(page.body.find("href="), std::string::npos);
  const std::string csp = page.Header("content-security-policy");
  EXPECT_NE(csp.find("default-src 'none'"), std::string::npos) << csp;
  EXPECT_NE(csp.find("base-uri 'none'"), std::string::npos) << csp;
  EXPECT_EQ(csp.find("script"), std::string::npos) << csp;

  const auto french =
      Get(PersonPath(person, "/export?format=html"), Admin(), {{"Accept-Language", "fr"}});
  ASSERT_EQ(french.status, 200);
  EXPECT_NE(french.body.find("<html lang=\"fr\" dir=\"ltr\">"), std::string::npos);
  EXPECT_NE(french.body.find("Adhésions"), std::string::npos);

  EXPECT_TRUE(IsProblem(Get(PersonPath(person, "/export?format=pdf"), Admin()), 422, "format"));
  EXPECT_TRUE(IsProblem(Get(PersonPath(person, "/export"), SecretaryRab()), 404));
  EXPECT_TRUE(IsProblem(Get(PersonPath(424242, "/export"), Admin()), 404));
  // Every export is in the audit trail.
  EXPECT_EQ(QuerySqlite(server_->db_path(),
                        "SELECT count(*) FROM audit_log WHERE action = 'person.export'"
                        " AND object_id = " +
                            std::to_string(person)),
            "3");
}

TEST_F(PrivacyApiTest, EraseAnonymizesKeepsFiguresAndIsFinal) {
  const int64_t person = MemberWithHistory("AB300003");
  const int64_t other = MemberWithHistory("AB300004");
  const std::string stats = "/api/v1/stats/members?territory=MA-MOU&from=2024-01-01&to=2025-12-31";
  const auto before = Get(stats, Admin());
  ASSERT_EQ(before.status, 200) << before;

  EXPECT_TRUE(IsProblem(Post(PersonPath(424242, "/erase"), Admin(), std::string()), 404));
  EXPECT_TRUE(IsProblem(Post(PersonPath(person, "/erase"), SecretaryRab(), std::string()), 404));
  EXPECT_TRUE(IsProblem(Post(PersonPath(person, "/erase"), SecretaryMou(), std::string()), 403));
  EXPECT_TRUE(IsProblem(Post(PersonPath(0, "/erase"), Admin(), std::string()), 404));

  const auto erased = Post(PersonPath(person, "/erase"), Admin(), std::string());
  ASSERT_EQ(erased.status, 204) << erased;
  EXPECT_TRUE(IsProblem(Post(PersonPath(person, "/erase"), Admin(), std::string()), 409, "id"));

  const auto stored = Get(PersonPath(person), Admin());
  ASSERT_EQ(stored.status, 200) << stored;
  EXPECT_TRUE(stored.Json()["cin"].is_null());
  EXPECT_TRUE(stored.Json()["email"].is_null());
  EXPECT_TRUE(stored.Json()["phone"].is_null());
  EXPECT_TRUE(stored.Json()["birth_date"].is_null());
  EXPECT_EQ(stored.Json()["name_latin"], "erased");
  EXPECT_EQ(Get(PersonPath(other), Admin()).Json()["cin"], "AB300004");

  const auto after = Get(stats, Admin());
  ASSERT_EQ(after.status, 200) << after;
  EXPECT_EQ(after.Json(), before.Json());

  // An erased person refuses changes.
  const auto patched = Patch(PersonPath(person), Admin(), json{{"cin", "AB300003"}});
  EXPECT_TRUE(IsProblem(patched, 409, "id")) << patched;
  EXPECT_EQ(
      QuerySqlite(server_->db_path(), "SELECT count(*) FROM people WHERE cin IS NULL AND id = " +
                                          std::to_string(person)),
      "1");

  auto verified = server_->app().audit().Verify();
  ASSERT_TRUE(verified.ok());
  EXPECT_FALSE(verified->broken_at) << verified->problem;
  EXPECT_EQ(
      QuerySqlite(server_->db_path(),
                  "SELECT count(*) FROM audit_log l JOIN audit_payloads p"
                  " ON p.id = l.payload_id WHERE l.object_type = 'person' AND l.object_id = " +
                      std::to_string(person) + " AND p.erased_at IS NULL"),
      "1");  // the person.erase entry itself, which never had a payload
}

TEST_F(PrivacyApiTest, RetentionRunsFromTheCommandLine) {
  ASSERT_FALSE(TanzimBinary().empty()) << "TANZIM_BINARY is not set; run through ctest";
  const int64_t gone = MemberWithHistory("AB300005");  // left on 2025-03-15
  const int64_t contact = CreatePerson(Admin(), PersonJson("AB300006"))["id"];
  const std::string db = server_->db_path();
  const auto dir_run = [&](const std::vector<std::string>& args) {
    return RunTanzim(server_->dir(), args);
  };
  auto set = dir_run({"settings", "set", "--db", db, "retention.former_member_years", "1"});
  ASSERT_EQ(set.exit_code, 0) << set.err;
  EXPECT_NE(set.out.find("retention.former_member_years: 1"), std::string::npos) << set.out;
  EXPECT_EQ(
      dir_run({"settings", "set", "--db", db, "retention.former_member_years", "101"}).exit_code,
      1);
  EXPECT_EQ(dir_run({"retention", "run", "--db", db, "--today", "someday"}).exit_code, 1);

  const auto early = dir_run({"retention", "run", "--db", db, "--today", "2026-03-01"});
  ASSERT_EQ(early.exit_code, 0) << early.err;
  EXPECT_NE(early.out.find("retention: 0 former member(s)"), std::string::npos) << early.out;
  const auto run = dir_run({"retention", "run", "--db", db, "--today", "2026-06-01"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("retention: 1 former member(s) anonymized after 1 years"),
            std::string::npos)
      << run.out;
  EXPECT_TRUE(Get(PersonPath(gone), Admin()).Json()["cin"].is_null());
  EXPECT_EQ(Get(PersonPath(contact), Admin()).Json()["cin"], "AB300006");
}

}  // namespace
}  // namespace tanzim::web::testing
