#pragma once

#include <chrono>
#include <string>

namespace tanzim {

// The current UTC time as RFC 3339 with seconds, e.g. "2026-11-29T11:15:21Z".
std::string UtcNowRfc3339();
// `at` written the same way.
std::string FormatRfc3339(std::chrono::sys_seconds at);

// Today's date in UTC: what services use when a date is left out.
std::chrono::year_month_day UtcToday();

// "2026-11-29".
std::string FormatDate(std::chrono::year_month_day day);

}  // namespace tanzim
