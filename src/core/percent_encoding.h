#pragma once

#include <string>
#include <string_view>

namespace tanzim {

// Percent-encodes every byte but RFC 3986's unreserved characters; a space is
// %20, never '+'. For URIs we write: otpauth labels, and the query values the
// API tests send. uriparser, which does the work, stops at a NUL byte, so a NUL
// is refused (std::invalid_argument) rather than silently cut at: a caller that
// means one writes "%00" itself.
std::string PercentEncode(std::string_view text);

}  // namespace tanzim
