#include "core/csv.h"

#include <gtest/gtest.h>

namespace tanzim {
namespace {

using Rows = std::vector<std::vector<std::string>>;
using Lines = std::vector<size_t>;

TEST(CsvTest, EachRowKeepsTheLineItStartsOnWhateverTheLineBreaks) {
  // "\n", "\r\n", a lone "\r" (an old Mac file), a blank line and a quoted
  // field over two lines.
  auto table = ParseCsv(
      "\xEF\xBB\xBF"
      "a,b\nc,d\r\ne,f\rg,h\n\n\"i\nj\",k\r\nl,m");
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table->rows,
            (Rows{{"a", "b"}, {"c", "d"}, {"e", "f"}, {"g", "h"}, {"i\nj", "k"}, {"l", "m"}}));
  EXPECT_EQ(table->lines, (Lines{1, 2, 3, 4, 6, 8}));
}

TEST(CsvTest, AQuoteLeftOpenNamesTheLineItsRowStartsOn) {
  auto open = ParseCsv("a,b\r\"c,d\re,f\r");
  ASSERT_FALSE(open.ok());
  EXPECT_EQ(open.error().fields(), (std::vector<FieldError>{{"line 2", "field.invalid_csv"}}));

  auto stray = ParseCsv("a,b\nc,\"d\"x\n");
  ASSERT_FALSE(stray.ok());
  EXPECT_EQ(stray.error().fields(), (std::vector<FieldError>{{"line 2", "field.invalid_csv"}}));
}

}  // namespace
}  // namespace tanzim
