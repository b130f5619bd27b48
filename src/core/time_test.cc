#include "core/time.h"

#include <gtest/gtest.h>

#include <chrono>
#include <regex>

namespace tanzim {
namespace {

TEST(TimeTest, UtcNowIsRfc3339WithSecondsAndZ) {
  const std::string now = UtcNowRfc3339();
  EXPECT_TRUE(std::regex_match(now, std::regex(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)"))) << now;
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
