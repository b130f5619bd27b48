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

TEST(RejectionLogTest, SaysRejectedAndDashesWhatIsUnknown) {
  std::vector<std::string> lines;
  int64_t now_ms = 0;
  RefusalLog log([&lines](const std::string& line) { lines.push_back(line); },
                 [&now_ms] { return now_ms; }, RefusalLog::Kind::kRejection);
  log.Note(422, "error.invalid (field.cin_invalid)", "POST", "/api/v1/people", "amina",
           "192.0.2.1");
  log.Note(413, "error.too_large", "", "", "", "198.51.100.7");
  for (int i = 0; i < RefusalLog::kLinesPerSecond; ++i) log.Note(400, "e", "GET", "/x", "", "a");
  now_ms += 1000;
  log.Note(400, "e", "GET", "/x", "", "a");
  ASSERT_EQ(lines.size(), size_t{RefusalLog::kLinesPerSecond} + 1);
  EXPECT_EQ(lines[0],
            "rejected 422 error.invalid (field.cin_invalid): POST /api/v1/people by amina from "
            "192.0.2.1");
  EXPECT_EQ(lines[1], "rejected 413 error.too_large: - - by - from 198.51.100.7");
  EXPECT_EQ(lines.back(),
            "rejected 400 e: GET /x by - from a (2 more rejections not logged before "
            "this one)");
}

TEST_F(RefusalLogTest, ConcurrentNotesAreAllWrittenOrCounted) {
  std::vector<std::thread> threads;
  threads.reserve(4);
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
