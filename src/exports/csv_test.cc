#include "exports/csv.h"

#include <gtest/gtest.h>

namespace tanzim::exports {
namespace {

TEST(CsvCellTest, PlainTextStaysAsIs) {
  EXPECT_EQ(CsvCell(""), "");
  EXPECT_EQ(CsvCell("Moulay Yacoub"), "Moulay Yacoub");
  EXPECT_EQ(CsvCell("أمينة العلوي"), "أمينة العلوي");
  EXPECT_EQ(CsvCell("a=b"), "a=b");  // only a leading sign starts a formula
}

TEST(CsvCellTest, FormulaLikeCellsAreNeutralized) {
  EXPECT_EQ(CsvCell("=1+1"), "'=1+1");
  EXPECT_EQ(CsvCell("+212612345678"), "'+212612345678");
  EXPECT_EQ(CsvCell("-2+3"), "'-2+3");
  EXPECT_EQ(CsvCell("@SUM(A1:A9)"), "'@SUM(A1:A9)");
  EXPECT_EQ(CsvCell("\tcmd"), "'\tcmd");
  EXPECT_EQ(CsvCell("\rcmd"), "\"'\rcmd\"");
  // Neutralized and quoted: the apostrophe goes inside the quotes.
  EXPECT_EQ(CsvCell("=HYPERLINK(\"http://x\",\"y\")"),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
}

TEST(CsvCellTest, SeparatorsQuotesAndLineBreaksAreQuoted) {
  EXPECT_EQ(CsvCell("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvCell("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvCell("two\nlines"), "\"two\nlines\"");
}

TEST(AppendCsvRowTest, JoinsWithCommasAndEndsWithCrlf) {
  std::string out;
  AppendCsvRow(out, {"1", "=cmd", "x,y"});
  AppendCsvRow(out, {});
  EXPECT_EQ(out, "1,'=cmd,\"x,y\"\r\n\r\n");
}

}  // namespace
}  // namespace tanzim::exports
