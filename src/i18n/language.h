#pragma once

#include <string_view>

namespace tanzim::i18n {

// The languages Tanzim speaks, Arabic first.
enum class Lang { kAr, kFr, kEn };

// Picks the best supported language for an Accept-Language header (RFC 9110
// quality values honoured, via ICU); Arabic when the header is absent or names
// nothing we support.
Lang NegotiateLanguage(std::string_view accept_language);

// "ar", "fr" or "en", for Content-Language.
std::string_view LanguageTag(Lang lang);

}  // namespace tanzim::i18n
