// KeyFileLock: shared holders coexist, an exclusive one waits for them (only
// so long), and a waiter ends up locking the file that is at the path when it
// gets the lock, not the one a rotation moved a new key over. Two locks taken
// in one process conflict as between processes: flock locks belong to the
// open file, not the process.
#include "auth/key_file_lock.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <future>
#include <string>

#include "auth/testing/temp_dir.h"

namespace tanzim::auth {
namespace {

using namespace std::chrono_literals;
using testing::TempDir;

class KeyFileLockTest : public ::testing::Test {
 protected:
  void SetUp() override { std::ofstream(path_) << "a key"; }

  // Whether an exclusive lock can be had at once (and is let go again).
  bool ExclusiveFree() {
    auto lock = KeyFileLock::Exclusive(path_, 0ms);
    return lock.ok() && lock->has_value();
  }

  TempDir dir_{"key-file-lock"};
  std::string path_ = dir_.File("tanzim.db.key");
};

TEST_F(KeyFileLockTest, NoFileIsNoLock) {
  auto shared = KeyFileLock::Shared(dir_.File("absent.key"));
  ASSERT_TRUE(shared.ok());
  EXPECT_FALSE(shared->has_value());
  auto exclusive = KeyFileLock::Exclusive(dir_.File("absent.key"), 0ms);
  ASSERT_TRUE(exclusive.ok());
  EXPECT_FALSE(exclusive->has_value());
}

TEST_F(KeyFileLockTest, SharedHoldersCoexistAndKeepExclusiveOut) {
  auto first = KeyFileLock::Shared(path_);
  auto second = KeyFileLock::Shared(path_);
  ASSERT_TRUE(first.ok() && first->has_value());
  ASSERT_TRUE(second.ok() && second->has_value());

  const auto started = std::chrono::steady_clock::now();
  auto refused = KeyFileLock::Exclusive(path_, 100ms);
  EXPECT_FALSE(refused.ok()) << "granted beside two shared holders";
  EXPECT_GE(std::chrono::steady_clock::now() - started, 100ms) << "gave up before its patience";

  // A shared holder cannot turn exclusive beside another one, and has no lock after.
  auto alone = (*first)->TryExclusive();
  ASSERT_TRUE(alone.ok());
  EXPECT_FALSE(*alone);
  second->reset();
  EXPECT_TRUE(ExclusiveFree()) << "the failed conversion kept a lock";
}

TEST_F(KeyFileLockTest, TheOnlySharedHolderTurnsExclusive) {
  auto lock = KeyFileLock::Shared(path_);
  ASSERT_TRUE(lock.ok() && lock->has_value());
  auto alone = (*lock)->TryExclusive();
  ASSERT_TRUE(alone.ok());
  EXPECT_TRUE(*alone);
  auto shared = std::async(std::launch::async, [this] { return KeyFileLock::Shared(path_); });
  EXPECT_EQ(shared.wait_for(100ms), std::future_status::timeout) << "shared beside exclusive";
  lock->reset();
  ASSERT_EQ(shared.wait_for(10s), std::future_status::ready);
  EXPECT_TRUE(shared.get().ok());
}

// What a rotation does: it holds the old file exclusive, moves a new one over
// the path, then lets go. A process that waited meanwhile must hold the new file.
TEST_F(KeyFileLockTest, AWaiterLocksTheFileThatReplacedTheOneItWaitedOn) {
  auto rotation = KeyFileLock::Exclusive(path_, 0ms);
  ASSERT_TRUE(rotation.ok() && rotation->has_value());
  auto waiter = std::async(std::launch::async, [this] { return KeyFileLock::Shared(path_); });
  ASSERT_EQ(waiter.wait_for(100ms), std::future_status::timeout);

  const std::string next = dir_.File("tanzim.db.key.next");
  std::ofstream(next) << "a new key";
  ASSERT_EQ(std::rename(next.c_str(), path_.c_str()), 0);
  rotation->reset();

  ASSERT_EQ(waiter.wait_for(10s), std::future_status::ready);
  auto held = waiter.get();
  ASSERT_TRUE(held.ok() && held->has_value());
  EXPECT_FALSE(ExclusiveFree()) << "the waiter's lock is not on the file at the path";
  held->reset();
  EXPECT_TRUE(ExclusiveFree());
}

}  // namespace
}  // namespace tanzim::auth
