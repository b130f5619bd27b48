#include "i18n/messages.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace tanzim::i18n {
namespace {

namespace fs = std::filesystem;

// The source tree: this file is src/i18n/messages_test.cc.
fs::path SourceDir() { return fs::path(__FILE__).parent_path().parent_path(); }

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Every string literal in `text` that is a whole message key ("field.x",
// "error.y"), in order. Plain scanning: std::regex is slow under sanitizers.
std::vector<std::string> KeyLiterals(const std::string& text) {
  std::vector<std::string> keys;
  for (size_t quote = text.find('"'); quote != std::string::npos;
       quote = text.find('"', quote + 1)) {
    const size_t start = quote + 1;
    if (text.compare(start, 6, "field.") != 0 && text.compare(start, 6, "error.") != 0) continue;
    size_t end = start + 6;
    while (end < text.size() && ((text[end] >= 'a' && text[end] <= 'z') ||
                                 (text[end] >= '0' && text[end] <= '9') || text[end] == '_')) {
      ++end;
    }
    if (end == start + 6 || end >= text.size() || text[end] != '"') continue;
    keys.push_back(text.substr(start, end - start));
    quote = end;
  }
  return keys;
}

// The keys of the catalog in the order messages.cc lists them: the first
// literal of each `{"key", "ar", "fr", "en"},` entry.
std::vector<std::string> CatalogKeys() {
  const std::string text = ReadFile(SourceDir() / "i18n" / "messages.cc");
  std::vector<std::string> keys;
  for (size_t entry = text.find("{\""); entry != std::string::npos;
       entry = text.find("{\"", entry + 1)) {
    const std::vector<std::string> first = KeyLiterals(text.substr(entry + 1, 80));
    if (!first.empty() && text.compare(entry + 2, first[0].size(), first[0]) == 0) {
      keys.push_back(first[0]);
    }
  }
  return keys;
}

// Every "field.*" / "error.*" string literal in the production sources, with
// the first file that uses it.
std::map<std::string, std::string> KeysUsedInSources() {
  std::map<std::string, std::string> used;
  for (const auto& entry : fs::recursive_directory_iterator(SourceDir())) {
    const fs::path& path = entry.path();
    const std::string name = path.filename().string();
    if (!entry.is_regular_file() || name.ends_with("_test.cc")) continue;
    if (path.extension() != ".cc" && path.extension() != ".h") continue;
    for (const std::string& key : KeyLiterals(ReadFile(path))) {
      used.emplace(key, fs::relative(path, SourceDir()).string());
    }
  }
  return used;
}

bool HasArabicLetter(std::string_view text) {
  // U+0600..U+06FF are encoded with a lead byte 0xD8..0xDB.
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0xD8 && u <= 0xDB;
  });
}

TEST(MessagesTest, SourceTreeIsReadable) {
  ASSERT_TRUE(fs::exists(SourceDir() / "i18n" / "messages.cc")) << SourceDir();
  EXPECT_GT(CatalogKeys().size(), 30u);
}

TEST(MessagesTest, CatalogIsSortedWithoutDuplicates) {
  const std::vector<std::string> keys = CatalogKeys();
  ASSERT_FALSE(keys.empty());
  for (size_t i = 1; i < keys.size(); ++i) {
    EXPECT_LT(keys[i - 1], keys[i]) << "catalog out of order or duplicated at " << keys[i];
  }
}

TEST(MessagesTest, EveryCatalogKeyIsFoundAndTranslated) {
  for (const std::string& key : CatalogKeys()) {
    SCOPED_TRACE(key);
    EXPECT_TRUE(HasMessage(key));
    const std::string_view ar = Translate(key, Lang::kAr);
    const std::string_view fr = Translate(key, Lang::kFr);
    const std::string_view en = Translate(key, Lang::kEn);
    EXPECT_NE(ar, key);
    EXPECT_NE(fr, key);
    EXPECT_NE(en, key);
    EXPECT_TRUE(HasArabicLetter(ar)) << ar;
    EXPECT_FALSE(HasArabicLetter(fr)) << fr;
    EXPECT_FALSE(HasArabicLetter(en)) << en;
    EXPECT_NE(fr, en);
  }
}

TEST(MessagesTest, EveryKeyUsedInTheSourcesExistsInAllLanguages) {
  const auto used = KeysUsedInSources();
  ASSERT_GT(used.size(), 30u);
  const std::vector<std::string> catalog = CatalogKeys();
  const std::set<std::string> known(catalog.begin(), catalog.end());
  for (const auto& [key, file] : used) {
    EXPECT_TRUE(HasMessage(key)) << key << " used in " << file << " is not in the catalog";
    EXPECT_TRUE(known.contains(key)) << key;
  }
}

TEST(MessagesTest, KnownTranslations) {
  EXPECT_EQ(Translate("error.not_found", Lang::kEn), "The requested item was not found");
  EXPECT_EQ(Translate("error.not_found", Lang::kFr), "L'élément demandé est introuvable");
  EXPECT_EQ(Translate("error.not_found", Lang::kAr), "العنصر المطلوب غير موجود");
  EXPECT_EQ(Translate("field.cin_taken", Lang::kEn),
            "This CIN is already recorded for another person");
  // The first and last entries, where an off-by-one in the search would show.
  EXPECT_EQ(Translate("error.conflict", Lang::kEn), "The operation conflicts with existing data");
  EXPECT_EQ(Translate("field.unknown", Lang::kFr), "Champ inconnu");
}

TEST(MessagesTest, UnknownKeyComesBackAsItself) {
  for (const char* key : {"field.no_such_key", "error.", "", "zzz", "a", "field.unknownx"}) {
    EXPECT_FALSE(HasMessage(key)) << key;
    for (const Lang lang : {Lang::kAr, Lang::kFr, Lang::kEn}) {
      EXPECT_EQ(Translate(key, lang), key);
    }
  }
}

}  // namespace
}  // namespace tanzim::i18n
