#include "people/people_service.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "audit/sqlite_audit_log.h"
#include "core/base64.h"
#include "people/sqlite_people_store.h"
#include "store/migrations.h"
#include "store/sqlite.h"
#include "store/testing/temp_store.h"
#include "territory/sqlite_territory_store.h"

namespace tanzim {
// Readable failure output for field errors.
inline void PrintTo(const FieldError& e, std::ostream* os) {
  *os << "{\"" << e.field << "\", \"" << e.message_key << "\"}";
}
}  // namespace tanzim

namespace tanzim::people {
namespace {

namespace fs = std::filesystem;
using auth::Actor;
using auth::Role;
using territory::Kind;
using territory::Territory;

constexpr std::chrono::year_month_day kToday{std::chrono::year(2025), std::chrono::month(6),
                                             std::chrono::day(15)};

Patch<std::string> Set(std::string value) {
  return Patch<std::string>(std::in_place, std::move(value));
}
Patch<std::string> Null() { return Patch<std::string>(std::in_place, std::nullopt); }

PersonDraft Arabic(std::string name_ar, std::string territory_code) {
  PersonDraft d;
  d.name_ar = Set(std::move(name_ar));
  d.territory_code = Set(std::move(territory_code));
  return d;
}

PersonDraft Latin(std::string name_latin, std::string territory_code) {
  PersonDraft d;
  d.name_latin = Set(std::move(name_latin));
  d.territory_code = Set(std::move(territory_code));
  return d;
}

// Every stored field, for comparing whole people.
auto Fields(const Person& p) {
  return std::make_tuple(p.id, p.name_ar, p.name_latin, p.gender, p.birth_date, p.cin, p.phone,
                         p.email, p.territory_code, p.created_at, p.updated_at);
}

std::string Display(const Person& p) { return p.name_ar ? *p.name_ar : p.name_latin.value_or(""); }

class PeopleServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<store::testing::TempStore>("people");
    dir_ = db_->dir();
    pool_ = &db_->pool();
    territories_ = std::make_unique<territory::SqliteTerritoryStore>(*pool_);
    people_ = std::make_unique<SqlitePeopleStore>(*pool_);
    service_ = std::make_unique<PeopleService>(*people_, *territories_, [] { return kToday; });

    // Fès-Meknès with two prefectures and three communes; Casablanca-Settat with one.
    ASSERT_TRUE(territories_
                    ->Write({
                        T("MA-03", Kind::kRegion, std::nullopt, "/MA-03/"),
                        T("MA-FES", Kind::kPrefecture, "MA-03", "/MA-03/MA-FES/"),
                        T("MA-MEK", Kind::kPrefecture, "MA-03", "/MA-03/MA-MEK/"),
                        T("FES-001", Kind::kCommune, "MA-FES", "/MA-03/MA-FES/FES-001/"),
                        T("FES-002", Kind::kCommune, "MA-FES", "/MA-03/MA-FES/FES-002/"),
                        T("MEK-001", Kind::kCommune, "MA-MEK", "/MA-03/MA-MEK/MEK-001/"),
                        T("MA-06", Kind::kRegion, std::nullopt, "/MA-06/"),
                        T("MA-CAS", Kind::kPrefecture, "MA-06", "/MA-06/MA-CAS/"),
                        T("CAS-001", Kind::kCommune, "MA-CAS", "/MA-06/MA-CAS/CAS-001/"),
                    })
                    .ok());
    admin_.role = Role::kAdmin;
    admin_.login = "admin";
    fes_secretary_ = Scoped(Role::kSecretary, "MA-FES");
    fes_viewer_ = Scoped(Role::kViewer, "MA-FES");
    meknes_secretary_ = Scoped(Role::kSecretary, "MA-MEK");
    commune_secretary_ = Scoped(Role::kSecretary, "FES-001");
    region_viewer_ = Scoped(Role::kViewer, "MA-03");
  }

  void TearDown() override {
    service_.reset();
    people_.reset();
    territories_.reset();
    db_.reset();
  }

  static Territory T(std::string code, Kind kind, std::optional<std::string> parent,
                     std::string path) {
    Territory t;
    t.code = std::move(code);
    t.kind = kind;
    t.name_ar = "تراب " + t.code;
    t.name_fr = "Territoire " + t.code;
    t.parent_code = std::move(parent);
    t.path = std::move(path);
    return t;
  }

  Territory Find(const std::string& code) {
    auto found = territories_->Find(code);
    EXPECT_TRUE(found.ok() && found->has_value()) << code;
    return found.ok() && found->has_value() ? **found : Territory{};
  }

  Actor Scoped(Role role, const std::string& code) {
    Actor actor;
    actor.user_id = 42;
    actor.login = "user." + code;
    actor.role = role;
    actor.scope = Find(code);
    return actor;
  }

  Person MustCreate(const PersonDraft& draft) {
    auto person = service_->Create(admin_, draft);
    EXPECT_TRUE(person.ok()) << (person.ok() ? "" : person.error().message_key());
    return person.ok() ? *person : Person{};
  }

  // Every person `actor` lists for `request`, following the cursors.
  std::vector<Person> ListAll(const Actor& actor, ListRequest request) {
    std::vector<Person> all;
    for (int pages = 0; pages < 1000; ++pages) {
      auto page = service_->List(actor, request);
      EXPECT_TRUE(page.ok()) << (page.ok() ? "" : page.error().message_key());
      if (!page.ok()) break;
      EXPECT_LE(static_cast<int>(page->items.size()), request.limit);
      all.insert(all.end(), page->items.begin(), page->items.end());
      if (!page->next_cursor) break;
      request.cursor = page->next_cursor;
    }
    return all;
  }

  std::set<std::string> NamesIn(const Actor& actor, std::optional<std::string> territory,
                                std::optional<std::string> q = std::nullopt) {
    ListRequest request;
    request.territory = std::move(territory);
    request.q = std::move(q);
    request.limit = 3;  // several pages, so filters must hold across cursors
    std::set<std::string> names;
    for (const Person& p : ListAll(actor, request)) names.insert(Display(p));
    return names;
  }

  std::vector<Person> Everyone() {
    ListRequest request;
    request.limit = 500;
    return ListAll(admin_, request);
  }

  // The audit trail of people, oldest first; of one person when `id` is set.
  std::vector<audit::Record> Trail(std::optional<int64_t> id = std::nullopt) {
    audit::SqliteAuditLog log(*pool_);
    auto trail = log.List({.object_type = "person", .object_id = id, .limit = 500});
    EXPECT_TRUE(trail.ok());
    return trail.ok() ? *trail : std::vector<audit::Record>{};
  }

  // The "people.import" entries of bulk creations, oldest first.
  std::vector<audit::Record> ImportTrail() {
    audit::SqliteAuditLog log(*pool_);
    auto trail = log.List({.object_type = "people", .limit = 500});
    EXPECT_TRUE(trail.ok());
    return trail.ok() ? *trail : std::vector<audit::Record>{};
  }

  // Refuses every audit entry, as a full disk or a damaged trail would.
  void BreakAuditTrail() {
    auto conn = pool_->Acquire();
    ASSERT_TRUE(conn.ok());
    ASSERT_TRUE((*conn)
                    ->Exec("CREATE TRIGGER audit_refused BEFORE INSERT ON audit_log"
                           " BEGIN SELECT RAISE(ABORT, 'refused'); END")
                    .ok());
  }

  std::unique_ptr<store::testing::TempStore> db_;
  fs::path dir_;
  store::Pool* pool_ = nullptr;
  std::unique_ptr<territory::SqliteTerritoryStore> territories_;
  std::unique_ptr<SqlitePeopleStore> people_;
  std::unique_ptr<PeopleService> service_;
  Actor admin_;
  Actor fes_secretary_;
  Actor fes_viewer_;
  Actor meknes_secretary_;
  Actor commune_secretary_;
  Actor region_viewer_;
};

// ---- Create and read ----

TEST_F(PeopleServiceTest, CreateStoresTheNormalizedPerson) {
  PersonDraft draft = Arabic("  أمينة   العلوي ", "FES-001");
  draft.name_latin = Set("Amina  Alaoui");
  draft.gender = Set("f");
  draft.birth_date = Set("1985-02-28");
  draft.cin = Set("ab 123456");
  draft.phone = Set("06 12 34 56 78");
  draft.email = Set("Amina@Example.MA");
  auto created = service_->Create(fes_secretary_, draft);
  ASSERT_TRUE(created.ok()) << created.error().message_key();
  EXPECT_GT(created->id, 0);
  EXPECT_EQ(created->name_ar, "أمينة العلوي");
  EXPECT_EQ(created->name_latin, "Amina Alaoui");
  EXPECT_EQ(created->gender, "f");
  EXPECT_EQ(created->birth_date, "1985-02-28");
  EXPECT_EQ(created->cin, "AB123456");
  EXPECT_EQ(created->phone, "+212612345678");
  EXPECT_EQ(created->email, "Amina@example.ma");
  EXPECT_EQ(created->territory_code, "FES-001");
  EXPECT_EQ(created->created_at.size(), 20u);
  EXPECT_EQ(created->created_at, created->updated_at);

  auto read = service_->Get(fes_secretary_, created->id);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(Fields(*read), Fields(*created));
}

TEST_F(PeopleServiceTest, AcceptsEitherNameAProvinceAndALeapDay) {
  PersonDraft latin_only = Latin("Youssef Benali", "MA-FES");  // a prefecture is fine
  latin_only.birth_date = Set("2024-02-29");
  auto a = service_->Create(admin_, latin_only);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->name_ar, std::nullopt);
  EXPECT_EQ(a->territory_code, "MA-FES");
  EXPECT_EQ(a->birth_date, "2024-02-29");

  auto b = service_->Create(admin_, Arabic("يوسف", "CAS-001"));
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->name_latin, std::nullopt);
  EXPECT_EQ(b->cin, std::nullopt);
  EXPECT_NE(a->id, b->id);
}

TEST_F(PeopleServiceTest, EmptyOptionalFieldsMeanNotGiven) {
  PersonDraft draft = Arabic("سعاد", "FES-001");
  draft.cin = Set("");
  draft.phone = Set("   ");
  draft.email = Set("");
  auto person = service_->Create(admin_, draft);
  ASSERT_TRUE(person.ok());
  EXPECT_EQ(person->cin, std::nullopt);
  EXPECT_EQ(person->phone, std::nullopt);
  EXPECT_EQ(person->email, std::nullopt);
}

struct InvalidCase {
  const char* name;
  PersonDraft draft;
  std::vector<FieldError> expected;
};

PersonDraft With(PersonDraft draft, Patch<std::string> PersonDraft::*field, std::string value) {
  draft.*field = Set(std::move(value));
  return draft;
}

TEST_F(PeopleServiceTest, RefusesInvalidDraftsAndStoresNothing) {
  const PersonDraft base = Arabic("سعاد", "FES-001");
  PersonDraft no_name;
  no_name.territory_code = Set("FES-001");
  PersonDraft blank_names = no_name;
  blank_names.name_ar = Set("   ");
  blank_names.name_latin = Set("\t\n");
  PersonDraft null_names = no_name;
  null_names.name_ar = Null();
  null_names.name_latin = Null();
  PersonDraft no_territory;
  no_territory.name_ar = Set("سعاد");
  PersonDraft everything_wrong;
  everything_wrong.gender = Set("x");
  everything_wrong.birth_date = Set("1985-02-30");
  everything_wrong.cin = Set("123");
  everything_wrong.phone = Set("+33612345678");
  everything_wrong.email = Set("amina@");
  everything_wrong.territory_code = Set("MA-03");

  const InvalidCase kCases[] = {
      {"no name",
       no_name,
       {{"name_ar", "field.name_required"}, {"name_latin", "field.name_required"}}},
      {"blank names",
       blank_names,
       {{"name_ar", "field.name_required"}, {"name_latin", "field.name_required"}}},
      {"null names",
       null_names,
       {{"name_ar", "field.name_required"}, {"name_latin", "field.name_required"}}},
      {"control character",
       With(base, &PersonDraft::name_ar, "سعاد\a"),
       {{"name_ar", "field.text_invalid"}}},
      {"name too long",
       With(base, &PersonDraft::name_latin, std::string(201, 'a')),
       {{"name_latin", "field.too_long"}}},
      {"bad gender", With(base, &PersonDraft::gender, "F"), {{"gender", "field.gender_invalid"}}},
      {"30 February",
       With(base, &PersonDraft::birth_date, "1985-02-30"),
       {{"birth_date", "field.date_invalid"}}},
      {"29 February 2023",
       With(base, &PersonDraft::birth_date, "2023-02-29"),
       {{"birth_date", "field.date_invalid"}}},
      {"born tomorrow",
       With(base, &PersonDraft::birth_date, "2025-06-16"),
       {{"birth_date", "field.date_future"}}},
      {"born before 1900",
       With(base, &PersonDraft::birth_date, "1899-12-31"),
       {{"birth_date", "field.date_invalid"}}},
      {"bad date format",
       With(base, &PersonDraft::birth_date, "28/02/1985"),
       {{"birth_date", "field.date_invalid"}}},
      {"bad cin", With(base, &PersonDraft::cin, "ABC12"), {{"cin", "field.cin_invalid"}}},
      {"foreign phone",
       With(base, &PersonDraft::phone, "+33612345678"),
       {{"phone", "field.phone_invalid"}}},
      {"short phone",
       With(base, &PersonDraft::phone, "06 12 34"),
       {{"phone", "field.phone_invalid"}}},
      {"bad email",
       With(base, &PersonDraft::email, "amina@example"),
       {{"email", "field.email_invalid"}}},
      {"no territory", no_territory, {{"territory_code", "field.required"}}},
      {"unknown territory",
       With(no_territory, &PersonDraft::territory_code, "MA-99"),
       {{"territory_code", "field.territory_unknown"}}},
      {"region",
       With(base, &PersonDraft::territory_code, "MA-03"),
       {{"territory_code", "field.territory_kind"}}},
      {"everything wrong",
       everything_wrong,
       {{"name_ar", "field.name_required"},
        {"name_latin", "field.name_required"},
        {"gender", "field.gender_invalid"},
        {"birth_date", "field.date_invalid"},
        {"cin", "field.cin_invalid"},
        {"phone", "field.phone_invalid"},
        {"email", "field.email_invalid"},
        {"territory_code", "field.territory_kind"}}},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    auto person = service_->Create(admin_, c.draft);
    ASSERT_FALSE(person.ok());
    EXPECT_EQ(person.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(person.error().message_key(), "error.invalid");
    EXPECT_EQ(person.error().fields(), c.expected);
  }
  EXPECT_TRUE(Everyone().empty());
  // A name of exactly 200 characters is fine.
  EXPECT_TRUE(
      service_->Create(admin_, With(base, &PersonDraft::name_ar, std::string(200, 'a'))).ok());
}

TEST_F(PeopleServiceTest, GetUnknownOrOutOfScopeIsNotFound) {
  const Person p = MustCreate(Arabic("أمينة", "FES-001"));
  for (const Actor* actor :
       {&admin_, &fes_secretary_, &fes_viewer_, &commune_secretary_, &region_viewer_}) {
    EXPECT_TRUE(service_->Get(*actor, p.id).ok()) << actor->login;
  }
  auto hidden = service_->Get(meknes_secretary_, p.id);
  ASSERT_FALSE(hidden.ok());
  EXPECT_EQ(hidden.error().code(), ErrorCode::kNotFound);
  auto missing = service_->Get(admin_, p.id + 1000);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
}

// ---- Update and delete ----

TEST_F(PeopleServiceTest, PatchKeepsAbsentClearsNullAndReplacesValues) {
  PersonDraft draft = Arabic("أمينة", "FES-001");
  draft.name_latin = Set("Amina");
  draft.phone = Set("0612345678");
  draft.email = Set("amina@example.ma");
  draft.cin = Set("AB1");
  const Person before = MustCreate(draft);

  PersonDraft patch;
  patch.name_latin = Set("Amina Alaoui");
  patch.email = Null();
  patch.cin = Set("cd 99");
  auto after = service_->Update(fes_secretary_, before.id, patch);
  ASSERT_TRUE(after.ok()) << after.error().message_key();
  EXPECT_EQ(after->id, before.id);
  EXPECT_EQ(after->name_ar, "أمينة");        // absent: kept
  EXPECT_EQ(after->phone, "+212612345678");  // absent: kept
  EXPECT_EQ(after->name_latin, "Amina Alaoui");
  EXPECT_EQ(after->email, std::nullopt);  // null: cleared
  EXPECT_EQ(after->cin, "CD99");          // normalized like on create
  EXPECT_EQ(after->territory_code, "FES-001");
  EXPECT_EQ(after->created_at, before.created_at);
  EXPECT_GE(after->updated_at, before.updated_at);

  auto read = service_->Get(admin_, before.id);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(Fields(*read), Fields(*after));
}

TEST_F(PeopleServiceTest, PatchCannotLeaveAPersonWithoutNameOrTerritory) {
  PersonDraft draft = Arabic("أمينة", "FES-001");
  draft.name_latin = Set("Amina");
  const Person before = MustCreate(draft);

  PersonDraft drop_one;
  drop_one.name_ar = Null();
  auto one = service_->Update(admin_, before.id, drop_one);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->name_ar, std::nullopt);

  PersonDraft drop_other;
  drop_other.name_latin = Set("  ");
  auto none = service_->Update(admin_, before.id, drop_other);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().fields(),
            (std::vector<FieldError>{{"name_ar", "field.name_required"},
                                     {"name_latin", "field.name_required"}}));
  PersonDraft no_territory;
  no_territory.territory_code = Null();
  auto homeless = service_->Update(admin_, before.id, no_territory);
  ASSERT_FALSE(homeless.ok());
  EXPECT_EQ(homeless.error().fields(),
            (std::vector<FieldError>{{"territory_code", "field.required"}}));

  auto read = service_->Get(admin_, before.id);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(Fields(*read), Fields(*one));
}

TEST_F(PeopleServiceTest, UpdateOrDeleteUnknownIsNotFound) {
  PersonDraft patch;
  patch.name_ar = Set("x");
  auto updated = service_->Update(admin_, 999, patch);
  ASSERT_FALSE(updated.ok());
  EXPECT_EQ(updated.error().code(), ErrorCode::kNotFound);
  Status removed = service_->Remove(admin_, 999);
  ASSERT_FALSE(removed.ok());
  EXPECT_EQ(removed.error().code(), ErrorCode::kNotFound);
}

TEST_F(PeopleServiceTest, DeleteRemovesThePerson) {
  const Person keep = MustCreate(Arabic("بدر", "FES-001"));
  const Person gone = MustCreate(Arabic("أمينة", "FES-001"));
  ASSERT_TRUE(service_->Remove(commune_secretary_, gone.id).ok());
  auto read = service_->Get(admin_, gone.id);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code(), ErrorCode::kNotFound);
  Status again = service_->Remove(admin_, gone.id);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code(), ErrorCode::kNotFound);
  const auto everyone = Everyone();
  ASSERT_EQ(everyone.size(), 1u);
  EXPECT_EQ(everyone[0].id, keep.id);
  // Ids are never handed out twice, even after the newest row is deleted.
  EXPECT_GT(MustCreate(Arabic("جمال", "FES-001")).id, gone.id);
}

// ---- Permissions ----

TEST_F(PeopleServiceTest, ViewerCanReadButNotWrite) {
  const Person p = MustCreate(Arabic("أمينة", "FES-001"));
  EXPECT_TRUE(service_->Get(fes_viewer_, p.id).ok());

  auto created = service_->Create(fes_viewer_, Arabic("بدر", "FES-001"));
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().code(), ErrorCode::kPermissionDenied);

  PersonDraft patch;
  patch.name_ar = Set("تغيير");
  auto updated = service_->Update(fes_viewer_, p.id, patch);
  ASSERT_FALSE(updated.ok());
  EXPECT_EQ(updated.error().code(), ErrorCode::kPermissionDenied);

  Status removed = service_->Remove(region_viewer_, p.id);
  ASSERT_FALSE(removed.ok());
  EXPECT_EQ(removed.error().code(), ErrorCode::kPermissionDenied);

  auto many = service_->CreateMany(fes_viewer_, {Arabic("جمال", "FES-001")});
  ASSERT_FALSE(many.ok());
  EXPECT_EQ(many.error().code(), ErrorCode::kPermissionDenied);

  const auto everyone = Everyone();
  ASSERT_EQ(everyone.size(), 1u);
  EXPECT_EQ(Fields(everyone[0]), Fields(p));
}

TEST_F(PeopleServiceTest, SectorCoordinatorsMayNotCreatePeopleForTheirRole) {
  Actor coordinator = Scoped(Role::kSectorCoordinator, "MA-FES");
  coordinator.sector = "womens_organization";
  auto viewer = service_->Create(fes_viewer_, Arabic("بدر", "FES-001"));
  ASSERT_FALSE(viewer.ok());
  // In scope or not, the role is the reason: the viewer's refusal, no field.
  for (const std::string code : {"FES-001", "MEK-001"}) {
    auto created = service_->Create(coordinator, Arabic("بدر", code));
    ASSERT_FALSE(created.ok()) << code;
    EXPECT_EQ(created.error().code(), viewer.error().code());
    EXPECT_EQ(created.error().message_key(), viewer.error().message_key());
    EXPECT_EQ(created.error().fields(), std::vector<FieldError>{}) << code;
  }
  EXPECT_TRUE(Everyone().empty());
}

TEST_F(PeopleServiceTest, OutOfScopeWritesAreRefusedAndChangeNothing) {
  const Person fes = MustCreate(Arabic("أمينة", "FES-001"));
  const Person meknes = MustCreate(Arabic("بدر", "MEK-001"));

  // Creating outside the scope, or above it.
  for (const auto& [actor, code] : std::vector<std::pair<const Actor*, std::string>>{
           {&fes_secretary_, "MEK-001"},
           {&fes_secretary_, "CAS-001"},
           {&commune_secretary_, "MA-FES"},
           {&commune_secretary_, "FES-002"},
       }) {
    SCOPED_TRACE(actor->login + " → " + code);
    auto created = service_->Create(*actor, Arabic("جمال", code));
    ASSERT_FALSE(created.ok());
    EXPECT_EQ(created.error().code(), ErrorCode::kPermissionDenied);
    EXPECT_EQ(created.error().fields(),
              (std::vector<FieldError>{{"territory_code", "field.out_of_scope"}}));
  }

  // Changing or deleting someone outside the scope: that person is not visible.
  PersonDraft rename;
  rename.name_ar = Set("تغيير");
  auto updated = service_->Update(fes_secretary_, meknes.id, rename);
  ASSERT_FALSE(updated.ok());
  EXPECT_EQ(updated.error().code(), ErrorCode::kNotFound);
  Status removed = service_->Remove(fes_secretary_, meknes.id);
  ASSERT_FALSE(removed.ok());
  EXPECT_EQ(removed.error().code(), ErrorCode::kNotFound);

  // Moving someone in scope out of it.
  PersonDraft move;
  move.territory_code = Set("MEK-001");
  auto moved = service_->Update(fes_secretary_, fes.id, move);
  ASSERT_FALSE(moved.ok());
  EXPECT_EQ(moved.error().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(moved.error().fields(),
            (std::vector<FieldError>{{"territory_code", "field.out_of_scope"}}));

  // A bulk load fails whole when one draft is out of scope.
  auto many =
      service_->CreateMany(fes_secretary_, {Arabic("جمال", "FES-002"), Arabic("دعاء", "MEK-001")});
  ASSERT_FALSE(many.ok());
  EXPECT_EQ(many.error().code(), ErrorCode::kPermissionDenied);

  const auto everyone = Everyone();
  ASSERT_EQ(everyone.size(), 2u);
  std::map<int64_t, Person> by_id;
  for (const Person& p : everyone) by_id[p.id] = p;
  EXPECT_EQ(Fields(by_id[fes.id]), Fields(fes));
  EXPECT_EQ(Fields(by_id[meknes.id]), Fields(meknes));

  // Within the scope the same secretary may move someone between its communes.
  move.territory_code = Set("FES-002");
  auto inside = service_->Update(fes_secretary_, fes.id, move);
  ASSERT_TRUE(inside.ok());
  EXPECT_EQ(inside->territory_code, "FES-002");
}

// ---- CIN uniqueness ----

TEST_F(PeopleServiceTest, DuplicateCinIsAConflictNamingCin) {
  PersonDraft first = Arabic("أمينة", "FES-001");
  first.cin = Set("AB123456");
  const Person a = MustCreate(first);
  const Person b = MustCreate(Arabic("بدر", "FES-002"));   // no CIN
  const Person c = MustCreate(Arabic("جمال", "FES-002"));  // no CIN either: allowed

  PersonDraft same = Arabic("دعاء", "MEK-001");
  same.cin = Set("ab 123456");  // the same number, written differently
  auto created = service_->Create(admin_, same);
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().code(), ErrorCode::kConflict);
  EXPECT_EQ(created.error().fields(), (std::vector<FieldError>{{"cin", "field.cin_taken"}}));

  PersonDraft take;
  take.cin = Set("AB123456");
  take.name_latin = Set("Badr");
  auto updated = service_->Update(admin_, b.id, take);
  ASSERT_FALSE(updated.ok());
  EXPECT_EQ(updated.error().code(), ErrorCode::kConflict);
  EXPECT_EQ(updated.error().fields(), (std::vector<FieldError>{{"cin", "field.cin_taken"}}));

  auto many = service_->CreateMany(admin_, {Arabic("هدى", "FES-001"), same});
  ASSERT_FALSE(many.ok());
  EXPECT_EQ(many.error().code(), ErrorCode::kConflict);

  const auto everyone = Everyone();
  ASSERT_EQ(everyone.size(), 3u);
  auto unchanged = service_->Get(admin_, b.id);
  ASSERT_TRUE(unchanged.ok());
  EXPECT_EQ(Fields(*unchanged), Fields(b));

  // Once the holder is gone, the number is free again.
  ASSERT_TRUE(service_->Remove(admin_, a.id).ok());
  auto reused = service_->Update(admin_, c.id, take);
  ASSERT_TRUE(reused.ok());
  EXPECT_EQ(reused->cin, "AB123456");
}

// ---- Lists ----

TEST_F(PeopleServiceTest, TerritoryFilterIncludesEverythingBelow) {
  ASSERT_TRUE(service_
                  ->CreateMany(admin_, {Arabic("أمينة", "FES-001"), Arabic("بدر", "FES-001"),
                                        Arabic("جمال", "FES-002"), Arabic("دعاء", "MA-FES"),
                                        Arabic("هدى", "MEK-001"), Arabic("زكرياء", "MA-MEK"),
                                        Arabic("وليد", "CAS-001")})
                  .ok());
  using Names = std::set<std::string>;
  const Names fes = {"أمينة", "بدر", "جمال", "دعاء"};
  const Names meknes = {"هدى", "زكرياء"};
  struct Case {
    std::optional<std::string> territory;
    Names expected;
  };
  const Case kCases[] = {
      {std::nullopt, {"أمينة", "بدر", "جمال", "دعاء", "هدى", "زكرياء", "وليد"}},
      {"MA-03", {"أمينة", "بدر", "جمال", "دعاء", "هدى", "زكرياء"}},
      {"MA-FES", fes},
      {"FES-001", {"أمينة", "بدر"}},
      {"FES-002", {"جمال"}},
      {"MA-MEK", meknes},
      {"MEK-001", {"هدى"}},
      {"MA-06", {"وليد"}},
      {"MA-CAS", {"وليد"}},
      {"CAS-001", {"وليد"}},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(NamesIn(admin_, c.territory), c.expected) << c.territory.value_or("everywhere");
  }

  ListRequest unknown;
  unknown.territory = "MA-99";
  auto page = service_->List(admin_, unknown);
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(page.error().fields(),
            (std::vector<FieldError>{{"territory", "field.territory_unknown"}}));
}

TEST_F(PeopleServiceTest, ListsShowOnlyTheActorsScope) {
  ASSERT_TRUE(service_
                  ->CreateMany(admin_, {Arabic("أمينة", "FES-001"), Arabic("بدر", "FES-001"),
                                        Arabic("جمال", "FES-002"), Arabic("دعاء", "MA-FES"),
                                        Arabic("هدى", "MEK-001"), Arabic("وليد", "CAS-001")})
                  .ok());
  using Names = std::set<std::string>;
  Actor unscoped;
  unscoped.role = Role::kSecretary;
  struct Case {
    const char* name;
    const Actor* actor;
    std::optional<std::string> territory;
    Names expected;
  };
  const Case kCases[] = {
      {"secretary, everywhere", &fes_secretary_, std::nullopt, {"أمينة", "بدر", "جمال", "دعاء"}},
      {"secretary, its region", &fes_secretary_, "MA-03", {"أمينة", "بدر", "جمال", "دعاء"}},
      {"secretary, a commune", &fes_secretary_, "FES-002", {"جمال"}},
      {"secretary, a sibling", &fes_secretary_, "MA-MEK", {}},
      {"secretary, elsewhere", &fes_secretary_, "MA-06", {}},
      {"viewer, everywhere", &fes_viewer_, std::nullopt, {"أمينة", "بدر", "جمال", "دعاء"}},
      {"commune secretary", &commune_secretary_, std::nullopt, {"أمينة", "بدر"}},
      {"commune secretary, province", &commune_secretary_, "MA-FES", {"أمينة", "بدر"}},
      {"region viewer", &region_viewer_, std::nullopt, {"أمينة", "بدر", "جمال", "دعاء", "هدى"}},
      {"no scope", &unscoped, std::nullopt, {}},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(NamesIn(*c.actor, c.territory), c.expected) << c.name;
  }
}

TEST_F(PeopleServiceTest, SearchMatchesEitherScriptIgnoringCaseAndMarks) {
  auto both = [](std::string ar, std::string latin, std::string code) {
    PersonDraft d = Arabic(std::move(ar), std::move(code));
    d.name_latin = Set(std::move(latin));
    return d;
  };
  ASSERT_TRUE(
      service_
          ->CreateMany(admin_, {both("أحمد بناني", "Ahmed Bennani", "FES-001"),
                                both("مُحَمَّد العلوي", "Mohamed Alaoui", "FES-002"),
                                Latin("AHMED Tazi", "MEK-001"),
                                both("فاطمة الزهراء", "Fatima-Zahra El Fassi", "CAS-001"),
                                Latin("Ali_Baba", "FES-001"), Latin("Ali Baba", "FES-001"),
                                Latin("100% Bio", "FES-001"), Latin("Émile Durand", "FES-001")})
          .ok());
  using Names = std::set<std::string>;
  struct Case {
    std::string q;
    std::optional<std::string> territory;
    Names expected;
  };
  const Case kCases[] = {
      {"ahmed", std::nullopt, {"أحمد بناني", "AHMED Tazi"}},
      {"AHMED", std::nullopt, {"أحمد بناني", "AHMED Tazi"}},
      {"احمد", std::nullopt, {"أحمد بناني"}},  // hamza folded away
      {"أحمد", std::nullopt, {"أحمد بناني"}},
      {"محمد", std::nullopt, {"مُحَمَّد العلوي"}},  // harakat ignored
      {"مُحَمَّد", std::nullopt, {"مُحَمَّد العلوي"}},
      {"alaoui", std::nullopt, {"مُحَمَّد العلوي"}},
      {"emile", std::nullopt, {"Émile Durand"}},
      {"ÉMILE", std::nullopt, {"Émile Durand"}},
      {"zahra el", std::nullopt, {"فاطمة الزهراء"}},
      {"  bennani  ", std::nullopt, {"أحمد بناني"}},
      {"ali_", std::nullopt, {"Ali_Baba"}},  // '_' is a character, not a wildcard
      {"%", std::nullopt, {"100% Bio"}},
      {"nobody", std::nullopt, {}},
      {"ahmed", "MA-FES", {"أحمد بناني"}},
      {"ahmed", "MEK-001", {"AHMED Tazi"}},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(NamesIn(admin_, c.territory, c.q), c.expected) << c.q;
  }
  EXPECT_EQ(NamesIn(meknes_secretary_, std::nullopt, "ahmed"), Names{"AHMED Tazi"});
  EXPECT_EQ(NamesIn(admin_, std::nullopt, "   ").size(), 8u);  // blank: no filter
  EXPECT_EQ(NamesIn(admin_, std::nullopt, std::string(100, 'a')), Names{});
}

TEST_F(PeopleServiceTest, SearchRefusesBadQueries) {
  const struct {
    std::string q;
    FieldError expected;
  } kCases[] = {
      {"a\tb", {"q", "field.text_invalid"}},
      {"a\x1f", {"q", "field.text_invalid"}},
      {"bad\xFFutf8", {"q", "field.text_invalid"}},
      {std::string(101, 'a'), {"q", "field.too_long"}},
  };
  for (const auto& c : kCases) {
    ListRequest request;
    request.q = c.q;
    auto page = service_->List(admin_, request);
    ASSERT_FALSE(page.ok());
    EXPECT_EQ(page.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(page.error().fields(), std::vector<FieldError>{c.expected});
  }
}

// Names in ICU's Arabic order: alef with madda first (CLDR gives it its own
// place), then the other alef forms sorted by the letters after them, one name
// per letter from ب to ي, then the names that have only Latin script.
const std::vector<std::string> kSortedNames = {
    "آمنة الفاسي", "إبراهيم الإدريسي",
    "أحمد العلوي", "احمد العلوي",
    "بشرى التازي", "توفيق",
    "ثريا",        "جميلة",
    "حسن",         "خديجة",
    "دنيا",        "ذكرى",
    "رشيد",        "زينب",
    "سعاد",        "شيماء",
    "صفاء",        "ضحى",
    "طارق",        "ظريفة",
    "عمر",         "غيثة",
    "فاطمة",       "قاسم",
    "كريم",        "لطيفة",
    "مريم",        "مريم",
    "مريم",        "نادية",
    "هشام",        "وفاء",
    "ياسين",       "يوسف",
    "amine",       "Amine",
    "Émile",       "Omar",
    "Zineb",
};

bool IsLatinOnly(const std::string& name) {
  return static_cast<unsigned char>(name[0]) < 0x80 || name.starts_with("É");
}

// Creates kSortedNames in a scrambled order (so ids do not follow names).
void CreateSortedNamesScrambled(PeopleService& service, const Actor& admin) {
  std::vector<std::string> scrambled = kSortedNames;
  for (size_t i = 0; i < scrambled.size(); ++i) {
    std::swap(scrambled[i], scrambled[(i * 7 + 3) % scrambled.size()]);
  }
  std::vector<PersonDraft> drafts;
  for (const std::string& name : scrambled) {
    drafts.push_back(IsLatinOnly(name) ? Latin(name, "FES-001") : Arabic(name, "FES-001"));
  }
  ASSERT_TRUE(service.CreateMany(admin, drafts).ok());
}

TEST_F(PeopleServiceTest, PagesFollowArabicCollationWithoutDuplicatesOrGaps) {
  CreateSortedNamesScrambled(*service_, admin_);
  for (const int limit : {1, 7, 13, 39, 40, 500}) {
    SCOPED_TRACE(limit);
    ListRequest request;
    request.limit = limit;
    request.territory = "MA-FES";
    const std::vector<Person> all = ListAll(admin_, request);
    std::vector<std::string> names;
    std::set<int64_t> ids;
    for (const Person& p : all) {
      names.push_back(Display(p));
      ids.insert(p.id);
    }
    EXPECT_EQ(names, kSortedNames);
    EXPECT_EQ(ids.size(), kSortedNames.size());  // no one twice
    // Equal names come in id order.
    std::vector<int64_t> maryam;
    for (const Person& p : all) {
      if (Display(p) == "مريم") maryam.push_back(p.id);
    }
    EXPECT_EQ(maryam.size(), 3u);
    EXPECT_TRUE(std::is_sorted(maryam.begin(), maryam.end()));
  }
}

TEST_F(PeopleServiceTest, LastPageHasNoCursorAndPagesAreRepeatable) {
  CreateSortedNamesScrambled(*service_, admin_);
  ListRequest request;
  request.limit = static_cast<int>(kSortedNames.size());
  auto page = service_->List(admin_, request);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->items.size(), kSortedNames.size());
  EXPECT_EQ(page->next_cursor, std::nullopt);

  request.limit = 10;
  auto first = service_->List(admin_, request);
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(first->next_cursor.has_value());
  request.cursor = first->next_cursor;
  auto second = service_->List(admin_, request);
  auto second_again = service_->List(admin_, request);
  ASSERT_TRUE(second.ok() && second_again.ok());
  ASSERT_EQ(second->items.size(), 10u);
  ASSERT_EQ(second_again->items.size(), 10u);
  for (size_t i = 0; i < 10; ++i) EXPECT_EQ(second->items[i].id, second_again->items[i].id);
  EXPECT_EQ(second->next_cursor, second_again->next_cursor);
  EXPECT_EQ(Display(second->items[0]), kSortedNames[10]);
}

TEST_F(PeopleServiceTest, PagesStayStableWhileOthersWrite) {
  CreateSortedNamesScrambled(*service_, admin_);
  ListRequest request;
  request.limit = 8;
  auto first = service_->List(admin_, request);
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(first->next_cursor.has_value());
  // Meanwhile: someone sorting before the cursor arrives, someone already
  // shown leaves, and someone sorting after the cursor arrives.
  MustCreate(Arabic("ابتسام", "FES-001"));
  ASSERT_TRUE(service_->Remove(admin_, first->items[2].id).ok());
  MustCreate(Arabic("سلمى", "FES-001"));

  request.cursor = first->next_cursor;
  std::vector<std::string> rest;
  for (const Person& p : ListAll(admin_, request)) rest.push_back(Display(p));
  std::vector<std::string> expected(kSortedNames.begin() + 8, kSortedNames.end());
  expected.insert(std::find(expected.begin(), expected.end(), "شيماء"), "سلمى");
  EXPECT_EQ(rest, expected);
}

TEST_F(PeopleServiceTest, RefusesBadCursors) {
  MustCreate(Arabic("أمينة", "FES-001"));
  const std::string zero_id = Base64UrlEncode(std::string(8, '\0') + "key");
  const std::string huge_id = Base64UrlEncode(std::string(8, '\xFF') + "key");
  for (const std::string& cursor : {std::string("!!!"), std::string("AAAA"), std::string(""),
                                    zero_id, huge_id, std::string("Zg==")}) {
    ListRequest request;
    request.cursor = cursor;
    auto page = service_->List(admin_, request);
    ASSERT_FALSE(page.ok()) << cursor;
    EXPECT_EQ(page.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(page.error().fields(), (std::vector<FieldError>{{"cursor", "field.cursor_invalid"}}));
  }
}

TEST_F(PeopleServiceTest, RefusesALimitOutsideOneTo500) {
  MustCreate(Arabic("أمينة", "FES-001"));
  for (const int limit : {0, -1, kMaxPageSize + 1, std::numeric_limits<int>::max()}) {
    ListRequest request;
    request.limit = limit;
    auto page = service_->List(admin_, request);
    ASSERT_FALSE(page.ok()) << limit;
    EXPECT_EQ(page.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(page.error().fields(), (std::vector<FieldError>{{"limit", "field.limit_invalid"}}));
  }
}

// ---- Territory moves ----

TEST_F(PeopleServiceTest, ResidentsFollowAMovedCommune) {
  const Person p = MustCreate(Arabic("جمال", "FES-002"));
  auto written =
      territories_->Write({T("FES-002", Kind::kCommune, "MA-MEK", "/MA-03/MA-MEK/FES-002/")});
  ASSERT_TRUE(written.ok());
  EXPECT_EQ(written->updated, 1);
  EXPECT_EQ(NamesIn(admin_, "MA-MEK"), std::set<std::string>{"جمال"});
  EXPECT_TRUE(NamesIn(admin_, "MA-FES").empty());
  EXPECT_EQ(NamesIn(meknes_secretary_, std::nullopt), std::set<std::string>{"جمال"});
  auto read = service_->Get(meknes_secretary_, p.id);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->territory_code, "FES-002");
}

TEST_F(PeopleServiceTest, ResidentsFollowAMovedProvince) {
  MustCreate(Arabic("وليد", "CAS-001"));
  MustCreate(Arabic("سناء", "MA-CAS"));
  auto written = territories_->Write({T("MA-CAS", Kind::kPrefecture, "MA-03", "/MA-03/MA-CAS/")});
  ASSERT_TRUE(written.ok());
  EXPECT_EQ(Find("CAS-001").path, "/MA-03/MA-CAS/CAS-001/");
  EXPECT_EQ(NamesIn(admin_, "MA-03").count("وليد"), 1u);
  EXPECT_EQ(NamesIn(admin_, "MA-03").count("سناء"), 1u);
  EXPECT_TRUE(NamesIn(admin_, "MA-06").empty());
  EXPECT_EQ(NamesIn(region_viewer_, "CAS-001"), std::set<std::string>{"وليد"});
}

// ---- Concurrency ----

TEST_F(PeopleServiceTest, ConcurrentPatchesLoseNoField) {
  PersonDraft draft = Arabic("أمينة", "FES-001");
  draft.name_latin = Set("Amina");
  const Person p = MustCreate(draft);
  constexpr int kRounds = 8;
  // Each thread owns one field and writes it kRounds times.
  const std::vector<std::function<PersonDraft(int)>> writers = {
      [](int i) {
        PersonDraft d;
        d.name_latin = Set("Amina " + std::to_string(i));
        return d;
      },
      [](int i) {
        PersonDraft d;
        d.email = Set("amina" + std::to_string(i) + "@example.ma");
        return d;
      },
      [](int i) {
        PersonDraft d;
        d.phone = Set("06 12 34 56 0" + std::to_string(i));
        return d;
      },
      [](int i) {
        PersonDraft d;
        d.birth_date = Set("1980-01-0" + std::to_string(i + 1));
        return d;
      },
  };
  std::vector<std::string> failures(writers.size());
  std::vector<std::thread> threads;
  for (size_t t = 0; t < writers.size(); ++t) {
    threads.emplace_back([&, t] {
      const Actor& actor = t % 2 == 0 ? admin_ : fes_secretary_;
      for (int i = 0; i < kRounds; ++i) {
        auto updated = service_->Update(actor, p.id, writers[t](i));
        if (!updated.ok()) {
          failures[t] += updated.error().message_key() + " " + updated.error().log_detail() + "; ";
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures, std::vector<std::string>(writers.size()));
  auto read = service_->Get(admin_, p.id);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->name_ar, "أمينة");
  EXPECT_EQ(read->name_latin, "Amina 7");
  EXPECT_EQ(read->email, "amina7@example.ma");
  EXPECT_EQ(read->phone, "+212612345607");
  EXPECT_EQ(read->birth_date, "1980-01-08");
  EXPECT_EQ(read->territory_code, "FES-001");
}

TEST_F(PeopleServiceTest, ConcurrentCreatesAndReadsAllSucceed) {
  constexpr int kThreads = 4;
  constexpr int kEach = 6;
  std::vector<std::string> failures(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        PersonDraft d = Latin("Person " + std::to_string(t) + "-" + std::to_string(i),
                              t % 2 == 0 ? "FES-001" : "MEK-001");
        d.cin = Set("T" + std::to_string(t * 100 + i));
        auto created = service_->Create(admin_, d);
        if (!created.ok()) {
          failures[t] += created.error().message_key() + "; ";
          continue;
        }
        auto read = service_->Get(admin_, created->id);
        if (!read.ok() || read->cin != d.cin->value()) failures[t] += "read back; ";
        ListRequest request;
        request.q = "person " + std::to_string(t) + "-" + std::to_string(i);
        auto page = service_->List(admin_, request);
        if (!page.ok() || page->items.size() != 1) failures[t] += "list; ";
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures, std::vector<std::string>(kThreads));
  EXPECT_EQ(Everyone().size(), static_cast<size_t>(kThreads * kEach));
}

// ---- Audit trail ----

nlohmann::json Json(const std::optional<std::string>& text) {
  return text ? nlohmann::json::parse(*text) : nlohmann::json(nullptr);
}

TEST_F(PeopleServiceTest, CreateUpdateAndDeleteAreAuditedWithBeforeAndAfter) {
  PersonDraft draft = Arabic("أمينة", "FES-001");
  draft.cin = Set("AB123456");
  auto created = service_->Create(fes_secretary_, draft);
  ASSERT_TRUE(created.ok());
  PersonDraft patch;
  patch.name_latin = Set("Amina");
  patch.cin = Null();
  auto updated = service_->Update(commune_secretary_, created->id, patch);
  ASSERT_TRUE(updated.ok());
  ASSERT_TRUE(service_->Remove(admin_, created->id).ok());

  const auto trail = Trail(created->id);
  ASSERT_EQ(trail.size(), 3u);
  std::vector<std::string> actions;
  for (const auto& record : trail) {
    actions.push_back(record.entry.action);
    EXPECT_EQ(record.entry.object_type, "person");
    EXPECT_EQ(record.entry.object_id, created->id);
    EXPECT_EQ(record.at.size(), 20u);  // RFC 3339 UTC: 2026-11-29T15:02:11Z
    EXPECT_EQ(record.at.back(), 'Z');
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"person.create", "person.update", "person.delete"}));

  const audit::Entry& create = trail[0].entry;
  EXPECT_EQ(create.actor_id, fes_secretary_.user_id);
  EXPECT_EQ(create.actor_login, "user.MA-FES");
  EXPECT_FALSE(create.before.has_value());
  EXPECT_EQ(Json(create.after)["cin"], "AB123456");
  EXPECT_EQ(Json(create.after)["id"], created->id);

  const audit::Entry& update = trail[1].entry;
  EXPECT_EQ(update.actor_login, "user.FES-001");
  EXPECT_EQ(Json(update.before)["cin"], "AB123456");
  EXPECT_EQ(Json(update.before)["name_latin"], nullptr);
  EXPECT_EQ(Json(update.after)["cin"], nullptr);
  EXPECT_EQ(Json(update.after)["name_latin"], "Amina");
  EXPECT_EQ(Json(update.after)["updated_at"], updated->updated_at);

  const audit::Entry& removal = trail[2].entry;
  EXPECT_EQ(removal.actor_id, std::nullopt);  // admin_ has no account id in these tests
  EXPECT_EQ(removal.actor_login, "admin");
  EXPECT_EQ(Json(removal.before)["name_latin"], "Amina");
  EXPECT_FALSE(removal.after.has_value());
}

TEST_F(PeopleServiceTest, CreateManyWritesOneImportEntryNamingItsSourceAndIds) {
  const ImportSource source{"adherents.csv", std::string(64, 'a'), {2, 3, 5}};
  auto ids = service_->CreateMany(
      admin_, {Arabic("أمينة", "FES-001"), Arabic("بدر", "MEK-001"), Latin("Jamal", "CAS-001")},
      source);
  ASSERT_TRUE(ids.ok());
  EXPECT_EQ(ids->count, 3u);
  EXPECT_EQ(ids->last_id - ids->first_id, 2);

  const auto everyone = Everyone();
  std::set<int64_t> stored;
  std::set<std::string> created_at;
  for (const Person& p : everyone) {
    stored.insert(p.id);
    created_at.insert(p.created_at);
  }
  EXPECT_EQ(stored, (std::set<int64_t>{ids->first_id, ids->first_id + 1, ids->last_id}));
  EXPECT_EQ(created_at.size(), 1u);  // one import, one moment

  EXPECT_TRUE(Trail().empty());  // no entry per person…
  const auto imports = ImportTrail();
  ASSERT_EQ(imports.size(), 1u);  // …but one for all of them
  const audit::Entry& entry = imports[0].entry;
  EXPECT_EQ(entry.action, "people.import");
  EXPECT_EQ(entry.object_id, ids->first_id);
  EXPECT_EQ(entry.actor_login, "admin");
  EXPECT_FALSE(entry.before.has_value());
  EXPECT_EQ(Json(entry.after), (nlohmann::json{{"count", 3},
                                               {"first_id", ids->first_id},
                                               {"last_id", ids->last_id},
                                               {"file", "adherents.csv"},
                                               {"sha256", source.sha256}}));

  // Nothing to create, nothing to audit.
  auto none = service_->CreateMany(admin_, {});
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->count, 0u);
  EXPECT_EQ(ImportTrail().size(), 1u);
}

// The same file's bytes are imported once: the check runs under the write lock,
// so of imports started at the same moment exactly one lands. `again` imports
// it once more; a program's load (no digest) is never a repeat.
TEST_F(PeopleServiceTest, CreateManyImportsAFileOnceUnlessAgain) {
  const ImportSource source{"adherents.csv", std::string(64, 'b'), {}};
  constexpr int kThreads = 4;
  std::vector<std::string> outcomes(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      // Different people in each: nothing but the digest makes them a repeat.
      auto ids =
          service_->CreateMany(admin_, {Latin("Importer " + std::to_string(t), "FES-001")}, source);
      outcomes[t] = ids.ok() ? "ok" : ids.error().message_key();
    });
  }
  for (auto& thread : threads) thread.join();
  std::sort(outcomes.begin(), outcomes.end());
  EXPECT_EQ(outcomes, (std::vector<std::string>{"error.file_imported", "error.file_imported",
                                                "error.file_imported", "ok"}));
  EXPECT_EQ(Everyone().size(), 1u);
  ASSERT_EQ(ImportTrail().size(), 1u);

  auto past = service_->FindImport(admin_, source.sha256);
  ASSERT_TRUE(past.ok() && past->has_value());
  EXPECT_EQ((*past)->file, "adherents.csv");
  EXPECT_EQ((*past)->ids.count, 1u);

  ImportSource again = source;
  again.again = true;
  auto repeated = service_->CreateMany(admin_, {Latin("Once more", "FES-001")}, again);
  ASSERT_TRUE(repeated.ok()) << repeated.error().message_key();
  EXPECT_EQ(Everyone().size(), 2u);

  for (int i = 0; i < 2; ++i) {
    auto loaded = service_->CreateMany(admin_, {Latin("Loaded " + std::to_string(i), "FES-001")});
    ASSERT_TRUE(loaded.ok()) << loaded.error().message_key();
  }
  EXPECT_EQ(Everyone().size(), 4u);
  EXPECT_EQ(ImportTrail().size(), 4u);
}

// A batch large enough to be checked in parts on several threads names every
// bad draft, in draft order, whichever part it is in; nothing is stored; a
// good batch is stored in draft order.
TEST_F(PeopleServiceTest, ALargeBatchNamesEveryBadDraftAndKeepsItsOrder) {
  // Parts of 2,000 and a last one of 437: it ends in rows that are inserted
  // one by one, not 50 to a statement.
  constexpr int kCount = 4437;
  std::vector<PersonDraft> drafts;
  for (int i = 0; i < kCount; ++i) {
    char name[16];
    std::snprintf(name, sizeof name, "P%05d", i);
    drafts.push_back(Latin(name, i % 2 == 0 ? "FES-001" : "MEK-001"));
  }
  std::vector<PersonDraft> late_bad = drafts;
  late_bad[kCount - 10].phone = Set("0612");  // in the last part
  std::vector<PersonDraft> both_bad = late_bad;
  both_bad[10].birth_date = Set("1990-02-30");  // in the first part
  both_bad[2500].territory_code = Set("MA-NOWHERE");
  both_bad[2500].email = Set("nobody");
  both_bad[2501].cin = Set("AB12345");  // good, but its CIN is repeated…
  both_bad[2600].cin = Set("ab 12345");
  both_bad[2700].cin = Set("AB12345");  // …twice

  const std::vector<std::pair<const std::vector<PersonDraft>*, std::vector<FieldError>>> cases{
      {&late_bad, {{"row 4428: phone", "field.phone_invalid"}}},
      {&both_bad,
       {{"row 11: birth_date", "field.date_invalid"},
        {"row 2501: email", "field.email_invalid"},
        {"row 2501: territory_code", "field.territory_unknown"},
        {"row 2601: cin", "field.duplicate"},
        {"row 2701: cin", "field.duplicate"},
        {"row 4428: phone", "field.phone_invalid"}}},
  };
  for (const auto& [batch, fields] : cases) {
    SCOPED_TRACE(fields.size());
    auto refused = service_->CreateMany(admin_, *batch);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(refused.error().fields(), fields);
    EXPECT_TRUE(Everyone().empty());
    EXPECT_TRUE(ImportTrail().empty());
  }

  // The store meets a CIN repeated in the last part after the first parts were
  // inserted: the whole batch is rolled back, and the report names the row.
  std::vector<PersonDraft> same_cin = drafts;
  same_cin[3].cin = Set("AB123456");
  same_cin[kCount - 3].cin = Set("ab 123456");
  auto conflict = service_->CreateMany(admin_, same_cin, {"f.csv", "", {}});
  ASSERT_FALSE(conflict.ok());
  EXPECT_EQ(conflict.error().code(), ErrorCode::kConflict);
  EXPECT_EQ(conflict.error().fields(),
            (std::vector<FieldError>{{"row 4435: cin", "field.duplicate"}}));
  EXPECT_TRUE(Everyone().empty());
  EXPECT_TRUE(ImportTrail().empty());

  auto ids = service_->CreateMany(admin_, drafts);
  ASSERT_TRUE(ids.ok());
  const auto everyone = Everyone();
  ASSERT_EQ(everyone.size(), static_cast<size_t>(kCount));
  EXPECT_EQ(ids->last_id - ids->first_id + 1, kCount);
  for (const Person& p : everyone) {
    ASSERT_TRUE(p.name_latin.has_value());
    EXPECT_EQ(p.id - ids->first_id, std::stoi(p.name_latin->substr(1))) << *p.name_latin;
    EXPECT_EQ(p.territory_code, (p.id - ids->first_id) % 2 == 0 ? "FES-001" : "MEK-001");
  }
}

// The people table's indexes: name → CREATE statement.
std::map<std::string, std::string> PeopleIndexes(store::Pool& pool) {
  std::map<std::string, std::string> indexes;
  auto conn = pool.Acquire();
  EXPECT_TRUE(conn.ok());
  if (!conn.ok()) return indexes;
  auto stmt = (*conn)->Prepare(
      "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'people'"
      " AND sql IS NOT NULL");
  EXPECT_TRUE(stmt.ok());
  if (!stmt.ok()) return indexes;
  while (true) {
    auto row = (*stmt)->Step();
    EXPECT_TRUE(row.ok());
    if (!row.ok() || !*row) break;
    indexes.emplace((*stmt)->Text(0), (*stmt)->Text(1));
  }
  return indexes;
}

// What a load changes on its connection for its duration, as a connection
// of `pool` reports it: every connection lent should report the defaults.
std::vector<std::string> LoadSettings(store::Pool& pool) {
  std::vector<store::Pool::Lease> leases;  // held at once: each a different connection
  std::vector<std::string> settings;
  for (int i = 0; i < 3; ++i) {
    auto lease = pool.Acquire();
    EXPECT_TRUE(lease.ok());
    if (!lease.ok()) break;
    std::string these;
    for (const char* pragma : {"cache_size", "temp_store", "threads"}) {
      auto stmt = (*lease)->Prepare(std::string("PRAGMA ") + pragma);
      EXPECT_TRUE(stmt.ok());
      if (!stmt.ok()) continue;
      auto row = (*stmt)->Step();
      EXPECT_TRUE(row.ok() && *row);
      these += std::string(pragma) + "=" + std::to_string((*stmt)->Int(0)) + " ";
      (*stmt)->Reset();
    }
    settings.push_back(these);
    leases.push_back(std::move(*lease));
  }
  return settings;
}

// A load large beside the table is indexed by one sort after its rows rather
// than row by row: it keeps every guarantee of the smaller loads. A CIN
// repeated in the load or already on file refuses all of it and names the
// row; the indexes stand afterwards whether the load landed or not; readers
// see the last commit throughout.
TEST_F(PeopleServiceTest, ALoadLargeBesideTheTableKeepsItsGuaranteesAndIndexes) {
  PersonDraft held = Latin("Held", "FES-001");
  held.cin = Set("AB123456");
  const int64_t held_id = MustCreate(held).id;
  const auto indexes = PeopleIndexes(*pool_);
  ASSERT_EQ(indexes.size(), 3u);
  const auto settings = LoadSettings(*pool_);

  constexpr int kCount = 10'000;
  std::vector<PersonDraft> drafts;
  drafts.reserve(kCount);
  for (int i = 0; i < kCount; ++i) {
    std::array<char, 16> name{};
    std::array<char, 16> cin{};
    std::snprintf(name.data(), name.size(), "L%05d", i);
    std::snprintf(cin.data(), cin.size(), "BK%06d", i);
    drafts.push_back(Latin(name.data(), i % 2 == 0 ? "FES-001" : "MEK-001"));
    drafts.back().cin = Set(cin.data());
  }
  std::vector<PersonDraft> repeated = drafts;
  repeated[kCount - 1].cin = Set("bk000005");
  std::vector<PersonDraft> on_file = drafts;
  on_file[7000].cin = Set("ab123456");
  const std::vector<std::pair<const std::vector<PersonDraft>*, FieldError>> cases{
      {&repeated, {"row 10000: cin", "field.duplicate"}},
      {&on_file, {"row 7001: cin", "field.cin_taken"}},
  };
  for (const auto& [load, field] : cases) {
    SCOPED_TRACE(field.field);
    auto refused = service_->CreateMany(admin_, *load);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code(), ErrorCode::kConflict);
    EXPECT_EQ(refused.error().fields(), std::vector<FieldError>{field});
    EXPECT_EQ(Everyone().size(), 1u);
    EXPECT_TRUE(ImportTrail().empty());
    EXPECT_EQ(PeopleIndexes(*pool_), indexes);
  }

  std::atomic<bool> loading = true;
  std::string reader_failures;
  std::thread reader([&] {
    do {
      ListRequest request;
      request.limit = 500;
      auto page = service_->List(admin_, request);
      if (!page.ok() || (page->items.size() != 1 && page->items.size() != 500)) {
        reader_failures += "list; ";
      }
      if (!service_->Get(admin_, held_id).ok()) reader_failures += "get; ";
    } while (loading);
  });
  auto ids = service_->CreateMany(admin_, drafts);
  loading = false;
  reader.join();
  EXPECT_EQ(reader_failures, "");
  ASSERT_TRUE(ids.ok());
  EXPECT_EQ(ids->count, static_cast<size_t>(kCount));
  EXPECT_EQ(PeopleIndexes(*pool_), indexes);
  // The load's sort files, threads and cache were its own: the server's
  // connections sort in memory with the default cache.
  EXPECT_EQ(LoadSettings(*pool_), settings);
  EXPECT_EQ(settings.front(), "cache_size=-16384 temp_store=2 threads=0 ");
  const auto everyone = Everyone();
  ASSERT_EQ(everyone.size(), static_cast<size_t>(kCount + 1));
  EXPECT_TRUE(
      std::is_sorted(everyone.begin(), everyone.end(), [](const Person& a, const Person& b) {
        return a.name_latin.value_or("") < b.name_latin.value_or("");
      }));
  // The rebuilt unique index refuses a CIN of the load.
  PersonDraft late = Latin("Late", "FES-001");
  late.cin = Set("BK009999");
  auto taken = service_->Create(admin_, late);
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().code(), ErrorCode::kConflict);
}

// Drafts from a file are named by their lines; CINs already on file are named
// too, and with nothing else wrong the answer is a conflict.
TEST_F(PeopleServiceTest, CreateManyNamesDraftsByTheirLinesAndCinsAlreadyOnFile) {
  PersonDraft held = Arabic("أمينة", "FES-001");
  held.cin = Set("AB123456");
  MustCreate(held);

  PersonDraft again = Arabic("بدر", "MEK-001");
  again.cin = Set("ab123456");
  const ImportSource source{"people.csv", "", {2, 4, 9}};
  auto conflict = service_->CreateMany(
      admin_, {Arabic("جمال", "FES-002"), Arabic("دعاء", "FES-001"), again}, source);
  ASSERT_FALSE(conflict.ok());
  EXPECT_EQ(conflict.error().code(), ErrorCode::kConflict);
  EXPECT_EQ(conflict.error().fields(),
            (std::vector<FieldError>{{"line 9: cin", "field.cin_taken"}}));

  PersonDraft unnamed;
  unnamed.territory_code = Set("FES-001");
  auto invalid = service_->CreateMany(admin_, {unnamed, Arabic("دعاء", "FES-001"), again}, source);
  ASSERT_FALSE(invalid.ok());
  EXPECT_EQ(invalid.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(invalid.error().fields(),
            (std::vector<FieldError>{{"line 2: name_ar", "field.name_required"},
                                     {"line 2: name_latin", "field.name_required"},
                                     {"line 9: cin", "field.cin_taken"}}));
  EXPECT_EQ(Everyone().size(), 1u);
  EXPECT_TRUE(ImportTrail().empty());
}

TEST_F(PeopleServiceTest, RefusedWritesLeaveNoAuditEntry) {
  PersonDraft with_cin = Arabic("أمينة", "FES-001");
  with_cin.cin = Set("AB123456");
  const Person amina = MustCreate(with_cin);
  const Person badr = MustCreate(Arabic("بدر", "MEK-001"));
  ASSERT_EQ(Trail().size(), 2u);

  PersonDraft bad_date = Arabic("سعاد", "FES-001");
  bad_date.birth_date = Set("2031-01-01");
  EXPECT_FALSE(service_->Create(admin_, bad_date).ok());                           // invalid
  EXPECT_FALSE(service_->Create(fes_viewer_, Arabic("سعاد", "FES-001")).ok());     // a viewer
  EXPECT_FALSE(service_->Create(fes_secretary_, Arabic("سعاد", "MEK-001")).ok());  // elsewhere
  PersonDraft twin = Arabic("هدى", "FES-002");
  twin.cin = Set("ab123456");
  EXPECT_FALSE(service_->Create(admin_, twin).ok());  // the CIN is taken

  PersonDraft take_cin;
  take_cin.cin = Set("AB123456");
  EXPECT_FALSE(service_->Update(admin_, badr.id, take_cin).ok());
  PersonDraft rename;
  rename.name_ar = Set("بدر الدين");
  EXPECT_FALSE(service_->Update(fes_secretary_, badr.id, rename).ok());  // out of scope
  EXPECT_FALSE(service_->Update(fes_viewer_, amina.id, rename).ok());
  EXPECT_FALSE(service_->Update(admin_, 999, rename).ok());
  PersonDraft unnamed;
  unnamed.name_ar = Null();
  EXPECT_FALSE(service_->Update(admin_, amina.id, unnamed).ok());

  EXPECT_FALSE(service_->Remove(fes_viewer_, amina.id).ok());
  EXPECT_FALSE(service_->Remove(meknes_secretary_, amina.id).ok());
  EXPECT_FALSE(service_->Remove(admin_, 999).ok());
  EXPECT_FALSE(service_->CreateMany(fes_secretary_, {Arabic("جمال", "MEK-001")}).ok());

  EXPECT_EQ(Trail().size(), 2u);
}

TEST_F(PeopleServiceTest, AChangeWhoseAuditEntryFailsIsNotStored) {
  const Person amina = MustCreate(Arabic("أمينة", "FES-001"));
  BreakAuditTrail();
  EXPECT_FALSE(service_->Create(admin_, Arabic("بدر", "FES-001")).ok());
  EXPECT_FALSE(service_->CreateMany(admin_, {Arabic("جمال", "FES-001")}).ok());
  PersonDraft rename;
  rename.name_ar = Set("أمينة العلوي");
  EXPECT_FALSE(service_->Update(admin_, amina.id, rename).ok());
  EXPECT_FALSE(service_->Remove(admin_, amina.id).ok());

  const auto everyone = Everyone();
  ASSERT_EQ(everyone.size(), 1u);
  EXPECT_EQ(Fields(everyone[0]), Fields(amina));
}

TEST_F(PeopleServiceTest, ConcurrentWritersKeepTheAuditChainIntact) {
  constexpr int kThreads = 4;
  constexpr int kEach = 5;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto created =
            service_->Create(admin_, Latin("P" + std::to_string(t) + "-" + std::to_string(i),
                                           t % 2 == 0 ? "FES-001" : "MEK-001"));
        if (!created.ok()) {
          ++failures;
          continue;
        }
        PersonDraft patch;
        patch.gender = Set(i % 2 == 0 ? "f" : "m");
        if (!service_->Update(admin_, created->id, patch).ok()) ++failures;
        if (i % 2 == 0 && !service_->Remove(admin_, created->id).ok()) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Trail().size(), static_cast<size_t>(kThreads * (kEach * 2 + (kEach + 1) / 2)));
  audit::SqliteAuditLog log(*pool_);
  auto verified = log.Verify();
  ASSERT_TRUE(verified.ok());
  EXPECT_FALSE(verified->broken_at) << verified->problem;
  EXPECT_EQ(verified->entries, static_cast<int64_t>(Trail().size()));
}

}  // namespace
}  // namespace tanzim::people
