#include "audit/sqlite_read_log.h"

#include <gtest/gtest.h>

#include <memory>
#include <thread>
#include <vector>

#include "store/testing/temp_store.h"

namespace tanzim::audit {
namespace {

using namespace std::chrono_literals;

class ReadLogTest : public ::testing::Test {
 protected:
  void SetUp() override { db_ = std::make_unique<store::testing::TempStore>("reads"); }

  void Exec(const char* sql) {
    auto conn = db_->pool().Acquire();
    ASSERT_TRUE(conn.ok());
    ASSERT_TRUE((*conn)->Exec(sql).ok()) << sql;
  }

  std::unique_ptr<store::testing::TempStore> db_;
};

TEST_F(ReadLogTest, NotesWhoReadWhomAndWhenInOrder) {
  SqliteReadLog log(db_->pool(), 1h);  // no timed flush: List flushes
  ASSERT_TRUE(log.Note(3, 40, "record").ok());
  ASSERT_TRUE(log.Note(5, 41, "export").ok());
  ASSERT_TRUE(log.Note(3, 41, "record").ok());
  auto all = log.List({});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].user_id, 3);
  EXPECT_EQ((*all)[0].person_id, 40);
  EXPECT_EQ((*all)[0].what, "record");
  EXPECT_EQ((*all)[0].at.size(), 20u);  // RFC 3339 UTC, to the second
  EXPECT_EQ((*all)[1].what, "export");

  auto about_41 = log.List({.person_id = 41});
  ASSERT_TRUE(about_41.ok());
  ASSERT_EQ(about_41->size(), 2u);
  auto by_3 = log.List({.user_id = 3, .after_id = (*all)[0].id});
  ASSERT_TRUE(by_3.ok());
  ASSERT_EQ(by_3->size(), 1u);
  EXPECT_EQ(by_3->front().person_id, 41);
  auto by_3_about_41 = log.List({.person_id = 41, .user_id = 3});
  ASSERT_TRUE(by_3_about_41.ok());
  ASSERT_EQ(by_3_about_41->size(), 1u);
  EXPECT_EQ(by_3_about_41->front().id, (*all)[2].id);
  auto by_5_about_40 = log.List({.person_id = 40, .user_id = 5});
  ASSERT_TRUE(by_5_about_40.ok());
  EXPECT_TRUE(by_5_about_40->empty());
}

TEST_F(ReadLogTest, TheTimerStoresNotesWithoutAsking) {
  SqliteReadLog log(db_->pool(), 20ms);
  ASSERT_TRUE(log.Note(1, 2, "record").ok());
  for (int i = 0; i < 200; ++i) {
    auto conn = db_->pool().Acquire();
    auto stmt = (*conn)->Prepare("SELECT count(*) FROM person_reads");
    ASSERT_TRUE(stmt.ok());
    ASSERT_TRUE(*(*stmt)->Step());
    if ((*stmt)->Int(0) == 1) return;
    std::this_thread::sleep_for(10ms);
  }
  FAIL() << "the note was never written";
}

TEST_F(ReadLogTest, ShutdownWritesWhatIsQueued) {
  {
    SqliteReadLog log(db_->pool(), 1h);
    ASSERT_TRUE(log.Note(9, 10, "record").ok());
  }
  SqliteReadLog reopened(db_->pool(), 1h);
  auto all = reopened.List({});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ(all->front().user_id, 9);
}

TEST_F(ReadLogTest, ConcurrentReadersAreAllNoted) {
  SqliteReadLog log(db_->pool(), 5ms);
  std::vector<std::thread> readers;
  for (int t = 0; t < 8; ++t) {
    readers.emplace_back([&log, t] {
      for (int i = 0; i < 250; ++i) ASSERT_TRUE(log.Note(t + 1, i + 1, "record").ok());
    });
  }
  for (auto& reader : readers) reader.join();
  auto all = log.List({.limit = 5000});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 2000u);
}

// When the store refuses the notes, they stay queued, and once the queue is
// full reads are refused rather than left unrecorded.
TEST_F(ReadLogTest, AStoreThatRefusesNotesMakesReadsFailClosed) {
  SqliteReadLog log(db_->pool(), 1h, /*max_pending=*/3);
  Exec("ALTER TABLE person_reads RENAME TO person_reads_away");
  for (int i = 1; i <= 3; ++i) ASSERT_TRUE(log.Note(1, i, "record").ok());
  EXPECT_FALSE(log.Flush().ok());
  const Status refused = log.Note(1, 4, "record");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), ErrorCode::kUnavailable);

  Exec("ALTER TABLE person_reads_away RENAME TO person_reads");
  ASSERT_TRUE(log.Flush().ok());
  ASSERT_TRUE(log.Note(1, 5, "record").ok());
  auto all = log.List({});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 4u);
  EXPECT_EQ((*all)[0].person_id, 1);
  EXPECT_EQ((*all)[3].person_id, 5);
}

}  // namespace
}  // namespace tanzim::audit
