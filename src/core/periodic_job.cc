#include "core/periodic_job.h"

namespace tanzim {

void PeriodicJob::Start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void PeriodicJob::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

int PeriodicJob::runs() const {
  std::lock_guard lock(mu_);
  return runs_;
}

void PeriodicJob::Loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    job_();
    lock.lock();
    ++runs_;
    wake_.wait_for(lock, interval_, [this] { return stopping_; });
  }
}

}  // namespace tanzim
