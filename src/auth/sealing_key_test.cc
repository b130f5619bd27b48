// SealingKey: sealing round trips only under the same key and context, and the
// key file is created once, owner-only, and agreed on by concurrent openers.
#include "auth/sealing_key.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "auth/testing/temp_dir.h"

namespace tanzim::auth {
namespace {

using testing::TempDir;

const std::string kPlain = "20 bytes of a secret";

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void WriteAll(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

TEST(SealingKeyTest, OpensWhatItSealedForTheSameContextOnly) {
  const SealingKey key = SealingKey::Generate();
  const std::string sealed = key.Seal(kPlain, "totp 7");
  EXPECT_EQ(sealed.size(), kPlain.size() + SealingKey::kSealedOverhead);
  EXPECT_TRUE(SealingKey::LooksSealed(sealed, kPlain.size()));
  EXPECT_FALSE(SealingKey::LooksSealed(kPlain, kPlain.size()));
  EXPECT_EQ(sealed.find(kPlain), std::string::npos);
  EXPECT_EQ(key.Open(sealed, "totp 7"), kPlain);
  // Another row's context, another key.
  EXPECT_EQ(key.Open(sealed, "totp 8"), std::nullopt);
  EXPECT_EQ(SealingKey::Generate().Open(sealed, "totp 7"), std::nullopt);
  // A fresh nonce every time.
  EXPECT_NE(key.Seal(kPlain, "totp 7"), sealed);
}

TEST(SealingKeyTest, RefusesAlteredOrTruncatedValues) {
  const SealingKey key = SealingKey::Generate();
  const std::string sealed = key.Seal(kPlain, "totp 7");
  for (size_t i = 0; i < sealed.size(); ++i) {
    std::string altered = sealed;
    altered[i] = static_cast<char>(altered[i] ^ 0x01);
    EXPECT_EQ(key.Open(altered, "totp 7"), std::nullopt) << "byte " << i;
  }
  EXPECT_EQ(key.Open(sealed.substr(0, sealed.size() - 1), "totp 7"), std::nullopt);
  EXPECT_EQ(key.Open(sealed.substr(0, SealingKey::kSealedOverhead - 1), "totp 7"), std::nullopt);
  EXPECT_EQ(key.Open("", "totp 7"), std::nullopt);
  EXPECT_EQ(key.Open(kPlain, "totp 7"), std::nullopt);
}

TEST(SealingKeyTest, CreatesTheKeyFileOnceReadableByItsOwnerOnly) {
  TempDir dir("sealing_key");
  const std::string path = dir.File("store.db.key");
  auto absent = SealingKey::Load(path);
  ASSERT_TRUE(absent.ok());
  EXPECT_FALSE(absent->has_value());

  auto created = SealingKey::LoadOrCreate(path);
  ASSERT_TRUE(created.ok());
  struct stat status {};
  ASSERT_EQ(::stat(path.c_str(), &status), 0);
  EXPECT_EQ(status.st_mode & 0777, 0600U);
  EXPECT_EQ(status.st_size, static_cast<off_t>(SealingKey::kKeyBytes));
  const std::string bytes = ReadAll(path);

  // Loaded again, it is the same key, and the file is left as it was.
  auto again = SealingKey::LoadOrCreate(path);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->Open(created->Seal(kPlain, "c"), "c"), kPlain);
  auto loaded = SealingKey::Load(path);
  ASSERT_TRUE(loaded.ok() && loaded->has_value());
  EXPECT_EQ((*loaded)->Open(created->Seal(kPlain, "c"), "c"), kPlain);
  EXPECT_EQ(ReadAll(path), bytes);
  // No temporary file is left beside it.
  EXPECT_EQ(dir.Entries(), 1);
}

TEST(SealingKeyTest, ConcurrentCreatorsAgreeOnOneKey) {
  TempDir dir("sealing_key_race");
  const std::string path = dir.File("store.db.key");
  constexpr int kThreads = 8;
  std::vector<std::optional<SealingKey>> keys(kThreads);
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      auto key = SealingKey::LoadOrCreate(path);
      if (key.ok()) keys[i] = std::move(*key);
    });
  }
  for (auto& thread : threads) thread.join();
  ASSERT_TRUE(keys[0].has_value());
  const std::string sealed = keys[0]->Seal(kPlain, "c");
  for (int i = 0; i < kThreads; ++i) {
    ASSERT_TRUE(keys[i].has_value()) << i;
    EXPECT_EQ(keys[i]->Open(sealed, "c"), kPlain) << i;
  }
  EXPECT_EQ(dir.Entries(), 1);
}

TEST(SealingKeyTest, AFileThatHoldsNoKeyIsAnErrorAndIsLeftAlone) {
  TempDir dir("sealing_key_bad");
  const std::string path = dir.File("store.db.key");
  for (const std::string& bytes :
       {std::string(), std::string(SealingKey::kKeyBytes - 1, 'k'),
        std::string(SealingKey::kKeyBytes + 1, 'k'), std::string(4096, 'k')}) {
    WriteAll(path, bytes);
    auto loaded = SealingKey::Load(path);
    ASSERT_FALSE(loaded.ok()) << bytes.size();
    EXPECT_EQ(loaded.error().code(), ErrorCode::kInternal);
    EXPECT_NE(loaded.error().log_detail().find(path), std::string::npos);
    EXPECT_FALSE(SealingKey::LoadOrCreate(path).ok()) << bytes.size();
    EXPECT_EQ(ReadAll(path), bytes);
  }
  // A directory where the file should be.
  std::filesystem::remove(path);
  std::filesystem::create_directory(path);
  EXPECT_FALSE(SealingKey::Load(path).ok());
}

TEST(SealingKeyTest, CreateWritesANewKeyFileButNeverOverOne) {
  const TempDir dir("sealing-key-create");
  const std::string path = dir.File("tanzim.db.key.next");
  auto created = SealingKey::Create(path);
  ASSERT_TRUE(created.ok());
  struct stat status {};
  ASSERT_EQ(::stat(path.c_str(), &status), 0);
  EXPECT_EQ(status.st_mode & 0777, 0600U);
  auto loaded = SealingKey::Load(path);
  ASSERT_TRUE(loaded.ok() && loaded->has_value());
  EXPECT_EQ((*loaded)->Open(created->Seal(kPlain, "totp 1"), "totp 1"), kPlain);

  const std::string bytes = ReadAll(path);
  EXPECT_FALSE(SealingKey::Create(path).ok());
  EXPECT_EQ(ReadAll(path), bytes);
  EXPECT_EQ(dir.Entries(), 1) << "a temporary file was left behind";
}

TEST(SealingKeyTest, ReplaceMovesOneKeyFileOverAnother) {
  const TempDir dir("sealing-key-replace");
  const std::string path = dir.File("tanzim.db.key");
  ASSERT_TRUE(SealingKey::LoadOrCreate(path).ok());
  auto next = SealingKey::Create(path + ".next");
  ASSERT_TRUE(next.ok());
  const std::string bytes = ReadAll(path + ".next");
  ASSERT_TRUE(SealingKey::Replace(path + ".next", path).ok());
  EXPECT_EQ(ReadAll(path), bytes);
  EXPECT_EQ(dir.Entries(), 1);
  EXPECT_FALSE(SealingKey::Replace(path + ".next", path).ok()) << "nothing left to move";
  EXPECT_EQ(ReadAll(path), bytes);
}

}  // namespace
}  // namespace tanzim::auth
