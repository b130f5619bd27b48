#pragma once

#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/json_writer.h"
#include "core/page.h"
#include "core/patch.h"
#include "core/result.h"
#include "web/http_types.h"

// Decoding request bodies and parameters, encoding responses: the checks every
// handler needs, written once.
namespace tanzim::web {

// The body as a JSON object. Invalid UTF-8, bad JSON, nesting deeper than a
// flat record needs, or anything but an object → kMalformed naming "body".
Result<nlohmann::json> ParseJsonObject(const Request& request);

// Reads the members of a JSON object, refusing unknown fields and wrong types.
// Collects the problems so one answer names them all (of unknown fields, the
// first kMaxNamedUnknown).
class ObjectReader {
 public:
  ObjectReader(const nlohmann::json& object, std::initializer_list<std::string_view> allowed);

  // A string member: absent, null, or a string; anything else is an error.
  Patch<std::string> String(const char* name);
  // An integer member (ids, counts): absent, null, or a JSON integer.
  Patch<int64_t> Int(const char* name);

  // Ok, or kMalformed listing the unknown and mistyped fields.
  Status Finish();

 private:
  const nlohmann::json& object_;
  std::vector<FieldError> errors_;
};

// `limit` from the query: 1…kMaxPageSize, kDefaultPageSize when absent.
Result<int> ParseLimit(const Request& request);

// A positive decimal id from a path segment, written as ids are (no leading
// zero); kNotFound when it is not one, since no resource could live there.
Result<int64_t> ParseId(std::string_view text);

// 200/201 with a JSON body.
Response JsonResponse(int status, const nlohmann::json& body);
// The same with a body already written as JSON (JsonWriter).
Response JsonTextResponse(int status, std::string body);

// {"items": [...], "next_cursor": ...}. `item` either writes one item,
// `void(JsonWriter&, const T&)`, which is how the long pages of people go out,
// or converts it, `nlohmann::json(const T&)`. A page that answers a filter
// beyond the actor's scope is marked for the refusal log (Page::out_of_scope).
template <typename T, typename Item>
Response PageResponse(const Page<T>& page, Item item) {
  Response response;
  if constexpr (std::is_invocable_v<Item, JsonWriter&, const T&>) {
    std::string body;
    body.reserve(64 + 320 * page.items.size());  // most items are a few hundred bytes
    JsonWriter out(body);
    out.BeginObject();
    out.Key("items");
    out.BeginArray();
    for (const T& each : page.items) item(out, each);
    out.EndArray();
    out.Key("next_cursor");
    out.StringOrNull(page.next_cursor);
    out.EndObject();
    response = JsonTextResponse(200, std::move(body));
  } else {
    nlohmann::json items = nlohmann::json::array();
    for (const T& each : page.items) items.push_back(item(each));
    response =
        JsonResponse(200, {{"items", std::move(items)},
                           {"next_cursor", page.next_cursor ? nlohmann::json(*page.next_cursor)
                                                            : nlohmann::json(nullptr)}});
  }
  response.out_of_scope = page.out_of_scope;
  return response;
}

// JSON null for an empty optional.
inline nlohmann::json OrNull(const std::optional<std::string>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace tanzim::web
