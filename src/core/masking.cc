#include "core/masking.h"

namespace tanzim {
namespace {

constexpr std::string_view kMask = "\u2022";

}  // namespace

std::string MaskKeepingTail(std::string_view value, size_t keep) {
  const size_t hidden = value.size() > keep ? value.size() - keep : value.size();
  std::string out;
  for (size_t i = 0; i < hidden; ++i) out += kMask;
  out += value.substr(hidden);
  return out;
}

std::string MaskEmail(std::string_view email) {
  const size_t at = email.rfind('@');
  if (at == std::string_view::npos || at == 0) return MaskKeepingTail(email, 0);
  // The first byte may start a multi-byte character: keep it whole.
  size_t first = 1;
  while (first < at && (static_cast<unsigned char>(email[first]) & 0xC0) == 0x80) ++first;
  std::string out(email.substr(0, first));
  for (int i = 0; i < 3; ++i) out += kMask;
  out += email.substr(at);
  return out;
}

}  // namespace tanzim
