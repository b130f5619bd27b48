// Who sees and changes whom: admin is national; a secretary reads and writes
// within the scope territory and below; a viewer only reads there.
#include <set>

#include "web/testing/test_server.h"

namespace tanzim::web::testing {
namespace {

using nlohmann::json;

class ScopeApiTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    mou_ = CreatePerson(Admin(), Body("Amal Moulay", "SC1", kCommuneMou));
    mou_province_ = CreatePerson(Admin(), Body("Badr Yacoub", "SC2", "MA-MOU"));
    sef_ = CreatePerson(Admin(), Body("Chama Sefrou", "SC3", kCommuneSef));
    rab_ = CreatePerson(Admin(), Body("Driss Rabat", "SC4", kCommuneRab));
  }

  static json Body(const std::string& name, const std::string& cin, const std::string& where) {
    return {{"name_latin", name}, {"cin", cin}, {"territory_code", where}};
  }
  static std::string PathOf(const json& person) {
    return "/api/v1/people/" + std::to_string(person["id"].get<int64_t>());
  }
  static int64_t Id(const json& person) { return person["id"].get<int64_t>(); }

  std::set<int64_t> Visible(const std::string& token, const std::string& query = {}) {
    const auto ids = PeopleIds(token, query);
    EXPECT_EQ(std::set<int64_t>(ids.begin(), ids.end()).size(), ids.size()) << "duplicates";
    return {ids.begin(), ids.end()};
  }

  // Refused: out of scope reads as absent (404) or forbidden (403), as a problem.
  static ::testing::AssertionResult IsRefused(const HttpResponse& r) {
    if (r.status == 404) return IsProblem(r, 404);
    return IsProblem(r, 403);
  }

  json mou_, mou_province_, sef_, rab_;
};

TEST_F(ScopeApiTest, AdminIsNational) {
  EXPECT_EQ(Visible(Admin()), (std::set<int64_t>{Id(mou_), Id(mou_province_), Id(sef_), Id(rab_)}));
  for (const json* p : {&mou_, &mou_province_, &sef_, &rab_}) {
    EXPECT_EQ(Get(PathOf(*p), Admin()).status, 200);
  }
}

TEST_F(ScopeApiTest, SecretaryReadsWithinScopeOnly) {
  const auto& token = SecretaryMou();
  EXPECT_EQ(Get(PathOf(mou_), token).Json(), mou_);
  EXPECT_EQ(Get(PathOf(mou_province_), token).Json(), mou_province_);
  const auto outside = Get(PathOf(sef_), token);
  EXPECT_TRUE(IsProblem(outside, 404));
  EXPECT_TRUE(IsProblem(Get(PathOf(rab_), token), 404));
  // Out of scope looks exactly like an id nobody holds.
  EXPECT_EQ(outside.body, Get("/api/v1/people/987654", token).body);

  const std::set<int64_t> mine{Id(mou_), Id(mou_province_)};
  EXPECT_EQ(Visible(token), mine);
  EXPECT_EQ(Visible(token, "territory=MA-03"), mine);  // asking wider is narrowed
  EXPECT_EQ(Visible(token, "territory=MA-MOU"), mine);
  EXPECT_EQ(Visible(token, std::string("territory=") + kCommuneMou), std::set<int64_t>{Id(mou_)});
  EXPECT_TRUE(Visible(token, "territory=MA-SEF").empty());
  EXPECT_TRUE(Visible(token, std::string("territory=") + kCommuneSef).empty());
  EXPECT_TRUE(Visible(token, "territory=MA-04").empty());
  EXPECT_TRUE(Visible(token, "q=chama").empty());
  EXPECT_TRUE(Visible(token, "q=chama&territory=MA-SEF").empty());
  EXPECT_EQ(Visible(token, "q=amal"), std::set<int64_t>{Id(mou_)});
}

TEST_F(ScopeApiTest, SecretaryCannotChangeOrDeleteOutsideScope) {
  const auto& token = SecretaryMou();
  EXPECT_TRUE(IsRefused(Patch(PathOf(sef_), token, json{{"name_latin", "Changed"}})));
  EXPECT_TRUE(IsRefused(Patch(PathOf(sef_), token, json{{"territory_code", kCommuneMou}})));
  EXPECT_TRUE(IsRefused(Delete(PathOf(sef_), token)));
  EXPECT_TRUE(IsRefused(Delete(PathOf(rab_), token)));
  EXPECT_EQ(Get(PathOf(sef_), Admin()).Json(), sef_);
  EXPECT_EQ(Get(PathOf(rab_), Admin()).Json(), rab_);
  // Nor create there.
  const auto r = Post("/api/v1/people", token, Body("Out Side", "SC5", kCommuneSef));
  EXPECT_TRUE(IsProblem(r, 403, "territory_code"));
  EXPECT_TRUE(IsProblem(Post("/api/v1/people", token, Body("Out Side", "SC5", "MA-RAB")), 403,
                        "territory_code"));
  EXPECT_EQ(Visible(Admin()).size(), 4u);
}

TEST_F(ScopeApiTest, SecretaryWritesWithinScopeAndCannotMovePeopleOut) {
  const auto& token = SecretaryMou();
  const json created = CreatePerson(token, Body("Nouvelle Membre", "SC6", kCommuneMou2));
  EXPECT_EQ(created["territory_code"], kCommuneMou2);
  CreatePerson(token, Body("Province Level", "SC7", "MA-MOU"));

  const auto patched = Patch(PathOf(mou_), token, json{{"phone", "0661234567"}});
  ASSERT_EQ(patched.status, 200) << patched;
  EXPECT_EQ(patched.Json()["phone"], "+212661234567");

  const json before = Get(PathOf(mou_), Admin()).Json();
  EXPECT_TRUE(IsProblem(Patch(PathOf(mou_), token, json{{"territory_code", kCommuneSef}}), 403,
                        "territory_code"));
  EXPECT_EQ(Get(PathOf(mou_), Admin()).Json(), before);

  EXPECT_EQ(Delete(PathOf(created), token).status, 204);
  EXPECT_TRUE(IsProblem(Get(PathOf(created), Admin()), 404));
  EXPECT_EQ(Visible(Admin()).size(), 5u);
}

TEST_F(ScopeApiTest, ViewerReadsWithinScopeAndWritesNothing) {
  const auto& token = ViewerMou();
  // A viewer sees the record with the CIN masked (access_api_test.cc).
  nlohmann::json masked = mou_;
  masked["cin"] = "•C1";
  EXPECT_EQ(Get(PathOf(mou_), token).Json(), masked);
  EXPECT_TRUE(IsProblem(Get(PathOf(sef_), token), 404));
  EXPECT_EQ(Visible(token), (std::set<int64_t>{Id(mou_), Id(mou_province_)}));

  EXPECT_TRUE(
      IsProblem(Post("/api/v1/people", token, Body("Viewer Made", "SC8", kCommuneMou)), 403));
  EXPECT_TRUE(IsProblem(Patch(PathOf(mou_), token, json{{"name_latin", "Changed"}}), 403));
  EXPECT_TRUE(IsProblem(Delete(PathOf(mou_), token), 403));
  EXPECT_TRUE(IsRefused(Delete(PathOf(sef_), token)));
  EXPECT_EQ(Get(PathOf(mou_), Admin()).Json(), mou_);
  EXPECT_EQ(Visible(Admin()).size(), 4u);
  // Reference data is open to every signed-in user.
  EXPECT_EQ(Get("/api/v1/territories/MA-RAB", token).status, 200);
}

TEST_F(ScopeApiTest, RegionalScopeCoversItsProvinces) {
  const auto& token = server_->Token(auth::Role::kSecretary, "MA-03");
  EXPECT_EQ(Visible(token), (std::set<int64_t>{Id(mou_), Id(mou_province_), Id(sef_)}));
  EXPECT_EQ(Visible(token, "territory=MA-SEF"), std::set<int64_t>{Id(sef_)});
  EXPECT_TRUE(IsProblem(Get(PathOf(rab_), token), 404));
  EXPECT_EQ(Patch(PathOf(sef_), token, json{{"name_latin", "Chama S."}}).status, 200);
}

TEST_F(ScopeApiTest, ScopeIsAppliedInsideTheQuerySoPagesAreFull) {
  for (int i = 0; i < 10; ++i) {
    // Interleaved names, so a filter after the query would leave holes in pages.
    CreatePerson(Admin(), {{"name_latin", "Page " + std::to_string(2 * i)},
                           {"territory_code", kCommuneSef}});
    CreatePerson(Admin(), {{"name_latin", "Page " + std::to_string(2 * i + 1)},
                           {"territory_code", kCommuneMou}});
  }
  std::vector<size_t> sizes;
  std::set<int64_t> seen;
  std::string cursor;
  for (int page = 0; page < 20; ++page) {
    std::string target = "/api/v1/people?limit=3&q=page";
    if (!cursor.empty()) target += "&cursor=" + cursor;
    const auto r = Get(target, SecretaryMou());
    ASSERT_EQ(r.status, 200) << r;
    const json body = r.Json();
    sizes.push_back(body["items"].size());
    for (const auto& p : body["items"]) {
      EXPECT_EQ(p["territory_code"], kCommuneMou) << p;
      EXPECT_TRUE(seen.insert(p["id"].get<int64_t>()).second);
    }
    if (body["next_cursor"].is_null()) break;
    cursor = body["next_cursor"];
  }
  EXPECT_EQ(sizes, (std::vector<size_t>{3, 3, 3, 1}));
}

}  // namespace
}  // namespace tanzim::web::testing
