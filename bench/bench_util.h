// What the in-process benchmarks (by_id_bench.cc, stats_bench.cc, signin_bench.cc)
// and the data generators share: timing, CPU clocks, median/min/max of timed
// runs, zero-padded numbers, and failing loudly.
#pragma once

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace tanzim::bench {

// Wall-clock time since construction (steady clock).
class Stopwatch {
 public:
  double Seconds() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }
  double Milliseconds() const { return Seconds() * 1e3; }

 private:
  using Clock = std::chrono::steady_clock;
  Clock::time_point start_ = Clock::now();
};

// A CPU clock in seconds: CLOCK_PROCESS_CPUTIME_ID (all threads) or
// CLOCK_THREAD_CPUTIME_ID (the caller). CPU time is barely affected by other
// work on the machine, unlike wall-clock time.
inline double CpuSeconds(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

struct Summary {
  double median = 0, min = 0, max = 0;
};

// Median (mean of the middle two for an even count), min and max; zeros when empty.
inline Summary Summarize(std::vector<double> values) {
  if (values.empty()) return {};
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  const double median = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  return {median, values.front(), values.back()};
}

// `value` (not negative) in decimal, zero-padded to `width` digits: the parts
// of a date ("2024-03-07") and of generated codes ("MA-03-C07").
inline std::string ZeroPadded(int64_t value, size_t width) {
  std::string digits = std::to_string(value);
  if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
  return digits;
}

// Prints "TOOL: WHAT: key [field: key] (detail)" on stderr and exits with 1.
[[noreturn]] inline void Fail(std::string_view tool, std::string_view what, const Error& error) {
  std::cerr << tool << ": " << what << ": " << error.message_key();
  for (const auto& field : error.fields()) {
    std::cerr << " [" << field.field << ": " << field.message_key << "]";
  }
  if (!error.log_detail().empty()) std::cerr << " (" << error.log_detail() << ")";
  std::cerr << '\n';
  std::exit(1);
}

}  // namespace tanzim::bench
