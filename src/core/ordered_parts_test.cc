#include "core/ordered_parts.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace tanzim {
namespace {

// Consumes every part, as a store does, and returns the ranges in the order given.
std::vector<OrderedParts::Range> Drain(OrderedParts& parts, std::optional<Error>* error) {
  std::vector<OrderedParts::Range> got;
  while (true) {
    auto next = parts.Next();
    if (!next.ok()) {
      *error = next.error();
      return got;
    }
    if (next->empty()) return got;
    got.push_back(*next);
  }
}

Error Bad(size_t item) { return Error::Invalid("item", std::to_string(item)); }

class OrderedPartsTest : public ::testing::TestWithParam<size_t> {};

TEST_P(OrderedPartsTest, HandsOutEveryItemOnceInOrder) {
  constexpr size_t kCount = 10'007;
  std::vector<std::atomic<int>> checked(kCount);
  OrderedParts parts(kCount, 100, GetParam(), [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) ++checked[i];
    return std::optional<Error>();
  });
  std::optional<Error> error;
  const auto got = Drain(parts, &error);
  EXPECT_FALSE(error);
  ASSERT_EQ(got.size(), 101u);
  size_t expected_begin = 0;
  for (const auto& range : got) {
    EXPECT_EQ(range.begin, expected_begin);
    // Everything handed out was checked before the consumer got it.
    for (size_t i = range.begin; i < range.end; ++i) ASSERT_EQ(checked[i].load(), 1) << i;
    expected_begin = range.end;
  }
  EXPECT_EQ(expected_begin, kCount);
  EXPECT_TRUE(parts.Next()->empty());  // and stays done
}

TEST_P(OrderedPartsTest, TheEarliestBadItemDecidesWhateverFinishesFirst) {
  // Item 50 (part 0) fails slowly, item 950 (part 9) at once: part 9's
  // helper finishes first, yet the answer must be the one of a single pass.
  OrderedParts parts(1'000, 100, GetParam(), [](size_t begin, size_t end) -> std::optional<Error> {
    if (begin == 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      return Bad(50);
    }
    if (begin <= 950 && 950 < end) return Bad(950);
    return std::nullopt;
  });
  std::optional<Error> error;
  const auto got = Drain(parts, &error);
  EXPECT_TRUE(got.empty());
  ASSERT_TRUE(error);
  EXPECT_EQ(error->fields().at(0).message_key, "50");
}

TEST_P(OrderedPartsTest, GoodPartsBeforeABadOneAreHandedOut) {
  OrderedParts parts(1'000, 100, GetParam(), [](size_t begin, size_t end) -> std::optional<Error> {
    if (begin <= 420 && 420 < end) return Bad(420);
    return std::nullopt;
  });
  std::optional<Error> error;
  const auto got = Drain(parts, &error);
  EXPECT_EQ(got.size(), 4u);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->fields().at(0).message_key, "420");
}

TEST_P(OrderedPartsTest, AConsumerThatGivesUpEarlyStopsTheHelpers) {
  std::atomic<size_t> checked_parts = 0;
  {
    OrderedParts parts(100'000, 1, GetParam(), [&](size_t, size_t) {
      ++checked_parts;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
      return std::optional<Error>();
    });
    ASSERT_TRUE(parts.Next().ok());
  }  // the store failed: the destructor must not wait for 100,000 parts
  EXPECT_LT(checked_parts.load(), 10'000u);
}

TEST_P(OrderedPartsTest, NoItemsIsDoneAtOnce) {
  OrderedParts parts(0, 100, GetParam(), [](size_t, size_t) -> std::optional<Error> {
    ADD_FAILURE() << "nothing to check";
    return std::nullopt;
  });
  auto next = parts.Next();
  ASSERT_TRUE(next.ok());
  EXPECT_TRUE(next->empty());
}

TEST(OrderedPartsStealTest, TheConsumerChecksLaterPartsWhileAHelperHoldsTheOneItNeeds) {
  // The helper takes part 0, whose check cannot end before part 1 is checked:
  // the consumer must check part 1 itself. One that only waited for the part
  // it needs would leave part 1 to that same helper, and part 0 would give up
  // at its deadline.
  std::mutex mu;
  std::condition_variable cv;
  bool first_taken = false;
  bool second_checked = false;
  OrderedParts parts(200, 100, 1, [&](size_t begin, size_t) -> std::optional<Error> {
    std::unique_lock lock(mu);
    if (begin == 100) {
      second_checked = true;
      cv.notify_all();
      return std::nullopt;
    }
    first_taken = true;
    cv.notify_all();
    if (!cv.wait_for(lock, std::chrono::seconds(30), [&] { return second_checked; })) return Bad(0);
    return std::nullopt;
  });
  {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return first_taken; });
  }
  std::optional<Error> error;
  const auto got = Drain(parts, &error);
  EXPECT_FALSE(error);
  EXPECT_EQ(got.size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(Helpers, OrderedPartsTest, ::testing::Values(0, 1, 3));

}  // namespace
}  // namespace tanzim
