// Many clients at once: the store's uniqueness and transactions hold under
// concurrent HTTP writers, and no write is lost.
#include <algorithm>
#include <latch>
#include <set>
#include <thread>

#include "web/testing/test_server.h"

namespace tanzim::web::testing {
namespace {

using nlohmann::json;
using ConcurrencyApiTest = ApiTest;

// Runs `work(i)` on `n` threads released together, and waits for them all.
template <typename Work>
void RunTogether(int n, Work work) {
  std::latch start(n);
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([&start, &work, i] {
      start.arrive_and_wait();
      work(i);
    });
  }
  for (auto& t : threads) t.join();
}

TEST_F(ConcurrencyApiTest, SameCinFromEightWritersStoresExactlyOne) {
  const std::string& token = Admin();
  std::vector<HttpResponse> answers(8);
  RunTogether(8, [&](int i) {
    json body = PersonJson("ZZ123456");
    body["name_latin"] = "Writer " + std::to_string(i);
    answers[i] = server_->Call("POST", "/api/v1/people", token, body.dump());
  });
  int created = 0;
  for (const auto& r : answers) {
    if (r.status == 201) {
      ++created;
    } else {
      EXPECT_TRUE(IsProblem(r, 409, "cin")) << r;
    }
  }
  EXPECT_EQ(created, 1);
  const auto people = ListAll("/api/v1/people", Admin());
  ASSERT_EQ(people.size(), 1u);
  EXPECT_EQ(people[0]["cin"], "ZZ123456");
}

TEST_F(ConcurrencyApiTest, DistinctPeopleFromManyWritersAreAllStored) {
  constexpr int kThreads = 8;
  constexpr int kEach = 10;
  const std::string& token = SecretaryMou();
  std::vector<std::vector<int>> statuses(kThreads);
  std::vector<std::vector<int64_t>> ids(kThreads);
  std::atomic<bool> writing{true};
  std::vector<int> reader_statuses;
  std::thread reader([&] {
    while (writing) {
      reader_statuses.push_back(server_->Call("GET", "/api/v1/people?limit=500", token).status);
    }
  });
  RunTogether(kThreads, [&](int t) {
    for (int k = 0; k < kEach; ++k) {
      json body =
          PersonJson("MW" + std::to_string(t * 100 + k), k % 2 == 0 ? kCommuneMou : kCommuneMou2);
      body["name_latin"] = "Writer " + std::to_string(t) + " person " + std::to_string(k);
      const auto r = server_->Call("POST", "/api/v1/people", token, body.dump());
      statuses[t].push_back(r.status);
      if (r.status == 201) ids[t].push_back(r.Json()["id"].get<int64_t>());
    }
  });
  writing = false;
  reader.join();

  std::set<int64_t> acknowledged;
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(statuses[t], std::vector<int>(kEach, 201)) << "writer " << t;
    acknowledged.insert(ids[t].begin(), ids[t].end());
  }
  EXPECT_EQ(acknowledged.size(), size_t{kThreads * kEach});
  const auto listed = PeopleIds(Admin());
  EXPECT_EQ(std::set<int64_t>(listed.begin(), listed.end()), acknowledged);
  EXPECT_EQ(listed.size(), acknowledged.size());
  EXPECT_FALSE(reader_statuses.empty());
  EXPECT_TRUE(
      std::all_of(reader_statuses.begin(), reader_statuses.end(), [](int s) { return s == 200; }));
}

TEST_F(ConcurrencyApiTest, ConcurrentPatchesOfDifferentFieldsAreAllKept) {
  const json person = CreatePerson(Admin(), {{"name_ar", "سناء"}, {"territory_code", kCommuneMou}});
  const std::string path = "/api/v1/people/" + std::to_string(person["id"].get<int64_t>());
  const std::vector<json> patches = {
      {{"name_latin", "Sanaa"}},          {{"gender", "f"}},
      {{"birth_date", "1991-03-04"}},     {{"cin", "SN123456"}},
      {{"phone", "0661234567"}},          {{"email", "sanaa@example.ma"}},
      {{"territory_code", kCommuneMou2}}, {{"name_ar", "سناء العلوي"}},
  };
  std::vector<int> statuses(patches.size());
  const std::string& token = Admin();
  RunTogether(static_cast<int>(patches.size()), [&](int i) {
    statuses[i] = server_->Call("PATCH", path, token, patches[i].dump()).status;
  });
  EXPECT_EQ(statuses, std::vector<int>(patches.size(), 200));
  const json stored = Get(path, Admin()).Json();
  EXPECT_EQ(stored["name_latin"], "Sanaa");
  EXPECT_EQ(stored["gender"], "f");
  EXPECT_EQ(stored["birth_date"], "1991-03-04");
  EXPECT_EQ(stored["cin"], "SN123456");
  EXPECT_EQ(stored["phone"], "+212661234567");
  EXPECT_EQ(stored["email"], "sanaa@example.ma");
  EXPECT_EQ(stored["territory_code"], kCommuneMou2);
  EXPECT_EQ(stored["name_ar"], "سناء العلوي");
}

}  // namespace
}  // namespace tanzim::web::testing
