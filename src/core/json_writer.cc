#include "core/json_writer.h"

#include <unicode/utf8.h>  // header-only macros: no ICU library is linked for them

#include <array>
#include <cassert>
#include <charconv>

namespace tanzim {
namespace {

// Bytes that need more than a copy: what JSON escapes, and the first byte of
// every multi-byte sequence, whose sequence is checked for well-formedness.
constexpr std::array<bool, 256> kNeedsCare = [] {
  std::array<bool, 256> care{};
  for (size_t c = 0; c < care.size(); ++c) care[c] = c < 0x20 || c == '"' || c == '\\' || c >= 0x80;
  return care;
}();

// U+FFFD REPLACEMENT CHARACTER in UTF-8.
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

void AppendEscape(std::string& out, unsigned char c) {
  switch (c) {
    case '"':
      out += "\\\"";
      return;
    case '\\':
      out += "\\\\";
      return;
    case '\b':
      out += "\\b";
      return;
    case '\f':
      out += "\\f";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    default:
      constexpr std::string_view kHex = "0123456789abcdef";
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
  }
}

}  // namespace

void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (depth_ == 0) return;
  const uint64_t bit = uint64_t{1} << (depth_ - 1);
  if ((empty_ & bit) != 0) {
    empty_ &= ~bit;
  } else {
    out_ += ',';
  }
}

void JsonWriter::Open(char bracket) {
  BeforeValue();
  assert(depth_ < 64);
  out_ += bracket;
  empty_ |= uint64_t{1} << depth_++;
}

void JsonWriter::Close(char bracket) {
  assert(depth_ > 0 && !after_key_);
  --depth_;
  out_ += bracket;
}

void JsonWriter::BeginObject() { Open('{'); }
void JsonWriter::EndObject() { Close('}'); }
void JsonWriter::BeginArray() { Open('['); }
void JsonWriter::EndArray() { Close(']'); }

void JsonWriter::Key(std::string_view name) {
  assert(!after_key_);
  BeforeValue();
  out_ += '"';
  assert(name.find_first_of("\"\\") == std::string_view::npos);
  out_ += name;  // a member name of ours: nothing in it to escape
  out_ += "\":";
  after_key_ = true;
}

void JsonWriter::String(std::string_view value) {
  BeforeValue();
  out_ += '"';
  // Copy runs of bytes that need nothing in one append.
  size_t run = 0;
  size_t i = 0;
  const auto* bytes = reinterpret_cast<const uint8_t*>(value.data());
  const auto length = static_cast<int32_t>(value.size());
  while (i < value.size()) {
    const uint8_t c = bytes[i];
    if (!kNeedsCare[c]) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      auto at = static_cast<int32_t>(i);
      UChar32 code_point = 0;
      U8_NEXT(bytes, at, length, code_point);
      if (code_point >= 0) {
        i = static_cast<size_t>(at);
        continue;
      }
      out_.append(value.data() + run, i - run);
      out_ += kReplacement;
      i = static_cast<size_t>(at);
      run = i;
      continue;
    }
    out_.append(value.data() + run, i - run);
    AppendEscape(out_, c);
    run = ++i;
  }
  out_.append(value.data() + run, value.size() - run);
  out_ += '"';
}

void JsonWriter::Int(int64_t value) {
  BeforeValue();
  std::array<char, 24> digits{};
  const auto end = std::to_chars(digits.data(), digits.data() + digits.size(), value).ptr;
  out_.append(digits.data(), end);
}

void JsonWriter::Null() {
  BeforeValue();
  out_ += "null";
}

void JsonWriter::StringOrNull(const std::optional<std::string>& value) {
  if (value) {
    String(*value);
  } else {
    Null();
  }
}

}  // namespace tanzim
