#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

// Unicode-aware text helpers, all backed by ICU.
namespace tanzim::i18n {

// A byte string sorting the way Arabic readers expect (ICU "ar" collation,
// Latin script after Arabic). Compare keys with memcmp; equal names give equal keys.
std::string ArabicSortKey(std::string_view utf8);

// Lower-cased, accents and Arabic diacritics (harakat, tatweel) removed, NFC:
// the form that name search compares. Text joined around U+001F (which neither
// composes nor carries case) folds part by part: fold(a + "\x1f" + b) is
// fold(a) + "\x1f" + fold(b).
std::string FoldForSearch(std::string_view utf8);

// Trims Unicode white space at both ends and collapses inner runs to one space.
std::string NormalizeSpaces(std::string_view utf8);

// True when the text is empty or only Unicode white space: what
// NormalizeSpaces makes empty, without building the result.
bool IsBlank(std::string_view utf8);

// Number of code points, or nullopt when the bytes are not valid UTF-8.
std::optional<size_t> CodePointCount(std::string_view utf8);

// True when the text holds control, unassigned or invisible format characters
// (bidi overrides, zero-width space) that have no place in a name or an
// address; tabs and newlines included, ZWNJ and ZWJ allowed.
bool HasControlCharacters(std::string_view utf8);

}  // namespace tanzim::i18n
