#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tanzim {

// URL-safe base64 without padding (libsodium), for opaque cursors and tokens.
std::string Base64UrlEncode(std::string_view bytes);
// nullopt when `text` is not valid URL-safe unpadded base64.
std::optional<std::string> Base64UrlDecode(std::string_view text);

}  // namespace tanzim
