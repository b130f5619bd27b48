#include "core/percent_encoding.h"

#include <uriparser/Uri.h>

#include <stdexcept>

namespace tanzim {

std::string PercentEncode(std::string_view text) {
  if (text.find('\0') != std::string_view::npos) {
    throw std::invalid_argument("PercentEncode: a NUL byte cannot be encoded; write %00");
  }
  std::string escaped(text.size() * 3 + 1, '\0');  // uriparser's bound, and its terminator
  const char* end =
      uriEscapeExA(text.data(), text.data() + text.size(), escaped.data(), URI_FALSE, URI_FALSE);
  escaped.resize(static_cast<size_t>(end - escaped.data()));
  return escaped;
}

}  // namespace tanzim
