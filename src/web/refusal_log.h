#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

namespace tanzim::web {

// Server log lines for refused requests: 401 (no, bad or expired token or
// session) and 403 (a role refusal, a cross-site form), naming the status,
// the problem, the route (its pattern: never the target, whose query may hold
// a name), the account when known and the client address (ASVS V16.3.1–V16.3.3).
//
// Refusals come from anyone on the network, so the lines are rationed: at
// most kLinesPerSecond a second; the ones held back are counted in the next
// line written, so a flood shows as a count and cannot fill the disk.
class RefusalLog {
 public:
  static constexpr int kLinesPerSecond = 20;

  using Writer = std::function<void(const std::string& line)>;
  using Clock = std::function<int64_t()>;  // milliseconds, any epoch

  // Writes to spdlog at warning level, on the steady clock.
  RefusalLog();
  RefusalLog(Writer writer, Clock clock);

  void Note(int status, std::string_view problem, std::string_view method, std::string_view route,
            std::string_view login, std::string_view address);

 private:
  Writer writer_;
  Clock clock_;
  std::mutex mu_;
  int64_t window_second_ = -1;
  int written_in_window_ = 0;
  int64_t held_back_ = 0;
};

}  // namespace tanzim::web
