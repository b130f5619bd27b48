#include "web/refusal_log.h"

#include <gtest/gtest.h>

#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace tanzim::web {
namespace {

class RefusalLogTest : public ::testing::Test {
 protected:
  std::mutex mu_;  // the writer is called outside the log's lock, as spdlog is thread-safe
  std::vector<std::string> lines_;
  int64_t now_ms_ = 1'000'000;
  RefusalLog log_{[this](const std::string& line) {
                    std::lock_guard lock(mu_);
                    lines_.push_back(line);
                  },
                  [this] { return now_ms_; }};
};

TEST_F(RefusalLogTest, NamesStatusProblemRouteAccountAndAddress) {
  log_.Note(403, "error.forbidden", "PATCH", "/api/v1/people/{id}", "viewer.mou", "192.0.2.1");
  log_.Note(401, "error.unauthenticated", "GET", "/api/v1/people", "", "198.51.100.7");
  ASSERT_EQ(lines_.size(), 2U);
  EXPECT_EQ(lines_[0],
            "refused 403 error.forbidden: PATCH /api/v1/people/{id} by viewer.mou from 192.0.2.1");
  EXPECT_EQ(lines_[1],
            "refused 401 error.unauthenticated: GET /api/v1/people by - from 198.51.100.7");
}

TEST_F(RefusalLogTest, AFloodIsRationedAndCountedInTheNextLine) {
  for (int i = 0; i < RefusalLog::kLinesPerSecond + 5; ++i) {
    log_.Note(401, "error.unauthenticated", "GET", "/api/v1/people", "", "203.0.113.9");
  }
  EXPECT_EQ(lines_.size(), size_t{RefusalLog::kLinesPerSecond});
  now_ms_ += 999;  // the same second still
  log_.Note(401, "error.unauthenticated", "GET", "/api/v1/people", "", "203.0.113.9");
  EXPECT_EQ(lines_.size(), size_t{RefusalLog::kLinesPerSecond});
  now_ms_ += 1;
  log_.Note(403, "error.csrf", "POST", "/api/v1/people", "amina", "192.0.2.1");
  ASSERT_EQ(lines_.size(), size_t{RefusalLog::kLinesPerSecond} + 1);
  EXPECT_EQ(lines_.back(),
            "refused 403 error.csrf: POST /api/v1/people by amina from 192.0.2.1"
            " (6 more refusals not logged before this one)");
  log_.Note(403, "error.csrf", "POST", "/api/v1/people", "amina", "192.0.2.1");
  EXPECT_EQ(lines_.back().find("more refusals"), std::string::npos) << "counted once";
}

TEST_F(RefusalLogTest, ConcurrentNotesAreAllWrittenOrCounted) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([this] {
      for (int i = 0; i < 50; ++i) log_.Note(401, "error.unauthenticated", "GET", "/x", "", "a");
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(lines_.size(), size_t{RefusalLog::kLinesPerSecond});
  now_ms_ += 1000;
  log_.Note(401, "error.unauthenticated", "GET", "/x", "", "a");
  EXPECT_NE(lines_.back().find("(180 more refusals"), std::string::npos) << lines_.back();
}

}  // namespace
}  // namespace tanzim::web
