#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// JSON written straight into a string, for the answers that carry many records
// (people by id and by page). Building nlohmann::json objects and dumping them
// cost ten times as much for a person (bench/NOTES.md, "JSON answers"); the
// DOM stays the tool for everything else. Parsing is never done here.
namespace tanzim {

class JsonWriter {
 public:
  // Appends to `out`, which must outlive the writer.
  explicit JsonWriter(std::string& out) : out_(out) {}

  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();
  // A member's name, one of the API's snake_case field names: written as it
  // is, unescaped. The next value written is that member's value.
  void Key(std::string_view name);

  // Escaped as RFC 8259 asks; an ill-formed UTF-8 sequence becomes U+FFFD,
  // so the answer is valid JSON whatever the store holds.
  void String(std::string_view value);
  void Int(int64_t value);
  void Null();
  // The value, or null when there is none.
  void StringOrNull(const std::optional<std::string>& value);

 private:
  // A comma before every value or key but the first of its container.
  void BeforeValue();
  void Open(char bracket);
  void Close(char bracket);

  std::string& out_;
  // Bit d set while the container at depth d has no element yet; records are
  // flat, so 64 levels are far more than any answer nests.
  uint64_t empty_ = 0;
  int depth_ = 0;
  bool after_key_ = false;
};

}  // namespace tanzim
