// libFuzzer target: reading a request target into a path and query parameters
// (web/target.h), as the server does before routing. Any input must be read
// or refused with a field named, never a crash; what is read is valid UTF-8
// without a NUL (a NUL was once a silent cut), with a path starting at "/".
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "i18n/text.h"
#include "web/target.h"

namespace {

bool Clean(std::string_view text) {
  return text.find('\0') == std::string_view::npos && tanzim::i18n::CodePointCount(text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view target(reinterpret_cast<const char*>(data), size);
  tanzim::web::Request request;
  const tanzim::Status parsed = tanzim::web::ParseTarget(target, request);
  if (!parsed.ok()) {
    if (parsed.error().fields().empty()) std::abort();
    return 0;
  }
  if (!request.path.starts_with('/') || !Clean(request.path)) std::abort();
  for (const auto& [key, value] : request.query) {
    if (!Clean(key) || !Clean(value)) std::abort();
  }
  return 0;
}
