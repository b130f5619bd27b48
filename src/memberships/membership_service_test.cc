// MembershipService over the SQLite store: creation, transitions, numbers,
// dues, lapse and settings, each rule broken once with nothing changed, the
// actor's scope, and concurrent approvals.
#include "memberships/membership_service.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <thread>

#include "audit/sqlite_audit_log.h"
#include "memberships/lapse_scheduler.h"
#include "memberships/sqlite_membership_store.h"
#include "people/sqlite_people_store.h"
#include "store/testing/temp_store.h"
#include "territory/sqlite_territory_store.h"

namespace tanzim::memberships {
namespace {

using namespace std::chrono_literals;
using auth::Actor;
using auth::Role;

constexpr std::chrono::year_month_day kToday{std::chrono::year(2026) / 11 / 29};

// The territories and bodies the tests need, written with plain SQL: the
// bodies module has its own tests.
constexpr const char* kFixtureSql = R"sql(
INSERT INTO territories (code, kind, name_ar, name_fr, parent_code, path) VALUES
  ('MA-03', 'region', 'فاس مكناس', 'Fès-Meknès', NULL, '/MA-03/'),
  ('MA-04', 'region', 'الرباط سلا القنيطرة', 'Rabat-Salé-Kénitra', NULL, '/MA-04/'),
  ('MA-MOU', 'province', 'مولاي يعقوب', 'Moulay Yacoub', 'MA-03', '/MA-03/MA-MOU/'),
  ('MA-SEF', 'province', 'صفرو', 'Sefrou', 'MA-03', '/MA-03/MA-SEF/'),
  ('MA-RAB', 'prefecture', 'الرباط', 'Rabat', 'MA-04', '/MA-04/MA-RAB/'),
  ('MA-MOU-AIN', 'commune', 'عين الشقف', 'Aïn Chkef', 'MA-MOU', '/MA-03/MA-MOU/MA-MOU-AIN/');
INSERT INTO bodies (id, kind, territory_code, name_ar, name_fr, status, created_at, updated_at) VALUES
  (1, 'local_secretariat', 'MA-MOU-AIN', 'ع', 'a', 'active', 't', 't'),
  (2, 'provincial_secretariat', 'MA-MOU', 'ع', 'a', 'active', 't', 't'),
  (3, 'regional_secretariat', 'MA-03', 'ع', 'a', 'active', 't', 't'),
  (4, 'general_secretariat', NULL, 'ع', 'a', 'active', 't', 't'),
  (5, 'provincial_secretariat', 'MA-RAB', 'ع', 'a', 'active', 't', 't'),
  (6, 'local_secretariat', 'MA-MOU-AIN', 'ع', 'a', 'dissolved', 't', 't'),
  (7, 'provincial_secretariat', 'MA-SEF', 'ع', 'a', 'preparatory', 't', 't');
)sql";

constexpr int64_t kBodyCommune = 1;
constexpr int64_t kBodyProvince = 2;
constexpr int64_t kBodyRegion = 3;
constexpr int64_t kBodyNational = 4;
constexpr int64_t kBodyRabat = 5;
constexpr int64_t kBodyDissolved = 6;

territory::Territory Scope(const char* code, territory::Kind kind, const char* path) {
  territory::Territory t;
  t.code = code;
  t.kind = kind;
  t.path = path;
  return t;
}

Actor MakeActor(Role role, std::optional<territory::Territory> scope, int64_t id) {
  Actor actor;
  actor.user_id = id;
  actor.login = "user" + std::to_string(id);
  actor.role = role;
  actor.scope = std::move(scope);
  return actor;
}

const Actor kAdmin = MakeActor(Role::kAdmin, std::nullopt, 1);
const Actor kSecretaryMou =
    MakeActor(Role::kSecretary, Scope("MA-MOU", territory::Kind::kProvince, "/MA-03/MA-MOU/"), 2);
const Actor kViewerMou =
    MakeActor(Role::kViewer, Scope("MA-MOU", territory::Kind::kProvince, "/MA-03/MA-MOU/"), 3);
const Actor kSecretaryRab =
    MakeActor(Role::kSecretary, Scope("MA-RAB", territory::Kind::kPrefecture, "/MA-04/MA-RAB/"), 4);
const Actor kSecretaryRegion =
    MakeActor(Role::kSecretary, Scope("MA-03", territory::Kind::kRegion, "/MA-03/"), 5);

::testing::AssertionResult Fails(const Error& error, ErrorCode code, std::string_view field) {
  if (error.code() != code) {
    return ::testing::AssertionFailure()
           << "code " << static_cast<int>(error.code()) << ", want " << static_cast<int>(code)
           << " (" << error.message_key() << ")";
  }
  if (field.empty()) return ::testing::AssertionSuccess();
  for (const auto& f : error.fields()) {
    if (f.field == field) return ::testing::AssertionSuccess();
  }
  std::string named;
  for (const auto& f : error.fields()) named += " " + f.field + ":" + f.message_key;
  return ::testing::AssertionFailure() << "no error names " << field << ";" << named;
}

template <typename T>
::testing::AssertionResult Fails(const Result<T>& result, ErrorCode code,
                                 std::string_view field = {}) {
  if (result.ok()) return ::testing::AssertionFailure() << "succeeded";
  return Fails(result.error(), code, field);
}

class MembershipServiceTest : public ::testing::Test {
 protected:
  MembershipServiceTest()
      : temp_("memberships"),
        territories_(temp_.pool()),
        people_store_(temp_.pool()),
        store_(temp_.pool()),
        people_(people_store_, territories_, [] { return kToday; }),
        service_(store_, people_, [] { return kToday; }) {
    Exec(kFixtureSql);
  }

  // Plain SQL on a connection of its own (the pool caches statements by text).
  void Exec(const std::string& sql) {
    sqlite3* db = Open();
    char* message = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
    const std::string text = message != nullptr ? message : "";
    sqlite3_free(message);
    sqlite3_close(db);
    if (rc != SQLITE_OK) throw std::runtime_error(text);
  }

  // The first column of the first row of `sql` as text ("" for NULL or no row).
  std::string Scalar(const std::string& sql) {
    sqlite3* db = Open();
    sqlite3_stmt* stmt = nullptr;
    std::string value;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      sqlite3_close(db);
      throw std::runtime_error(sql);
    }
    if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0) != nullptr) {
      value = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return value;
  }

  // Everything a refused command must leave as it was, its audit trail included.
  std::string Snapshot() {
    return Scalar(
        "SELECT (SELECT COUNT(*) FROM memberships) || '|' ||"
        " (SELECT COUNT(*) FROM audit_log) || '|' ||"
        " (SELECT COUNT(*) FROM membership_events) || '|' ||"
        " (SELECT COUNT(*) FROM dues_payments) || '|' ||"
        " (SELECT COUNT(*) FROM membership_sequences) || '|' ||"
        " COALESCE((SELECT group_concat(id || status || IFNULL(number, '') ||"
        " IFNULL(approved_on, '') || IFNULL(left_on, '') || IFNULL(dues_paid_until, '') ||"
        " updated_at, ',') FROM memberships), '')");
  }

  int64_t AddPerson(const char* territory = "MA-MOU-AIN") {
    people::PersonDraft draft;
    draft.name_ar = std::optional<std::string>("عضو " + std::to_string(++people_added_));
    draft.gender = std::optional<std::string>(people_added_ % 2 ? "f" : "m");
    draft.birth_date = std::optional<std::string>("1990-01-01");
    draft.territory_code = std::optional<std::string>(territory);
    auto person = people_.Create(kAdmin, draft);
    if (!person.ok()) throw std::runtime_error("cannot create person");
    return person->id;
  }

  Membership Apply(int64_t person, int64_t body,
                   std::optional<std::string> joined_on = "2026-01-10",
                   const Actor& actor = kAdmin) {
    auto created = service_.Create(actor, {person, body, std::move(joined_on)});
    if (!created.ok()) throw std::runtime_error("create failed: " + created.error().message_key());
    return *created;
  }

  Membership Do(int64_t id, Transition t, std::optional<std::string> on = "2026-02-01",
                std::optional<std::string> reason = std::nullopt, const Actor& actor = kAdmin) {
    if (!reason && RequiresReason(t)) reason = "a reason";
    auto changed = service_.Change(actor, id, t, {std::move(on), std::move(reason)});
    if (!changed.ok()) {
      throw std::runtime_error("transition failed: " + changed.error().message_key());
    }
    return *changed;
  }

  Membership ActiveMember(int64_t body = kBodyCommune, const char* approved_on = "2026-02-01") {
    return Do(Apply(AddPerson(), body).id, Transition::kApprove, approved_on);
  }

  // The audit trail of `type` (of one object when `id` is set), oldest first.
  std::vector<audit::Record> Trail(const char* type, std::optional<int64_t> id = std::nullopt) {
    audit::SqliteAuditLog log(temp_.pool());
    auto trail = log.List({.object_type = type, .object_id = id, .limit = 500});
    if (!trail.ok()) throw std::runtime_error("cannot read the audit trail");
    return *trail;
  }

  std::vector<std::string> Actions(const std::vector<audit::Record>& trail) {
    std::vector<std::string> actions;
    for (const auto& record : trail) actions.push_back(record.entry.action);
    return actions;
  }

  sqlite3* Open() {
    sqlite3* db = nullptr;
    sqlite3_open(temp_.pool().path().c_str(), &db);
    sqlite3_busy_timeout(db, 5000);
    return db;
  }

  store::testing::TempStore temp_;
  territory::SqliteTerritoryStore territories_;
  people::SqlitePeopleStore people_store_;
  SqliteMembershipStore store_;
  people::PeopleService people_;
  MembershipService service_;
  int people_added_ = 0;
};

// --- creation ---------------------------------------------------------------

TEST_F(MembershipServiceTest, CreateMakesAnApplicantOfTheBodyWithAnApplyEvent) {
  const int64_t person = AddPerson();
  auto created = service_.Create(kSecretaryMou, {person, kBodyCommune, std::nullopt});
  ASSERT_TRUE(created.ok()) << created.error().message_key();
  EXPECT_GT(created->id, 0);
  EXPECT_EQ(created->person_id, person);
  EXPECT_EQ(created->body_id, kBodyCommune);
  EXPECT_EQ(created->status, MembershipStatus::kApplicant);
  EXPECT_EQ(created->joined_on, "2026-11-29");  // today by default
  EXPECT_FALSE(created->number);
  EXPECT_FALSE(created->approved_on);
  EXPECT_FALSE(created->left_on);
  EXPECT_EQ(created->territory_code, "MA-MOU-AIN");
  EXPECT_FALSE(created->created_at.empty());

  auto detail = service_.Get(kSecretaryMou, created->id);
  ASSERT_TRUE(detail.ok());
  ASSERT_EQ(detail->events.size(), 1u);
  EXPECT_EQ(detail->events[0].action, "apply");
  EXPECT_EQ(detail->events[0].on, "2026-11-29");
  EXPECT_EQ(detail->events[0].actor_id, kSecretaryMou.user_id);
  EXPECT_TRUE(detail->dues.empty());
  // The person's gender and birth date are copied for the figures, and follow changes.
  const std::string id = std::to_string(created->id);
  EXPECT_EQ(Scalar("SELECT gender || birth_date FROM memberships WHERE id = " + id), "f1990-01-01");
  Exec("UPDATE people SET birth_date = '1991-02-03' WHERE id = " + std::to_string(person));
  EXPECT_EQ(Scalar("SELECT birth_date FROM memberships WHERE id = " + id), "1991-02-03");
}

TEST_F(MembershipServiceTest, NationalBodiesTakeMembersWithoutTerritory) {
  const auto m = Apply(AddPerson(), kBodyNational);
  EXPECT_FALSE(m.territory_code);
}

TEST_F(MembershipServiceTest, CreateRefusesEachBrokenRuleAndStoresNothing) {
  const int64_t person = AddPerson();
  const int64_t person_rabat = AddPerson("MA-RAB");
  struct Case {
    const char* name;
    const Actor* actor;
    MembershipDraft draft;
    ErrorCode code;
    const char* field;
  };
  const std::vector<Case> cases{
      {"no person",
       &kAdmin,
       {std::nullopt, kBodyCommune, {}},
       ErrorCode::kInvalidArgument,
       "person_id"},
      {"no body", &kAdmin, {person, std::nullopt, {}}, ErrorCode::kInvalidArgument, "body_id"},
      {"zero person", &kAdmin, {0, kBodyCommune, {}}, ErrorCode::kInvalidArgument, "person_id"},
      {"negative body", &kAdmin, {person, -3, {}}, ErrorCode::kInvalidArgument, "body_id"},
      {"unknown person",
       &kAdmin,
       {99999, kBodyCommune, {}},
       ErrorCode::kInvalidArgument,
       "person_id"},
      {"person out of scope",
       &kSecretaryMou,
       {person_rabat, kBodyCommune, {}},
       ErrorCode::kInvalidArgument,
       "person_id"},
      {"unknown body", &kAdmin, {person, 99999, {}}, ErrorCode::kInvalidArgument, "body_id"},
      {"body out of scope",
       &kSecretaryMou,
       {person, kBodyRabat, {}},
       ErrorCode::kPermissionDenied,
       "body_id"},
      {"national body, provincial secretary",
       &kSecretaryMou,
       {person, kBodyNational, {}},
       ErrorCode::kPermissionDenied,
       "body_id"},
      {"regional body, provincial secretary",
       &kSecretaryMou,
       {person, kBodyRegion, {}},
       ErrorCode::kPermissionDenied,
       "body_id"},
      {"dissolved body",
       &kAdmin,
       {person, kBodyDissolved, {}},
       ErrorCode::kInvalidArgument,
       "body_id"},
      {"viewer", &kViewerMou, {person, kBodyCommune, {}}, ErrorCode::kPermissionDenied, ""},
      {"not a date",
       &kAdmin,
       {person, kBodyCommune, "2026-02-30"},
       ErrorCode::kInvalidArgument,
       "joined_on"},
      {"not iso",
       &kAdmin,
       {person, kBodyCommune, "29/11/2026"},
       ErrorCode::kInvalidArgument,
       "joined_on"},
      {"future",
       &kAdmin,
       {person, kBodyCommune, "2026-11-30"},
       ErrorCode::kInvalidArgument,
       "joined_on"},
  };
  const std::string before = Snapshot();
  for (const Case& c : cases) {
    EXPECT_TRUE(Fails(service_.Create(*c.actor, c.draft), c.code, c.field)) << c.name;
  }
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(MembershipServiceTest, APersonHasAtMostOneCurrentMembership) {
  const int64_t person = AddPerson();
  const auto first = Apply(person, kBodyCommune);
  std::string before = Snapshot();
  EXPECT_TRUE(Fails(service_.Create(kAdmin, {person, kBodyProvince, {}}), ErrorCode::kConflict,
                    "person_id"));
  EXPECT_EQ(Snapshot(), before);
  Do(first.id, Transition::kApprove);
  Do(first.id, Transition::kSuspend, "2026-03-01");
  before = Snapshot();
  EXPECT_TRUE(Fails(service_.Create(kAdmin, {person, kBodyProvince, {}}), ErrorCode::kConflict,
                    "person_id"));
  EXPECT_EQ(Snapshot(), before);
  Do(first.id, Transition::kResign, "2026-04-01");
  EXPECT_TRUE(service_.Create(kAdmin, {person, kBodyProvince, {}}).ok());
}

// --- transitions --------------------------------------------------------------

TEST_F(MembershipServiceTest, ApproveGivesANumberOfTheBodysPlaceAndYear) {
  const auto a = ActiveMember(kBodyCommune, "2026-02-01");
  EXPECT_EQ(a.status, MembershipStatus::kActive);
  EXPECT_EQ(a.number, "03-MOU-2026-000001");
  EXPECT_EQ(a.approved_on, "2026-02-01");
  EXPECT_FALSE(a.left_on);
  EXPECT_EQ(ActiveMember(kBodyProvince).number, "03-MOU-2026-000002");
  EXPECT_EQ(ActiveMember(kBodyRegion).number, "03-REG-2026-000001");
  EXPECT_EQ(ActiveMember(kBodyNational).number, "00-NAT-2026-000001");
  EXPECT_EQ(ActiveMember(kBodyRabat).number, "04-RAB-2026-000001");
  const auto b =
      Do(Apply(AddPerson(), kBodyCommune, "2025-12-30").id, Transition::kApprove, "2025-12-31");
  EXPECT_EQ(b.number, "03-MOU-2025-000001");
  auto detail = service_.Get(kAdmin, a.id);
  ASSERT_TRUE(detail.ok());
  ASSERT_EQ(detail->events.size(), 2u);
  EXPECT_EQ(detail->events[1].action, "approve");
  EXPECT_EQ(detail->events[1].on, "2026-02-01");
}

TEST_F(MembershipServiceTest, ANumberNeverChanges) {
  const auto a = ActiveMember();
  ASSERT_TRUE(a.number);
  EXPECT_EQ(Do(a.id, Transition::kSuspend, "2026-03-01").number, a.number);
  EXPECT_EQ(Do(a.id, Transition::kReinstate, "2026-04-01").number, a.number);
  EXPECT_EQ(Do(a.id, Transition::kLapse, "2026-05-01").number, a.number);
  const auto back = Do(a.id, Transition::kReinstate, "2026-06-01");
  EXPECT_EQ(back.number, a.number);
  EXPECT_EQ(back.approved_on, "2026-02-01");
  EXPECT_EQ(Scalar("SELECT last FROM membership_sequences"), "1");
}

TEST_F(MembershipServiceTest, LeftOnIsSetWhenLeavingActiveAndClearedOnReinstate) {
  const auto a = ActiveMember();
  EXPECT_EQ(Do(a.id, Transition::kSuspend, "2026-03-01").left_on, "2026-03-01");
  EXPECT_FALSE(Do(a.id, Transition::kReinstate, "2026-03-15").left_on);
  EXPECT_EQ(Do(a.id, Transition::kSuspend, "2026-04-01").left_on, "2026-04-01");
  // Resigning while suspended keeps the day it stopped being active.
  const auto resigned = Do(a.id, Transition::kResign, "2026-05-01");
  EXPECT_EQ(resigned.status, MembershipStatus::kResigned);
  EXPECT_EQ(resigned.left_on, "2026-04-01");
  const auto b = ActiveMember();
  const auto expelled = Do(b.id, Transition::kExpel, "2026-06-01", "against the statutes");
  EXPECT_EQ(expelled.status, MembershipStatus::kExpelled);
  EXPECT_EQ(expelled.left_on, "2026-06-01");
  auto detail = service_.Get(kAdmin, b.id);
  ASSERT_TRUE(detail.ok());
  EXPECT_EQ(detail->events.back().action, "expel");
  EXPECT_EQ(detail->events.back().reason, "against the statutes");
}

TEST_F(MembershipServiceTest, RejectClosesAnApplication) {
  const int64_t person = AddPerson();
  const auto a = Apply(person, kBodyCommune);
  const auto rejected = Do(a.id, Transition::kReject, "2026-02-01");
  EXPECT_EQ(rejected.status, MembershipStatus::kRejected);
  EXPECT_FALSE(rejected.number);
  EXPECT_FALSE(rejected.left_on);
  EXPECT_TRUE(service_.Create(kAdmin, {person, kBodyCommune, {}}).ok());
}

TEST_F(MembershipServiceTest, IllegalTransitionsAreConflictsNamingStatus) {
  const auto applicant = Apply(AddPerson(), kBodyCommune);
  const auto active = ActiveMember();
  const auto resigned = ActiveMember();
  Do(resigned.id, Transition::kResign, "2026-03-01");
  const std::string before = Snapshot();
  for (const Transition t : {Transition::kSuspend, Transition::kReinstate, Transition::kResign,
                             Transition::kExpel, Transition::kLapse}) {
    EXPECT_TRUE(Fails(service_.Change(kAdmin, applicant.id, t, {"2026-03-01", "r"}),
                      ErrorCode::kConflict, "status"))
        << TransitionName(t);
  }
  for (const Transition t : {Transition::kApprove, Transition::kReject, Transition::kReinstate}) {
    EXPECT_TRUE(Fails(service_.Change(kAdmin, active.id, t, {"2026-03-01", "r"}),
                      ErrorCode::kConflict, "status"))
        << TransitionName(t);
  }
  for (const Transition t :
       {Transition::kApprove, Transition::kReject, Transition::kSuspend, Transition::kReinstate,
        Transition::kResign, Transition::kExpel, Transition::kLapse}) {
    EXPECT_TRUE(Fails(service_.Change(kAdmin, resigned.id, t, {"2026-03-02", "r"}),
                      ErrorCode::kConflict, "status"))
        << TransitionName(t);
  }
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(MembershipServiceTest, TransitionRefusesBadDatesAndReasonsAndChangesNothing) {
  const auto a = ActiveMember(kBodyCommune, "2026-02-01");
  struct Case {
    const char* name;
    Transition transition;
    TransitionDraft draft;
    ErrorCode code;
    const char* field;
  };
  const std::vector<Case> cases{
      {"suspend without reason",
       Transition::kSuspend,
       {"2026-03-01", std::nullopt},
       ErrorCode::kInvalidArgument,
       "reason"},
      {"expel with blank reason",
       Transition::kExpel,
       {"2026-03-01", "   "},
       ErrorCode::kInvalidArgument,
       "reason"},
      {"reason too long",
       Transition::kResign,
       {"2026-03-01", std::string(501, 'x')},
       ErrorCode::kInvalidArgument,
       "reason"},
      {"reason with control characters",
       Transition::kSuspend,
       {"2026-03-01", "a\x01z"},
       ErrorCode::kInvalidArgument,
       "reason"},
      {"reason with a newline",
       Transition::kSuspend,
       {"2026-03-01", "a\nb"},
       ErrorCode::kInvalidArgument,
       "reason"},
      {"impossible date",
       Transition::kResign,
       {"2026-02-29", {}},
       ErrorCode::kInvalidArgument,
       "on"},
      {"not a date", Transition::kResign, {"soon", {}}, ErrorCode::kInvalidArgument, "on"},
      {"future", Transition::kResign, {"2026-12-01", {}}, ErrorCode::kInvalidArgument, "on"},
      {"before the approval",
       Transition::kResign,
       {"2026-01-31", {}},
       ErrorCode::kInvalidArgument,
       "on"},
  };
  const std::string before = Snapshot();
  for (const Case& c : cases) {
    EXPECT_TRUE(Fails(service_.Change(kAdmin, a.id, c.transition, c.draft), c.code, c.field))
        << c.name;
  }
  EXPECT_EQ(Snapshot(), before);
  // 500 characters, Arabic ones included, are fine.
  std::string reason;
  for (int i = 0; i < 500; ++i) reason += "ع";
  EXPECT_TRUE(service_.Change(kAdmin, a.id, Transition::kSuspend, {"2026-03-01", reason}).ok());
}

TEST_F(MembershipServiceTest, ReinstatingALapsedMembershipKeepsOneCurrent) {
  const int64_t person = AddPerson();
  const auto old = Do(Apply(person, kBodyCommune).id, Transition::kApprove, "2026-02-01");
  Do(old.id, Transition::kLapse, "2026-03-01");
  const auto current = Apply(person, kBodyProvince, "2026-03-05");
  const std::string before = Snapshot();
  EXPECT_TRUE(Fails(service_.Change(kAdmin, old.id, Transition::kReinstate, {"2026-04-01", {}}),
                    ErrorCode::kConflict, "person_id"));
  EXPECT_EQ(Snapshot(), before);
  Do(current.id, Transition::kReject, "2026-04-01");
  EXPECT_EQ(Do(old.id, Transition::kReinstate, "2026-04-02").status, MembershipStatus::kActive);
}

TEST_F(MembershipServiceTest, UnknownMembershipIsNotFound) {
  EXPECT_TRUE(Fails(service_.Get(kAdmin, 424242), ErrorCode::kNotFound));
  EXPECT_TRUE(
      Fails(service_.Change(kAdmin, 424242, Transition::kApprove, {}), ErrorCode::kNotFound));
  EXPECT_TRUE(Fails(service_.AddDues(kAdmin, 424242, {"10", "2026-01-01", "2026-12-31", {}}),
                    ErrorCode::kNotFound));
  EXPECT_TRUE(Fails(service_.ListDues(kAdmin, 424242), ErrorCode::kNotFound));
}

// --- scope --------------------------------------------------------------------

TEST_F(MembershipServiceTest, OutOfScopeReadsAsAbsentAndViewersCannotWrite) {
  const auto mou = Apply(AddPerson(), kBodyCommune);
  const auto national = Apply(AddPerson(), kBodyNational);
  const std::string before = Snapshot();
  EXPECT_TRUE(Fails(service_.Get(kSecretaryRab, mou.id), ErrorCode::kNotFound));
  EXPECT_TRUE(Fails(service_.ListDues(kSecretaryRab, mou.id), ErrorCode::kNotFound));
  EXPECT_TRUE(Fails(service_.Change(kSecretaryRab, mou.id, Transition::kApprove, {}),
                    ErrorCode::kNotFound));
  EXPECT_TRUE(Fails(service_.AddDues(kSecretaryRab, mou.id, {"10", "2026-01-01", "2026-12-31", {}}),
                    ErrorCode::kNotFound));
  EXPECT_TRUE(Fails(service_.Get(kSecretaryMou, national.id), ErrorCode::kNotFound));
  EXPECT_TRUE(Fails(service_.Change(kSecretaryRegion, national.id, Transition::kApprove, {}),
                    ErrorCode::kNotFound));
  EXPECT_TRUE(service_.Get(kViewerMou, mou.id).ok());
  EXPECT_TRUE(Fails(service_.Change(kViewerMou, mou.id, Transition::kApprove, {}),
                    ErrorCode::kPermissionDenied));
  EXPECT_TRUE(Fails(service_.AddDues(kViewerMou, mou.id, {"10", "2026-01-01", "2026-12-31", {}}),
                    ErrorCode::kPermissionDenied));
  EXPECT_EQ(Snapshot(), before);
  // The regional secretary reaches everything below the region.
  EXPECT_TRUE(service_.Get(kSecretaryRegion, mou.id).ok());
  EXPECT_EQ(Do(mou.id, Transition::kApprove, "2026-02-01", {}, kSecretaryRegion).status,
            MembershipStatus::kActive);
  EXPECT_TRUE(service_.Get(kAdmin, national.id).ok());
}

// Every id of every page of `request` as `actor` sees it.
std::vector<int64_t> ListIds(MembershipService& service, const Actor& actor, ListRequest request) {
  std::vector<int64_t> ids;
  for (int page = 0; page < 100; ++page) {
    auto result = service.List(actor, request);
    if (!result.ok()) {
      ADD_FAILURE() << result.error().message_key();
      break;
    }
    for (const auto& m : result->items) ids.push_back(m.id);
    if (!result->next_cursor) break;
    request.cursor = result->next_cursor;
  }
  return ids;
}

TEST_F(MembershipServiceTest, ListsFilterByScopeStatusBodyAndPersonInIdOrder) {
  const auto commune = Apply(AddPerson(), kBodyCommune);
  const auto province = ActiveMember(kBodyProvince);
  const auto region = Apply(AddPerson(), kBodyRegion);
  const auto national = Apply(AddPerson(), kBodyNational);
  const int64_t person_rabat = AddPerson("MA-RAB");
  const auto rabat = Apply(person_rabat, kBodyRabat);
  const auto commune2 = Apply(AddPerson(), kBodyCommune);

  using V = std::vector<int64_t>;
  EXPECT_EQ(ListIds(service_, kAdmin, {}),
            (V{commune.id, province.id, region.id, national.id, rabat.id, commune2.id}));
  EXPECT_EQ(ListIds(service_, kSecretaryMou, {}), (V{commune.id, province.id, commune2.id}));
  EXPECT_EQ(ListIds(service_, kViewerMou, {}), (V{commune.id, province.id, commune2.id}));
  EXPECT_EQ(ListIds(service_, kSecretaryRegion, {}),
            (V{commune.id, province.id, region.id, commune2.id}));
  EXPECT_EQ(ListIds(service_, kSecretaryRab, {}), (V{rabat.id}));

  // The application queue of a body.
  EXPECT_EQ(ListIds(service_, kSecretaryMou, {.status = "applicant", .body = "1"}),
            (V{commune.id, commune2.id}));
  EXPECT_EQ(ListIds(service_, kSecretaryMou, {.body = "2"}), (V{province.id}));
  EXPECT_EQ(ListIds(service_, kSecretaryMou, {.status = "active"}), (V{province.id}));
  EXPECT_EQ(ListIds(service_, kSecretaryMou, {.body = "5"}), V{});  // out of scope
  EXPECT_EQ(ListIds(service_, kAdmin, {.person = std::to_string(person_rabat)}), (V{rabat.id}));
  EXPECT_EQ(ListIds(service_, kSecretaryMou, {.person = std::to_string(person_rabat)}), V{});
  EXPECT_EQ(ListIds(service_, kAdmin, {.status = "applicant", .body = "4"}), (V{national.id}));

  // Keyset pages of two.
  EXPECT_EQ(ListIds(service_, kAdmin, {.limit = 2}),
            (V{commune.id, province.id, region.id, national.id, rabat.id, commune2.id}));
  auto first = service_.List(kAdmin, {.limit = 2});
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->items.size(), 2u);
  EXPECT_TRUE(first->next_cursor);
  auto last = service_.List(kAdmin, {.limit = 6});
  ASSERT_TRUE(last.ok());
  EXPECT_FALSE(last->next_cursor);
}

TEST_F(MembershipServiceTest, ListRefusesBadFilters) {
  EXPECT_TRUE(
      Fails(service_.List(kAdmin, {.status = "member"}), ErrorCode::kInvalidArgument, "status"));
  EXPECT_TRUE(Fails(service_.List(kAdmin, {.body = "x"}), ErrorCode::kInvalidArgument, "body"));
  EXPECT_TRUE(Fails(service_.List(kAdmin, {.body = "0"}), ErrorCode::kInvalidArgument, "body"));
  EXPECT_TRUE(
      Fails(service_.List(kAdmin, {.person = "-1"}), ErrorCode::kInvalidArgument, "person"));
  EXPECT_TRUE(
      Fails(service_.List(kAdmin, {.person = "1.5"}), ErrorCode::kInvalidArgument, "person"));
  EXPECT_TRUE(
      Fails(service_.List(kAdmin, {.cursor = "!!"}), ErrorCode::kInvalidArgument, "cursor"));
  EXPECT_TRUE(Fails(service_.List(kAdmin, {.cursor = "AAAAAAAAAAA"}), ErrorCode::kInvalidArgument,
                    "cursor"));
  EXPECT_TRUE(Fails(service_.List(kAdmin, {.limit = 0}), ErrorCode::kInvalidArgument, "limit"));
  EXPECT_TRUE(Fails(service_.List(kAdmin, {.limit = 501}), ErrorCode::kInvalidArgument, "limit"));
}

// --- dues ---------------------------------------------------------------------

TEST_F(MembershipServiceTest, DuesAreStoredInCentimesAndExtendPaidUntil) {
  const auto a = ActiveMember();
  auto paid = service_.AddDues(kSecretaryMou, a.id, {"150.5", "2026-01-01", "2026-12-31", {}});
  ASSERT_TRUE(paid.ok()) << paid.error().message_key();
  EXPECT_EQ(paid->amount_centimes, 15050);
  EXPECT_EQ(paid->paid_on, "2026-11-29");
  EXPECT_EQ(paid->membership_id, a.id);
  EXPECT_EQ(paid->actor_id, kSecretaryMou.user_id);
  // An older period does not move dues_paid_until back.
  ASSERT_TRUE(
      service_.AddDues(kAdmin, a.id, {"0.07", "2025-01-01", "2025-12-31", "2025-06-01"}).ok());
  ASSERT_TRUE(service_.AddDues(kAdmin, a.id, {"100", "2027-01-01", "2027-12-31", {}}).ok());
  auto detail = service_.Get(kAdmin, a.id);
  ASSERT_TRUE(detail.ok());
  EXPECT_EQ(detail->membership.dues_paid_until, "2027-12-31");
  ASSERT_EQ(detail->dues.size(), 3u);
  EXPECT_EQ(detail->dues[0].amount_centimes, 7);
  EXPECT_EQ(Scalar("SELECT SUM(amount_centimes) FROM dues_payments"), "25057");
  auto listed = service_.ListDues(kViewerMou, a.id);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->size(), 3u);
  // Applicants may pay ahead of approval.
  const auto applicant = Apply(AddPerson(), kBodyCommune);
  EXPECT_TRUE(service_.AddDues(kAdmin, applicant.id, {"50", "2026-01-01", "2026-12-31", {}}).ok());
}

TEST_F(MembershipServiceTest, DuesRefuseEachBrokenRuleAndChangeNothing) {
  const auto a = ActiveMember();
  const auto gone = ActiveMember();
  Do(gone.id, Transition::kExpel, "2026-03-01", "r");
  struct Case {
    const char* name;
    int64_t id;
    DuesDraft draft;
    ErrorCode code;
    const char* field;
  };
  const std::vector<Case> cases{
      {"no amount",
       a.id,
       {{}, "2026-01-01", "2026-12-31", {}},
       ErrorCode::kInvalidArgument,
       "amount_mad"},
      {"zero",
       a.id,
       {"0", "2026-01-01", "2026-12-31", {}},
       ErrorCode::kInvalidArgument,
       "amount_mad"},
      {"negative",
       a.id,
       {"-5", "2026-01-01", "2026-12-31", {}},
       ErrorCode::kInvalidArgument,
       "amount_mad"},
      {"three decimals",
       a.id,
       {"1.234", "2026-01-01", "2026-12-31", {}},
       ErrorCode::kInvalidArgument,
       "amount_mad"},
      {"exponent",
       a.id,
       {"1e3", "2026-01-01", "2026-12-31", {}},
       ErrorCode::kInvalidArgument,
       "amount_mad"},
      {"text",
       a.id,
       {"cent", "2026-01-01", "2026-12-31", {}},
       ErrorCode::kInvalidArgument,
       "amount_mad"},
      {"no period start",
       a.id,
       {"10", {}, "2026-12-31", {}},
       ErrorCode::kInvalidArgument,
       "period_from"},
      {"no period end",
       a.id,
       {"10", "2026-01-01", {}, {}},
       ErrorCode::kInvalidArgument,
       "period_to"},
      {"bad period start",
       a.id,
       {"10", "2026-13-01", "2026-12-31", {}},
       ErrorCode::kInvalidArgument,
       "period_from"},
      {"period backwards",
       a.id,
       {"10", "2026-12-31", "2026-01-01", {}},
       ErrorCode::kInvalidArgument,
       "period_to"},
      {"paid in the future",
       a.id,
       {"10", "2026-01-01", "2026-12-31", "2027-01-01"},
       ErrorCode::kInvalidArgument,
       "paid_on"},
      {"bad paid_on",
       a.id,
       {"10", "2026-01-01", "2026-12-31", "yesterday"},
       ErrorCode::kInvalidArgument,
       "paid_on"},
      {"expelled member",
       gone.id,
       {"10", "2026-01-01", "2026-12-31", {}},
       ErrorCode::kConflict,
       "status"},
  };
  const std::string before = Snapshot();
  for (const Case& c : cases) {
    EXPECT_TRUE(Fails(service_.AddDues(kAdmin, c.id, c.draft), c.code, c.field)) << c.name;
  }
  EXPECT_EQ(Snapshot(), before);
}

// --- lapse and settings -------------------------------------------------------

TEST_F(MembershipServiceTest, LapseTakesActiveMembersWhoseDuesRanOutPastTheGracePeriod) {
  // Today 2026-11-29, 90 days of grace: the cutoff is 2026-08-31.
  const auto never_paid = ActiveMember(kBodyCommune, "2026-02-01");
  const auto recent = ActiveMember(kBodyCommune, "2026-09-01");
  const auto on_cutoff = ActiveMember(kBodyCommune, "2026-02-01");
  ASSERT_TRUE(service_.AddDues(kAdmin, on_cutoff.id, {"10", "2026-01-01", "2026-08-31", {}}).ok());
  const auto day_before = ActiveMember(kBodyCommune, "2026-02-01");
  ASSERT_TRUE(service_.AddDues(kAdmin, day_before.id, {"10", "2026-01-01", "2026-08-30", {}}).ok());
  const auto suspended = ActiveMember(kBodyCommune, "2026-02-01");
  Do(suspended.id, Transition::kSuspend, "2026-03-01");
  const auto applicant = Apply(AddPerson(), kBodyCommune);

  auto lapsed = service_.LapseOverdue(auth::SystemActor());
  ASSERT_TRUE(lapsed.ok());
  EXPECT_EQ(*lapsed, 2);
  auto status = [&](int64_t id) { return service_.Get(kAdmin, id)->membership.status; };
  EXPECT_EQ(status(never_paid.id), MembershipStatus::kLapsed);
  EXPECT_EQ(status(day_before.id), MembershipStatus::kLapsed);
  EXPECT_EQ(status(recent.id), MembershipStatus::kActive);
  EXPECT_EQ(status(on_cutoff.id), MembershipStatus::kActive);
  EXPECT_EQ(status(suspended.id), MembershipStatus::kSuspended);
  EXPECT_EQ(status(applicant.id), MembershipStatus::kApplicant);
  auto detail = service_.Get(kAdmin, never_paid.id);
  EXPECT_EQ(detail->membership.left_on, "2026-11-29");
  EXPECT_EQ(detail->events.back().action, "lapse");
  EXPECT_EQ(detail->events.back().reason, "dues");
  EXPECT_FALSE(detail->events.back().actor_id);
  // Running again lapses no one twice.
  EXPECT_EQ(*service_.LapseOverdue(auth::SystemActor()), 0);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM membership_events WHERE action = 'lapse'"), "2");
  // Another day, a shorter grace period.
  ASSERT_TRUE(service_.AddDues(kAdmin, on_cutoff.id, {"10", "2027-01-01", "2027-12-31", {}}).ok());
  ASSERT_TRUE(service_.UpdateSettings(kAdmin, {std::optional<int64_t>(0)}).ok());
  const std::chrono::year_month_day later{std::chrono::year(2027) / 1 / 1};
  EXPECT_EQ(*service_.LapseOverdue(auth::SystemActor(), later), 1);  // `recent`, never paid
  EXPECT_EQ(status(on_cutoff.id), MembershipStatus::kActive);        // paid ahead
}

TEST_F(MembershipServiceTest, ABackdatedLapseCheckKeepsHistoryInOrder) {
  const auto a = ActiveMember(kBodyCommune, "2026-02-01");
  Do(a.id, Transition::kSuspend, "2026-10-01");
  Do(a.id, Transition::kReinstate, "2026-10-02");
  const std::string before = Snapshot();
  // As of 2026-09-01 the dues ran out, but the membership has events after that day.
  EXPECT_EQ(*service_.LapseOverdue(kAdmin, std::chrono::year(2026) / 9 / 1), 0);
  EXPECT_EQ(Snapshot(), before);
  EXPECT_EQ(*service_.LapseOverdue(kAdmin), 1);
}

TEST_F(MembershipServiceTest, OnlyNationalWritersRunTheLapseCheck) {
  ActiveMember(kBodyCommune, "2026-02-01");
  const std::string before = Snapshot();
  EXPECT_TRUE(Fails(service_.LapseOverdue(kSecretaryMou), ErrorCode::kPermissionDenied));
  EXPECT_TRUE(Fails(service_.LapseOverdue(kViewerMou), ErrorCode::kPermissionDenied));
  EXPECT_EQ(Snapshot(), before);
  EXPECT_EQ(*service_.LapseOverdue(kAdmin), 1);
}

TEST_F(MembershipServiceTest, GraceDaysSettingDefaultsTo90AndOnlyAdminsChangeIt) {
  auto settings = service_.GetSettings(kViewerMou);
  ASSERT_TRUE(settings.ok());
  EXPECT_EQ(settings->dues_grace_days, 90);
  auto changed = service_.UpdateSettings(kAdmin, {std::optional<int64_t>(30)});
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(changed->dues_grace_days, 30);
  EXPECT_EQ(service_.GetSettings(kSecretaryMou)->dues_grace_days, 30);
  EXPECT_TRUE(service_.UpdateSettings(kAdmin, {std::optional<int64_t>(3650)}).ok());
  EXPECT_TRUE(service_.UpdateSettings(kAdmin, {std::optional<int64_t>(0)}).ok());

  for (const int64_t bad : {int64_t{-1}, int64_t{3651}, int64_t{1} << 40}) {
    EXPECT_TRUE(Fails(service_.UpdateSettings(kAdmin, {std::optional<int64_t>(bad)}),
                      ErrorCode::kInvalidArgument, "dues_grace_days"))
        << bad;
  }
  EXPECT_TRUE(Fails(service_.UpdateSettings(kSecretaryMou, {std::optional<int64_t>(10)}),
                    ErrorCode::kPermissionDenied));
  EXPECT_TRUE(Fails(service_.UpdateSettings(kViewerMou, {std::optional<int64_t>(10)}),
                    ErrorCode::kPermissionDenied));
  EXPECT_EQ(service_.GetSettings(kAdmin)->dues_grace_days, 0);
  // Null goes back to the default; absent changes nothing.
  EXPECT_EQ(service_.UpdateSettings(kAdmin, {std::optional<int64_t>()})->dues_grace_days, 90);
  EXPECT_EQ(service_.UpdateSettings(kAdmin, {})->dues_grace_days, 90);
}

TEST_F(MembershipServiceTest, SchedulerChecksAtStartAndStopsPromptly) {
  ActiveMember(kBodyCommune, "2026-02-01");
  auto scheduler = LapseJob(service_, std::chrono::hours(24));
  scheduler.Start();
  for (int i = 0; i < 500 && scheduler.runs() == 0; ++i) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(scheduler.runs(), 1);
  const auto started = std::chrono::steady_clock::now();
  scheduler.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM memberships WHERE status = 'lapsed'"), "1");
}

// --- concurrency --------------------------------------------------------------

TEST_F(MembershipServiceTest, ConcurrentApprovalsGetDistinctNumbers) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 12;
  std::vector<int64_t> ids;
  for (int i = 0; i < kThreads * kPerThread; ++i) {
    ids.push_back(Apply(AddPerson(), i % 3 == 0 ? kBodyProvince : kBodyCommune).id);
  }
  std::vector<std::vector<std::string>> numbers(kThreads);
  std::vector<std::string> failures(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const Actor& actor = t % 2 ? kAdmin : kSecretaryMou;
        auto approved = service_.Change(actor, ids[t * kPerThread + i], Transition::kApprove,
                                        {"2026-11-01", {}});
        if (!approved.ok()) {
          failures[t] = approved.error().message_key();
          return;
        }
        numbers[t].push_back(approved->number.value_or(""));
      }
    });
  }
  for (auto& thread : threads) thread.join();
  std::set<std::string> distinct;
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(failures[t], "") << "thread " << t;
    distinct.insert(numbers[t].begin(), numbers[t].end());
  }
  EXPECT_EQ(distinct.size(), size_t{kThreads * kPerThread});
  EXPECT_EQ(*distinct.begin(), "03-MOU-2026-000001");
  EXPECT_EQ(*distinct.rbegin(), "03-MOU-2026-000096");
  EXPECT_EQ(Scalar("SELECT COUNT(DISTINCT number) FROM memberships"), "96");
}

// --- audit trail --------------------------------------------------------------

nlohmann::json Json(const std::optional<std::string>& text) {
  return text ? nlohmann::json::parse(*text) : nlohmann::json(nullptr);
}

TEST_F(MembershipServiceTest, EveryTransitionIsAuditedWithItsActorBeforeAndAfter) {
  const auto m = Apply(AddPerson(), kBodyCommune, "2026-01-10", kSecretaryMou);
  Do(m.id, Transition::kApprove, "2026-02-01", std::nullopt, kSecretaryMou);
  Do(m.id, Transition::kSuspend, "2026-03-01", "absences", kAdmin);
  Do(m.id, Transition::kReinstate, "2026-04-01");
  Do(m.id, Transition::kLapse, "2026-05-01");
  Do(m.id, Transition::kReinstate, "2026-05-02");
  Do(m.id, Transition::kResign, "2026-06-01");
  const auto rejected = Apply(AddPerson(), kBodyProvince);
  Do(rejected.id, Transition::kReject, "2026-02-01");
  const auto expelled = ActiveMember();
  Do(expelled.id, Transition::kExpel, "2026-03-01", "misconduct");

  const auto trail = Trail("membership", m.id);
  EXPECT_EQ(Actions(trail), (std::vector<std::string>{"membership.create", "membership.approve",
                                                      "membership.suspend", "membership.reinstate",
                                                      "membership.lapse", "membership.reinstate",
                                                      "membership.resign"}));
  EXPECT_EQ(trail[0].entry.actor_id, kSecretaryMou.user_id);
  EXPECT_EQ(trail[0].entry.actor_login, "user2");
  EXPECT_FALSE(trail[0].entry.before);
  EXPECT_EQ(Json(trail[0].entry.after)["status"], "applicant");
  EXPECT_EQ(Json(trail[0].entry.after)["id"], m.id);
  EXPECT_EQ(Json(trail[1].entry.before)["number"], nullptr);
  EXPECT_EQ(Json(trail[1].entry.after)["number"], "03-MOU-2026-000001");
  EXPECT_EQ(Json(trail[1].entry.after)["approved_on"], "2026-02-01");
  EXPECT_EQ(trail[2].entry.actor_id, kAdmin.user_id);
  EXPECT_EQ(Json(trail[2].entry.before)["status"], "active");
  EXPECT_EQ(Json(trail[2].entry.after)["status"], "suspended");
  EXPECT_EQ(Json(trail[6].entry.after)["status"], "resigned");
  EXPECT_EQ(Json(trail[6].entry.after)["left_on"], "2026-06-01");
  for (const auto& record : trail) {
    EXPECT_EQ(record.entry.object_type, "membership");
    EXPECT_EQ(record.entry.object_id, m.id);
    ASSERT_TRUE(record.entry.after);
  }
  EXPECT_EQ(Actions(Trail("membership", rejected.id)),
            (std::vector<std::string>{"membership.create", "membership.reject"}));
  EXPECT_EQ(
      Actions(Trail("membership", expelled.id)),
      (std::vector<std::string>{"membership.create", "membership.approve", "membership.expel"}));
}

TEST_F(MembershipServiceTest, DuesPaymentsAreAuditedOnThePaymentAndTheMembership) {
  const auto a = ActiveMember();
  auto paid = service_.AddDues(kSecretaryMou, a.id, {"150.5", "2026-01-01", "2026-12-31", {}});
  ASSERT_TRUE(paid.ok());
  const auto payment = Trail("dues", paid->id);
  ASSERT_EQ(payment.size(), 1u);
  EXPECT_EQ(payment[0].entry.action, "dues.create");
  EXPECT_EQ(payment[0].entry.actor_id, kSecretaryMou.user_id);
  EXPECT_FALSE(payment[0].entry.before);
  EXPECT_EQ(Json(payment[0].entry.after)["amount_mad"], "150.50");
  EXPECT_EQ(Json(payment[0].entry.after)["membership_id"], a.id);
  const auto trail = Trail("membership", a.id);
  ASSERT_EQ(Actions(trail).back(), "membership.pay_dues");
  EXPECT_EQ(Json(trail.back().entry.before)["dues_paid_until"], nullptr);
  EXPECT_EQ(Json(trail.back().entry.after)["dues_paid_until"], "2026-12-31");
}

TEST_F(MembershipServiceTest, TheLapseCheckWritesOneEntryPerLapsedMembershipWithNoActor) {
  const auto first = ActiveMember(kBodyCommune, "2026-02-01");
  const auto second = ActiveMember(kBodyProvince, "2026-03-01");
  const auto paid = ActiveMember(kBodyCommune, "2026-02-01");
  ASSERT_TRUE(service_.AddDues(kAdmin, paid.id, {"10", "2026-01-01", "2026-12-31", {}}).ok());
  const size_t entries_before = Trail("membership").size();

  ASSERT_EQ(*service_.LapseOverdue(auth::SystemActor()), 2);
  const auto trail = Trail("membership");
  ASSERT_EQ(trail.size(), entries_before + 2);
  std::set<int64_t> lapsed;
  for (size_t i = entries_before; i < trail.size(); ++i) {
    const audit::Entry& entry = trail[i].entry;
    EXPECT_EQ(entry.action, "membership.lapse");
    EXPECT_FALSE(entry.actor_id);  // the operator's command or the scheduler
    EXPECT_EQ(entry.actor_login, "tanzim");
    EXPECT_EQ(Json(entry.before)["status"], "active");
    EXPECT_EQ(Json(entry.after)["status"], "lapsed");
    EXPECT_EQ(Json(entry.after)["left_on"], "2026-11-29");
    lapsed.insert(entry.object_id);
  }
  EXPECT_EQ(lapsed, (std::set<int64_t>{first.id, second.id}));
  // Nothing to lapse: no entry.
  ASSERT_EQ(*service_.LapseOverdue(auth::SystemActor()), 0);
  EXPECT_EQ(Trail("membership").size(), entries_before + 2);
}

TEST_F(MembershipServiceTest, SettingChangesAreAuditedAndRefusalsAreNot) {
  ASSERT_TRUE(service_.UpdateSettings(kAdmin, {std::optional<int64_t>(30)}).ok());
  ASSERT_TRUE(service_.UpdateSettings(auth::SystemActor(), {std::optional<int64_t>()}).ok());
  const std::string before = Snapshot();
  EXPECT_FALSE(service_.UpdateSettings(kAdmin, {std::optional<int64_t>(-1)}).ok());
  EXPECT_FALSE(service_.UpdateSettings(kSecretaryMou, {std::optional<int64_t>(10)}).ok());
  EXPECT_TRUE(service_.UpdateSettings(kAdmin, {}).ok());  // absent: nothing changes
  EXPECT_EQ(Snapshot(), before);

  const auto trail = Trail("setting");
  ASSERT_EQ(trail.size(), 2u);
  EXPECT_EQ(trail[0].entry.action, "setting.update");
  EXPECT_EQ(trail[0].entry.actor_id, kAdmin.user_id);
  EXPECT_EQ(Json(trail[0].entry.before)["dues_grace_days"], 90);
  EXPECT_EQ(Json(trail[0].entry.after)["dues_grace_days"], 30);
  EXPECT_FALSE(trail[1].entry.actor_id);
  EXPECT_EQ(trail[1].entry.actor_login, "tanzim");
  EXPECT_EQ(Json(trail[1].entry.before)["dues_grace_days"], 30);
  EXPECT_EQ(Json(trail[1].entry.after)["dues_grace_days"], 90);
}

TEST_F(MembershipServiceTest, AChangeWhoseAuditEntryFailsIsNotStored) {
  const auto active = ActiveMember(kBodyCommune, "2026-02-01");
  const auto applicant = Apply(AddPerson(), kBodyCommune);
  const int64_t person = AddPerson();
  Exec(
      "CREATE TRIGGER audit_refused BEFORE INSERT ON audit_log"
      " BEGIN SELECT RAISE(ABORT, 'refused'); END");
  const std::string before = Snapshot();
  EXPECT_FALSE(service_.Create(kAdmin, {person, kBodyCommune, std::nullopt}).ok());
  EXPECT_FALSE(service_.Change(kAdmin, applicant.id, Transition::kApprove, {}).ok());
  EXPECT_FALSE(service_.AddDues(kAdmin, active.id, {"10", "2026-01-01", "2026-12-31", {}}).ok());
  EXPECT_FALSE(service_.LapseOverdue(auth::SystemActor()).ok());
  EXPECT_FALSE(service_.UpdateSettings(kAdmin, {std::optional<int64_t>(30)}).ok());
  EXPECT_EQ(Snapshot(), before);
  EXPECT_EQ(service_.GetSettings(kAdmin)->dues_grace_days, 90);
}

TEST_F(MembershipServiceTest, TheAuditChainVerifiesAfterAMixedWorkload) {
  for (int i = 0; i < 6; ++i) {
    const auto m = ActiveMember(i % 2 ? kBodyProvince : kBodyCommune, "2026-02-01");
    if (i % 3 == 0) {
      ASSERT_TRUE(service_.AddDues(kAdmin, m.id, {"25", "2026-01-01", "2026-12-31", {}}).ok());
    }
    if (i == 4) Do(m.id, Transition::kSuspend, "2026-06-01");
  }
  EXPECT_FALSE(service_.Change(kViewerMou, 1, Transition::kResign, {}).ok());
  ASSERT_TRUE(service_.UpdateSettings(kAdmin, {std::optional<int64_t>(10)}).ok());
  ASSERT_TRUE(service_.LapseOverdue(auth::SystemActor()).ok());
  audit::SqliteAuditLog log(temp_.pool());
  auto verified = log.Verify();
  ASSERT_TRUE(verified.ok());
  EXPECT_FALSE(verified->broken_at) << verified->problem;
  EXPECT_EQ(std::to_string(verified->entries), Scalar("SELECT COUNT(*) FROM audit_log"));
  EXPECT_GT(verified->entries, 20);
}

}  // namespace
}  // namespace tanzim::memberships
