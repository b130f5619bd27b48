#include "web/json_io.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "core/ids.h"
#include "i18n/text.h"
#include "web/problem.h"

namespace tanzim::web {
namespace {

// Records are flat; anything nested deeper is refused before it costs memory.
constexpr size_t kMaxDepth = 4;

// Builds the document from nlohmann's parser events (SAX) and stops the parse
// at the first thing a body must not hold: nesting deeper than kMaxDepth, or
// a key said twice in one object (then refused for the repeat even if it is
// malformed further on). nlohmann's own builder keeps the last of two equal
// keys; which one a client meant (or a proxy checked) cannot be known, so a
// repeated key is refused, as a repeated query parameter is. The object being
// built holds its keys already, so no set of them is kept beside it: the
// parser callback with a hashed set per object that this replaces made a
// 1 MiB body of 96,000 keys cost 2.2 times the plain parse, this 1.1 times
// (`make bench-json`, bench/NOTES.md).
class BodyBuilder {
 public:
  using json = nlohmann::json;

  // Builds into `root`, which outlives the builder.
  explicit BodyBuilder(json& root) : root_(root) {}

  bool null() { return Put(nullptr); }
  bool boolean(bool value) { return Put(value); }
  bool number_integer(json::number_integer_t value) { return Put(value); }
  bool number_unsigned(json::number_unsigned_t value) { return Put(value); }
  bool number_float(json::number_float_t value, const json::string_t& /*text*/) {
    return Put(value);
  }
  bool string(json::string_t& value) { return Put(std::move(value)); }
  bool binary(json::binary_t& /*value*/) { return false; }  // JSON text holds none
  bool start_object(size_t /*size*/) { return Open(json::value_t::object); }
  bool start_array(size_t /*size*/) { return Open(json::value_t::array); }
  bool end_object() { return Close(); }
  bool end_array() { return Close(); }
  bool key(json::string_t& name) {
    auto [member, added] = open_.back()->get_ref<json::object_t&>().try_emplace(name);
    if (!added) {
      repeated_ = std::move(name);
      return false;
    }
    slot_ = &member->second;
    return true;
  }
  template <typename Exception>
  bool parse_error(size_t /*position*/, const std::string& /*token*/, const Exception& /*error*/) {
    return false;
  }

  bool too_deep() const { return too_deep_; }
  const std::optional<std::string>& repeated() const { return repeated_; }

 private:
  // Where the next value goes: the document itself, the end of the open
  // array, or the member the last key made in the open object.
  json* Next() {
    if (open_.empty()) return &root_;
    json& container = *open_.back();
    if (!container.is_array()) return slot_;
    auto& items = container.get_ref<json::array_t&>();
    items.emplace_back();
    return &items.back();
  }
  bool Put(json value) {
    *Next() = std::move(value);
    return true;
  }
  // Only the innermost open container grows; the pointers held are to it and
  // its ancestors, which stay where they are until it is closed.
  bool Open(json::value_t kind) {
    if (open_.size() >= kMaxDepth) {
      too_deep_ = true;
      return false;
    }
    json* container = Next();
    *container = json(kind);
    open_.push_back(container);
    return true;
  }
  bool Close() {
    open_.pop_back();
    return true;
  }

  json& root_;
  std::vector<json*> open_;
  json* slot_ = nullptr;
  bool too_deep_ = false;
  std::optional<std::string> repeated_;
};

}  // namespace

Result<nlohmann::json> ParseJsonObject(const Request& request) {
  // The Content-Type is not checked: whatever it says, the body must parse as JSON.
  if (!i18n::CodePointCount(request.body)) return Error::Malformed("body", "field.invalid_utf8");
  nlohmann::json body;
  BodyBuilder builder(body);
  const bool parsed = nlohmann::json::sax_parse(request.body, &builder);
  if (builder.too_deep() || (!parsed && !builder.repeated())) {
    return Error::Malformed("body", "field.invalid_json");
  }
  if (!body.is_object()) return Error::Malformed("body", "field.not_object");
  if (builder.repeated()) return Error::Malformed(*builder.repeated(), "field.duplicate_key");
  return body;
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
