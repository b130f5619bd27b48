#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace tanzim {

// Runs `job` once at Start() and then every `interval` on a thread of its
// own, until Stop(): the daily checks of `tanzim serve` (membership lapse,
// retention). The job handles and logs its own failures; the next run retries.
class PeriodicJob {
 public:
  PeriodicJob(std::function<void()> job, std::chrono::milliseconds interval)
      : job_(std::move(job)), interval_(interval) {}
  PeriodicJob(const PeriodicJob&) = delete;
  PeriodicJob& operator=(const PeriodicJob&) = delete;
  ~PeriodicJob() { Stop(); }

  void Start();
  // Wakes the thread and waits for it; a run in progress finishes first.
  void Stop();
  // How many runs completed, for tests.
  int runs() const;

 private:
  void Loop();

  const std::function<void()> job_;
  const std::chrono::milliseconds interval_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  int runs_ = 0;
  std::thread thread_;
};

}  // namespace tanzim
