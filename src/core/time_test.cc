#include "core/time.h"

#include <gtest/gtest.h>

#include <cctype>
#include <chrono>
#include <string_view>

namespace tanzim {
namespace {

// True when `text` has `shape`'s length and a digit wherever `shape` has '9'
// and the same character elsewhere.
bool HasShape(std::string_view text, std::string_view shape) {
  if (text.size() != shape.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    const bool digit = std::isdigit(static_cast<unsigned char>(text[i])) != 0;
    if (shape[i] == '9' ? !digit : text[i] != shape[i]) return false;
  }
  return true;
}

TEST(TimeTest, UtcNowIsRfc3339WithSecondsAndZ) {
  const std::string now = UtcNowRfc3339();
  EXPECT_TRUE(HasShape(now, "9999-99-99T99:99:99Z")) << now;
}

TEST(TimeTest, TimesPrintPaddedInUtc) {
  using namespace std::chrono;
  EXPECT_EQ(FormatRfc3339(sys_days(year(2026) / 11 / 30) + hours(7) + minutes(5) + seconds(9)),
            "2026-11-30T07:05:09Z");
  EXPECT_EQ(FormatRfc3339(sys_days(year(987) / 1 / 9)), "0987-01-09T00:00:00Z");
  EXPECT_EQ(FormatRfc3339(sys_days(year(2024) / 12 / 31) + seconds(86'399)),
            "2024-12-31T23:59:59Z");
}

TEST(TimeTest, UtcNowIsToday) {
  const auto today = std::chrono::year_month_day{
      std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
  const std::string now = UtcNowRfc3339();
  const int year = std::stoi(now.substr(0, 4));
  const int month = std::stoi(now.substr(5, 2));
  const int day = std::stoi(now.substr(8, 2));
  // Tolerate a midnight rollover between the two clock reads.
  const auto stamp = std::chrono::year_month_day{std::chrono::year(year), std::chrono::month(month),
                                                 std::chrono::day(day)};
  const auto diff = std::chrono::sys_days(stamp) - std::chrono::sys_days(today);
  EXPECT_GE(diff.count(), 0);
  EXPECT_LE(diff.count(), 1);
}

TEST(TimeTest, DatesPrintAsIso) {
  using namespace std::chrono;
  EXPECT_EQ(FormatDate(year(2026) / 3 / 5), "2026-03-05");
  EXPECT_EQ(FormatDate(year(2024) / 12 / 31), "2024-12-31");
  EXPECT_EQ(FormatDate(year(987) / 1 / 9), "0987-01-09");
}

TEST(TimeTest, UtcTodayIsTodaysDate) {
  const std::string before = UtcNowRfc3339().substr(0, 10);
  const std::string today = FormatDate(UtcToday());
  const std::string after = UtcNowRfc3339().substr(0, 10);
  EXPECT_TRUE(today == before || today == after) << today;  // midnight may pass between reads
}

}  // namespace
}  // namespace tanzim
