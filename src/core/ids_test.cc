#include "core/ids.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace tanzim {
namespace {

TEST(IdsTest, ParsesOnlyPositiveDecimalIds) {
  EXPECT_EQ(ParsePositiveId("12"), 12);
  EXPECT_EQ(ParsePositiveId("9223372036854775807"), std::numeric_limits<int64_t>::max());
  for (const char* bad : {"", "0", "-1", "1x", " 1", "+1", "9223372036854775808", "1.0"}) {
    EXPECT_FALSE(ParsePositiveId(bad)) << bad;
  }
}

TEST(IdsTest, CursorsRoundTripAndRefuseForgeries) {
  for (const int64_t id :
       {int64_t{1}, int64_t{255}, int64_t{1} << 40, std::numeric_limits<int64_t>::max()}) {
    EXPECT_EQ(DecodeIdCursor(EncodeIdCursor(id)), id);
  }
  EXPECT_FALSE(DecodeIdCursor(""));
  EXPECT_FALSE(DecodeIdCursor("%%%"));
  EXPECT_FALSE(DecodeIdCursor("MTI"));               // "12" in base64: not 8 bytes
  EXPECT_FALSE(DecodeIdCursor(EncodeIdCursor(0)));   // no id 0
  EXPECT_FALSE(DecodeIdCursor(EncodeIdCursor(-5)));  // the sign bit set
}

}  // namespace
}  // namespace tanzim
