#include "web/refusal_log.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>

namespace tanzim::web {

RefusalLog::RefusalLog(Kind kind)
    : RefusalLog(
          [kind](const std::string& line) {
            spdlog::log(kind == Kind::kRefusal ? spdlog::level::warn : spdlog::level::info, "{}",
                        line);
          },
          [] {
            return std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::steady_clock::now().time_since_epoch())
                .count();
          },
          kind) {}

RefusalLog::RefusalLog(Writer writer, Clock clock, Kind kind)
    : kind_(kind), writer_(std::move(writer)), clock_(std::move(clock)) {}

void RefusalLog::Note(int status, std::string_view problem, std::string_view method,
                      std::string_view route, std::string_view login, std::string_view address) {
  int64_t held_back = 0;
  {
    std::lock_guard lock(mu_);
    const int64_t second = clock_() / 1000;
    if (second != window_second_) {
      window_second_ = second;
      written_in_window_ = 0;
    }
    if (written_in_window_ == kLinesPerSecond) {
      ++held_back_;
      return;
    }
    ++written_in_window_;
    held_back = held_back_;
    held_back_ = 0;
  }
  // The login was checked against the account rules before it became an
  // actor, and the address is the peer's or a trusted proxy's: neither can
  // carry a line break into the log.
  const bool refusal = kind_ == Kind::kRefusal;
  std::string line = fmt::format("{} {} {}: {} {} by {} from {}", refusal ? "refused" : "rejected",
                                 status, problem, method.empty() ? "-" : method,
                                 route.empty() ? "-" : route, login.empty() ? "-" : login, address);
  if (held_back > 0) {
    line += fmt::format(" ({} more {} not logged before this one)", held_back,
                        refusal ? "refusals" : "rejections");
  }
  writer_(line);
}

}  // namespace tanzim::web
