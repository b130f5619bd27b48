#include "mandates/mandate_service.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "audit/sqlite_audit_log.h"
#include "mandates/sqlite_mandate_store.h"
#include "people/sqlite_people_store.h"
#include "store/testing/temp_store.h"
#include "territory/sqlite_territory_store.h"

namespace tanzim::mandates {
namespace {

using auth::Actor;
using auth::Role;
using territory::Kind;
using territory::Territory;

constexpr std::chrono::year_month_day kToday{std::chrono::year(2025), std::chrono::month(6),
                                             std::chrono::day(15)};

Patch<std::string> Set(std::string value) {
  return Patch<std::string>(std::in_place, std::move(value));
}

Territory T(std::string code, Kind kind, std::optional<std::string> parent, std::string path) {
  Territory t;
  t.code = std::move(code);
  t.kind = kind;
  t.name_ar = "تراب";
  t.name_fr = "Territoire";
  t.parent_code = std::move(parent);
  t.path = std::move(path);
  return t;
}

class MandateServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<store::testing::TempStore>("mandates");
    territories_ = std::make_unique<territory::SqliteTerritoryStore>(db_->pool());
    people_store_ = std::make_unique<people::SqlitePeopleStore>(db_->pool());
    mandate_store_ = std::make_unique<SqliteMandateStore>(db_->pool());
    people_ = std::make_unique<people::PeopleService>(*people_store_, *territories_,
                                                      [] { return kToday; });
    service_ = std::make_unique<MandateService>(*mandate_store_, *people_, *territories_,
                                                [] { return kToday; });
    ASSERT_TRUE(territories_
                    ->Write({T("MA-03", Kind::kRegion, std::nullopt, "/MA-03/"),
                             T("MA-FES", Kind::kPrefecture, "MA-03", "/MA-03/MA-FES/"),
                             T("FES-001", Kind::kCommune, "MA-FES", "/MA-03/MA-FES/FES-001/"),
                             T("MA-06", Kind::kRegion, std::nullopt, "/MA-06/"),
                             T("MA-CAS", Kind::kPrefecture, "MA-06", "/MA-06/MA-CAS/"),
                             T("CAS-001", Kind::kCommune, "MA-CAS", "/MA-06/MA-CAS/CAS-001/")})
                    .ok());
    admin_.role = Role::kAdmin;
    admin_.login = "admin";
    fes_.user_id = 7;
    fes_.login = "fes";
    fes_.role = Role::kSecretary;
    fes_.scope = **territories_->Find("MA-FES");
    people::PersonDraft d;
    d.name_ar = Set("خديجة العلوي");
    d.territory_code = Set("FES-001");
    person_ = people_->Create(admin_, d)->id;
  }

  static MandateDraft Draft(std::string institution, std::string territory, std::string role,
                            std::string from) {
    MandateDraft d;
    d.institution = Set(std::move(institution));
    d.territory_code = Set(std::move(territory));
    d.role = Set(std::move(role));
    d.from = Set(std::move(from));
    return d;
  }

  // The mandates' audit trail, oldest first.
  std::vector<audit::Record> Trail() {
    audit::SqliteAuditLog log(db_->pool());
    auto trail = log.List({.object_type = "mandate", .limit = 500});
    EXPECT_TRUE(trail.ok());
    return trail.ok() ? *trail : std::vector<audit::Record>{};
  }

  std::unique_ptr<store::testing::TempStore> db_;
  std::unique_ptr<territory::SqliteTerritoryStore> territories_;
  std::unique_ptr<people::SqlitePeopleStore> people_store_;
  std::unique_ptr<SqliteMandateStore> mandate_store_;
  std::unique_ptr<people::PeopleService> people_;
  std::unique_ptr<MandateService> service_;
  Actor admin_;
  Actor fes_;
  int64_t person_ = 0;
};

TEST_F(MandateServiceTest, CreateReadsBackWithTheHoldersNames) {
  auto m = service_->Create(fes_, person_,
                            Draft("communal_council", "FES-001", "president", "2021-09-08"));
  ASSERT_TRUE(m.ok()) << m.error().message_key();
  EXPECT_GT(m->id, 0);
  EXPECT_EQ(m->name_ar, "خديجة العلوي");
  EXPECT_FALSE(m->name_latin.has_value());
  auto read = service_->Get(fes_, m->id);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->created_at, m->created_at);
}

TEST_F(MandateServiceTest, EveryBrokenRuleIsNamedAtOnce) {
  MandateDraft d = Draft("regional_council", "FES-001", "committee_chair", "2021-13-01");
  d.to = Set("2020-01-01");
  auto m = service_->Create(admin_, person_, d);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(m.error().fields(),
            (std::vector<FieldError>{{"committee", "field.required"},
                                     {"from", "field.date_invalid"},
                                     {"territory_code", "field.territory_institution"}}));
  d = Draft("communal_council", "FES-001", "member", "2021-09-08");
  d.to = Set("2021-09-07");
  m = service_->Create(admin_, person_, d);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().fields(), (std::vector<FieldError>{{"to", "field.date_before_from"}}));
  auto none = service_->List(admin_, {});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->items.empty());
}

TEST_F(MandateServiceTest, ScopeAndCurrentFilterTheList) {
  ASSERT_TRUE(
      service_->Create(admin_, person_, Draft("regional_council", "MA-06", "member", "2015-09-04"))
          .ok());
  MandateDraft ended = Draft("communal_council", "FES-001", "member", "2015-09-04");
  ended.to = Set("2021-09-07");
  ASSERT_TRUE(service_->Create(admin_, person_, ended).ok());
  ASSERT_TRUE(service_
                  ->Create(admin_, person_,
                           Draft("communal_council", "FES-001", "vice_president", "2021-09-08"))
                  .ok());
  auto all = service_->List(admin_, {});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->items.size(), 3u);
  auto fes = service_->List(fes_, {});
  ASSERT_TRUE(fes.ok());
  EXPECT_EQ(fes->items.size(), 2u);
  MandateListRequest current;
  current.current = "true";
  auto now = service_->List(fes_, current);
  ASSERT_TRUE(now.ok());
  ASSERT_EQ(now->items.size(), 1u);
  EXPECT_EQ(now->items[0].role, "vice_president");
  auto of_person = service_->ListForPerson(fes_, person_, std::nullopt, 50);
  ASSERT_TRUE(of_person.ok());
  EXPECT_EQ(of_person->items.size(), 2u);  // the Casablanca-Settat seat is out of scope
  // The regional seat is outside the secretary's scope: absent for them.
  const int64_t regional = all->items[0].id;
  EXPECT_EQ(service_->Get(fes_, regional).error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(service_->Remove(fes_, regional).error().code(), ErrorCode::kNotFound);
  EXPECT_TRUE(service_->Remove(admin_, regional).ok());
}

nlohmann::json Json(const std::optional<std::string>& text) {
  return text ? nlohmann::json::parse(*text) : nlohmann::json(nullptr);
}

TEST_F(MandateServiceTest, CreateUpdateEndAndDeleteAreAudited) {
  auto m =
      service_->Create(fes_, person_, Draft("communal_council", "FES-001", "member", "2021-09-08"));
  ASSERT_TRUE(m.ok());
  MandateDraft promote;
  promote.role = Set("president");
  ASSERT_TRUE(service_->Update(fes_, m->id, promote).ok());
  MandateDraft end;
  end.to = Set("2024-12-31");
  ASSERT_TRUE(service_->Update(admin_, m->id, end).ok());
  MandateDraft correct;
  correct.to = Set("2025-01-31");  // already ended: a correction, not another end
  ASSERT_TRUE(service_->Update(admin_, m->id, correct).ok());
  ASSERT_TRUE(service_->Remove(fes_, m->id).ok());

  const auto trail = Trail();
  std::vector<std::string> actions;
  for (const auto& record : trail) {
    actions.push_back(record.entry.action);
    EXPECT_EQ(record.entry.object_type, "mandate");
    EXPECT_EQ(record.entry.object_id, m->id);
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"mandate.create", "mandate.update", "mandate.end",
                                               "mandate.update", "mandate.delete"}));
  EXPECT_EQ(trail[0].entry.actor_id, 7);
  EXPECT_EQ(trail[0].entry.actor_login, "fes");
  EXPECT_FALSE(trail[0].entry.before);
  EXPECT_EQ(Json(trail[0].entry.after)["name_ar"], "خديجة العلوي");
  EXPECT_EQ(Json(trail[1].entry.before)["role"], "member");
  EXPECT_EQ(Json(trail[1].entry.after)["role"], "president");
  EXPECT_EQ(trail[2].entry.actor_login, "admin");
  EXPECT_FALSE(trail[2].entry.actor_id);
  EXPECT_EQ(Json(trail[2].entry.before)["to"], nullptr);
  EXPECT_EQ(Json(trail[2].entry.after)["to"], "2024-12-31");
  EXPECT_EQ(Json(trail[4].entry.before)["to"], "2025-01-31");
  EXPECT_FALSE(trail[4].entry.after);

  audit::SqliteAuditLog log(db_->pool());
  auto verified = log.Verify();
  ASSERT_TRUE(verified.ok());
  EXPECT_FALSE(verified->broken_at) << verified->problem;
  EXPECT_EQ(verified->entries, 6);  // the person's creation, then the mandate's five
}

TEST_F(MandateServiceTest, RefusedOrFailedWritesLeaveNoAuditEntry) {
  auto m =
      service_->Create(admin_, person_, Draft("regional_council", "MA-06", "member", "2021-09-08"));
  ASSERT_TRUE(m.ok());
  EXPECT_FALSE(
      service_->Create(fes_, person_,
                       Draft("regional_council", "MA-06", "member",
                             "2021-09-08"))
          .ok());  // out of scope
  EXPECT_FALSE(
      service_->Create(admin_, person_,
                       Draft("communal_council", "MA-06", "member",
                             "2021-09-08"))
          .ok());  // a region is no commune
  EXPECT_FALSE(
      service_->Create(admin_, 999,
                       Draft("communal_council", "FES-001", "member",
                             "2021-09-08"))
          .ok());  // no such person
  MandateDraft backwards;
  backwards.to = Set("2020-01-01");
  EXPECT_FALSE(service_->Update(admin_, m->id, backwards).ok());
  EXPECT_FALSE(service_->Update(fes_, m->id, backwards).ok());
  EXPECT_FALSE(service_->Remove(fes_, m->id).ok());
  EXPECT_FALSE(service_->Remove(admin_, 999).ok());
  EXPECT_EQ(Trail().size(), 1u);

  // When the entry cannot be written, the change is not stored either.
  {
    auto conn = db_->pool().Acquire();
    ASSERT_TRUE(conn.ok());
    ASSERT_TRUE((*conn)
                    ->Exec("CREATE TRIGGER audit_refused BEFORE INSERT ON audit_log"
                           " BEGIN SELECT RAISE(ABORT, 'refused'); END")
                    .ok());
  }
  EXPECT_FALSE(
      service_
          ->Create(admin_, person_, Draft("communal_council", "FES-001", "member", "2021-09-08"))
          .ok());
  MandateDraft end;
  end.to = Set("2024-12-31");
  EXPECT_FALSE(service_->Update(admin_, m->id, end).ok());
  EXPECT_FALSE(service_->Remove(admin_, m->id).ok());
  auto all = service_->List(admin_, {});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->items.size(), 1u);
  EXPECT_EQ(all->items[0].to, std::nullopt);
  EXPECT_EQ(all->items[0].updated_at, m->updated_at);
}

}  // namespace
}  // namespace tanzim::mandates
