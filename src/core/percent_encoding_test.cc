#include "core/percent_encoding.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace tanzim {
namespace {

TEST(PercentEncodeTest, KeepsUnreservedAndEncodesEveryOtherByte) {
  EXPECT_EQ(PercentEncode(""), "");
  EXPECT_EQ(PercentEncode("AZaz09-._~"), "AZaz09-._~");
  EXPECT_EQ(PercentEncode("a b+c&d=e/f?g#h%i"), "a%20b%2Bc%26d%3De%2Ff%3Fg%23h%25i");
  EXPECT_EQ(PercentEncode("' OR 1=1 --"), "%27%20OR%201%3D1%20--");
}

TEST(PercentEncodeTest, EncodesUtf8ByteByByte) {
  EXPECT_EQ(PercentEncode("فاس"), "%D9%81%D8%A7%D8%B3");
  EXPECT_EQ(PercentEncode("é"), "%C3%A9");
}

TEST(PercentEncodeTest, RefusesANulRatherThanCutAtIt) {
  EXPECT_THROW(PercentEncode(std::string("1\0x", 3)), std::invalid_argument);
}

}  // namespace
}  // namespace tanzim
