#include "territory/territory.h"

#include <gtest/gtest.h>

namespace tanzim::territory {
namespace {

TEST(KindTest, NamesRoundTrip) {
  for (const Kind kind : {Kind::kRegion, Kind::kProvince, Kind::kPrefecture, Kind::kCommune}) {
    EXPECT_EQ(ParseKind(KindName(kind)), kind) << KindName(kind);
  }
  EXPECT_EQ(KindName(Kind::kRegion), "region");
  EXPECT_EQ(KindName(Kind::kPrefecture), "prefecture");
}

TEST(KindTest, UnknownNamesAreRefused) {
  for (const char* name : {"", "Region", "city", "province ", "communes"}) {
    EXPECT_EQ(ParseKind(name), std::nullopt) << name;
  }
}

TEST(KindTest, ProvinceLevel) {
  EXPECT_TRUE(IsProvinceLevel(Kind::kProvince));
  EXPECT_TRUE(IsProvinceLevel(Kind::kPrefecture));
  EXPECT_FALSE(IsProvinceLevel(Kind::kRegion));
  EXPECT_FALSE(IsProvinceLevel(Kind::kCommune));
}

TEST(ChildPathTest, BuildsPathsFromTheTop) {
  EXPECT_EQ(ChildPath("", "MA-03"), "/MA-03/");
  EXPECT_EQ(ChildPath("/MA-03/", "MA-MOU"), "/MA-03/MA-MOU/");
  EXPECT_EQ(ChildPath("/MA-03/MA-MOU/", "12345"), "/MA-03/MA-MOU/12345/");
}

TEST(WithinTest, IsAPrefixTestOnWholeCodes) {
  Territory commune;
  commune.path = "/MA-03/MA-FES/C1/";
  EXPECT_TRUE(Within(commune, "/MA-03/MA-FES/C1/"));  // itself
  EXPECT_TRUE(Within(commune, "/MA-03/MA-FES/"));
  EXPECT_TRUE(Within(commune, "/MA-03/"));
  EXPECT_FALSE(Within(commune, "/MA-03/MA-MEK/"));
  EXPECT_FALSE(Within(commune, "/MA-03/MA-FE/"));  // a code that is a prefix of another
  EXPECT_FALSE(Within(commune, "/MA-03/MA-FES/C1/C2/"));
  EXPECT_FALSE(Within(commune, "/MA-0/"));
}

}  // namespace
}  // namespace tanzim::territory
