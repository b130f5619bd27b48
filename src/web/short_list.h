#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <utility>
#include <vector>

#include "core/result.h"
#include "web/http_types.h"
#include "web/problem.h"

namespace tanzim::web {

// Paging for the short lists a service returns whole: a person's consents and
// positions, a body's positions, a membership's dues, the consent texts. They
// follow the convention of every list ({items, next_cursor}, `limit` 1–500,
// `cursor`), cut in memory. As for the long lists, the cursor carries the last
// item's place in the order (its key), not a count, so items added or removed
// meanwhile do not shift the pages still to read.
//
// A key is a JSON array of strings and numbers, compared element by element,
// descending where `descending` says; the list is sorted by it here, whatever
// order the service gave.
//
// The query is read before the list is fetched (ReadShortListQuery), so that a
// bad `limit` or `cursor` answers before any store work, as a bad body does.
struct ShortListQuery {
  std::vector<bool> descending;
  int limit = 0;
  std::optional<nlohmann::json> after;  // the last key of the previous page
};
// 422 naming `limit`, `cursor` or both when either is not one this list takes.
Result<ShortListQuery> ReadShortListQuery(const Request& request, std::vector<bool> descending);

struct KeyedItem {
  nlohmann::json key;
  nlohmann::json item;
};
Response ShortListPage(std::vector<KeyedItem> items, const ShortListQuery& query);

template <typename T, typename Key, typename ToJson>
Response ShortListPage(const std::vector<T>& items, const ShortListQuery& query, Key key,
                       ToJson to_json) {
  std::vector<KeyedItem> keyed;
  keyed.reserve(items.size());
  for (const T& each : items) keyed.push_back({key(each), to_json(each)});
  return ShortListPage(std::move(keyed), query);
}

}  // namespace tanzim::web
