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
    : kind_(kind), writer_(std::move(writer)), ration_(kLinesPerSecond, std::move(clock)) {}

void RefusalLog::Note(int status, std::string_view problem, std::string_view method,
                      std::string_view route, std::string_view login, std::string_view address) {
  const std::optional<int64_t> held_back = ration_.Take();
  if (!held_back) return;
  // The login was checked against the account rules before it became an
  // actor, and the address is the peer's or a trusted proxy's: neither can
  // carry a line break into the log.
  const bool refusal = kind_ == Kind::kRefusal;
  std::string line = fmt::format("{} {} {}: {} {} by {} from {}", refusal ? "refused" : "rejected",
                                 status, problem, method.empty() ? "-" : method,
                                 route.empty() ? "-" : route, login.empty() ? "-" : login, address);
  line += LineRation::HeldBackNote(*held_back, refusal ? "refusals" : "rejections");
  writer_(line);
}

}  // namespace tanzim::web
