#include "i18n/text.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace tanzim::i18n {
namespace {

std::vector<std::string> SortedByArabicKey(std::vector<std::string> names) {
  std::stable_sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
    return ArabicSortKey(a) < ArabicSortKey(b);
  });
  return names;
}

TEST(ArabicSortKeyTest, FollowsTheArabicAlphabet) {
  // Alphabetical order: ب ت ج د ر س ع م ي.
  const std::vector<std::string> expected = {"بشرى", "توفيق", "جميلة", "دنيا", "رشيد",
                                             "سعاد", "عمر",   "مريم",  "يوسف"};
  std::vector<std::string> shuffled = expected;
  std::reverse(shuffled.begin(), shuffled.end());
  std::rotate(shuffled.begin(), shuffled.begin() + 4, shuffled.end());
  EXPECT_EQ(SortedByArabicKey(shuffled), expected);
}

TEST(ArabicSortKeyTest, ArabicScriptComesBeforeLatin) {
  EXPECT_EQ(SortedByArabicKey({"Zineb", "ahmed", "يوسف", "Amine", "أحمد"}),
            (std::vector<std::string>{"أحمد", "يوسف", "ahmed", "Amine", "Zineb"}));
  EXPECT_LT(ArabicSortKey("ي"), ArabicSortKey("a"));
}

TEST(ArabicSortKeyTest, HamzaFormsOfAlefSortAsAlef) {
  // أ إ ا differ only by accent: the letter after the alef decides first.
  // آ (alef with madda) has its own place just before them, as CLDR orders it.
  EXPECT_EQ(SortedByArabicKey({"بشرى", "اسماء", "أحمد", "إبراهيم", "آمال", "ادريس"}),
            (std::vector<std::string>{"آمال", "إبراهيم", "أحمد", "ادريس", "اسماء", "بشرى"}));
  EXPECT_LT(ArabicSortKey("آمنة"), ArabicSortKey("ابتسام"));
  // Lone hamza and the hamza seats on waw and yeh come before any alef.
  EXPECT_EQ(SortedByArabicKey({"ادريس", "ئ", "آمال", "ؤ", "ء"}),
            (std::vector<std::string>{"ء", "ؤ", "ئ", "آمال", "ادريس"}));
  // With the rest equal, the forms stay adjacent and apart from the next letter.
  const auto sorted = SortedByArabicKey({"احمد", "بدر", "أحمد", "ابراهيم", "إبراهيم"});
  ASSERT_EQ(sorted.size(), 5u);
  EXPECT_EQ(sorted.back(), "بدر");
  EXPECT_EQ(std::set<std::string>(sorted.begin(), sorted.begin() + 2),
            (std::set<std::string>{"ابراهيم", "إبراهيم"}));
  EXPECT_EQ(std::set<std::string>(sorted.begin() + 2, sorted.begin() + 4),
            (std::set<std::string>{"احمد", "أحمد"}));
  // …but they are distinct names, so the keys are not equal.
  EXPECT_NE(ArabicSortKey("أحمد"), ArabicSortKey("احمد"));
}

TEST(ArabicSortKeyTest, EqualNamesGiveEqualKeys) {
  EXPECT_EQ(ArabicSortKey("محمد الأمين"), ArabicSortKey("محمد الأمين"));
  EXPECT_EQ(ArabicSortKey("Ahmed"), ArabicSortKey(std::string("Ahmed")));
  EXPECT_NE(ArabicSortKey("Ahmed"), ArabicSortKey("Ahmad"));
}

TEST(ArabicSortKeyTest, KeysCarryNoTerminatingZeroAndGrowPastTheBuffer) {
  const std::string key = ArabicSortKey("سعاد");
  ASSERT_FALSE(key.empty());
  EXPECT_NE(key.back(), '\0');
  // A long name makes a key longer than the first 64-byte guess.
  std::string long_name;
  for (int i = 0; i < 20; ++i) long_name += "عبد الرحمان ";
  const std::string long_key = ArabicSortKey(long_name);
  EXPECT_GT(long_key.size(), 64u);
  EXPECT_EQ(long_key, ArabicSortKey(long_name));
  EXPECT_EQ(long_key.find('\0'), std::string::npos);    // ICU keys hold no zero byte but the end
  EXPECT_LT(long_key, ArabicSortKey(long_name + "ي"));  // a prefix sorts first
  EXPECT_LT(ArabicSortKey(""), ArabicSortKey("ا"));
}

TEST(ArabicSortKeyTest, IsUsableFromSeveralThreads) {
  const std::string expected = ArabicSortKey("مريم");
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        if (ArabicSortKey("مريم") != expected) ++mismatches[t];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

struct FoldCase {
  const char* input;
  const char* expected;
};

TEST(FoldForSearchTest, RemovesCaseAccentsHarakatAndTatweel) {
  const FoldCase kCases[] = {
      {"Ahmed BENALI", "ahmed benali"},
      {"Émile Çaçà", "emile caca"},
      {"Hoceïma", "hoceima"},
      {"مُحَمَّد", "محمد"},        // harakat and shadda
      {"عـــلي", "علي"},       // tatweel
      {"أحمد", "احمد"},        // hamza above alef
      {"إبراهيم", "ابراهيم"},  // hamza below alef
      {"آمال", "امال"},        // madda
      {"مؤمن", "مومن"},        // waw with hamza
      {"", ""},
      {"already folded", "already folded"},
      {"e\xCC\x81t\xC3\xA9", "ete"},  // decomposed and composed é alike
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(FoldForSearch(c.input), c.expected) << c.input;
  }
}

TEST(FoldForSearchTest, SpellingsOfOneNameMeet) {
  EXPECT_EQ(FoldForSearch("أَحْمَد"), FoldForSearch("احمد"));
  EXPECT_EQ(FoldForSearch("FÈS"), FoldForSearch("fes"));
}

TEST(FoldForSearchTest, AsciiFoldsToItsLowerCase) {
  std::string ascii;
  for (int c = 0; c < 0x80; ++c) ascii.push_back(static_cast<char>(c));
  std::string lower = ascii;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; });
  EXPECT_EQ(FoldForSearch(ascii), lower);
  // The same letters beside one that is not ASCII take ICU's way, to the same end.
  EXPECT_EQ(FoldForSearch(ascii + "\xC3\xA9"), lower + "e");
}

TEST(FoldForSearchTest, TextJoinedAroundUnitSeparatorFoldsPartByPart) {
  const std::array<const char*, 9> kParts{"",          "Ahmed BENALI",   "Émile",
                                          "مُحَمَّد",      "عـــلي",         "ΟΔΥΣΣΕΥΣ",
                                          "e\xCC\x81", "\xCC\x81tienne", "آمال"};
  for (const char* a : kParts) {
    for (const char* b : kParts) {
      EXPECT_EQ(FoldForSearch(std::string(a) + "\x1f" + b),
                FoldForSearch(a) + "\x1f" + FoldForSearch(b))
          << a << " | " << b;
    }
  }
}

TEST(IsBlankTest, OnlyWhiteSpaceIsBlank) {
  for (const char* blank : {"", " ", "\t\n\r ", "\xC2\xA0\xE3\x80\x80\xE2\x80\x83"}) {
    EXPECT_TRUE(IsBlank(blank)) << '"' << blank << '"';
    EXPECT_TRUE(NormalizeSpaces(blank).empty());
  }
  for (const char* text : {"a", "  a ", "\xC2\xA0سعاد", "\xFF", " \x1f "}) {
    EXPECT_FALSE(IsBlank(text)) << '"' << text << '"';
    EXPECT_FALSE(NormalizeSpaces(text).empty());
  }
}

TEST(NormalizeSpacesTest, TrimsAndCollapses) {
  const FoldCase kCases[] = {
      {"", ""},
      {"   ", ""},
      {"a", "a"},
      {"  a  ", "a"},
      {"a   b", "a b"},
      {"\tmohamed\n\r amine\t", "mohamed amine"},
      {"\xC2\xA0"
       "سعاد\xC2\xA0\xC2\xA0"
       "بنعلي\xE3\x80\x80",
       "سعاد بنعلي"},  // NBSP, ideographic
      {"a\xE2\x80\x83"
       "b",
       "a b"},  // em space
      {"محمد   الأمين", "محمد الأمين"},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(NormalizeSpaces(c.input), c.expected) << '"' << c.input << '"';
  }
}

TEST(NormalizeSpacesTest, KeepsBytesThatAreNotUtf8) {
  EXPECT_EQ(NormalizeSpaces(" a\xFF  b "), "a\xFF b");
}

TEST(CodePointCountTest, CountsCodePoints) {
  EXPECT_EQ(CodePointCount(""), 0u);
  EXPECT_EQ(CodePointCount("abc"), 3u);
  EXPECT_EQ(CodePointCount("é"), 1u);
  EXPECT_EQ(CodePointCount("سعاد"), 4u);
  EXPECT_EQ(CodePointCount("€"), 1u);
  EXPECT_EQ(CodePointCount("\xF0\x9F\x98\x80"), 1u);  // U+1F600, four bytes
  EXPECT_EQ(CodePointCount(std::string_view("a\0b", 3)), 3u);
}

TEST(CodePointCountTest, RefusesInvalidUtf8) {
  const char* const kBad[] = {
      "\x80",              // lone continuation byte
      "abc\xC3",           // truncated two-byte sequence
      "\xE2\x82",          // truncated three-byte sequence
      "\xC0\x80",          // overlong NUL
      "\xC1\xBF",          // overlong
      "\xE0\x80\xAF",      // overlong '/'
      "\xED\xA0\x80",      // UTF-16 surrogate U+D800
      "\xF4\x90\x80\x80",  // above U+10FFFF
      "\xF5\x80\x80\x80",
      "\xFE",
      "\xFF",
      "ok\xC3\x28",  // bad continuation
  };
  for (const char* bytes : kBad) {
    EXPECT_EQ(CodePointCount(bytes), std::nullopt) << ::testing::PrintToString(bytes);
  }
}

TEST(HasControlCharactersTest, AcceptsOrdinaryNames) {
  for (const char* text :
       {"", "Ahmed Benali", "محمد الأمين", "مُحَمَّد", "Aït Baha", "O'Brien-Smith", "\xF0\x9F\x98\x80",
        "15 rue de Fès, n°3", "\xD9\x85\xE2\x80\x8C\xD9\x85"}) {  // ZWNJ between Arabic letters
    EXPECT_FALSE(HasControlCharacters(text)) << text;
  }
}

TEST(HasControlCharactersTest, RefusesControlsUnassignedAndInvalid) {
  const std::string_view kBad[] = {
      "tab\there",
      "new\nline",
      "carriage\rreturn",
      "bell\x07",
      "del\x7F",
      std::string_view("nul\0x", 5),
      "next\xC2\x85line",  // U+0085, a C1 control
      "\xCD\xB8",          // U+0378, unassigned
      "\xEE\x80\x80",      // U+E000, private use
      "bad\xFFutf8",
      "\xED\xA0\x80",  // surrogate
      "abc\xE2\x80\xAE"
      "cba",                    // U+202E right-to-left override
      "zero\xE2\x80\x8Bwidth",  // U+200B zero-width space
      "\xEF\xBB\xBF"
      "bom",  // U+FEFF byte order mark
  };
  for (const std::string_view text : kBad) {
    EXPECT_TRUE(HasControlCharacters(text)) << ::testing::PrintToString(std::string(text));
  }
}

}  // namespace
}  // namespace tanzim::i18n
