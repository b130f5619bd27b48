#include "i18n/language.h"

#include <gtest/gtest.h>

#include <string>

namespace tanzim::i18n {
namespace {

struct NegotiationCase {
  const char* header;
  Lang expected;
};

// Each line: what a browser may send, and the language Tanzim must answer in.
const NegotiationCase kCases[] = {
    {"", Lang::kAr},  // no header: Arabic
    {"ar", Lang::kAr},
    {"fr", Lang::kFr},
    {"en", Lang::kEn},
    {"EN", Lang::kEn},     // tags are case-insensitive
    {"fr-MA", Lang::kFr},  // a regional variant falls back
    {"en-US", Lang::kEn},
    {"ar-MA,fr;q=0.8", Lang::kAr},
    {"fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7", Lang::kFr},  // a French browser
    {"fr;q=0.5, en;q=0.9", Lang::kEn},                   // the higher q wins, not the first
    {"en;q=0.1, fr", Lang::kFr},                         // no q means q=1
    {"ar;q=0.1, fr;q=0.2", Lang::kFr},
    {"de, fr;q=0.1", Lang::kFr},  // unsupported ones are skipped
    {"zh, en;q=0.2, fr;q=0.1", Lang::kEn},
    {"en;q=0, fr;q=0.5", Lang::kFr},  // q=0 means "not acceptable"
    {"en;q=0", Lang::kAr},
    {"de", Lang::kAr},  // nothing supported: Arabic
    {"es-ES,de;q=0.5", Lang::kAr},
    {"*", Lang::kAr},
    {"garbage;;;", Lang::kAr},
    {"fr;q=abc", Lang::kAr},  // malformed: Arabic, not a crash
    {"en;q=1.5", Lang::kAr},
};

TEST(NegotiateLanguageTest, HonoursQualityValues) {
  for (const auto& c : kCases) {
    EXPECT_EQ(NegotiateLanguage(c.header), c.expected) << '"' << c.header << '"';
  }
}

TEST(NegotiateLanguageTest, OverlongHeaderFallsBackToArabic) {
  std::string header = "en";
  while (header.size() <= 512) header += ", en-GB;q=0.5";
  EXPECT_EQ(NegotiateLanguage(header), Lang::kAr);
  EXPECT_EQ(NegotiateLanguage("en, fr;q=0.5"), Lang::kEn);
}

TEST(LanguageTagTest, NamesEachLanguage) {
  EXPECT_EQ(LanguageTag(Lang::kAr), "ar");
  EXPECT_EQ(LanguageTag(Lang::kFr), "fr");
  EXPECT_EQ(LanguageTag(Lang::kEn), "en");
}

TEST(LanguageTagTest, NegotiatingATagGivesItBack) {
  for (const Lang lang : {Lang::kAr, Lang::kFr, Lang::kEn}) {
    EXPECT_EQ(NegotiateLanguage(LanguageTag(lang)), lang);
  }
}

}  // namespace
}  // namespace tanzim::i18n
