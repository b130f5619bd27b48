#include "core/line_ration.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace tanzim {
namespace {

TEST(LineRationTest, GrantsTheBudgetThenCountsUntilTheNextSecond) {
  int64_t now_ms = 5'000;
  LineRation ration(3, [&now_ms] { return now_ms; });
  for (int i = 0; i < 3; ++i) EXPECT_EQ(ration.Take(), 0) << i;
  EXPECT_EQ(ration.Take(), std::nullopt);
  now_ms += 999;  // the same second
  EXPECT_EQ(ration.Take(), std::nullopt);
  now_ms += 1;
  EXPECT_EQ(ration.Take(), 2) << "the first line of the next second counts the held back";
  EXPECT_EQ(ration.Take(), 0) << "and they are counted once";
}

TEST(LineRationTest, HeldBackNoteSaysHowManyOfWhat) {
  EXPECT_EQ(LineRation::HeldBackNote(0, "refusals"), "");
  EXPECT_EQ(LineRation::HeldBackNote(12, "refusals"),
            " (12 more refusals not logged before this one)");
}

TEST(LineRationTest, ConcurrentTakersShareOneBudget) {
  LineRation ration(10, [] { return int64_t{0}; });
  std::atomic<int> granted = 0;
  std::vector<std::thread> threads;
  threads.reserve(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 100; ++i) {
        if (ration.Take()) ++granted;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(granted, 10);
}

}  // namespace
}  // namespace tanzim
