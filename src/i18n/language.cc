#include "i18n/language.h"

#include <unicode/uenum.h>
#include <unicode/uloc.h>

#include <array>
#include <string>

namespace tanzim::i18n {

Lang NegotiateLanguage(std::string_view accept_language) {
  if (accept_language.empty() || accept_language.size() > 512) return Lang::kAr;
  static constexpr std::array<const char*, 3> kAvailable{"ar", "fr", "en"};
  UErrorCode status = U_ZERO_ERROR;
  UEnumeration* available = uenum_openCharStringsEnumeration(
      kAvailable.data(), static_cast<int32_t>(kAvailable.size()), &status);
  std::array<char, ULOC_FULLNAME_CAPACITY> result{};
  UAcceptResult outcome = ULOC_ACCEPT_FAILED;
  const std::string header(accept_language);
  uloc_acceptLanguageFromHTTP(result.data(), static_cast<int32_t>(result.size()), &outcome,
                              header.c_str(), available, &status);
  uenum_close(available);
  if (U_FAILURE(status) || outcome == ULOC_ACCEPT_FAILED) return Lang::kAr;
  const std::string_view chosen(result.data());
  if (chosen.starts_with("fr")) return Lang::kFr;
  if (chosen.starts_with("en")) return Lang::kEn;
  return Lang::kAr;
}

std::string_view LanguageTag(Lang lang) {
  switch (lang) {
    case Lang::kFr:
      return "fr";
    case Lang::kEn:
      return "en";
    case Lang::kAr:
      break;
  }
  return "ar";
}

}  // namespace tanzim::i18n
