#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "core/result.h"

namespace tanzim {

// Checks the items of a bulk operation in parts on helper threads while the
// calling thread consumes the parts already checked, in order: a load keeps
// one core storing while the others validate ahead of it.
//
// `check(begin, end)` works on items [begin, end) and returns the error of
// the first bad one, or nothing. Parts are handed out in order, so the first
// error Next() returns is the one a single pass over the items would meet.
// Once a part fails, helpers stop taking new ones.
class OrderedParts {
 public:
  struct Range {
    size_t begin = 0;
    size_t end = 0;
    bool empty() const { return begin == end; }
  };
  using Check = std::function<std::optional<Error>(size_t begin, size_t end)>;

  // `helpers` threads (0: the caller checks every part itself in Next()).
  OrderedParts(size_t count, size_t part_size, size_t helpers, Check check);
  OrderedParts(const OrderedParts&) = delete;
  OrderedParts& operator=(const OrderedParts&) = delete;
  // Stops the helpers after the part each is checking, and joins them.
  ~OrderedParts();

  // The next part once checked; an empty range when every part was given; the
  // part's error if its check failed. While a helper still checks it, the
  // calling thread checks the parts no helper has taken (this one, or later
  // ones) rather than wait.
  Result<Range> Next();

 private:
  enum class State : uint8_t { kPending, kChecked, kFailed };

  Range PartRange(size_t part) const;
  void Work();
  // Claims the first part nobody has taken and checks it; false once every
  // part is taken or a check failed.
  bool RunUnclaimed();
  void Run(size_t part);

  const size_t count_;
  const size_t part_size_;
  const size_t parts_;
  const Check check_;
  std::atomic<size_t> next_claim_{0};
  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  std::condition_variable checked_;
  std::vector<State> states_;                 // guarded by mu_
  std::vector<std::optional<Error>> errors_;  // guarded by mu_
  size_t next_out_ = 0;                       // the consumer's only
  std::vector<std::thread> helpers_;
};

}  // namespace tanzim
