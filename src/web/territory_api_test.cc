// GET /api/v1/territories and /api/v1/territories/{code} over HTTP.
#include <set>

#include "web/testing/test_server.h"

namespace tanzim::web::testing {
namespace {

using TerritoryApiTest = ApiTest;

TEST_F(TerritoryApiTest, GetReturnsExactlyTheDocumentedFields) {
  const auto r = Get("/api/v1/territories/MA-MOU", Admin());
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_TRUE(r.Header("content-type").starts_with("application/json"));
  const nlohmann::json want = {{"code", "MA-MOU"},
                               {"kind", "province"},
                               {"name_ar", "مولاي يعقوب"},
                               {"name_fr", "Moulay Yacoub"},
                               {"parent_code", "MA-03"}};
  EXPECT_EQ(r.Json(), want);
}

TEST_F(TerritoryApiTest, RegionHasNullParentAndCommuneNamesItsProvince) {
  const auto region = Get("/api/v1/territories/MA-03", ViewerMou()).Json();
  EXPECT_EQ(region["kind"], "region");
  EXPECT_EQ(region["name_fr"], "Fès-Meknès");
  EXPECT_TRUE(region["parent_code"].is_null()) << region;

  const auto commune = Get(std::string("/api/v1/territories/") + kCommuneSef, ViewerMou()).Json();
  EXPECT_EQ(commune["kind"], "commune");
  EXPECT_EQ(commune["name_ar"], "البهاليل");
  EXPECT_EQ(commune["parent_code"], "MA-SEF");

  const auto prefecture = Get("/api/v1/territories/MA-FES", ViewerMou()).Json();
  EXPECT_EQ(prefecture["kind"], "prefecture");
}

TEST_F(TerritoryApiTest, UnknownCodeIs404Problem) {
  EXPECT_TRUE(IsProblem(Get("/api/v1/territories/MA-NOPE", Admin()), 404));
  EXPECT_TRUE(IsProblem(Get("/api/v1/territories/" + PercentEncode("' OR 1=1 --"), Admin()), 404));
}

TEST_F(TerritoryApiTest, ListsRegionsOfMorocco) {
  const auto regions = ListAll("/api/v1/territories", Admin(), "kind=region");
  ASSERT_EQ(regions.size(), 12u);
  for (const auto& t : regions) {
    EXPECT_EQ(t["kind"], "region");
    EXPECT_TRUE(t["parent_code"].is_null()) << t;
    EXPECT_FALSE(t["name_ar"].get<std::string>().empty()) << t;
  }
  EXPECT_EQ(regions.front()["code"], "MA-01");
  EXPECT_EQ(regions.back()["code"], "MA-12");
}

TEST_F(TerritoryApiTest, FiltersByKindAndParent) {
  std::set<std::string> provinces;
  for (const auto& t : ListAll("/api/v1/territories", Admin(), "kind=province&parent=MA-03")) {
    EXPECT_EQ(t["parent_code"], "MA-03");
    EXPECT_EQ(t["kind"], "province");
    provinces.insert(t["code"]);
  }
  EXPECT_EQ(provinces, (std::set<std::string>{"MA-BOM", "MA-HAJ", "MA-IFR", "MA-MOU", "MA-SEF",
                                              "MA-TAO", "MA-TAZ"}));

  std::set<std::string> prefectures;
  for (const auto& t : ListAll("/api/v1/territories", Admin(), "kind=prefecture&parent=MA-03")) {
    prefectures.insert(t["code"]);
  }
  EXPECT_EQ(prefectures, (std::set<std::string>{"MA-FES", "MA-MEK"}));

  std::set<std::string> communes;
  for (const auto& t : ListAll("/api/v1/territories", Admin(), "kind=commune&parent=MA-MOU")) {
    communes.insert(t["code"]);
  }
  EXPECT_EQ(communes, (std::set<std::string>{kCommuneMou, kCommuneMou2}));

  EXPECT_EQ(ListAll("/api/v1/territories", Admin(), "kind=commune").size(), 4u);
  EXPECT_EQ(ListAll("/api/v1/territories", Admin(), "parent=MA-03").size(), 9u);
}

TEST_F(TerritoryApiTest, PagesCoverEverythingOnceWithoutGaps) {
  const auto all = ListAll("/api/v1/territories", Admin(), "", 500);
  ASSERT_EQ(all.size(), 87u + 4u);
  const auto paged = ListAll("/api/v1/territories", Admin(), "", 10);
  ASSERT_EQ(paged.size(), all.size());
  std::set<std::string> seen;
  for (size_t i = 0; i < paged.size(); ++i) {
    EXPECT_EQ(paged[i], all[i]) << "item " << i;
    EXPECT_TRUE(seen.insert(paged[i]["code"]).second) << "duplicate " << paged[i]["code"];
  }
}

TEST_F(TerritoryApiTest, PageShapeAndLimit) {
  auto first = Get("/api/v1/territories?limit=5", Admin());
  ASSERT_EQ(first.status, 200) << first;
  auto body = first.Json();
  ASSERT_EQ(body["items"].size(), 5u);
  ASSERT_TRUE(body["next_cursor"].is_string());
  EXPECT_EQ(body.size(), 2u) << "a page is {items, next_cursor}";

  auto last = Get("/api/v1/territories?limit=500", Admin()).Json();
  EXPECT_EQ(last["items"].size(), 91u);
  EXPECT_TRUE(last["next_cursor"].is_null());

  // A page that ends exactly at the last item says so.
  EXPECT_TRUE(
      Get("/api/v1/territories?kind=region&limit=12", Admin()).Json()["next_cursor"].is_null());
}

TEST_F(TerritoryApiTest, RefusesBadParametersNamingThem) {
  for (const char* limit : {"0", "501", "-1", "abc", "7x", "99999999999999999999", ""}) {
    EXPECT_TRUE(
        IsProblem(Get(std::string("/api/v1/territories?limit=") + limit, Admin()), 422, "limit"))
        << "limit=" << limit;
  }
  EXPECT_TRUE(IsProblem(Get("/api/v1/territories?kind=village", Admin()), 422, "kind"));
  EXPECT_TRUE(IsProblem(Get("/api/v1/territories?cursor=%25%25%25", Admin()), 422, "cursor"));
  EXPECT_TRUE(IsProblem(
      Get("/api/v1/territories?cursor=" + PercentEncode("'; DROP TABLE"), Admin()), 422, "cursor"));
}

TEST_F(TerritoryApiTest, UnknownParentListsNothing) {
  const auto r = Get("/api/v1/territories?parent=MA-NOPE", Admin());
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_TRUE(r.Json()["items"].empty());
}

TEST_F(TerritoryApiTest, NeedsAToken) {
  EXPECT_TRUE(IsProblem(Get("/api/v1/territories"), 401));
  EXPECT_TRUE(IsProblem(Get("/api/v1/territories/MA-MOU"), 401));
}

}  // namespace
}  // namespace tanzim::web::testing
