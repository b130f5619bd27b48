#include "core/time.h"

#include <array>
#include <chrono>
#include <cstdio>

namespace tanzim {

std::string UtcNowRfc3339() {
  return FormatRfc3339(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
}

std::string FormatRfc3339(std::chrono::sys_seconds at) {
  const auto day = std::chrono::floor<std::chrono::days>(at);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{at - day};
  std::array<char, 32> buf{};
  std::snprintf(buf.data(), buf.size(), "%04d-%02u-%02uT%02ld:%02ld:%02ldZ", int(ymd.year()),
                unsigned(ymd.month()), unsigned(ymd.day()), long(hms.hours().count()),
                long(hms.minutes().count()), long(hms.seconds().count()));
  return buf.data();
}

std::chrono::year_month_day UtcToday() {
  return std::chrono::year_month_day{
      std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
}

std::string FormatDate(std::chrono::year_month_day day) {
  std::array<char, 16> buf{};
  std::snprintf(buf.data(), buf.size(), "%04d-%02u-%02u", int(day.year()), unsigned(day.month()),
                unsigned(day.day()));
  return buf.data();
}

}  // namespace tanzim
