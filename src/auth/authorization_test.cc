#include "auth/authorization.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tanzim {
// Readable failure output for field errors.
inline void PrintTo(const FieldError& e, std::ostream* os) {
  *os << "{\"" << e.field << "\", \"" << e.message_key << "\"}";
}
}  // namespace tanzim

namespace tanzim::auth {
namespace {

using territory::Kind;
using territory::Territory;

Territory Make(std::string code, Kind kind, std::optional<std::string> parent, std::string path) {
  Territory t;
  t.code = std::move(code);
  t.kind = kind;
  t.name_ar = t.code;
  t.name_fr = t.code;
  t.parent_code = std::move(parent);
  t.path = std::move(path);
  return t;
}

// Fès-Meknès with two prefectures, a commune of Fès, and Casablanca elsewhere.
const Territory kRegion = Make("MA-03", Kind::kRegion, std::nullopt, "/MA-03/");
const Territory kFes = Make("MA-FES", Kind::kPrefecture, "MA-03", "/MA-03/MA-FES/");
const Territory kMeknes = Make("MA-MEK", Kind::kPrefecture, "MA-03", "/MA-03/MA-MEK/");
const Territory kFesCommune = Make("FES-001", Kind::kCommune, "MA-FES", "/MA-03/MA-FES/FES-001/");
const Territory kCasablanca = Make("MA-CAS", Kind::kPrefecture, "MA-06", "/MA-06/MA-CAS/");
// A code that starts like the scope's code but is another territory.
const Territory kLookalike = Make("MA-FESX", Kind::kProvince, "MA-03", "/MA-03/MA-FESX/");

Actor MakeActor(Role role, std::optional<Territory> scope) {
  Actor actor;
  actor.user_id = 7;
  actor.login = "amina";
  actor.role = role;
  actor.scope = std::move(scope);
  return actor;
}

struct AccessCase {
  const char* name;
  Role role;
  const Territory* where;
  bool read;
  bool write;
};

// Every role scoped to the prefecture of Fès, against the territory in each
// relation to that scope. The admin is national and ignores the scope.
const std::vector<AccessCase> kAccessCases = {
    {"admin in scope", Role::kAdmin, &kFes, true, true},
    {"admin child", Role::kAdmin, &kFesCommune, true, true},
    {"admin sibling", Role::kAdmin, &kMeknes, true, true},
    {"admin parent", Role::kAdmin, &kRegion, true, true},
    {"admin out of scope", Role::kAdmin, &kCasablanca, true, true},
    {"secretary in scope", Role::kSecretary, &kFes, true, true},
    {"secretary child", Role::kSecretary, &kFesCommune, true, true},
    {"secretary sibling", Role::kSecretary, &kMeknes, false, false},
    {"secretary parent", Role::kSecretary, &kRegion, false, false},
    {"secretary out of scope", Role::kSecretary, &kCasablanca, false, false},
    {"secretary lookalike code", Role::kSecretary, &kLookalike, false, false},
    {"viewer in scope", Role::kViewer, &kFes, true, false},
    {"viewer child", Role::kViewer, &kFesCommune, true, false},
    {"viewer sibling", Role::kViewer, &kMeknes, false, false},
    {"viewer parent", Role::kViewer, &kRegion, false, false},
    {"viewer out of scope", Role::kViewer, &kCasablanca, false, false},
};

TEST(MayAccessTest, RoleByRelationTable) {
  for (const auto& c : kAccessCases) {
    SCOPED_TRACE(c.name);
    const Actor actor =
        MakeActor(c.role, c.role == Role::kAdmin ? std::nullopt : std::optional<Territory>(kFes));
    EXPECT_EQ(MayAccess(actor, Action::kRead, *c.where), c.read);
    EXPECT_EQ(MayAccess(actor, Action::kWrite, *c.where), c.write);
  }
}

TEST(MayAccessTest, AdminWithAScopeIsStillNational) {
  const Actor admin = MakeActor(Role::kAdmin, kFes);
  EXPECT_TRUE(MayAccess(admin, Action::kWrite, kCasablanca));
}

TEST(MayAccessTest, ScopeAtACommuneCoversOnlyThatCommune) {
  const Actor secretary = MakeActor(Role::kSecretary, kFesCommune);
  EXPECT_TRUE(MayAccess(secretary, Action::kWrite, kFesCommune));
  EXPECT_FALSE(MayAccess(secretary, Action::kRead, kFes));
  EXPECT_FALSE(MayAccess(secretary, Action::kRead, kRegion));
}

TEST(MayAccessTest, ScopeAtARegionCoversEverythingBelow) {
  const Actor viewer = MakeActor(Role::kViewer, kRegion);
  EXPECT_TRUE(MayAccess(viewer, Action::kRead, kRegion));
  EXPECT_TRUE(MayAccess(viewer, Action::kRead, kMeknes));
  EXPECT_TRUE(MayAccess(viewer, Action::kRead, kFesCommune));
  EXPECT_FALSE(MayAccess(viewer, Action::kRead, kCasablanca));
  EXPECT_FALSE(MayAccess(viewer, Action::kWrite, kFesCommune));
}

TEST(MayAccessTest, NonAdminWithoutScopeMayDoNothing) {
  for (const Role role : {Role::kSecretary, Role::kViewer}) {
    const Actor actor = MakeActor(role, std::nullopt);
    for (const Territory* where : {&kRegion, &kFes, &kFesCommune, &kCasablanca}) {
      EXPECT_FALSE(MayAccess(actor, Action::kRead, *where)) << where->code;
      EXPECT_FALSE(MayAccess(actor, Action::kWrite, *where)) << where->code;
    }
  }
}

TEST(MayAccessTest, NationalObjectsAreForNationalUsersOnly) {
  const std::optional<Territory> national;
  EXPECT_TRUE(MayAccess(MakeActor(Role::kAdmin, std::nullopt), Action::kWrite, national));
  for (const Role role : {Role::kSecretary, Role::kViewer}) {
    for (const auto& scope : {std::optional<Territory>(kRegion), std::optional<Territory>()}) {
      const Actor actor = MakeActor(role, scope);
      EXPECT_FALSE(MayAccess(actor, Action::kRead, national));
      EXPECT_FALSE(MayAccess(actor, Action::kWrite, national));
    }
  }
  const Status viewer_write =
      CheckAccess(MakeActor(Role::kViewer, kRegion), Action::kWrite, national, "parent_id");
  ASSERT_FALSE(viewer_write.ok());
  EXPECT_TRUE(viewer_write.error().fields().empty());
  const Status secretary_write =
      CheckAccess(MakeActor(Role::kSecretary, kRegion), Action::kWrite, national, "parent_id");
  ASSERT_FALSE(secretary_write.ok());
  EXPECT_EQ(secretary_write.error().fields(),
            (std::vector<FieldError>{{"parent_id", "field.out_of_scope"}}));
  // A body with a territory is judged by that territory, as before.
  EXPECT_TRUE(
      MayAccess(MakeActor(Role::kViewer, kRegion), Action::kRead, std::optional<Territory>(kFes)));
}

TEST(CheckAccessTest, AllowedIsOk) {
  EXPECT_TRUE(
      CheckAccess(MakeActor(Role::kSecretary, kFes), Action::kWrite, kFesCommune, "territory_code")
          .ok());
}

TEST(CheckAccessTest, RefusalNamesTheField) {
  const Status status =
      CheckAccess(MakeActor(Role::kSecretary, kFes), Action::kWrite, kMeknes, "territory_code");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(status.error().message_key(), "error.forbidden");
  EXPECT_EQ(status.error().fields(),
            (std::vector<FieldError>{{"territory_code", "field.out_of_scope"}}));

  const Status viewer =
      CheckAccess(MakeActor(Role::kViewer, kFes), Action::kWrite, kFesCommune, "id");
  ASSERT_FALSE(viewer.ok());
  EXPECT_EQ(viewer.error().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(viewer.error().message_key(), "error.forbidden");
  // A viewer may not write anywhere: the territory is not what is wrong.
  EXPECT_TRUE(viewer.error().fields().empty());

  const Status viewer_elsewhere =
      CheckAccess(MakeActor(Role::kViewer, kFes), Action::kRead, kCasablanca, "territory");
  ASSERT_FALSE(viewer_elsewhere.ok());
  EXPECT_EQ(viewer_elsewhere.error().fields(),
            (std::vector<FieldError>{{"territory", "field.out_of_scope"}}));
}

TEST(CheckVisibleTest, OutOfScopeAnswersAsAbsentAndIsMarked) {
  const Actor viewer = MakeActor(Role::kViewer, kFes);
  EXPECT_TRUE(CheckVisible(viewer, kFesCommune).ok());

  const Status elsewhere = CheckVisible(viewer, kCasablanca);
  ASSERT_FALSE(elsewhere.ok());
  EXPECT_EQ(elsewhere.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(elsewhere.error().message_key(), Error::NotFound().message_key());
  EXPECT_TRUE(elsewhere.error().fields().empty()) << "nothing says the object exists";
  EXPECT_TRUE(elsewhere.error().out_of_scope());
  EXPECT_FALSE(Error::NotFound().out_of_scope());

  EXPECT_TRUE(CheckVisible(viewer, std::optional<Territory>()).error().out_of_scope())
      << "a national object is beyond a province's viewer";

  EXPECT_TRUE(CheckVisible(MakeActor(Role::kAdmin, std::nullopt), kCasablanca).ok());
}

struct NarrowCase {
  const char* name;
  Actor actor;
  std::optional<Territory> requested;
  bool empty;
  std::optional<std::string> within;  // the code of the subtree, none = national
  bool out_of_scope;                  // the request itself reached beyond the scope
};

TEST(NarrowToScopeTest, IntersectsRequestAndScope) {
  const Actor admin = MakeActor(Role::kAdmin, std::nullopt);
  const Actor secretary = MakeActor(Role::kSecretary, kFes);
  const Actor viewer = MakeActor(Role::kViewer, kFes);
  const Actor unscoped = MakeActor(Role::kViewer, std::nullopt);
  const std::vector<NarrowCase> kCases = {
      {"admin, nothing asked", admin, std::nullopt, false, std::nullopt, false},
      {"admin, asks a commune", admin, kFesCommune, false, "FES-001", false},
      {"admin, asks elsewhere", admin, kCasablanca, false, "MA-CAS", false},
      {"secretary, nothing asked", secretary, std::nullopt, false, "MA-FES", false},
      {"secretary, asks its scope", secretary, kFes, false, "MA-FES", false},
      {"secretary, asks a child", secretary, kFesCommune, false, "FES-001", false},
      {"secretary, asks the parent", secretary, kRegion, false, "MA-FES", false},
      {"secretary, asks a sibling", secretary, kMeknes, true, std::nullopt, true},
      {"secretary, asks elsewhere", secretary, kCasablanca, true, std::nullopt, true},
      {"secretary, asks a lookalike", secretary, kLookalike, true, std::nullopt, true},
      {"viewer, nothing asked", viewer, std::nullopt, false, "MA-FES", false},
      {"viewer, asks the parent", viewer, kRegion, false, "MA-FES", false},
      {"viewer, asks a sibling", viewer, kMeknes, true, std::nullopt, true},
      {"unscoped, nothing asked", unscoped, std::nullopt, true, std::nullopt, false},
      {"unscoped, asks a commune", unscoped, kFesCommune, true, std::nullopt, true},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    const ListScope scope = NarrowToScope(c.actor, c.requested);
    EXPECT_EQ(scope.empty, c.empty);
    EXPECT_EQ(scope.out_of_scope, c.out_of_scope);
    EXPECT_EQ(scope.within.has_value(), c.within.has_value());
    if (scope.within && c.within) {
      EXPECT_EQ(scope.within->code, *c.within);
    }
  }
}

TEST(NarrowToScopeTest, NarrowedScopeKeepsThePath) {
  const ListScope scope = NarrowToScope(MakeActor(Role::kSecretary, kFes), kRegion);
  ASSERT_TRUE(scope.within.has_value());
  EXPECT_EQ(scope.within->path, "/MA-03/MA-FES/");
  EXPECT_EQ(scope.within->kind, Kind::kPrefecture);
}

TEST(RoleTest, NamesRoundTrip) {
  for (const Role role : kAllRoles) {
    EXPECT_EQ(ParseRole(RoleName(role)), role);
  }
  EXPECT_EQ(RoleName(Role::kSectorCoordinator), "sector_coordinator");
  EXPECT_EQ(RoleName(Role::kSecretary), "secretary");
  for (const char* bad : {"", "Admin", "root", "secretary "}) {
    EXPECT_EQ(ParseRole(bad), std::nullopt) << bad;
  }
}

// Each role scoped (when it takes a scope) to Fès, acting on an object in Fès:
// what it may do at all. The scope rules are the same for every scoped role.
TEST(RoleRightsTest, WhatEachRoleMayDoInItsScope) {
  struct Rights {
    Role role;
    bool read, write, govern, audit, do_export, erase, identity, contact;
  };
  const std::vector<Rights> kRights = {
      {Role::kAdmin, true, true, true, true, true, true, true, true},
      {Role::kSecretary, true, true, true, false, true, false, true, true},
      {Role::kViewer, true, false, false, false, true, false, false, false},
      {Role::kClerk, true, true, false, false, false, false, true, true},
      {Role::kSectorCoordinator, true, true, false, false, true, false, false, true},
      {Role::kAuditor, true, false, false, true, true, false, false, false},
  };
  for (const Rights& r : kRights) {
    SCOPED_TRACE(std::string(RoleName(r.role)));
    Actor actor =
        MakeActor(r.role, IsNationalRole(r.role) ? std::nullopt : std::optional<Territory>(kFes));
    actor.sector = r.role == Role::kSectorCoordinator ? "womens_organization" : "";
    EXPECT_EQ(MayAccess(actor, Action::kRead, kFesCommune, "womens_organization"), r.read);
    EXPECT_EQ(MayAccess(actor, Action::kWrite, kFesCommune, "womens_organization"), r.write);
    EXPECT_EQ(MayAccess(actor, Action::kGovern, kFesCommune, "womens_organization"), r.govern);
    EXPECT_EQ(MayReadAudit(actor), r.audit);
    EXPECT_EQ(MayExport(actor), r.do_export);
    EXPECT_EQ(MayErase(actor), r.erase);
    EXPECT_EQ(VisibleDetails(actor).identity, r.identity);
    EXPECT_EQ(VisibleDetails(actor).contact, r.contact);
    // Whatever the role, nothing outside a scope.
    if (!IsNationalRole(r.role)) {
      EXPECT_FALSE(MayAccess(actor, Action::kRead, kMeknes, "womens_organization"));
      EXPECT_FALSE(MayAccess(actor, Action::kRead, kRegion, "womens_organization"));
    }
  }
}

TEST(RoleRightsTest, RefusalByRoleNamesNoField) {
  const Status clerk_governs =
      CheckAccess(MakeActor(Role::kClerk, kFes), Action::kGovern, kFesCommune, "id");
  ASSERT_FALSE(clerk_governs.ok());
  EXPECT_TRUE(clerk_governs.error().fields().empty());
  const Status auditor_writes =
      CheckAccess(MakeActor(Role::kAuditor, std::nullopt), Action::kWrite, kFes, "id");
  ASSERT_FALSE(auditor_writes.ok());
  EXPECT_TRUE(auditor_writes.error().fields().empty());
}

TEST(RoleRightsTest, AuditorReadsNationalObjectsButChangesNothing) {
  const Actor auditor = MakeActor(Role::kAuditor, std::nullopt);
  const std::optional<Territory> national;
  EXPECT_TRUE(MayAccess(auditor, Action::kRead, national));
  EXPECT_TRUE(MayAccess(auditor, Action::kRead, kCasablanca));
  EXPECT_FALSE(MayAccess(auditor, Action::kWrite, national));
  EXPECT_FALSE(MayAccess(auditor, Action::kGovern, kCasablanca));
}

TEST(SectorCoordinatorTest, ReachesOnlyItsSectorInItsScope) {
  Actor coordinator = MakeActor(Role::kSectorCoordinator, kFes);
  coordinator.sector = "youth_organization";
  EXPECT_TRUE(MayAccess(coordinator, Action::kRead, kFesCommune, "youth_organization"));
  EXPECT_TRUE(MayAccess(coordinator, Action::kWrite, kFes, "youth_organization"));
  // Another sector, no sector, or its sector elsewhere: nothing.
  EXPECT_FALSE(MayAccess(coordinator, Action::kRead, kFesCommune, "womens_organization"));
  EXPECT_FALSE(MayAccess(coordinator, Action::kRead, kFesCommune));
  EXPECT_FALSE(MayAccess(coordinator, Action::kRead, kMeknes, "youth_organization"));
  EXPECT_FALSE(
      MayAccess(coordinator, Action::kRead, std::optional<Territory>(), "youth_organization"));
  // A coordinator whose account names no sector reaches nothing at all.
  coordinator.sector.clear();
  EXPECT_FALSE(MayAccess(coordinator, Action::kRead, kFesCommune, ""));
  EXPECT_TRUE(NarrowToScope(coordinator, std::nullopt).empty);
}

TEST(SectorCoordinatorTest, WritingWhatHasNoSectorIsARoleRefusal) {
  Actor coordinator = MakeActor(Role::kSectorCoordinator, kFes);
  coordinator.sector = "youth_organization";
  // People and mandates have no sector: refused for the role, wherever they
  // lie, exactly as a viewer's write is (no field, since no place would do).
  const Status viewer =
      CheckAccess(MakeActor(Role::kViewer, kFes), Action::kWrite, kFesCommune, "id");
  for (const Territory* where : {&kFes, &kFesCommune, &kMeknes}) {
    for (const char* field : {"id", "territory_code"}) {
      const Status status = CheckAccess(coordinator, Action::kWrite, *where, field);
      ASSERT_FALSE(status.ok()) << where->code;
      EXPECT_EQ(status.error().code(), viewer.error().code());
      EXPECT_EQ(status.error().message_key(), viewer.error().message_key());
      EXPECT_TRUE(status.error().fields().empty()) << where->code << " " << field;
    }
  }
  // Its own sector's objects out of scope: the place is the reason, named.
  const Status elsewhere =
      CheckAccess(coordinator, Action::kWrite, kMeknes, "body_id", "youth_organization");
  ASSERT_FALSE(elsewhere.ok());
  EXPECT_EQ(elsewhere.error().fields(),
            (std::vector<FieldError>{{"body_id", "field.out_of_scope"}}));
  EXPECT_TRUE(CheckAccess(coordinator, Action::kWrite, kFes, "id", "youth_organization").ok());
}

TEST(SectorCoordinatorTest, ListsCarryTheSector) {
  Actor coordinator = MakeActor(Role::kSectorCoordinator, kFes);
  coordinator.sector = "youth_organization";
  const ListScope scope = NarrowToScope(coordinator, kFesCommune);
  EXPECT_FALSE(scope.empty);
  EXPECT_EQ(scope.within->code, "FES-001");
  EXPECT_EQ(scope.sector, "youth_organization");
  EXPECT_TRUE(NarrowToScope(coordinator, kMeknes).empty);
  // Other roles' lists are not narrowed by sector.
  EXPECT_EQ(NarrowToScope(MakeActor(Role::kSecretary, kFes), std::nullopt).sector, "");
  EXPECT_EQ(NarrowToScope(MakeActor(Role::kAuditor, std::nullopt), kFes).within->code, "MA-FES");
}

}  // namespace
}  // namespace tanzim::auth
