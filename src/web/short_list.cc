#include "web/short_list.h"

#include <algorithm>
#include <optional>
#include <string>

#include "core/base64.h"
#include "web/json_io.h"

namespace tanzim::web {
namespace {

// <0, 0, >0 as `a` comes before, with or after `b`.
int Compare(const nlohmann::json& a, const nlohmann::json& b, const std::vector<bool>& descending) {
  for (size_t i = 0; i < descending.size(); ++i) {
    if (a[i] == b[i]) continue;
    const bool before = a[i] < b[i];
    return before != descending[i] ? -1 : 1;
  }
  return 0;
}

// The key a cursor carries, or nullopt when it is not one this list gave.
std::optional<nlohmann::json> ReadCursor(const std::string& cursor,
                                         const std::vector<bool>& descending) {
  const auto text = Base64UrlDecode(cursor);
  if (!text) return std::nullopt;
  nlohmann::json key = nlohmann::json::parse(*text, nullptr, false);
  if (!key.is_array() || key.size() != descending.size()) return std::nullopt;
  for (const auto& element : key) {
    if (!element.is_string() && !element.is_number_integer()) return std::nullopt;
  }
  return key;
}

}  // namespace

Result<ShortListQuery> ReadShortListQuery(const Request& request, std::vector<bool> descending) {
  std::vector<FieldError> errors;
  ShortListQuery query;
  const auto limit = ParseLimit(request);
  if (limit.ok()) {
    query.limit = *limit;
  } else {
    errors.push_back(limit.error().fields().front());
  }
  if (const auto cursor = request.Query("cursor")) {
    query.after = ReadCursor(*cursor, descending);
    if (!query.after) errors.push_back({"cursor", "field.cursor_invalid"});
  }
  if (!errors.empty()) {
    return Error(ErrorCode::kInvalidArgument, "error.invalid", std::move(errors));
  }
  query.descending = std::move(descending);
  return query;
}

Response ShortListPage(std::vector<KeyedItem> items, const ShortListQuery& query) {
  const std::vector<bool>& descending = query.descending;
  std::stable_sort(items.begin(), items.end(), [&](const KeyedItem& a, const KeyedItem& b) {
    return Compare(a.key, b.key, descending) < 0;
  });
  auto first = items.begin();
  if (query.after) {
    first = std::find_if(items.begin(), items.end(), [&](const KeyedItem& each) {
      return Compare(each.key, *query.after, descending) > 0;
    });
  }
  const auto count = std::min<ptrdiff_t>(query.limit, items.end() - first);
  nlohmann::json page = nlohmann::json::array();
  for (auto it = first; it != first + count; ++it) page.push_back(std::move(it->item));
  nlohmann::json next_cursor = nullptr;
  if (first + count != items.end()) next_cursor = Base64UrlEncode((first + count - 1)->key.dump());
  return JsonResponse(200, {{"items", std::move(page)}, {"next_cursor", std::move(next_cursor)}});
}

}  // namespace tanzim::web
