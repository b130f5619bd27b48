#include "bodies/body_service.h"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "audit/sqlite_audit_log.h"
#include "bodies/body_names.h"
#include "bodies/position_service.h"
#include "bodies/sqlite_body_store.h"
#include "people/people_service.h"
#include "people/sqlite_people_store.h"
#include "store/testing/temp_store.h"
#include "territory/sqlite_territory_store.h"

namespace tanzim {
inline void PrintTo(const FieldError& e, std::ostream* os) {
  *os << "{\"" << e.field << "\", \"" << e.message_key << "\"}";
}
}  // namespace tanzim

namespace tanzim::bodies {
namespace {

using auth::Actor;
using territory::Territory;
namespace tk = territory;

constexpr std::chrono::year_month_day kToday{std::chrono::year(2026), std::chrono::month(11),
                                             std::chrono::day(29)};

Patch<std::string> Set(std::string value) {
  return Patch<std::string>(std::in_place, std::move(value));
}
Patch<std::string> Null() { return Patch<std::string>(std::in_place, std::nullopt); }
Patch<int64_t> SetId(int64_t id) { return Patch<int64_t>(std::in_place, id); }

Territory T(std::string code, tk::Kind kind, std::optional<std::string> parent, std::string path,
            std::string ar, std::string fr) {
  return {std::move(code), kind, std::move(ar), std::move(fr), std::move(parent), std::move(path)};
}

BodyDraft Draft(std::string kind, std::optional<std::string> territory,
                std::optional<int64_t> parent = std::nullopt) {
  BodyDraft d;
  d.kind = Set(std::move(kind));
  if (territory) d.territory_code = Set(*territory);
  if (parent) d.parent_id = SetId(*parent);
  return d;
}

std::vector<FieldError> Fields(const Error& e) { return e.fields(); }

class BodyServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<store::testing::TempStore>("bodies");
    territories_ = std::make_unique<tk::SqliteTerritoryStore>(db_->pool());
    people_store_ = std::make_unique<people::SqlitePeopleStore>(db_->pool());
    store_ = std::make_unique<SqliteBodyStore>(db_->pool());
    people_ = std::make_unique<people::PeopleService>(*people_store_, *territories_,
                                                      [] { return kToday; });
    bodies_ = std::make_unique<BodyService>(*store_, *territories_, [] { return kToday; });
    positions_ = std::make_unique<PositionService>(*store_, *bodies_, *people_);
    ASSERT_TRUE(
        territories_
            ->Write({
                T("MA-03", tk::Kind::kRegion, std::nullopt, "/MA-03/", "فاس مكناس", "Fès-Meknès"),
                T("MA-MOU", tk::Kind::kProvince, "MA-03", "/MA-03/MA-MOU/", "مولاي يعقوب",
                  "Moulay Yacoub"),
                T("MA-SEF", tk::Kind::kProvince, "MA-03", "/MA-03/MA-SEF/", "صفرو", "Sefrou"),
                T("MA-FES", tk::Kind::kPrefecture, "MA-03", "/MA-03/MA-FES/", "فاس", "Fès"),
                T("MOU-AIN", tk::Kind::kCommune, "MA-MOU", "/MA-03/MA-MOU/MOU-AIN/", "عين الشقف",
                  "Aïn Chkef"),
                T("SEF-BHA", tk::Kind::kCommune, "MA-SEF", "/MA-03/MA-SEF/SEF-BHA/", "البهاليل",
                  "Bhalil"),
                T("MA-06", tk::Kind::kRegion, std::nullopt, "/MA-06/", "الدار البيضاء سطات",
                  "Casablanca-Settat"),
            })
            .ok());
    admin_.user_id = 1;
    admin_.role = auth::Role::kAdmin;
    mou_secretary_ = Scoped(auth::Role::kSecretary, "MA-MOU");
    mou_viewer_ = Scoped(auth::Role::kViewer, "MA-MOU");
  }

  Actor Scoped(auth::Role role, const std::string& code) {
    Actor actor;
    actor.user_id = 2;
    actor.role = role;
    actor.scope = **territories_->Find(code);
    return actor;
  }

  Body Make(const Actor& actor, BodyDraft draft) {
    auto body = bodies_->Create(actor, draft);
    EXPECT_TRUE(body.ok()) << (body.ok() ? "" : body.error().message_key());
    return body.ok() ? *body : Body{};
  }

  int64_t Person(const std::string& name, const std::string& territory) {
    people::PersonDraft d;
    d.name_ar = Set(name);
    d.territory_code = Set(territory);
    auto person = people_->Create(admin_, d);
    EXPECT_TRUE(person.ok());
    return person.ok() ? person->id : 0;
  }

  int64_t CountBodies() {
    auto page = bodies_->List(admin_, {.limit = 500});
    return page.ok() ? static_cast<int64_t>(page->items.size()) : -1;
  }

  // National → regional (Fès-Meknès) → provincial (Moulay Yacoub).
  void BuildChain() {
    national_ = Make(admin_, Draft("general_secretariat", std::nullopt));
    regional_ = Make(admin_, Draft("regional_secretariat", "MA-03", national_.id));
    provincial_ = Make(admin_, Draft("provincial_secretariat", "MA-MOU", regional_.id));
  }

  std::unique_ptr<store::testing::TempStore> db_;
  std::unique_ptr<tk::SqliteTerritoryStore> territories_;
  std::unique_ptr<people::SqlitePeopleStore> people_store_;
  std::unique_ptr<SqliteBodyStore> store_;
  std::unique_ptr<people::PeopleService> people_;
  std::unique_ptr<BodyService> bodies_;
  std::unique_ptr<PositionService> positions_;
  Actor admin_, mou_secretary_, mou_viewer_;
  Body national_, regional_, provincial_;
};

TEST(BodyNamesTest, DerivesNamesFromKindAndTerritory) {
  const Territory mou =
      T("MA-MOU", tk::Kind::kProvince, "MA-03", "/MA-03/MA-MOU/", "مولاي يعقوب", "Moulay Yacoub");
  const auto provincial = DeriveNames(Kind::kProvincialSecretariat, mou);
  ASSERT_TRUE(provincial);
  EXPECT_EQ(provincial->ar, "الأمانة الإقليمية بإقليم مولاي يعقوب");
  EXPECT_EQ(provincial->fr, "Secrétariat provincial de Moulay Yacoub");

  const Territory ain = T("MOU-AIN", tk::Kind::kCommune, "MA-MOU", "/MA-03/MA-MOU/MOU-AIN/",
                          "عين الشقف", "Aïn Chkef");
  const auto committee = DeriveNames(Kind::kPreparatoryCommittee, ain, Kind::kLocalSecretariat);
  ASSERT_TRUE(committee);
  EXPECT_EQ(committee->ar, "اللجنة التحضيرية لتأسيس الأمانة المحلية بجماعة عين الشقف");
  EXPECT_EQ(committee->fr, "Comité préparatoire : Secrétariat local d'Aïn Chkef");

  EXPECT_EQ(DeriveNames(Kind::kPoliticalBureau, std::nullopt)->ar, "المكتب السياسي");
  EXPECT_FALSE(DeriveNames(Kind::kPole, std::nullopt));
  EXPECT_FALSE(DeriveNames(Kind::kCommittee, mou));
}

TEST_F(BodyServiceTest, CreatesABodyWithADerivedName) {
  BuildChain();
  EXPECT_EQ(provincial_.name_ar, "الأمانة الإقليمية بإقليم مولاي يعقوب");
  EXPECT_EQ(provincial_.name_fr, "Secrétariat provincial de Moulay Yacoub");
  EXPECT_EQ(provincial_.status, BodyStatus::kActive);
  EXPECT_EQ(provincial_.parent_id, regional_.id);
  auto detail = bodies_->Get(admin_, provincial_.id);
  ASSERT_TRUE(detail.ok());
  ASSERT_EQ(detail->history.size(), 1u);
  EXPECT_EQ(detail->history[0].action, "create");
  EXPECT_EQ(detail->history[0].on, "2026-11-29");
}

TEST_F(BodyServiceTest, AGivenNameWins) {
  BodyDraft pole = Draft("pole", std::nullopt);
  pole.name_ar = Set("  قطب   التنظيم ");
  const Body body = Make(admin_, pole);
  EXPECT_EQ(body.name_ar, "قطب التنظيم");
  EXPECT_EQ(body.name_fr, "قطب التنظيم");  // named in one language only
}

TEST_F(BodyServiceTest, RefusesKindsThatDoNotFitTheTerritory) {
  struct Case {
    const char* kind;
    std::optional<std::string> territory;
    FieldError error;
  } cases[] = {
      {"regional_secretariat", "MA-MOU", {"territory_code", "field.body_territory_level"}},
      {"provincial_secretariat", "MOU-AIN", {"territory_code", "field.body_territory_level"}},
      {"local_secretariat", "MA-MOU", {"territory_code", "field.body_territory_level"}},
      {"local_secretariat", std::nullopt, {"territory_code", "field.body_territory_level"}},
      {"political_bureau", "MA-03", {"territory_code", "field.body_national"}},
      {"party_cell", "MA-03", {"kind", "field.body_kind_invalid"}},
      {"pole", std::nullopt, {"name_ar", "field.name_required"}},
      {"local_secretariat", "MA-XXX", {"territory_code", "field.territory_unknown"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.kind);
    auto body = bodies_->Create(admin_, Draft(c.kind, c.territory));
    ASSERT_FALSE(body.ok());
    EXPECT_EQ(body.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(Fields(body.error()), std::vector<FieldError>{c.error});
  }
  BodyDraft no_kind;
  auto missing = bodies_->Create(admin_, no_kind);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(Fields(missing.error()), (std::vector<FieldError>{{"kind", "field.required"}}));
  EXPECT_EQ(CountBodies(), 0);
  // Sector organizations exist at any level, national included.
  Make(admin_, Draft("womens_organization", std::nullopt));
  Make(admin_, Draft("womens_organization", "MA-MOU"));
  Make(admin_, Draft("youth_organization", "MOU-AIN"));
}

TEST_F(BodyServiceTest, ABodyLiesWithinItsParentsTerritory) {
  BuildChain();
  auto elsewhere = bodies_->Create(admin_, Draft("local_secretariat", "SEF-BHA", provincial_.id));
  ASSERT_FALSE(elsewhere.ok());
  EXPECT_EQ(Fields(elsewhere.error()),
            (std::vector<FieldError>{{"parent_id", "field.parent_territory"}}));
  auto national_under_regional =
      bodies_->Create(admin_, Draft("womens_organization", std::nullopt, regional_.id));
  ASSERT_FALSE(national_under_regional.ok());
  EXPECT_EQ(Fields(national_under_regional.error()),
            (std::vector<FieldError>{{"parent_id", "field.parent_territory"}}));
  auto unknown = bodies_->Create(admin_, Draft("local_secretariat", "MOU-AIN", 9999));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(Fields(unknown.error()),
            (std::vector<FieldError>{{"parent_id", "field.parent_unknown"}}));
  EXPECT_EQ(CountBodies(), 3);
  Make(admin_, Draft("local_secretariat", "MOU-AIN", provincial_.id));
}

TEST_F(BodyServiceTest, OneLiveSecretariatOfAKindPerTerritory) {
  BuildChain();
  auto second = bodies_->Create(admin_, Draft("provincial_secretariat", "MA-MOU", regional_.id));
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code(), ErrorCode::kConflict);
  EXPECT_EQ(Fields(second.error()),
            (std::vector<FieldError>{{"territory_code", "field.secretariat_exists"}}));
  EXPECT_EQ(CountBodies(), 3);
  // Other kinds may share the territory; a dissolved secretariat is history.
  Make(admin_, Draft("womens_organization", "MA-MOU", provincial_.id));
  ASSERT_TRUE(bodies_->Dissolve(admin_, provincial_.id, {"2026-01-10", "renewal"}).ok());
  Make(admin_, Draft("provincial_secretariat", "MA-MOU", regional_.id));
}

TEST_F(BodyServiceTest, LifecycleStepsAreCommandsInOrder) {
  BuildChain();
  BodyDraft draft = Draft("local_secretariat", "MOU-AIN", provincial_.id);
  draft.status = Set("preparatory");
  const Body local = Make(admin_, draft);
  EXPECT_EQ(local.status, BodyStatus::kPreparatory);

  auto early = bodies_->Activate(admin_, local.id, {});
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().code(), ErrorCode::kConflict);
  EXPECT_EQ(Fields(early.error()),
            (std::vector<FieldError>{{"status", "field.status_transition"}}));

  auto future = bodies_->Found(admin_, local.id, {"2026-12-01", std::nullopt});
  ASSERT_FALSE(future.ok());
  EXPECT_EQ(Fields(future.error()), (std::vector<FieldError>{{"on", "field.date_future"}}));
  auto invalid = bodies_->Found(admin_, local.id, {"2026-02-30", std::nullopt});
  ASSERT_FALSE(invalid.ok());
  EXPECT_EQ(Fields(invalid.error()), (std::vector<FieldError>{{"on", "field.date_invalid"}}));

  auto founded = bodies_->Found(admin_, local.id, {"2026-10-04", "congrès constitutif"});
  ASSERT_TRUE(founded.ok());
  EXPECT_EQ(founded->status, BodyStatus::kFounded);
  EXPECT_EQ(founded->founded_on, "2026-10-04");

  auto before = bodies_->Activate(admin_, local.id, {"2026-10-01", std::nullopt});
  ASSERT_FALSE(before.ok());
  EXPECT_EQ(Fields(before.error()),
            (std::vector<FieldError>{{"on", "field.date_before_previous"}}));

  ASSERT_TRUE(bodies_->Activate(admin_, local.id, {"2026-10-20", std::nullopt}).ok());
  auto dissolved = bodies_->Dissolve(admin_, local.id, {std::nullopt, "merged"});
  ASSERT_TRUE(dissolved.ok());
  EXPECT_EQ(dissolved->dissolved_on, "2026-11-29");
  EXPECT_FALSE(bodies_->Dissolve(admin_, local.id, {}).ok());

  auto detail = bodies_->Get(admin_, local.id);
  ASSERT_TRUE(detail.ok());
  std::vector<std::string> actions;
  for (const auto& event : detail->history) actions.push_back(event.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"create", "found", "activate", "dissolve"}));
  EXPECT_EQ(detail->history[1].reason, "congrès constitutif");

  // Every step, and only the steps that happened, is in the audit trail.
  audit::SqliteAuditLog log(db_->pool());
  auto trail = log.List({.object_type = "body", .object_id = local.id});
  ASSERT_TRUE(trail.ok());
  std::vector<std::string> audited;
  for (const auto& record : *trail) audited.push_back(record.entry.action);
  EXPECT_EQ(audited, (std::vector<std::string>{"body.create", "body.found", "body.activate",
                                               "body.dissolve"}));
  EXPECT_FALSE((*trail)[0].entry.before.has_value());
  EXPECT_NE((*trail)[1].entry.before->find("\"preparatory\""), std::string::npos);
  EXPECT_NE((*trail)[1].entry.after->find("\"founded\""), std::string::npos);
  EXPECT_EQ((*trail)[1].entry.actor_id, admin_.user_id);
  auto verified = log.Verify();
  ASSERT_TRUE(verified.ok());
  EXPECT_FALSE(verified->broken_at);
}

TEST_F(BodyServiceTest, StatusIsNotAFreeEdit) {
  BuildChain();
  BodyDraft patch;
  patch.status = Set("dissolved");
  auto edited = bodies_->Update(admin_, provincial_.id, patch);
  ASSERT_FALSE(edited.ok());
  EXPECT_EQ(Fields(edited.error()), (std::vector<FieldError>{{"status", "field.status_command"}}));
  BodyDraft create = Draft("local_secretariat", "MOU-AIN", provincial_.id);
  create.status = Set("dissolved");
  EXPECT_FALSE(bodies_->Create(admin_, create).ok());
  BodyDraft kind;
  kind.kind = Set("youth_organization");
  auto rekinded = bodies_->Update(admin_, provincial_.id, kind);
  ASSERT_FALSE(rekinded.ok());
  EXPECT_EQ(Fields(rekinded.error()), (std::vector<FieldError>{{"kind", "field.immutable"}}));
  EXPECT_EQ(bodies_->Get(admin_, provincial_.id)->body.status, BodyStatus::kActive);
}

TEST_F(BodyServiceTest, PatchRenamesAndRederivesAndRefusesCycles) {
  BuildChain();
  BodyDraft rename;
  rename.name_fr = Set("Secrétariat provincial de Moulay Yaâcoub");
  auto renamed = bodies_->Update(admin_, provincial_.id, rename);
  ASSERT_TRUE(renamed.ok());
  EXPECT_EQ(renamed->name_fr, "Secrétariat provincial de Moulay Yaâcoub");
  EXPECT_EQ(renamed->name_ar, provincial_.name_ar);
  BodyDraft reset;
  reset.name_fr = Null();
  EXPECT_EQ(bodies_->Update(admin_, provincial_.id, reset)->name_fr,
            "Secrétariat provincial de Moulay Yacoub");

  // Two bodies on one territory, the second under the first.
  const Body women = Make(admin_, Draft("womens_organization", "MA-MOU", provincial_.id));
  BodyDraft bureau = Draft("committee", "MA-MOU", women.id);
  bureau.name_ar = Set("لجنة التنظيم");
  const Body committee = Make(admin_, bureau);
  BodyDraft cycle;
  cycle.parent_id = SetId(committee.id);
  auto looped = bodies_->Update(admin_, women.id, cycle);
  ASSERT_FALSE(looped.ok());
  EXPECT_EQ(Fields(looped.error()), (std::vector<FieldError>{{"parent_id", "field.parent_cycle"}}));
  cycle.parent_id = SetId(regional_.id);
  auto self = bodies_->Update(admin_, regional_.id, cycle);
  ASSERT_FALSE(self.ok());
  EXPECT_EQ(Fields(self.error()), (std::vector<FieldError>{{"parent_id", "field.parent_cycle"}}));
  EXPECT_EQ(bodies_->Get(admin_, regional_.id)->body.parent_id, national_.id);
  EXPECT_EQ(bodies_->Get(admin_, women.id)->body.parent_id, provincial_.id);
}

TEST_F(BodyServiceTest, APreparatoryCommitteeFoundsTheLocalSecretariat) {
  BuildChain();
  const Body committee = Make(admin_, Draft("preparatory_committee", "MOU-AIN", provincial_.id));
  EXPECT_EQ(committee.founds_kind, Kind::kLocalSecretariat);
  EXPECT_EQ(committee.name_ar, "اللجنة التحضيرية لتأسيس الأمانة المحلية بجماعة عين الشقف");
  const int64_t coordinator = Person("سعاد العلمي", "MOU-AIN");
  ASSERT_TRUE(positions_
                  ->Create(admin_, committee.id,
                           {SetId(coordinator), Set("coordinator"), Set("2026-09-01"), {}})
                  .ok());

  auto founded = bodies_->Found(admin_, committee.id, {"2026-11-02", std::nullopt});
  ASSERT_TRUE(founded.ok());
  EXPECT_EQ(founded->kind, Kind::kLocalSecretariat);
  EXPECT_EQ(founded->territory_code, "MOU-AIN");
  EXPECT_EQ(founded->parent_id, provincial_.id);
  EXPECT_EQ(founded->status, BodyStatus::kFounded);
  EXPECT_EQ(founded->founded_on, "2026-11-02");
  EXPECT_EQ(founded->name_ar, "الأمانة المحلية بجماعة عين الشقف");

  const Body closed = bodies_->Get(admin_, committee.id)->body;
  EXPECT_EQ(closed.status, BodyStatus::kDissolved);
  EXPECT_EQ(closed.dissolved_on, "2026-11-02");
  EXPECT_EQ(closed.founded_body_id, founded->id);
  // The committee's work ended with it; its history stays.
  auto held = positions_->OfBody(admin_, committee.id);
  ASSERT_TRUE(held.ok());
  ASSERT_EQ(held->size(), 1u);
  EXPECT_EQ((*held)[0].to, "2026-11-02");

  auto again = bodies_->Found(admin_, committee.id, {});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code(), ErrorCode::kConflict);
}

TEST_F(BodyServiceTest, ACommitteeFoundsTheBodyAlreadyInPreparation) {
  BuildChain();
  BodyDraft draft = Draft("local_secretariat", "MOU-AIN", provincial_.id);
  draft.status = Set("preparatory");
  const Body prepared = Make(admin_, draft);
  const Body committee = Make(admin_, Draft("preparatory_committee", "MOU-AIN", provincial_.id));
  auto founded = bodies_->Found(admin_, committee.id, {});
  ASSERT_TRUE(founded.ok());
  EXPECT_EQ(founded->id, prepared.id);
  EXPECT_EQ(founded->status, BodyStatus::kFounded);
  EXPECT_EQ(CountBodies(), 5);
}

TEST_F(BodyServiceTest, ACommitteeCannotFoundWhatAlreadyExists) {
  BuildChain();
  const Body committee = Make(admin_, Draft("preparatory_committee", "MA-MOU", regional_.id));
  EXPECT_EQ(committee.founds_kind, Kind::kProvincialSecretariat);
  auto founded = bodies_->Found(admin_, committee.id, {});
  ASSERT_FALSE(founded.ok());
  EXPECT_EQ(Fields(founded.error()),
            (std::vector<FieldError>{{"founds_kind", "field.already_founded"}}));
  EXPECT_EQ(bodies_->Get(admin_, committee.id)->body.status, BodyStatus::kActive);
  EXPECT_EQ(CountBodies(), 4);

  BodyDraft wrong = Draft("preparatory_committee", "MOU-AIN", provincial_.id);
  wrong.founds_kind = Set("regional_secretariat");
  auto refused = bodies_->Create(admin_, wrong);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(Fields(refused.error()),
            (std::vector<FieldError>{{"founds_kind", "field.body_territory_level"}}));
  BodyDraft not_committee = Draft("youth_organization", "MOU-AIN", provincial_.id);
  not_committee.founds_kind = Set("local_secretariat");
  EXPECT_FALSE(bodies_->Create(admin_, not_committee).ok());
}

TEST_F(BodyServiceTest, ScopedUsersSeeAndChangeOnlyTheirTerritory) {
  BuildChain();
  const Body sefrou = Make(admin_, Draft("provincial_secretariat", "MA-SEF", regional_.id));
  const Body local = Make(mou_secretary_, Draft("local_secretariat", "MOU-AIN", provincial_.id));
  EXPECT_EQ(local.parent_id, provincial_.id);

  auto out = bodies_->Create(mou_secretary_, Draft("local_secretariat", "SEF-BHA", sefrou.id));
  ASSERT_FALSE(out.ok());  // the parent is out of sight, so it reads as unknown
  EXPECT_EQ(Fields(out.error()), (std::vector<FieldError>{{"parent_id", "field.parent_unknown"}}));
  auto orphan = bodies_->Create(mou_secretary_, Draft("local_secretariat", "SEF-BHA"));
  ASSERT_FALSE(orphan.ok());
  EXPECT_EQ(orphan.error().code(), ErrorCode::kPermissionDenied);
  auto national = bodies_->Create(mou_secretary_, Draft("political_bureau", std::nullopt));
  ASSERT_FALSE(national.ok());
  EXPECT_EQ(national.error().code(), ErrorCode::kPermissionDenied);

  EXPECT_EQ(bodies_->Get(mou_secretary_, sefrou.id).error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(bodies_->Get(mou_secretary_, national_.id).error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(bodies_->Dissolve(mou_secretary_, sefrou.id, {}).error().code(), ErrorCode::kNotFound);
  EXPECT_TRUE(bodies_->Get(mou_viewer_, local.id).ok());
  EXPECT_EQ(bodies_->Dissolve(mou_viewer_, local.id, {}).error().code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(bodies_->Create(mou_viewer_, Draft("youth_organization", "MA-MOU")).error().code(),
            ErrorCode::kPermissionDenied);

  auto page = bodies_->List(mou_secretary_, {.limit = 50});
  ASSERT_TRUE(page.ok());
  std::vector<int64_t> ids;
  for (const Body& b : page->items) ids.push_back(b.id);
  EXPECT_EQ(ids, (std::vector<int64_t>{provincial_.id, local.id}));
  auto asked_elsewhere = bodies_->List(mou_secretary_, {.territory = "MA-SEF", .limit = 50});
  ASSERT_TRUE(asked_elsewhere.ok());
  EXPECT_TRUE(asked_elsewhere->items.empty());
}

TEST_F(BodyServiceTest, ListFiltersAndPages) {
  BuildChain();
  Make(admin_, Draft("provincial_secretariat", "MA-SEF", regional_.id));
  Make(admin_, Draft("local_secretariat", "MOU-AIN", provincial_.id));
  auto provincial = bodies_->List(admin_, {.kind = "provincial_secretariat", .limit = 50});
  ASSERT_TRUE(provincial.ok());
  EXPECT_EQ(provincial->items.size(), 2u);
  auto in_region = bodies_->List(admin_, {.territory = "MA-03", .limit = 50});
  EXPECT_EQ(in_region->items.size(), 4u);  // the national body has no territory
  auto children = bodies_->List(admin_, {.parent = std::to_string(regional_.id), .limit = 50});
  EXPECT_EQ(children->items.size(), 2u);

  std::vector<int64_t> seen;
  std::optional<std::string> cursor;
  do {
    auto page = bodies_->List(admin_, {.cursor = cursor, .limit = 2});
    ASSERT_TRUE(page.ok());
    for (const Body& b : page->items) seen.push_back(b.id);
    cursor = page->next_cursor;
  } while (cursor);
  EXPECT_EQ(seen.size(), 5u);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));

  for (const BodyListRequest& bad :
       {BodyListRequest{.kind = "cell"}, BodyListRequest{.status = "asleep"},
        BodyListRequest{.territory = "MA-XX"}, BodyListRequest{.parent = "-1"},
        BodyListRequest{.cursor = "%%%"}}) {
    auto refused = bodies_->List(admin_, bad);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code(), ErrorCode::kInvalidArgument);
  }
}

TEST_F(BodyServiceTest, TreeNestsEverythingBelowABody) {
  BuildChain();
  const Body local = Make(admin_, Draft("local_secretariat", "MOU-AIN", provincial_.id));
  const Body women = Make(admin_, Draft("womens_organization", "MA-MOU", provincial_.id));
  const Body sefrou = Make(admin_, Draft("provincial_secretariat", "MA-SEF", regional_.id));
  auto tree = bodies_->Tree(admin_, national_.id);
  ASSERT_TRUE(tree.ok());
  ASSERT_EQ(tree->children.size(), 1u);
  const BodyTree& region = tree->children[0];
  EXPECT_EQ(region.body.id, regional_.id);
  ASSERT_EQ(region.children.size(), 2u);
  EXPECT_EQ(region.children[0].body.id, provincial_.id);
  EXPECT_EQ(region.children[1].body.id, sefrou.id);
  ASSERT_EQ(region.children[0].children.size(), 2u);
  EXPECT_EQ(region.children[0].children[0].body.id, local.id);
  EXPECT_EQ(region.children[0].children[1].body.id, women.id);

  auto scoped = bodies_->Tree(mou_secretary_, provincial_.id);
  ASSERT_TRUE(scoped.ok());
  EXPECT_EQ(scoped->children.size(), 2u);
  EXPECT_EQ(bodies_->Tree(mou_secretary_, regional_.id).error().code(), ErrorCode::kNotFound);
}

TEST_F(BodyServiceTest, OnlyABodyWithoutHistoryIsDeleted) {
  BuildChain();
  auto busy = bodies_->Remove(admin_, regional_.id);
  ASSERT_FALSE(busy.ok());
  EXPECT_EQ(Fields(busy.error()), (std::vector<FieldError>{{"id", "field.body_has_dependents"}}));
  EXPECT_TRUE(bodies_->Remove(admin_, provincial_.id).ok());
  EXPECT_EQ(bodies_->Get(admin_, provincial_.id).error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(bodies_->Remove(admin_, provincial_.id).error().code(), ErrorCode::kNotFound);
}

class PositionServiceTest : public BodyServiceTest {};

PositionDraft Holder(int64_t person, std::string role, std::string from,
                     std::optional<std::string> to = std::nullopt) {
  PositionDraft d;
  d.person_id = SetId(person);
  d.role = Set(std::move(role));
  d.from = Set(std::move(from));
  if (to) d.to = Set(*to);
  return d;
}

TEST_F(PositionServiceTest, OneSecretaryAtATime) {
  BuildChain();
  const int64_t amina = Person("أمينة", "MA-MOU");
  const int64_t karim = Person("كريم", "MOU-AIN");
  auto first = positions_->Create(admin_, provincial_.id, Holder(amina, "secretary", "2024-01-01"));
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->person_name_ar, "أمينة");
  EXPECT_EQ(first->body_kind, Kind::kProvincialSecretariat);

  auto clash = positions_->Create(admin_, provincial_.id, Holder(karim, "secretary", "2025-03-01"));
  ASSERT_FALSE(clash.ok());
  EXPECT_EQ(clash.error().code(), ErrorCode::kConflict);
  EXPECT_EQ(Fields(clash.error()), (std::vector<FieldError>{{"role", "field.position_taken"}}));
  auto before = positions_->Create(admin_, provincial_.id,
                                   Holder(karim, "treasurer", "2023-01-01", "2024-01-01"));
  ASSERT_TRUE(before.ok());

  // Ending the first term frees the role from the next day.
  PositionDraft end;
  end.to = Set("2025-02-28");
  auto ended = positions_->Update(admin_, first->id, end);
  ASSERT_TRUE(ended.ok());
  EXPECT_EQ(ended->to, "2025-02-28");
  auto overlapping_by_a_day =
      positions_->Create(admin_, provincial_.id, Holder(karim, "secretary", "2025-02-28"));
  EXPECT_FALSE(overlapping_by_a_day.ok());
  ASSERT_TRUE(
      positions_->Create(admin_, provincial_.id, Holder(karim, "secretary", "2025-03-01")).ok());

  // Members are many, but one person is not a member twice at once.
  ASSERT_TRUE(
      positions_->Create(admin_, provincial_.id, Holder(amina, "member", "2024-01-01")).ok());
  auto twice = positions_->Create(admin_, provincial_.id, Holder(amina, "member", "2024-06-01"));
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(Fields(twice.error()), (std::vector<FieldError>{{"role", "field.position_held"}}));

  auto held = positions_->OfBody(admin_, provincial_.id);
  ASSERT_TRUE(held.ok());
  ASSERT_EQ(held->size(), 4u);
  EXPECT_FALSE((*held)[0].to.has_value());  // current holders first
  auto of_amina = positions_->OfPerson(admin_, amina);
  ASSERT_TRUE(of_amina.ok());
  EXPECT_EQ(of_amina->size(), 2u);
}

TEST_F(PositionServiceTest, RefusesBadPositionsAndChangesNothing) {
  BuildChain();
  const int64_t amina = Person("أمينة", "MA-MOU");
  const int64_t elsewhere = Person("سمير", "SEF-BHA");
  struct Case {
    PositionDraft draft;
    FieldError error;
  } cases[] = {
      {Holder(amina, "president", "2024-01-01"), {"role", "field.position_role_invalid"}},
      {Holder(amina, "member", "2024-02-30"), {"from", "field.date_invalid"}},
      {Holder(amina, "member", "2024-02-01", "2024-01-01"), {"to", "field.date_before_from"}},
      {Holder(9999, "member", "2024-01-01"), {"person_id", "field.person_unknown"}},
      {PositionDraft{}, {"person_id", "field.required"}},
  };
  for (const auto& c : cases) {
    auto refused = positions_->Create(admin_, provincial_.id, c.draft);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(Fields(refused.error()).front(), c.error);
  }
  // A person out of the secretary's scope reads as unknown.
  audit::SqliteAuditLog log(db_->pool());
  EXPECT_TRUE(log.List({.object_type = "position"})->empty());  // refusals leave no trace
  auto hidden =
      positions_->Create(mou_secretary_, provincial_.id, Holder(elsewhere, "member", "2024-01-01"));
  ASSERT_FALSE(hidden.ok());
  EXPECT_EQ(Fields(hidden.error()),
            (std::vector<FieldError>{{"person_id", "field.person_unknown"}}));
  EXPECT_EQ(positions_->Create(mou_viewer_, provincial_.id, Holder(amina, "member", "2024-01-01"))
                .error()
                .code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(positions_->Create(mou_secretary_, regional_.id, Holder(amina, "member", "2024-01-01"))
                .error()
                .code(),
            ErrorCode::kNotFound);
  EXPECT_TRUE(positions_->OfBody(admin_, provincial_.id)->empty());
}

TEST_F(PositionServiceTest, DissolvingEndsPositionsAndScopeHidesHigherOnes) {
  BuildChain();
  const int64_t amina = Person("أمينة", "MA-MOU");
  ASSERT_TRUE(positions_->Create(admin_, regional_.id, Holder(amina, "member", "2020-01-01")).ok());
  ASSERT_TRUE(
      positions_->Create(admin_, provincial_.id, Holder(amina, "secretary", "2021-01-01")).ok());
  auto mine = positions_->OfPerson(mou_secretary_, amina);
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ((*mine)[0].body_id, provincial_.id);

  ASSERT_TRUE(bodies_->Dissolve(admin_, provincial_.id, {"2026-06-30", std::nullopt}).ok());
  auto held = positions_->OfBody(admin_, provincial_.id);
  ASSERT_EQ(held->size(), 1u);
  EXPECT_EQ((*held)[0].to, "2026-06-30");
  auto late = positions_->Create(admin_, provincial_.id, Holder(amina, "member", "2026-01-01"));
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(Fields(late.error()),
            (std::vector<FieldError>{{"to", "field.position_after_dissolution"}}));
}

TEST_F(PositionServiceTest, ConcurrentAppointmentsLeaveOneSecretary) {
  BuildChain();
  std::vector<int64_t> candidates;
  for (int i = 0; i < 8; ++i) candidates.push_back(Person("مرشح " + std::to_string(i), "MA-MOU"));
  std::atomic<int> appointed{0};
  std::atomic<int> conflicts{0};
  std::vector<std::thread> threads;
  for (const int64_t person : candidates) {
    threads.emplace_back([&, person] {
      auto result =
          positions_->Create(admin_, provincial_.id, Holder(person, "secretary", "2026-01-01"));
      if (result.ok()) {
        ++appointed;
      } else if (result.error().code() == ErrorCode::kConflict) {
        ++conflicts;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(appointed.load(), 1);
  EXPECT_EQ(conflicts.load(), 7);
  EXPECT_EQ(positions_->OfBody(admin_, provincial_.id)->size(), 1u);
}

}  // namespace
}  // namespace tanzim::bodies
