#include "web/short_list.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tanzim::web {
namespace {

using nlohmann::json;

struct Item {
  int64_t id;
  std::string day;  // sorted latest first, then by id descending
};

Request WithQuery(std::vector<std::pair<std::string, std::string>> query) {
  Request request;
  for (auto& [name, value] : query) request.query.emplace(std::move(name), std::move(value));
  return request;
}

// The page the route would answer: the query's problem, or the page.
json Page(const std::vector<Item>& items, const Request& request) {
  const auto query = ReadShortListQuery(request, {true, true});
  const Response r = !query.ok() ? ProblemResponse(query.error(), i18n::Lang::kEn)
                                 : ShortListPage(
                                       items, *query,
                                       [](const Item& i) {
                                         return json::array({i.day, i.id});
                                       },
                                       [](const Item& i) {
                                         return json{{"id", i.id}};
                                       });
  json body = json::parse(r.body);
  body["status"] = r.status;
  return body;
}

std::vector<int64_t> Ids(const json& page) {
  std::vector<int64_t> ids;
  for (const auto& item : page["items"]) ids.push_back(item["id"]);
  return ids;
}

TEST(ShortListPageTest, SortsByTheKeyAndAnswersEverythingOnOnePageByDefault) {
  const std::vector<Item> items{{1, "2024-01-01"}, {2, "2025-06-01"}, {3, "2025-06-01"}};
  const json page = Page(items, {});
  EXPECT_EQ(page["status"], 200);
  EXPECT_EQ(Ids(page), (std::vector<int64_t>{3, 2, 1}));
  EXPECT_TRUE(page["next_cursor"].is_null());
}

TEST(ShortListPageTest, PagesByCursorWithoutShiftingWhenItemsComeAndGo) {
  std::vector<Item> items;
  for (int64_t id = 1; id <= 5; ++id) items.push_back({id, "2025-01-0" + std::to_string(id)});
  const json first = Page(items, WithQuery({{"limit", "2"}}));
  EXPECT_EQ(Ids(first), (std::vector<int64_t>{5, 4}));
  ASSERT_TRUE(first["next_cursor"].is_string());
  // Meanwhile one item already read goes and a newer one comes: neither moves the rest.
  items.erase(items.begin() + 3);  // id 4
  items.push_back({6, "2025-01-09"});
  const json second =
      Page(items, WithQuery({{"limit", "2"}, {"cursor", first["next_cursor"].get<std::string>()}}));
  EXPECT_EQ(Ids(second), (std::vector<int64_t>{3, 2}));
  const json last = Page(
      items, WithQuery({{"limit", "2"}, {"cursor", second["next_cursor"].get<std::string>()}}));
  EXPECT_EQ(Ids(last), (std::vector<int64_t>{1}));
  EXPECT_TRUE(last["next_cursor"].is_null());
}

TEST(ShortListPageTest, RefusesABadLimitOrCursorNamingEach) {
  const std::vector<Item> items{{1, "2024-01-01"}};
  for (const char* limit : {"0", "501", "abc", ""}) {
    const json page = Page(items, WithQuery({{"limit", limit}}));
    EXPECT_EQ(page["status"], 422) << limit;
    EXPECT_EQ(page["errors"][0]["field"], "limit") << limit;
  }
  // Not base64, not JSON, not an array, the wrong length, a nested value.
  for (const char* cursor : {"!!", "bm90IGpzb24", "eyJhIjoxfQ", "WzFd", "W1tdLDFd"}) {
    const json page = Page(items, WithQuery({{"cursor", cursor}}));
    EXPECT_EQ(page["status"], 422) << cursor;
    EXPECT_EQ(page["errors"][0]["field"], "cursor") << cursor;
  }
  const json both = Page(items, WithQuery({{"limit", "0"}, {"cursor", "!!"}}));
  EXPECT_EQ(both["errors"].size(), 2u);
}

}  // namespace
}  // namespace tanzim::web
