#include "auth/position_grants.h"

#include <gtest/gtest.h>

namespace tanzim::auth {
namespace {

territory::Territory Place(std::string code, std::string path) {
  territory::Territory t;
  t.code = std::move(code);
  t.path = std::move(path);
  return t;
}

const territory::Territory kMoulayYacoub = Place("MA-MOU", "/MA-03/MA-MOU/");
const territory::Territory kCommune = Place("MOU-01", "/MA-03/MA-MOU/MOU-01/");
const territory::Territory kRegion = Place("MA-03", "/MA-03/");

TEST(GrantOfTest, SecretariatSeatsGrantByRole) {
  const struct {
    const char* role;
    Role granted;
  } kCases[] = {{"secretary", Role::kSecretary}, {"deputy_secretary", Role::kSecretary},
                {"treasurer", Role::kClerk},     {"rapporteur", Role::kClerk},
                {"member", Role::kViewer},       {"coordinator", Role::kViewer}};
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.role);
    const auto grant = GrantOf({1, "provincial_secretariat", c.role, kMoulayYacoub});
    ASSERT_TRUE(grant.has_value());
    EXPECT_EQ(grant->role, c.granted);
    EXPECT_EQ(grant->scope.code, "MA-MOU");
    EXPECT_EQ(grant->sector, "");
  }
}

TEST(GrantOfTest, SectorOrganizationLeadersCoordinateTheirSector) {
  const auto grant = GrantOf({1, "womens_organization", "coordinator", kCommune});
  ASSERT_TRUE(grant.has_value());
  EXPECT_EQ(grant->role, Role::kSectorCoordinator);
  EXPECT_EQ(grant->sector, "womens_organization");
  EXPECT_EQ(grant->scope.code, "MOU-01");
  EXPECT_FALSE(GrantOf({1, "womens_organization", "member", kCommune}).has_value());
}

TEST(GrantOfTest, NationalOrgansCommitteesAndPolesGrantNothing) {
  EXPECT_FALSE(GrantOf({1, "political_bureau", "secretary", std::nullopt}).has_value());
  EXPECT_FALSE(GrantOf({1, "national_council", "member", std::nullopt}).has_value());
  EXPECT_FALSE(GrantOf({1, "committee", "secretary", kMoulayYacoub}).has_value());
  EXPECT_FALSE(GrantOf({1, "preparatory_committee", "coordinator", kCommune}).has_value());
  EXPECT_FALSE(GrantOf({1, "pole", "coordinator", kRegion}).has_value());
}

TEST(StrongestGrantTest, RoleFirstThenWidestScopeThenOldest) {
  EXPECT_FALSE(StrongestGrant({}).has_value());
  const std::vector<HeldPosition> held = {
      {5, "regional_secretariat", "member", kRegion},
      {7, "local_secretariat", "secretary", kCommune},
      {9, "youth_organization", "coordinator", kRegion},
  };
  auto grant = StrongestGrant(held);
  ASSERT_TRUE(grant.has_value());
  EXPECT_EQ(grant->role, Role::kSecretary);
  EXPECT_EQ(grant->scope.code, "MOU-01");

  const std::vector<HeldPosition> two_secretaries = {
      {7, "local_secretariat", "secretary", kCommune},
      {8, "provincial_secretariat", "deputy_secretary", kMoulayYacoub},
      {3, "local_secretariat", "secretary", kCommune},
  };
  grant = StrongestGrant(two_secretaries);
  ASSERT_TRUE(grant.has_value());
  EXPECT_EQ(grant->scope.code, "MA-MOU");

  const std::vector<HeldPosition> nothing = {{1, "national_council", "member", std::nullopt}};
  EXPECT_FALSE(StrongestGrant(nothing).has_value());
}

}  // namespace
}  // namespace tanzim::auth
