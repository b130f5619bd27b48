#include "memberships/lapse_scheduler.h"

#include <spdlog/spdlog.h>

namespace tanzim::memberships {

void LapseScheduler::Start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void LapseScheduler::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

int LapseScheduler::runs() const {
  std::lock_guard lock(mu_);
  return runs_;
}

void LapseScheduler::Loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    auto lapsed = memberships_.LapseOverdue(SystemActor());
    if (lapsed.ok()) {
      spdlog::info("memberships: {} lapsed for unpaid dues", *lapsed);
    } else {
      spdlog::error("memberships: lapse check failed: {} {}", lapsed.error().message_key(),
                    lapsed.error().log_detail());
    }
    lock.lock();
    ++runs_;
    wake_.wait_for(lock, interval_, [this] { return stopping_; });
  }
}

}  // namespace tanzim::memberships
