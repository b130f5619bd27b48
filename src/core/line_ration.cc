#include "core/line_ration.h"

#include <fmt/format.h>

namespace tanzim {

std::optional<int64_t> LineRation::Take() {
  std::lock_guard lock(mu_);
  const int64_t second = clock_() / 1000;
  if (second != window_second_) {
    window_second_ = second;
    written_in_window_ = 0;
  }
  if (written_in_window_ == lines_per_second_) {
    ++held_back_;
    return std::nullopt;
  }
  ++written_in_window_;
  const int64_t held_back = held_back_;
  held_back_ = 0;
  return held_back;
}

std::string LineRation::HeldBackNote(int64_t held_back, std::string_view what) {
  if (held_back <= 0) return {};
  return fmt::format(" ({} more {} not logged before this one)", held_back, what);
}

}  // namespace tanzim
