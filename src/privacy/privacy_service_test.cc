// The privacy use cases on a real SQLite store: the consent ledger, export,
// erasure (what it blanks, what it keeps, that it is atomic) and retention.
#include "privacy/privacy_service.h"

#include <gtest/gtest.h>

#include "audit/sqlite_audit_log.h"
#include "privacy/sqlite_privacy_store.h"
#include "store/testing/temp_store.h"

namespace tanzim::privacy {
namespace {

using auth::Actor;
using auth::Role;

territory::Territory Place(std::string code, territory::Kind kind, std::string path) {
  territory::Territory t;
  t.code = std::move(code);
  t.kind = kind;
  t.path = std::move(path);
  return t;
}

Actor MakeActor(int64_t id, std::string login, Role role,
                std::optional<territory::Territory> scope = std::nullopt) {
  Actor actor;
  actor.user_id = id;
  actor.login = std::move(login);
  actor.role = role;
  actor.scope = std::move(scope);
  return actor;
}

const Actor kAdmin = MakeActor(1, "admin", Role::kAdmin);
const Actor kSecretaryMou = MakeActor(
    2, "sec.mou", Role::kSecretary, Place("MA-MOU", territory::Kind::kProvince, "/MA-03/MA-MOU/"));
const Actor kSecretaryRab =
    MakeActor(3, "sec.rab", Role::kSecretary,
              Place("MA-RAB", territory::Kind::kPrefecture, "/MA-04/MA-RAB/"));
const Actor kViewerMou = MakeActor(4, "viewer.mou", Role::kViewer,
                                   Place("MA-MOU", territory::Kind::kProvince, "/MA-03/MA-MOU/"));

::testing::AssertionResult Fails(const Status& status, ErrorCode code, std::string field = {}) {
  if (status.ok()) return ::testing::AssertionFailure() << "succeeded";
  if (status.error().code() != code) {
    return ::testing::AssertionFailure()
           << "code " << static_cast<int>(status.error().code()) << " "
           << status.error().message_key() << " " << status.error().log_detail();
  }
  if (field.empty()) return ::testing::AssertionSuccess();
  for (const auto& f : status.error().fields()) {
    if (f.field == field) return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "no error names " << field;
}

template <typename T>
::testing::AssertionResult Fails(const Result<T>& result, ErrorCode code, std::string field = {}) {
  if (result.ok()) return ::testing::AssertionFailure() << "succeeded";
  return Fails(Status(result.error()), code, std::move(field));
}

class PrivacyServiceTest : public ::testing::Test {
 protected:
  PrivacyServiceTest()
      : store_("privacy"), privacy_store_(store_.pool()), service_(privacy_store_, [] {
          return std::chrono::year_month_day(std::chrono::year(2026), std::chrono::month(11),
                                             std::chrono::day(29));
        }) {
    Sql("INSERT INTO territories (code, kind, name_ar, name_fr, parent_code, path) VALUES"
        " ('MA-03', 'region', 'فاس مكناس', 'Fès-Meknès', NULL, '/MA-03/'),"
        " ('MA-MOU', 'province', 'مولاي يعقوب', 'Moulay Yacoub', 'MA-03', '/MA-03/MA-MOU/'),"
        " ('MA-MOU-AIN', 'commune', 'عين الشقف', 'Aïn Chkef', 'MA-MOU', "
        "'/MA-03/MA-MOU/MA-MOU-AIN/'),"
        " ('MA-04', 'region', 'الرباط', 'Rabat', NULL, '/MA-04/'),"
        " ('MA-RAB', 'prefecture', 'الرباط', 'Rabat', 'MA-04', '/MA-04/MA-RAB/')");
    Sql("INSERT INTO bodies (id, kind, territory_code, name_ar, name_fr, status, created_at,"
        " updated_at) VALUES (1, 'local_secretariat', 'MA-MOU-AIN', 'الأمانة', 'Secrétariat',"
        " 'active', 'x', 'x')");
  }

  void Sql(const std::string& sql) {
    auto conn = store_.pool().Acquire();
    ASSERT_TRUE(conn.ok());
    auto done = (*conn)->Exec(sql);
    ASSERT_TRUE(done.ok()) << sql << ": " << done.error().log_detail();
  }

  std::string Query(const std::string& sql) { return store_.QueryText(sql); }

  // A person living in `commune` (or a province), with every identifying field set.
  int64_t AddPerson(const std::string& cin, const std::string& territory = "MA-MOU-AIN") {
    const std::string province = territory == "MA-RAB" ? "MA-RAB" : "MA-MOU";
    const std::string region = territory == "MA-RAB" ? "MA-04" : "MA-03";
    Sql("INSERT INTO people (name_ar, name_latin, gender, birth_date, cin, phone, email,"
        " territory_code, province_code, region_code, sort_key, search_text, created_at,"
        " updated_at) VALUES ('فاطمة بناني', 'Fatima Bennani', 'f', '1990-05-17', '" +
        cin + "', '+212612345678', 'fatima@example.ma', '" + territory + "', '" + province +
        "', '" + region + "', X'01', 'fatima bennani', 'x', 'x')");
    return std::stoll(Query("SELECT max(id) FROM people"));
  }

  // A membership of body 1, approved on `approved`, with status and left_on.
  int64_t AddMembership(int64_t person, const std::string& status, const std::string& approved,
                        const std::string& left) {
    Sql("INSERT INTO memberships (person_id, body_id, status, number, joined_on, approved_on,"
        " left_on, territory_code, gender, birth_date, created_at, updated_at)"
        " SELECT id, 1, '" +
        status + "', 'N-' || id || '-" + approved + "', '" + approved + "', '" + approved + "', " +
        left + ", 'MA-MOU-AIN', gender, birth_date, 'x', 'x' FROM people WHERE id = " +
        std::to_string(person));
    const std::string id = Query("SELECT max(id) FROM memberships");
    Sql("INSERT INTO membership_events (membership_id, action, on_date, reason, at) VALUES (" + id +
        ", 'apply', '" + approved + "', 'recommended by Fatima''s cousin', 'x')");
    Sql("INSERT INTO dues_payments (membership_id, amount_centimes, period_from, period_to,"
        " paid_on, created_at) VALUES (" +
        id + ", 10000, '" + approved + "', '" + approved + "', '" + approved + "', 'x')");
    return std::stoll(id);
  }

  // An audit entry about person `id` whose payload holds their name.
  void AuditPerson(int64_t id) {
    auto conn = store_.pool().Acquire();
    ASSERT_TRUE(conn.ok());
    audit::Entry entry = audit::Change(kAdmin, audit::ObjectType::kPerson, id, "create");
    entry.after = R"({"name_latin":"Fatima Bennani","cin":"AB123"})";
    ASSERT_TRUE(audit::Append(**conn, entry).ok());
  }

  int64_t PublishText(const std::string& purpose = "membership_data") {
    ConsentTextDraft draft;
    draft.purpose = std::optional<std::string>(purpose);
    draft.text_ar = std::optional<std::string>("أوافق على معالجة معطياتي");
    draft.text_fr = std::optional<std::string>("J'accepte le traitement de mes données");
    draft.text_en = std::optional<std::string>("I agree to the processing of my data");
    auto text = service_.PublishConsentText(kAdmin, draft);
    EXPECT_TRUE(text.ok());
    return text.ok() ? text->id : 0;
  }

  ConsentDraft Draft(int64_t text_id, std::string channel) {
    ConsentDraft d;
    d.text_id = std::optional<int64_t>(text_id);
    d.channel = std::optional<std::string>(std::move(channel));
    return d;
  }

  std::string Stats() {
    return Query(
        "SELECT group_concat(territory_code || ':' || month || ':' || approvals || ':' || lapsed ||"
        " ':' || active_delta || ':' || women_delta || ':' || youth_delta, ' ') FROM"
        " (SELECT * FROM member_stats_monthly ORDER BY territory_code, month)");
  }

  Result<audit::VerifyReport> Verify() {
    audit::SqliteAuditLog log(store_.pool());
    return log.Verify();
  }

  store::testing::TempStore store_;
  SqlitePrivacyStore privacy_store_;
  PrivacyService service_;
};

TEST_F(PrivacyServiceTest, ConsentTextsAreVersionedPerPurposeAndPublishedNationally) {
  const int64_t first = PublishText();
  const int64_t second = PublishText();
  PublishText("contact");
  auto texts = service_.ListConsentTexts(kViewerMou);
  ASSERT_TRUE(texts.ok());
  ASSERT_EQ(texts->size(), 3u);
  EXPECT_EQ((*texts)[0].purpose, "contact");
  EXPECT_EQ((*texts)[1].id, first);
  EXPECT_EQ((*texts)[1].version, 1);
  EXPECT_EQ((*texts)[2].id, second);
  EXPECT_EQ((*texts)[2].version, 2);

  ConsentTextDraft draft;
  draft.purpose = std::optional<std::string>("contact");
  draft.text_ar = draft.text_fr = draft.text_en = std::optional<std::string>("نص");
  EXPECT_TRUE(
      Fails(service_.PublishConsentText(kSecretaryMou, draft), ErrorCode::kPermissionDenied));
  EXPECT_TRUE(Fails(service_.PublishConsentText(kViewerMou, draft), ErrorCode::kPermissionDenied));

  ConsentTextDraft bad;
  bad.purpose = std::optional<std::string>("Contact Me");
  bad.text_ar = std::optional<std::string>("a\x01z");
  bad.text_fr = std::optional<std::string>("   ");
  auto refused = service_.PublishConsentText(kAdmin, bad);
  EXPECT_TRUE(Fails(refused, ErrorCode::kInvalidArgument, "purpose"));
  EXPECT_TRUE(Fails(refused, ErrorCode::kInvalidArgument, "text_ar"));
  EXPECT_TRUE(Fails(refused, ErrorCode::kInvalidArgument, "text_fr"));
  EXPECT_TRUE(Fails(refused, ErrorCode::kInvalidArgument, "text_en"));
  EXPECT_EQ(Query("SELECT count(*) FROM consent_texts"), "3");
}

TEST_F(PrivacyServiceTest, ConsentLedgerGivesAndWithdrawsOnce) {
  const int64_t text = PublishText();
  const int64_t person = AddPerson("AB1");
  auto given = service_.GiveConsent(kSecretaryMou, person, Draft(text, "paper"));
  ASSERT_TRUE(given.ok()) << given.error().message_key();
  EXPECT_EQ(given->channel, "paper");
  EXPECT_EQ(given->version, 1);
  EXPECT_EQ(given->given_by, 2);
  EXPECT_FALSE(given->withdrawn_at);

  EXPECT_TRUE(Fails(service_.GiveConsent(kSecretaryMou, person, Draft(text, "web")),
                    ErrorCode::kConflict, "text_id"));
  EXPECT_TRUE(Fails(service_.GiveConsent(kSecretaryMou, person, Draft(text, "fax")),
                    ErrorCode::kInvalidArgument, "channel"));
  EXPECT_TRUE(Fails(service_.GiveConsent(kSecretaryMou, person, Draft(999, "web")),
                    ErrorCode::kInvalidArgument, "text_id"));
  EXPECT_TRUE(
      Fails(service_.GiveConsent(kSecretaryRab, person, Draft(text, "web")), ErrorCode::kNotFound));
  EXPECT_TRUE(Fails(service_.GiveConsent(kViewerMou, person, Draft(text, "web")),
                    ErrorCode::kPermissionDenied));

  auto withdrawn = service_.WithdrawConsent(kSecretaryMou, person, given->id, std::string("phone"));
  ASSERT_TRUE(withdrawn.ok());
  EXPECT_TRUE(withdrawn->withdrawn_at);
  EXPECT_EQ(withdrawn->withdrawal_channel, "phone");
  EXPECT_TRUE(Fails(service_.WithdrawConsent(kSecretaryMou, person, given->id, std::nullopt),
                    ErrorCode::kConflict, "consent_id"));
  const int64_t other = AddPerson("AB2");
  EXPECT_TRUE(Fails(service_.WithdrawConsent(kSecretaryMou, other, given->id, std::nullopt),
                    ErrorCode::kNotFound));

  // Once withdrawn, the same text can be consented to again: a new ledger line.
  ASSERT_TRUE(service_.GiveConsent(kSecretaryMou, person, Draft(text, "web")).ok());
  auto ledger = service_.ListConsents(kViewerMou, person);
  ASSERT_TRUE(ledger.ok());
  ASSERT_EQ(ledger->size(), 2u);
  EXPECT_TRUE((*ledger)[0].withdrawn_at);
  EXPECT_FALSE((*ledger)[1].withdrawn_at);
  EXPECT_TRUE(Fails(service_.ListConsents(kSecretaryRab, person), ErrorCode::kNotFound));
  EXPECT_EQ(Query("SELECT group_concat(action, ',') FROM audit_log WHERE object_type = 'consent'"),
            "consent.create,consent.withdraw,consent.create");
}

TEST_F(PrivacyServiceTest, ExportHoldsEverythingAboutThePersonAndIsLogged) {
  const int64_t text = PublishText();
  const int64_t person = AddPerson("AB1");
  const int64_t membership = AddMembership(person, "active", "2025-01-10", "NULL");
  Sql("INSERT INTO positions (body_id, person_id, role, from_date, created_at, updated_at)"
      " VALUES (1, " +
      std::to_string(person) + ", 'secretary', '2025-02-01', 'x', 'x')");
  Sql("INSERT INTO mandates (person_id, institution, territory_code, role, from_date, created_at,"
      " updated_at) VALUES (" +
      std::to_string(person) +
      ", 'communal_council', 'MA-MOU-AIN', 'member', '2021-09-08', 'x', 'x')");
  ASSERT_TRUE(service_.GiveConsent(kAdmin, person, Draft(text, "in_person")).ok());
  AuditPerson(person);
  const int64_t stranger = AddPerson("ZZ9");
  AuditPerson(stranger);

  auto doc = service_.Export(kSecretaryMou, person);
  ASSERT_TRUE(doc.ok()) << doc.error().message_key();
  EXPECT_EQ((*doc)["person"]["cin"], "AB1");
  EXPECT_EQ((*doc)["person"]["email"], "fatima@example.ma");
  ASSERT_EQ((*doc)["memberships"].size(), 1u);
  EXPECT_EQ((*doc)["memberships"][0]["id"], membership);
  EXPECT_EQ((*doc)["memberships"][0]["events"].size(), 1u);
  EXPECT_EQ((*doc)["memberships"][0]["dues"][0]["amount_centimes"], 10000);
  EXPECT_EQ((*doc)["positions"][0]["role"], "secretary");
  EXPECT_EQ((*doc)["mandates"][0]["institution"], "communal_council");
  EXPECT_EQ((*doc)["consents"][0]["channel"], "in_person");
  // The audit part lists this person's entries only, without who acted.
  for (const auto& e : (*doc)["audit"]) {
    EXPECT_FALSE(e.contains("actor_login"));
    EXPECT_FALSE(e["object_type"] == "person" && e["object_id"] == stranger) << e.dump();
  }
  EXPECT_EQ((*doc)["audit"].size(), 2u);  // consent.create, person.create
  EXPECT_EQ(Query("SELECT action || ' ' || object_id || ' ' || actor_login FROM audit_log"
                  " ORDER BY id DESC LIMIT 1"),
            "person.export " + std::to_string(person) + " sec.mou");

  EXPECT_TRUE(Fails(service_.Export(kSecretaryRab, person), ErrorCode::kNotFound));
  EXPECT_TRUE(Fails(service_.Export(kAdmin, 424242), ErrorCode::kNotFound));
}

// A person created by an import has no entry of their own: the export lists the
// import's, which names no one and which an erasure therefore leaves intact.
TEST_F(PrivacyServiceTest, ExportListsTheImportThatCreatedThePerson) {
  const int64_t before = AddPerson("AB1");
  const int64_t first = AddPerson("AB2");
  const int64_t last = AddPerson("AB3");
  const int64_t after = AddPerson("AB4");
  const std::string payload = "{\"count\":2,\"first_id\":" + std::to_string(first) +
                              ",\"last_id\":" + std::to_string(last) + "}";
  {
    auto conn = store_.pool().Acquire();
    ASSERT_TRUE(conn.ok());
    audit::Entry entry = audit::Change(kAdmin, audit::ObjectType::kPeople, first, "import");
    entry.after = payload;
    ASSERT_TRUE(audit::Append(**conn, entry).ok());
  }
  const auto imports = [&](int64_t person) {
    auto doc = service_.Export(kAdmin, person);
    EXPECT_TRUE(doc.ok());
    int found = 0;
    for (const auto& e : (*doc)["audit"]) found += e["action"] == "people.import" ? 1 : 0;
    return found;
  };
  EXPECT_EQ(imports(first), 1);
  EXPECT_EQ(imports(last), 1);
  EXPECT_EQ(imports(before), 0);
  EXPECT_EQ(imports(after), 0);

  ASSERT_TRUE(service_.Erase(kAdmin, last).ok());
  EXPECT_EQ(Query("SELECT p.after FROM audit_log l JOIN audit_payloads p ON p.id = l.payload_id"
                  " WHERE l.action = 'people.import'"),
            payload);
}

TEST_F(PrivacyServiceTest, EraseBlanksIdentityKeepsCountsAndTheChain) {
  const int64_t text = PublishText();
  const int64_t person = AddPerson("AB1");
  const int64_t membership = AddMembership(person, "lapsed", "2024-03-10", "'2025-06-30'");
  ASSERT_TRUE(service_.GiveConsent(kAdmin, person, Draft(text, "web")).ok());
  AuditPerson(person);
  const int64_t other = AddPerson("CD2");
  AddMembership(other, "active", "2025-01-10", "NULL");
  AuditPerson(other);
  const std::string stats = Stats();
  ASSERT_FALSE(stats.empty());

  EXPECT_TRUE(Fails(service_.Erase(kAdmin, 424242), ErrorCode::kNotFound));
  EXPECT_TRUE(Fails(service_.Erase(kSecretaryRab, person), ErrorCode::kNotFound));
  // Irreversible, so national: a secretary in scope may not.
  EXPECT_TRUE(Fails(service_.Erase(kSecretaryMou, person), ErrorCode::kPermissionDenied));
  EXPECT_TRUE(Fails(service_.Erase(kViewerMou, person), ErrorCode::kPermissionDenied));
  EXPECT_EQ(Query("SELECT cin FROM people WHERE id = " + std::to_string(person)), "AB1");

  ASSERT_TRUE(service_.Erase(kAdmin, person).ok());
  const std::string id = std::to_string(person);
  EXPECT_EQ(Query("SELECT coalesce(cin, '') || coalesce(phone, '') || coalesce(email, '') ||"
                  " coalesce(birth_date, '') || coalesce(gender, '') || search_text"
                  " FROM people WHERE id = " +
                  id),
            "");
  EXPECT_EQ(Query("SELECT name_latin FROM people WHERE id = " + id), "erased");
  EXPECT_FALSE(Query("SELECT erased_at FROM people WHERE id = " + id).empty());
  // The membership stays with its status, dates and territory; no number, no reasons.
  EXPECT_EQ(Query("SELECT status || ' ' || approved_on || ' ' || left_on || ' ' || territory_code"
                  " || ' ' || coalesce(number, '-') || ' ' || birth_date FROM memberships"
                  " WHERE id = " +
                  std::to_string(membership)),
            "lapsed 2024-03-10 2025-06-30 MA-MOU-AIN - 1990-05-01");
  EXPECT_EQ(Query("SELECT count(*) FROM membership_events WHERE reason IS NOT NULL AND"
                  " membership_id = " +
                  std::to_string(membership)),
            "0");
  EXPECT_EQ(Query("SELECT count(*) FROM dues_payments WHERE membership_id = " +
                  std::to_string(membership)),
            "1");
  EXPECT_EQ(Stats(), stats);

  // Earlier payloads about the person are blanked; the other person's are not.
  EXPECT_EQ(Query("SELECT count(*) FROM audit_log l JOIN audit_payloads p ON p.id = l.payload_id"
                  " WHERE p.erased_at IS NULL AND l.action <> 'person.erase'"
                  " AND (l.object_type, l.object_id) IN"
                  " (VALUES ('person', " +
                  id + "), ('consent', 1))"),
            "0");
  EXPECT_EQ(Query("SELECT p.after FROM audit_log l JOIN audit_payloads p ON p.id = l.payload_id"
                  " WHERE l.object_type = 'person' AND l.object_id = " +
                  std::to_string(other)),
            R"({"name_latin":"Fatima Bennani","cin":"AB123"})");
  // The erasure's own entry carries no data.
  EXPECT_EQ(Query("SELECT l.action || ' ' || l.actor_login || ' ' || coalesce(p.before, '-') ||"
                  " coalesce(p.after, '-') FROM audit_log l JOIN audit_payloads p"
                  " ON p.id = l.payload_id ORDER BY l.id DESC LIMIT 1"),
            "person.erase admin --");
  auto verified = Verify();
  ASSERT_TRUE(verified.ok());
  EXPECT_FALSE(verified->broken_at) << verified->problem;

  // Final: a second erasure, an update or a new membership are refused.
  EXPECT_TRUE(Fails(service_.Erase(kAdmin, person), ErrorCode::kConflict, "id"));
  EXPECT_TRUE(Fails(service_.GiveConsent(kAdmin, person, Draft(PublishText("contact"), "web")),
                    ErrorCode::kConflict, "id"));
  {
    auto conn = store_.pool().Acquire();
    ASSERT_TRUE(conn.ok());
    EXPECT_FALSE((*conn)->Exec("UPDATE people SET cin = 'AB1' WHERE id = " + id).ok());
    EXPECT_FALSE((*conn)
                     ->Exec("INSERT INTO memberships (person_id, body_id, status, joined_on,"
                            " created_at, updated_at) VALUES (" +
                            id + ", 1, 'applicant', '2026-01-01', 'x', 'x')")
                     .ok());
  }
  // The export of an erased person shows what is left.
  auto doc = service_.Export(kAdmin, person);
  ASSERT_TRUE(doc.ok());
  EXPECT_TRUE((*doc)["person"]["cin"].is_null());
  EXPECT_FALSE((*doc)["person"]["erased_at"].is_null());
}

TEST_F(PrivacyServiceTest, EraseIsAtomic) {
  const int64_t person = AddPerson("AB1");
  AddMembership(person, "lapsed", "2024-03-10", "'2025-06-30'");
  AuditPerson(person);
  const std::string entries = Query("SELECT count(*) FROM audit_log");
  // A failure half-way: after the audit payloads and before the person.
  Sql("CREATE TRIGGER fail_erase BEFORE UPDATE ON memberships"
      " BEGIN SELECT RAISE(FAIL, 'injected'); END");
  EXPECT_FALSE(service_.Erase(kAdmin, person).ok());
  EXPECT_EQ(Query("SELECT cin FROM people WHERE id = " + std::to_string(person)), "AB1");
  EXPECT_EQ(Query("SELECT count(*) FROM audit_payloads WHERE erased_at IS NOT NULL"), "0");
  EXPECT_EQ(Query("SELECT count(*) FROM membership_events WHERE reason IS NULL"), "0");
  EXPECT_EQ(Query("SELECT count(*) FROM audit_log"), entries);
  Sql("DROP TRIGGER fail_erase");
  EXPECT_TRUE(service_.Erase(kAdmin, person).ok());
}

TEST_F(PrivacyServiceTest, RetentionAnonymizesOnlyLongGoneFormerMembers) {
  auto years = service_.RetentionYears(kAdmin);
  ASSERT_TRUE(years.ok());
  EXPECT_EQ(*years, kDefaultRetentionYears);
  EXPECT_TRUE(Fails(service_.SetRetentionYears(kAdmin, -1), ErrorCode::kInvalidArgument,
                    kRetentionYearsKey));
  EXPECT_TRUE(Fails(service_.SetRetentionYears(kAdmin, 101), ErrorCode::kInvalidArgument));
  EXPECT_TRUE(Fails(service_.SetRetentionYears(kSecretaryMou, 3), ErrorCode::kPermissionDenied));
  EXPECT_TRUE(Fails(service_.RunRetention(kSecretaryMou), ErrorCode::kPermissionDenied));

  const int64_t gone = AddPerson("A1");  // left in 2019: past 5 years on 2026-11-29
  AddMembership(gone, "resigned", "2015-01-01", "'2019-06-30'");
  const int64_t recent = AddPerson("A2");  // left 2022
  AddMembership(recent, "lapsed", "2020-01-01", "'2022-06-30'");
  const int64_t rejoined = AddPerson("A3");  // left 2018, active again
  AddMembership(rejoined, "lapsed", "2015-01-01", "'2018-06-30'");
  AddMembership(rejoined, "active", "2024-01-01", "NULL");
  const int64_t official = AddPerson("A4");  // left 2018, still a councillor
  AddMembership(official, "expelled", "2015-01-01", "'2018-06-30'");
  Sql("INSERT INTO mandates (person_id, institution, territory_code, role, from_date, created_at,"
      " updated_at) VALUES (" +
      std::to_string(official) +
      ", 'communal_council', 'MA-MOU-AIN', 'member', '2021-09-08',"
      " 'x', 'x')");
  const int64_t contact = AddPerson("A5");  // never a member
  const std::string stats = Stats();

  auto report = service_.RunRetention(auth::SystemActor());
  ASSERT_TRUE(report.ok()) << report.error().log_detail();
  EXPECT_EQ(report->years, 5);
  EXPECT_EQ(report->erased, 1);
  for (const int64_t kept : {recent, rejoined, official, contact}) {
    EXPECT_EQ(Query("SELECT count(*) FROM people WHERE erased_at IS NULL AND id = " +
                    std::to_string(kept)),
              "1")
        << kept;
  }
  EXPECT_EQ(Query("SELECT cin IS NULL FROM people WHERE id = " + std::to_string(gone)), "1");
  EXPECT_EQ(Query("SELECT actor_login || ' ' || action FROM audit_log ORDER BY id DESC LIMIT 1"),
            "tanzim person.erase");
  EXPECT_EQ(Stats(), stats);
  // Idempotent: nothing left to do.
  EXPECT_EQ(service_.RunRetention(auth::SystemActor())->erased, 0);

  // Three years: the 2022 leaver goes too; 0 turns the rule off.
  ASSERT_TRUE(service_.SetRetentionYears(kAdmin, 0).ok());
  EXPECT_EQ(service_.RunRetention(auth::SystemActor())->erased, 0);
  ASSERT_TRUE(service_.SetRetentionYears(kAdmin, 3).ok());
  EXPECT_EQ(service_.RunRetention(auth::SystemActor())->erased, 1);
  EXPECT_EQ(Query("SELECT cin IS NULL FROM people WHERE id = " + std::to_string(recent)), "1");
}

}  // namespace
}  // namespace tanzim::privacy
