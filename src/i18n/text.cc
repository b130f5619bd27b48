#include "i18n/text.h"

#include <unicode/coll.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <memory>
#include <stdexcept>

namespace tanzim::i18n {
namespace {

// ICU collators and transliterators are not thread-safe to share and are
// costly to build, so each thread keeps its own.
icu::Collator& ArabicCollator() {
  thread_local std::unique_ptr<icu::Collator> collator = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Collator> c(icu::Collator::createInstance(icu::Locale("ar"), status));
    if (U_FAILURE(status)) throw std::runtime_error("ICU Arabic collator unavailable");
    return c;
  }();
  return *collator;
}

icu::Transliterator& SearchFolder() {
  thread_local std::unique_ptr<icu::Transliterator> folder = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> t(icu::Transliterator::createInstance(
        "NFD; [:Nonspacing Mark:] Remove; [\\u0640] Remove; Lower; NFC", UTRANS_FORWARD, status));
    if (U_FAILURE(status)) throw std::runtime_error("ICU search transliterator unavailable");
    return t;
  }();
  return *folder;
}

}  // namespace

std::string ArabicSortKey(std::string_view utf8) {
  const icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  icu::Collator& collator = ArabicCollator();
  std::string key(64, '\0');
  int32_t length = collator.getSortKey(text, reinterpret_cast<uint8_t*>(key.data()),
                                       static_cast<int32_t>(key.size()));
  if (length > static_cast<int32_t>(key.size())) {
    key.resize(length);
    length = collator.getSortKey(text, reinterpret_cast<uint8_t*>(key.data()), length);
  }
  key.resize(length > 0 ? length - 1 : 0);  // drop ICU's terminating zero byte
  return key;
}

std::string FoldForSearch(std::string_view utf8) {
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  SearchFolder().transliterate(text);
  std::string out;
  text.toUTF8String(out);
  return out;
}

std::string NormalizeSpaces(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  bool pending_space = false;
  int32_t i = 0;
  const auto length = static_cast<int32_t>(utf8.size());
  while (i < length) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(utf8.data(), i, length, c);
    if (c >= 0 && u_isUWhiteSpace(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.append(utf8.substr(start, i - start));
  }
  return out;
}

std::optional<size_t> CodePointCount(std::string_view utf8) {
  size_t count = 0;
  int32_t i = 0;
  const auto length = static_cast<int32_t>(utf8.size());
  while (i < length) {
    UChar32 c;
    U8_NEXT(utf8.data(), i, length, c);
    if (c < 0) return std::nullopt;
    ++count;
  }
  return count;
}

bool HasControlCharacters(std::string_view utf8) {
  int32_t i = 0;
  const auto length = static_cast<int32_t>(utf8.size());
  while (i < length) {
    UChar32 c;
    U8_NEXT(utf8.data(), i, length, c);
    if (c < 0) return true;
    const int8_t type = u_charType(c);
    if (type == U_CONTROL_CHAR || type == U_UNASSIGNED || type == U_SURROGATE ||
        type == U_PRIVATE_USE_CHAR) {
      return true;
    }
    // Invisible format characters (bidi overrides, zero-width space, BOM) can
    // make two names look alike or reorder what a reader sees; the joiners
    // ZWNJ and ZWJ have a place in Arabic-script spelling and stay allowed.
    if (type == U_FORMAT_CHAR && c != 0x200C && c != 0x200D) return true;
  }
  return false;
}

}  // namespace tanzim::i18n
