#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "memberships/membership_service.h"

namespace tanzim::memberships {

// Runs MembershipService::LapseOverdue once at Start() and then every
// `interval` on a thread of its own, as SystemActor(), until Stop(). Failures
// are logged and retried at the next run.
class LapseScheduler {
 public:
  explicit LapseScheduler(MembershipService& memberships,
                          std::chrono::milliseconds interval = std::chrono::hours(24))
      : memberships_(memberships), interval_(interval) {}
  LapseScheduler(const LapseScheduler&) = delete;
  LapseScheduler& operator=(const LapseScheduler&) = delete;
  ~LapseScheduler() { Stop(); }

  void Start();
  // Wakes the thread and waits for it; a run in progress finishes first.
  void Stop();
  // How many runs completed (successful or not), for tests.
  int runs() const;

 private:
  void Loop();

  MembershipService& memberships_;
  const std::chrono::milliseconds interval_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  int runs_ = 0;
  std::thread thread_;
};

}  // namespace tanzim::memberships
