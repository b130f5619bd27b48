#include "core/ids.h"

#include <charconv>
#include <cstdint>

#include "core/base64.h"

namespace tanzim {

std::optional<int64_t> ParsePositiveId(std::string_view text) {
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 1) return std::nullopt;
  return value;
}

std::string EncodeIdCursor(int64_t last_id) {
  std::string bytes(8, '\0');
  for (int i = 0; i < 8; ++i) {
    bytes[i] = static_cast<char>((static_cast<uint64_t>(last_id) >> (56 - 8 * i)) & 0xff);
  }
  return Base64UrlEncode(bytes);
}

std::optional<int64_t> DecodeIdCursor(std::string_view cursor) {
  const auto bytes = Base64UrlDecode(cursor);
  if (!bytes || bytes->size() != 8) return std::nullopt;
  uint64_t id = 0;
  for (int i = 0; i < 8; ++i) id = (id << 8) | static_cast<unsigned char>((*bytes)[i]);
  if (id == 0 || id > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
  return static_cast<int64_t>(id);
}

}  // namespace tanzim
