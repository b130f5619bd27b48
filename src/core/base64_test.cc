#include "core/base64.h"

#include <gtest/gtest.h>

#include <string>

namespace tanzim {
namespace {

struct Pair {
  std::string bytes;
  std::string text;
};

// RFC 4648 test vectors, in the URL-safe alphabet and without padding.
const Pair kPairs[] = {
    {"", ""},
    {"f", "Zg"},
    {"fo", "Zm8"},
    {"foo", "Zm9v"},
    {"foob", "Zm9vYg"},
    {"fooba", "Zm9vYmE"},
    {"foobar", "Zm9vYmFy"},
    {"\xfb\xff", "-_8"},  // '+' and '/' in the standard alphabet
    {std::string("\0\0\0", 3), "AAAA"},
    {"\xff\xff\xff", "____"},
};

TEST(Base64Test, EncodesUrlSafeWithoutPadding) {
  for (const auto& [bytes, text] : kPairs) {
    EXPECT_EQ(Base64UrlEncode(bytes), text) << text;
  }
}

TEST(Base64Test, DecodesWhatItEncodes) {
  for (const auto& [bytes, text] : kPairs) {
    const auto decoded = Base64UrlDecode(text);
    ASSERT_TRUE(decoded.has_value()) << text;
    EXPECT_EQ(*decoded, bytes) << text;
  }
}

TEST(Base64Test, RoundTripsEveryByteValueAndLength) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  for (size_t length = 0; length <= all.size(); length += 17) {
    const std::string bytes = all.substr(0, length);
    const std::string text = Base64UrlEncode(bytes);
    EXPECT_EQ(text.find_first_of("+/="), std::string::npos);
    EXPECT_EQ(Base64UrlDecode(text), bytes) << length;
  }
}

TEST(Base64Test, RefusesWhatIsNotUrlSafeUnpaddedBase64) {
  const char* const kBad[] = {
      "Zg==",       // padding
      "+/8",        // standard alphabet
      "Zm9v!",      // stray character at the end
      "Zm 9v",      // inner space
      "Z",          // a single character cannot encode a byte
      "Zh",         // non-zero trailing bits: not the canonical form of "f"
      "Zm9vYmFy\n"  // trailing newline
  };
  for (const char* text : kBad) {
    EXPECT_EQ(Base64UrlDecode(text), std::nullopt) << text;
  }
}

}  // namespace
}  // namespace tanzim
