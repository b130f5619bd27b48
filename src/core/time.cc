#include "core/time.h"

#include <fmt/core.h>

#include <chrono>

namespace tanzim {

std::string UtcNowRfc3339() {
  return FormatRfc3339(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
}

std::string FormatRfc3339(std::chrono::sys_seconds at) {
  const auto day = std::chrono::floor<std::chrono::days>(at);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{at - day};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", int(ymd.year()), unsigned(ymd.month()),
                     unsigned(ymd.day()), hms.hours().count(), hms.minutes().count(),
                     hms.seconds().count());
}

std::chrono::year_month_day UtcToday() {
  return std::chrono::year_month_day{
      std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
}

std::string FormatDate(std::chrono::year_month_day day) {
  return fmt::format("{:04}-{:02}-{:02}", int(day.year()), unsigned(day.month()),
                     unsigned(day.day()));
}

}  // namespace tanzim
