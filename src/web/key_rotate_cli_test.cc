// `tanzim key rotate`: the TOTP secrets are resealed with a new key, a running
// server keeps the rotation out, and an interrupted rotation is finished or
// undone by the next command, whichever step it died at.
#include <liboath/oath.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <memory>
#include <thread>
#include <vector>

#include "app/app.h"
#include "auth/sealing_key.h"
#include "i18n/messages.h"
#include "web/testing/subprocess.h"

namespace tanzim::web::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* kPassword = "correct horse battery";
// The secret the test stores in clear, as an older version did; the next
// command seals it.
const std::string kSecret(20, '\0');

class KeyRotateCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(TanzimBinary().empty()) << "TANZIM_BINARY is not set; run through ctest";
    ASSERT_EQ(oath_init(), OATH_OK);
    db_ = dir_.File("tanzim.db");
    key_path_ = db_ + ".key";
    next_path_ = key_path_ + ".next";
    ASSERT_EQ(Run({"init", "--db", db_}).exit_code, 0);
    AddUserWithTotp("amina", "zeroblob(20)");
    ASSERT_EQ(Run({"init", "--db", db_}).exit_code, 0);
    user_id_ = std::stoll(QuerySqlite(db_, "SELECT user_id FROM totp"));
  }

  // An admin account whose TOTP secret is stored as `secret_sql` says.
  void AddUserWithTotp(const std::string& login, const std::string& secret_sql) {
    const auto added = Run({"user", "add", "--db", db_, "--login", login, "--role", "admin"},
                           std::string(kPassword) + "\n");
    ASSERT_EQ(added.exit_code, 0) << added.err;
    QuerySqlite(
        db_, "INSERT INTO totp (user_id, secret, enabled, last_step, created_at) SELECT id, " +
                 secret_sql + ", 1, 0, '2026-01-01T00:00:00Z' FROM users WHERE login = '" + login +
                 "'");
  }

  RunResult Run(const std::vector<std::string>& args, std::string_view input = {}) {
    return RunTanzim(dir_, args, input);
  }

  std::string Sealed() { return QuerySqlite(db_, "SELECT hex(secret) FROM totp"); }

  // Stores kSecret sealed with `key`, as a rotation's transaction does.
  void SealWith(const auth::SealingKey& key) {
    const std::string sealed = key.Seal(kSecret, "totp " + std::to_string(user_id_));
    std::string hex(sealed.size() * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(sealed.data()),
                   sealed.size());
    hex.pop_back();
    QuerySqlite(db_, "UPDATE totp SET secret = X'" + hex + "'");
  }

  // Whether the stored secret opens, to kSecret, with the key now in the key file.
  bool OpensWithKeyFile() {
    const std::string hex = Sealed();
    std::string sealed(hex.size() / 2, '\0');
    size_t length = 0;
    if (sodium_hex2bin(reinterpret_cast<unsigned char*>(sealed.data()), sealed.size(), hex.data(),
                       hex.size(), nullptr, &length, nullptr) != 0) {
      return false;
    }
    auto key = auth::SealingKey::Load(key_path_);
    if (!key.ok() || !key->has_value()) return false;
    return (*key)->Open(sealed, "totp " + std::to_string(user_id_)) == kSecret;
  }

  // Signs amina in on a server of the store, with her password and the code
  // her authenticator shows now: what fails when the server's key does not
  // open her secret. The status.
  int SignIn() {
    QuerySqlite(db_, "UPDATE totp SET last_step = 0");  // each code is taken once
    std::array<char, 7> code{};
    EXPECT_EQ(oath_totp_generate(kSecret.data(), kSecret.size(), std::time(nullptr), 30, 0, 6,
                                 code.data()),
              OATH_OK);
    ServeProcess serve(dir_, db_);
    EXPECT_TRUE(serve.WaitReady()) << serve.child().err();
    const json body = {{"login", "amina"}, {"password", kPassword}, {"totp", code.data()}};
    HttpConnection connection(serve.port());
    return connection
        .Send({"POST",
               "/api/v1/session",
               body.dump(),
               {{"Content-Type", "application/json"}, {"X-Tanzim-CSRF", "1"}}})
        .status;
  }

  static bool Says(const std::string& err, const std::string& key) {
    for (const auto lang : {i18n::Lang::kAr, i18n::Lang::kFr, i18n::Lang::kEn}) {
      if (err.find(i18n::Translate(key, lang)) != std::string::npos) return true;
    }
    return false;
  }

  TempDir dir_;
  std::string db_;
  std::string key_path_;
  std::string next_path_;
  int64_t user_id_ = 0;
};

TEST_F(KeyRotateCliTest, ResealsEverySecretWithANewKey) {
  const std::string old_key = ReadFile(key_path_);
  const std::string old_sealed = Sealed();
  ASSERT_EQ(SignIn(), 200);

  const auto rotated = Run({"key", "rotate", "--db", db_});
  ASSERT_EQ(rotated.exit_code, 0) << rotated.err;
  EXPECT_NE(rotated.out.find("1 secret(s)"), std::string::npos) << rotated.out;
  EXPECT_NE(ReadFile(key_path_), old_key);
  EXPECT_EQ(ReadFile(key_path_).size(), auth::SealingKey::kKeyBytes);
  EXPECT_NE(Sealed(), old_sealed);
  EXPECT_FALSE(std::filesystem::exists(next_path_));
  EXPECT_EQ(QuerySqlite(db_, "SELECT count(*) FROM auth_events WHERE kind = 'totp_key_rotated'"),
            "1");
  EXPECT_EQ(SignIn(), 200) << "the server opens the secret with the new key";

  // With no secret sealed there is nothing to reseal, and the key still changes.
  ASSERT_EQ(Run({"user", "totp-reset", "--db", db_, "amina"}).exit_code, 0);
  const std::string second_key = ReadFile(key_path_);
  const auto again = Run({"key", "rotate", "--db", db_});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("0 secret(s)"), std::string::npos) << again.out;
  EXPECT_NE(ReadFile(key_path_), second_key);
}

TEST_F(KeyRotateCliTest, ARunningServerKeepsTheKeyAndTheSecretsAsTheyAre) {
  const std::string key = ReadFile(key_path_);
  const std::string sealed = Sealed();
  {
    ServeProcess serve(dir_, db_);
    ASSERT_TRUE(serve.WaitReady()) << serve.child().err();
    const auto refused = Run({"key", "rotate", "--db", db_});
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_TRUE(Says(refused.err, "error.totp_key_in_use")) << refused.err;
    // Other commands share the key with the server.
    EXPECT_EQ(Run({"init", "--db", db_}).exit_code, 0);
  }
  EXPECT_EQ(ReadFile(key_path_), key);
  EXPECT_EQ(Sealed(), sealed);
  EXPECT_FALSE(std::filesystem::exists(next_path_));
  EXPECT_EQ(SignIn(), 200);
}

// A process that rotated the key and lives on (as a server would) holds the
// new key file's lock as it held the old one's: another rotation, which would
// leave it sealing with a key no longer on disk, is refused.
TEST_F(KeyRotateCliTest, AProcessThatRotatedKeepsTheNewKeyLocked) {
  auto app = app::App::Open(db_);
  ASSERT_TRUE(app.ok()) << app.error().log_detail();
  auto rotated = (*app)->RotateTotpKey();
  ASSERT_TRUE(rotated.ok()) << rotated.error().log_detail();
  EXPECT_EQ(*rotated, 1);
  const std::string key = ReadFile(key_path_);

  const auto refused = Run({"key", "rotate", "--db", db_});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(Says(refused.err, "error.totp_key_in_use")) << refused.err;
  EXPECT_EQ(Run({"init", "--db", db_}).exit_code, 0);
  EXPECT_EQ(ReadFile(key_path_), key);
  app->reset();
  EXPECT_TRUE(OpensWithKeyFile());
  EXPECT_EQ(SignIn(), 200);
}

// Rotations killed at whatever step they reached, then rotations racing each
// other and other commands: every time, the next command leaves one key that
// opens the secret and no `.next`.
TEST_F(KeyRotateCliTest, KilledAndConcurrentRotationsLeaveOneKeyThatOpensTheSecret) {
  // The rotation's own steps take a few milliseconds near the end of a
  // process that spends most of its life starting, so the kills home in on
  // them: each one that came too late (the key replaced, or `.next` made)
  // moves the next one earlier, each one too early moves it later.
  auto too_early = 0ms;
  const auto started = std::chrono::steady_clock::now();
  ASSERT_EQ(Run({"key", "rotate", "--db", db_}).exit_code, 0);
  auto too_late = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  for (int kill = 0; kill < 12; ++kill) {
    const auto delay = (too_early + too_late) / 2;
    const std::string key = ReadFile(key_path_);
    {
      Child rotation(dir_, {"key", "rotate", "--db", db_});
      std::this_thread::sleep_for(delay);
      rotation.Signal(SIGKILL);
      ASSERT_TRUE(rotation.Wait(30s).has_value());
    }
    const bool started_rotating = std::filesystem::exists(next_path_) || ReadFile(key_path_) != key;
    (started_rotating ? too_late : too_early) = delay;
    const auto settled = Run({"init", "--db", db_});
    ASSERT_EQ(settled.exit_code, 0) << "killed after " << delay.count() << " ms: " << settled.err;
    EXPECT_FALSE(std::filesystem::exists(next_path_)) << delay.count() << " ms";
    EXPECT_TRUE(OpensWithKeyFile()) << "killed after " << delay.count() << " ms";
  }

  for (int round = 0; round < 3; ++round) {
    std::vector<std::unique_ptr<Child>> children;
    for (const char* command : {"rotate", "init", "rotate", "init", "rotate"}) {
      children.push_back(std::make_unique<Child>(
          dir_, command == std::string("init")
                    ? std::vector<std::string>{"init", "--db", db_}
                    : std::vector<std::string>{"key", "rotate", "--db", db_}));
    }
    for (auto& child : children) {
      const auto status = child->Wait(60s);
      ASSERT_TRUE(status.has_value() && WIFEXITED(*status)) << child->err();
      // A rotation that met another process refuses (1); nothing else fails.
      EXPECT_LE(WEXITSTATUS(*status), 1) << child->err();
    }
    EXPECT_FALSE(std::filesystem::exists(next_path_)) << "round " << round;
    EXPECT_TRUE(OpensWithKeyFile()) << "round " << round;
  }
  EXPECT_EQ(SignIn(), 200);
}

// One secret the key does not open (an altered row): the rotation stops and
// its transaction rolls back; the new key it left is removed by the next command.
TEST_F(KeyRotateCliTest, ASecretTheKeyDoesNotOpenStopsTheRotationWithNothingChanged) {
  AddUserWithTotp("karim", "X'01' || randomblob(60)");
  const std::string key = ReadFile(key_path_);
  const std::string sealed = QuerySqlite(db_, "SELECT group_concat(hex(secret)) FROM totp");

  const auto failed = Run({"key", "rotate", "--db", db_});
  EXPECT_EQ(failed.exit_code, 1);
  EXPECT_NE(failed.err.find("does not open"), std::string::npos) << "the log says why";
  EXPECT_EQ(ReadFile(key_path_), key);
  EXPECT_EQ(QuerySqlite(db_, "SELECT group_concat(hex(secret)) FROM totp"), sealed);
  EXPECT_EQ(QuerySqlite(db_, "SELECT count(*) FROM auth_events WHERE kind = 'totp_key_rotated'"),
            "0");

  ASSERT_EQ(Run({"init", "--db", db_}).exit_code, 0);
  EXPECT_FALSE(std::filesystem::exists(next_path_));
  EXPECT_EQ(ReadFile(key_path_), key);
  EXPECT_EQ(SignIn(), 200);
}

// A rotation killed after its transaction committed: the secrets are sealed
// with the key still in `.next`. The next command moves it into place.
TEST_F(KeyRotateCliTest, AnInterruptedRotationThatResealedIsFinished) {
  auto next = auth::SealingKey::Create(next_path_);
  ASSERT_TRUE(next.ok());
  const std::string next_bytes = ReadFile(next_path_);
  SealWith(*next);
  const std::string sealed = Sealed();

  const auto settled = Run({"init", "--db", db_});
  ASSERT_EQ(settled.exit_code, 0) << settled.err;
  EXPECT_EQ(ReadFile(key_path_), next_bytes);
  EXPECT_FALSE(std::filesystem::exists(next_path_));
  EXPECT_EQ(Sealed(), sealed);
  EXPECT_EQ(SignIn(), 200);
}

// A rotation killed before its transaction committed: the new key sealed
// nothing. The next command removes it and keeps the old one.
TEST_F(KeyRotateCliTest, AnInterruptedRotationThatResealedNothingIsUndone) {
  const std::string key = ReadFile(key_path_);
  const std::string sealed = Sealed();
  ASSERT_TRUE(auth::SealingKey::Create(next_path_).ok());

  const auto settled = Run({"init", "--db", db_});
  ASSERT_EQ(settled.exit_code, 0) << settled.err;
  EXPECT_EQ(ReadFile(key_path_), key);
  EXPECT_FALSE(std::filesystem::exists(next_path_));
  EXPECT_EQ(Sealed(), sealed);
  EXPECT_EQ(SignIn(), 200);
}

}  // namespace
}  // namespace tanzim::web::testing
