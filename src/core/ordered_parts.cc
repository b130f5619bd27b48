#include "core/ordered_parts.h"

#include <algorithm>

namespace tanzim {

OrderedParts::OrderedParts(size_t count, size_t part_size, size_t helpers, Check check)
    : count_(count),
      part_size_(std::max<size_t>(part_size, 1)),
      parts_((count + part_size_ - 1) / part_size_),
      check_(std::move(check)),
      states_(parts_, State::kPending),
      errors_(parts_) {
  // The caller checks any part it needs that no helper has taken, so it is
  // one checker already: more helpers than parts - 1 would only idle.
  helpers = std::min(helpers, parts_ > 0 ? parts_ - 1 : 0);
  helpers_.reserve(helpers);
  for (size_t i = 0; i < helpers; ++i) helpers_.emplace_back([this] { Work(); });
}

OrderedParts::~OrderedParts() {
  stopping_ = true;
  for (auto& helper : helpers_) helper.join();
}

OrderedParts::Range OrderedParts::PartRange(size_t part) const {
  const size_t begin = part * part_size_;
  return {begin, std::min(count_, begin + part_size_)};
}

void OrderedParts::Work() {
  while (RunUnclaimed()) {
    // one part checked; take the next
  }
}

void OrderedParts::Run(size_t part) {
  const Range range = PartRange(part);
  std::optional<Error> error = check_(range.begin, range.end);
  // Parts after a bad one are wasted work: the consumer stops at the bad one.
  if (error) stopping_ = true;
  {
    const std::lock_guard lock(mu_);
    states_[part] = error ? State::kFailed : State::kChecked;
    errors_[part] = std::move(error);
  }
  checked_.notify_all();
}

bool OrderedParts::RunUnclaimed() {
  if (stopping_) return false;
  const size_t part = next_claim_.fetch_add(1);
  if (part >= parts_) return false;
  Run(part);
  return true;
}

Result<OrderedParts::Range> OrderedParts::Next() {
  if (next_out_ == parts_) return Range{count_, count_};
  const size_t part = next_out_;
  std::unique_lock lock(mu_);
  // Parts are claimed in order: while the one needed is pending, the next
  // unclaimed part is either it or a later one, and checking that here keeps
  // this core busy; a store that inserts faster than a helper checks would
  // otherwise idle for the difference.
  while (states_[part] == State::kPending) {
    lock.unlock();
    const bool ran = RunUnclaimed();
    lock.lock();
    if (!ran) checked_.wait(lock, [&] { return states_[part] != State::kPending; });
  }
  if (states_[part] == State::kFailed) return *errors_[part];
  ++next_out_;
  return PartRange(part);
}

}  // namespace tanzim
