#include "web/json_io.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/ids.h"
#include "i18n/text.h"
#include "web/problem.h"

namespace tanzim::web {
namespace {

// Records are flat; anything nested deeper is refused before it costs memory.
constexpr int kMaxDepth = 4;

}  // namespace

Result<nlohmann::json> ParseJsonObject(const Request& request) {
  // The Content-Type is not checked: whatever it says, the body must parse as JSON.
  if (!i18n::CodePointCount(request.body)) return Error::Malformed("body", "field.invalid_utf8");
  using Event = nlohmann::json::parse_event_t;
  bool too_deep = false;
  // The keys of each object being read, innermost last. nlohmann keeps the
  // last of two equal keys; which one a client meant (or a proxy checked)
  // cannot be known, so a repeated key is refused, as a repeated query
  // parameter is. Hashed: a body (sign-in's too, before any credential) may
  // hold ~100,000 keys, and comparing each with every earlier one took seconds.
  std::vector<std::unordered_set<std::string>> keys;
  std::optional<std::string> repeated;
  const nlohmann::json::parser_callback_t check = [&](int depth, Event event,
                                                      nlohmann::json& parsed) {
    if ((event == Event::object_start || event == Event::array_start) && depth >= kMaxDepth) {
      too_deep = true;
    }
    if (event == Event::object_start) keys.emplace_back();
    if (event == Event::object_end && !keys.empty()) keys.pop_back();
    if (event == Event::key && !keys.empty()) {
      const auto& key = parsed.get_ref<const std::string&>();
      if (!keys.back().insert(key).second && !repeated) repeated = key;
    }
    return !too_deep;
  };
  nlohmann::json parsed = nlohmann::json::parse(request.body, check, false);
  if (too_deep || parsed.is_discarded()) return Error::Malformed("body", "field.invalid_json");
  if (!parsed.is_object()) return Error::Malformed("body", "field.not_object");
  if (repeated) return Error::Malformed(std::move(*repeated), "field.duplicate_key");
  return parsed;
}

ObjectReader::ObjectReader(const nlohmann::json& object,
                           std::initializer_list<std::string_view> allowed)
    : object_(object) {
  for (const auto& [key, value] : object.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      errors_.push_back({key, "field.unknown"});
      if (errors_.size() == kMaxNamedUnknown) break;
    }
  }
}

Patch<std::string> ObjectReader::String(const char* name) {
  const auto it = object_.find(name);
  if (it == object_.end()) return std::nullopt;
  if (it->is_null()) return std::optional<std::string>();
  if (!it->is_string()) {
    errors_.push_back({name, "field.type_string"});
    return std::nullopt;
  }
  return std::optional<std::string>(it->get<std::string>());
}

Patch<int64_t> ObjectReader::Int(const char* name) {
  const auto it = object_.find(name);
  if (it == object_.end()) return std::nullopt;
  if (it->is_null()) return std::optional<int64_t>();
  // Unsigned values above INT64_MAX are refused rather than wrapped.
  if (!it->is_number_integer() ||
      (it->is_number_unsigned() &&
       it->get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))) {
    errors_.push_back({name, "field.type_integer"});
    return std::nullopt;
  }
  return std::optional<int64_t>(it->get<int64_t>());
}

Status ObjectReader::Finish() {
  if (errors_.empty()) return Status::Ok();
  return Error(ErrorCode::kMalformed, "error.malformed", std::move(errors_));
}

Result<int> ParseLimit(const Request& request) {
  const auto text = request.Query("limit");
  if (!text) return kDefaultPageSize;
  int limit = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), limit);
  if (ec != std::errc() || end != text->data() + text->size() || limit < 1 ||
      limit > kMaxPageSize) {
    return Error::Invalid("limit", "field.limit_invalid");
  }
  return limit;
}

Result<int64_t> ParseId(std::string_view text) {
  // Only the form ids are written in: "/people/007" is not another name for person 7.
  if (text.starts_with('0')) return Error::NotFound();
  const auto id = ParsePositiveId(text);
  if (!id) return Error::NotFound();
  return *id;
}

Response JsonResponse(int status, const nlohmann::json& body) {
  Response response;
  response.status = status;
  response.body = body.dump();
  return response;
}

Response JsonTextResponse(int status, std::string body) {
  Response response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

}  // namespace tanzim::web
