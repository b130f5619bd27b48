#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace tanzim {

// A budget of log lines a second, for lines that anyone on the network can
// cause (refused requests, failed or throttled sign-ins): past the budget,
// lines are held back and only counted, and the next line written says how
// many, so a flood shows as a number and cannot fill the disk. Per process:
// each server of several keeps its own budget. Thread-safe.
class LineRation {
 public:
  using Clock = std::function<int64_t()>;  // milliseconds, any epoch

  LineRation(int lines_per_second, Clock clock)
      : lines_per_second_(lines_per_second), clock_(std::move(clock)) {}

  // Whether a line may be written now: if so, how many were held back since
  // the last one written, for this one to mention; nullopt if the second's
  // budget is spent (the line is counted).
  std::optional<int64_t> Take();

  // The note a written line ends with when lines were held back before it:
  // " (12 more refusals not logged before this one)"; empty for none.
  static std::string HeldBackNote(int64_t held_back, std::string_view what);

 private:
  const int lines_per_second_;
  Clock clock_;
  std::mutex mu_;
  int64_t window_second_ = -1;
  int written_in_window_ = 0;
  int64_t held_back_ = 0;
};

}  // namespace tanzim
