#include "auth/session_service.h"

#include <gtest/gtest.h>
#include <sodium.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <array>
#include <optional>
#include <sstream>
#include <string>
#include <thread>

#include "auth/password_policy.h"
#include "auth/testing/session_world.h"

namespace tanzim::auth {
namespace {

using testing::kPassword;
constexpr int64_t kMinute = 60'000;  // the fake clock counts milliseconds

class SessionServiceTest : public testing::SessionWorld {
 protected:
  SessionServiceTest() : SessionWorld("sessions") {}

  // Signs in and returns the session id; fails the test otherwise.
  std::string SignIn(const std::string& login = "amina", const std::string& password = kPassword,
                     const std::optional<std::string>& replaced = {}) {
    auto outcome = sessions_->SignIn(login, password, "192.0.2.1", replaced);
    EXPECT_TRUE(outcome.ok()) << outcome.error().message_key();
    if (!outcome.ok() || !outcome->signed_in) {
      ADD_FAILURE() << "not signed in";
      return {};
    }
    return outcome->signed_in->session_id;
  }

  bool Live(const std::string& id) { return sessions_->Authenticate(id).ok(); }
};

TEST_F(SessionServiceTest, SignsInWithA256BitIdKeptOnlyAsAHash) {
  const std::string id = SignIn();
  EXPECT_EQ(id.size(), 43U);
  auto actor = sessions_->Authenticate(id);
  ASSERT_TRUE(actor.ok());
  EXPECT_EQ(actor->login, "amina");
  EXPECT_EQ(actor->role, Role::kAdmin);
  EXPECT_EQ(Query("SELECT count(*) FROM sessions"), "1");
  EXPECT_EQ(Query("SELECT hex(id_hash) FROM sessions").size(), 64U);
  EXPECT_EQ(Query("SELECT count(*) FROM sessions WHERE instr(id_hash, '" + id + "') > 0"), "0");
  EXPECT_NE(SignIn(), id) << "every sign-in draws a new id";
  EXPECT_EQ(Query("SELECT kind FROM auth_events ORDER BY id DESC LIMIT 1"), "sign_in");
}

TEST_F(SessionServiceTest, RefusesUnknownAndWrongAlikeAndLogsThem) {
  auto wrong = sessions_->SignIn("amina", "not the password", "192.0.2.1", std::nullopt);
  auto unknown = sessions_->SignIn("nobody", kPassword, "192.0.2.1", std::nullopt);
  for (const auto* r : {&wrong, &unknown}) {
    ASSERT_FALSE(r->ok());
    EXPECT_EQ(r->error().code(), ErrorCode::kUnauthenticated);
    EXPECT_EQ(r->error().message_key(), "error.sign_in_failed");
    EXPECT_EQ(r->error().fields(),
              (std::vector<FieldError>{{"password", "field.credentials_wrong"}}));
  }
  EXPECT_EQ(Query("SELECT count(*) FROM auth_events WHERE kind = 'sign_in_failed'"), "2");
  EXPECT_EQ(Query("SELECT login || '/' || coalesce(user_id, 'null') FROM auth_events"
                  " WHERE kind = 'sign_in_failed' ORDER BY id DESC LIMIT 1"),
            "nobody/null");
  EXPECT_EQ(Query("SELECT count(*) FROM sessions"), "0");
  // Garbage that no account could match is refused before any work.
  auto huge = sessions_->SignIn(std::string(1000, 'a'), kPassword, "192.0.2.1", std::nullopt);
  ASSERT_FALSE(huge.ok());
  EXPECT_EQ(huge.error().code(), ErrorCode::kInvalidArgument);
}

TEST_F(SessionServiceTest, EndsAfterTheIdleTimeoutUnlessUsed) {
  const std::string used = SignIn();
  const std::string idle = SignIn();
  now_ms_ += 29 * kMinute;
  EXPECT_TRUE(Live(used));
  now_ms_ += 2 * kMinute;  // 31 minutes after sign-in, 2 after the last use
  EXPECT_TRUE(Live(used));
  EXPECT_FALSE(Live(idle));
  EXPECT_FALSE(Live(idle)) << "an expired session stays ended";
  now_ms_ += 30 * kMinute;
  EXPECT_FALSE(Live(used));
}

TEST_F(SessionServiceTest, LastSeenIsWrittenAtMostOnceAMinute) {
  const std::string id = SignIn();
  const std::string first = Query("SELECT last_seen_at FROM sessions");
  now_ms_ += 30'000;
  EXPECT_TRUE(Live(id));
  EXPECT_EQ(Query("SELECT last_seen_at FROM sessions"), first);
  now_ms_ += 31'000;
  EXPECT_TRUE(Live(id));
  EXPECT_EQ(Query("SELECT last_seen_at FROM sessions"), std::to_string(now_ms_ / 1000));
}

TEST_F(SessionServiceTest, EndsAtTheAbsoluteTimeoutEvenWhenBusy) {
  const std::string id = SignIn();
  for (int i = 0; i < 12 * 3 - 1; ++i) {
    now_ms_ += 20 * kMinute;
    ASSERT_TRUE(Live(id)) << "after " << (i + 1) * 20 << " minutes";
  }
  now_ms_ += 20 * kMinute;  // 12 hours
  EXPECT_FALSE(Live(id));
}

TEST_F(SessionServiceTest, SignInEndsTheSessionItReplacesAndSignOutEndsItsOwn) {
  const std::string before = SignIn();
  const std::string after = SignIn("amina", kPassword, before);
  EXPECT_FALSE(Live(before));
  EXPECT_TRUE(Live(after));
  ASSERT_TRUE(sessions_->SignOut(after, "192.0.2.1").ok());
  EXPECT_FALSE(Live(after));
  EXPECT_EQ(Query("SELECT kind || '/' || login FROM auth_events ORDER BY id DESC LIMIT 1"),
            "sign_out/amina");
  EXPECT_TRUE(sessions_->SignOut(after, "192.0.2.1").ok()) << "signing out twice is fine";
  EXPECT_TRUE(sessions_->SignOut("nonsense", "192.0.2.1").ok());
}

TEST_F(SessionServiceTest, PasswordChangeAndDisablingEndEverySessionOfTheUser) {
  ASSERT_TRUE(accounts_->AddUser("karim", "admin", std::nullopt, kPassword).ok());
  const std::string karim = SignIn("karim");
  const std::string one = SignIn();
  const std::string two = SignIn();
  ASSERT_TRUE(accounts_->ChangePassword("amina", "another long passphrase").ok());
  EXPECT_FALSE(Live(one));
  EXPECT_FALSE(Live(two));
  EXPECT_TRUE(Live(karim));
  EXPECT_FALSE(sessions_->SignIn("amina", kPassword, "192.0.2.1", std::nullopt).ok());
  const std::string three = SignIn("amina", "another long passphrase");
  ASSERT_TRUE(accounts_->Disable("amina").ok());
  EXPECT_FALSE(Live(three));
  EXPECT_TRUE(Live(karim));
  // A disabled account answers like a wrong password, even with the right one.
  auto disabled = sessions_->SignIn("amina", "another long passphrase", "192.0.2.1", std::nullopt);
  ASSERT_FALSE(disabled.ok());
  EXPECT_EQ(disabled.error().message_key(), "error.sign_in_failed");
  EXPECT_EQ(Query("SELECT group_concat(kind) FROM auth_events WHERE kind IN"
                  " ('password_changed', 'disabled')"),
            "password_changed,disabled");

  const Status unknown = accounts_->Disable("nobody");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().fields(), (std::vector<FieldError>{{"login", "field.login_unknown"}}));
  const Status common = accounts_->ChangePassword("karim", "password1");
  ASSERT_FALSE(common.ok());
  EXPECT_EQ(common.error().fields(),
            (std::vector<FieldError>{{"password", "field.password_common"}}));
  EXPECT_TRUE(Live(karim)) << "a refused change ends nothing";
}

// The user's own change (V6.2.2, V6.2.3): the current password first, the
// other sessions end, this one stays.
TEST_F(SessionServiceTest, OwnPasswordChangeNeedsTheCurrentOneAndEndsTheOtherSessions) {
  const std::string here = SignIn();
  const std::string elsewhere = SignIn();
  auto changed = sessions_->ChangePassword(here, kPassword, "a new long passphrase", "192.0.2.1");
  ASSERT_TRUE(changed.ok()) << changed.error().message_key();
  EXPECT_FALSE(*changed) << "not throttled";
  EXPECT_TRUE(Live(here));
  EXPECT_FALSE(Live(elsewhere));
  EXPECT_FALSE(sessions_->SignIn("amina", kPassword, "192.0.2.1", std::nullopt).ok());
  EXPECT_FALSE(SignIn("amina", "a new long passphrase").empty());
  EXPECT_EQ(Query("SELECT kind || ' ' || address FROM auth_events"
                  " WHERE kind LIKE 'password%'"),
            "password_changed 192.0.2.1");
}

TEST_F(SessionServiceTest, OwnPasswordChangeChecksBothFieldsBeforeAnyWork) {
  const std::string id = SignIn();
  const std::string hash = Query("SELECT password_hash FROM users WHERE login = 'amina'");
  const auto fields = [&](std::string_view current, std::string_view replacement) {
    auto r = sessions_->ChangePassword(id, current, replacement, "192.0.2.1");
    EXPECT_FALSE(r.ok());
    if (r.ok()) return std::vector<FieldError>{};
    EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
    return r.error().fields();
  };
  EXPECT_EQ(fields("", ""), (std::vector<FieldError>{{"current_password", "field.required"},
                                                     {"new_password", "field.required"}}));
  EXPECT_EQ(fields(kPassword, "password1"),
            (std::vector<FieldError>{{"new_password", "field.password_common"}}));
  EXPECT_EQ(fields(kPassword, "short"),
            (std::vector<FieldError>{{"new_password", "field.password_length"}}));
  EXPECT_EQ(fields(kPassword, kPassword),
            (std::vector<FieldError>{{"new_password", "field.password_unchanged"}}));
  EXPECT_EQ(fields(std::string(1000, 'x'), "a new long passphrase"),
            (std::vector<FieldError>{{"current_password", "field.password_length"}}));
  EXPECT_EQ(Query("SELECT password_hash FROM users WHERE login = 'amina'"), hash);
  EXPECT_EQ(Query("SELECT count(*) FROM auth_events WHERE kind LIKE 'password%'"), "0")
      << "a form error is no guess at the password";
  // A dead session changes nothing, whatever it carries.
  auto dead = sessions_->ChangePassword(std::string(43, 'A'), kPassword, "a new long passphrase",
                                        "192.0.2.1");
  ASSERT_FALSE(dead.ok());
  EXPECT_EQ(dead.error().code(), ErrorCode::kUnauthenticated);
}

TEST_F(SessionServiceTest, AWrongCurrentPasswordCountsTowardTheSignInThrottle) {
  const std::string id = SignIn();
  const std::string other = SignIn();
  const std::string hash = Query("SELECT password_hash FROM users WHERE login = 'amina'");
  for (int i = 0; i < 5; ++i) {
    auto r =
        sessions_->ChangePassword(id, "not the password", "a new long passphrase", "192.0.2.1");
    ASSERT_FALSE(r.ok()) << i;
    EXPECT_EQ(r.error().fields(),
              (std::vector<FieldError>{{"current_password", "field.password_wrong"}}));
  }
  auto sixth =
      sessions_->ChangePassword(id, "not the password", "a new long passphrase", "192.0.2.1");
  ASSERT_TRUE(sixth.ok() && *sixth) << "the sixth wrong guess starts a block";
  EXPECT_EQ((*sixth)->retry_after_seconds, 2);
  // The block is the login's: the right password waits, and so does signing in.
  auto right = sessions_->ChangePassword(id, kPassword, "a new long passphrase", "192.0.2.1");
  ASSERT_TRUE(right.ok() && *right);
  auto sign_in = sessions_->SignIn("amina", kPassword, "198.51.100.7", std::nullopt);
  ASSERT_TRUE(sign_in.ok() && sign_in->throttled);
  EXPECT_EQ(Query("SELECT password_hash FROM users WHERE login = 'amina'"), hash);
  EXPECT_TRUE(Live(other)) << "a refused change ends nothing";
  EXPECT_EQ(Query("SELECT count(*) FROM auth_events WHERE kind = 'password_change_failed'"), "6");
  now_ms_ += 2'000;
  auto later = sessions_->ChangePassword(id, kPassword, "a new long passphrase", "192.0.2.1");
  ASSERT_TRUE(later.ok() && !*later);
}

// Two sessions of one account change its password at once: the change is
// conditional on the hash each verified, so exactly one wins and the stored
// password is the winner's.
TEST_F(SessionServiceTest, OfTwoRacingOwnPasswordChangesExactlyOneWins) {
  const std::array<std::string, 2> ids = {SignIn(), SignIn()};
  const std::array<std::string, 2> wanted = {"first new passphrase", "second new passphrase"};
  std::array<bool, 2> won{};
  std::array<std::thread, 2> threads;
  for (size_t i = 0; i < 2; ++i) {
    threads[i] = std::thread([&, i] {
      auto r = sessions_->ChangePassword(ids[i], kPassword, wanted[i], "192.0.2.1");
      won[i] = r.ok() && !*r;
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_NE(won[0], won[1]) << "exactly one change wins";
  const size_t winner = won[0] ? 0 : 1;
  EXPECT_FALSE(SignIn("amina", wanted[winner]).empty());
  EXPECT_FALSE(sessions_->SignIn("amina", wanted[1 - winner], "192.0.2.1", std::nullopt).ok());
  EXPECT_TRUE(Live(ids[winner]));
  EXPECT_FALSE(Live(ids[1 - winner]));
  EXPECT_EQ(Query("SELECT count(*) FROM auth_events WHERE kind = 'password_changed'"), "1");
}

// V7.5.2: a user sees their live sessions and ends any of them; another
// account's sessions are neither shown nor reachable.
TEST_F(SessionServiceTest, UsersListAndEndTheirOwnSessionsOnly) {
  ASSERT_TRUE(accounts_->AddUser("karim", "admin", std::nullopt, kPassword).ok());
  const std::string idle = SignIn();
  now_ms_ += 20 * kMinute;
  const std::string older = SignIn();
  now_ms_ += 20 * kMinute;  // `idle`, unused for 40 minutes, has ended
  const std::string here = SignIn();
  const std::string karim = SignIn("karim");

  auto listed = sessions_->ListOwnSessions(here);
  ASSERT_TRUE(listed.ok()) << listed.error().message_key();
  ASSERT_EQ(listed->size(), 2U) << "the idle one and karim's are not listed";
  EXPECT_TRUE((*listed)[0].current) << "newest first";
  EXPECT_FALSE((*listed)[1].current);
  EXPECT_EQ((*listed)[1].created_at, (now_ms_ - 20 * kMinute) / 1000);
  EXPECT_EQ((*listed)[1].address, "192.0.2.1");
  for (const OwnSession& s : *listed) {
    EXPECT_EQ(s.id.size(), 16U);
    EXPECT_EQ(here.find(s.id), std::string::npos) << "the handle is not the id";
    EXPECT_EQ(older.find(s.id), std::string::npos);
  }
  auto karims = sessions_->ListOwnSessions(karim);
  ASSERT_TRUE(karims.ok());
  ASSERT_EQ(karims->size(), 1U);

  // Another account's handle, a made-up one: not found, nothing ends.
  for (const std::string& handle : {karims->front().id, std::string(16, 'A'), std::string()}) {
    auto refused = sessions_->EndOwnSession(here, handle, "192.0.2.1");
    ASSERT_FALSE(refused.ok()) << handle;
    EXPECT_EQ(refused.error().code(), ErrorCode::kNotFound);
    EXPECT_EQ(refused.error().fields(), (std::vector<FieldError>{{"id", "field.session_unknown"}}));
  }
  EXPECT_TRUE(Live(karim));

  auto other = sessions_->EndOwnSession(here, (*listed)[1].id, "198.51.100.7");
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(*other) << "not the asking session";
  EXPECT_FALSE(Live(older));
  EXPECT_TRUE(Live(here));
  EXPECT_EQ(Query("SELECT login || ' ' || address FROM auth_events WHERE kind = 'session_ended'"),
            "amina 198.51.100.7");
  auto itself = sessions_->EndOwnSession(here, (*listed)[0].id, "198.51.100.7");
  ASSERT_TRUE(itself.ok());
  EXPECT_TRUE(*itself);
  EXPECT_FALSE(Live(here));
  EXPECT_FALSE(sessions_->ListOwnSessions(here).ok()) << "an ended session lists nothing";
}

TEST_F(SessionServiceTest, ThrottlesALoginWithDoublingBlocks) {
  for (int i = 0; i < 5; ++i) {
    auto r = sessions_->SignIn("amina", "wrong password", "192.0.2.1", std::nullopt);
    ASSERT_FALSE(r.ok()) << i;
    EXPECT_EQ(r.error().code(), ErrorCode::kUnauthenticated);
  }
  auto sixth = sessions_->SignIn("amina", "wrong password", "192.0.2.1", std::nullopt);
  ASSERT_TRUE(sixth.ok());
  ASSERT_TRUE(sixth->throttled);
  EXPECT_EQ(sixth->throttled->retry_after_seconds, 2);
  EXPECT_EQ(Query("SELECT count(*) FROM auth_events WHERE kind = 'locked_out'"), "1");
  // While blocked, even the right password (from elsewhere) waits.
  auto blocked = sessions_->SignIn("amina", kPassword, "198.51.100.7", std::nullopt);
  ASSERT_TRUE(blocked.ok());
  ASSERT_TRUE(blocked->throttled);
  now_ms_ += 2'000;
  auto seventh = sessions_->SignIn("amina", "wrong password", "192.0.2.1", std::nullopt);
  ASSERT_TRUE(seventh.ok() && seventh->throttled);
  EXPECT_EQ(seventh->throttled->retry_after_seconds, 4) << "the block doubles";
  now_ms_ += 4'000;
  EXPECT_FALSE(SignIn("amina", kPassword).empty());
  // Success forgets the login's failures.
  auto fresh = sessions_->SignIn("amina", "wrong password", "198.51.100.7", std::nullopt);
  ASSERT_FALSE(fresh.ok());
  EXPECT_EQ(fresh.error().code(), ErrorCode::kUnauthenticated);
}

// A throttled attempt costs the server no password check, so anyone can make
// thousands a second: the warnings about attempts keep to a budget a second,
// and the first line of the next second counts the ones held back.
TEST_F(SessionServiceTest, AFloodOfAttemptsIsLoggedWithinABudget) {
  std::ostringstream captured;
  const auto previous = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>(
      "captured", std::make_shared<spdlog::sinks::ostream_sink_mt>(captured)));
  // Five failures, the sixth locks the login (two lines), 194 throttled.
  for (int i = 0; i < 200; ++i) {
    auto r = sessions_->SignIn("amina", "wrong password", "192.0.2.1", std::nullopt);
    EXPECT_TRUE(!r.ok() || r->throttled) << i;
  }
  now_ms_ += 1'000;  // still blocked: the first block lasts two seconds
  auto later = sessions_->SignIn("amina", kPassword, "192.0.2.1", std::nullopt);
  spdlog::default_logger()->flush();
  spdlog::set_default_logger(previous);
  ASSERT_TRUE(later.ok() && later->throttled);

  const std::string log = captured.str();
  std::vector<std::string> lines;
  std::istringstream in(log);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), 21U) << log;
  EXPECT_NE(lines[5].find("sign_in_failed: login \"amina\""), std::string::npos) << lines[5];
  EXPECT_NE(lines[6].find("sign-in locked out"), std::string::npos) << lines[6];
  EXPECT_NE(lines[19].find("sign-in throttled"), std::string::npos) << lines[19];
  EXPECT_NE(lines[20].find("sign-in throttled: login \"amina\" from 192.0.2.1 (181 more sign-in "
                           "warnings not logged before this one)"),
            std::string::npos)
      << lines[20];
  EXPECT_EQ(Query("SELECT count(*) FROM auth_events WHERE kind = 'sign_in_failed'"), "6")
      << "the store keeps every failure, whatever the log holds back";
}

TEST_F(SessionServiceTest, ThrottlesAnAddressAcrossLogins) {
  for (int i = 0; i < 20; ++i) {
    auto r = sessions_->SignIn("user" + std::to_string(i), kPassword, "203.0.113.9", std::nullopt);
    ASSERT_FALSE(r.ok()) << i;
  }
  auto next = sessions_->SignIn("user99", kPassword, "203.0.113.9", std::nullopt);
  ASSERT_TRUE(next.ok() && next->throttled);
  auto elsewhere = sessions_->SignIn("amina", kPassword, "192.0.2.1", std::nullopt);
  ASSERT_TRUE(elsewhere.ok() && elsewhere->signed_in) << "other addresses are not blocked";
}

TEST_F(SessionServiceTest, RehashesAWeakerHashAtSignIn) {
  std::string weak(crypto_pwhash_STRBYTES, '\0');
  const std::string password = "an old passphrase";
  ASSERT_EQ(crypto_pwhash_str_alg(weak.data(), password.data(), password.size(),
                                  crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN,
                                  crypto_pwhash_ALG_ARGON2ID13),
            0);
  weak.resize(weak.find('\0'));
  ASSERT_TRUE(NeedsRehash(weak));
  ASSERT_TRUE(
      account_store_->AddUser({.login = "old.timer", .role = Role::kAdmin, .password_hash = weak})
          .ok());
  EXPECT_FALSE(SignIn("old.timer", password).empty());
  const std::string stored = Query("SELECT password_hash FROM users WHERE login = 'old.timer'");
  EXPECT_NE(stored, weak);
  EXPECT_FALSE(NeedsRehash(stored)) << stored;
  EXPECT_NE(stored.find("m=65536,t=2,p=1"), std::string::npos) << stored;
  EXPECT_FALSE(SignIn("old.timer", password).empty()) << "the new hash verifies";
}

// The rules that need no login, for an account "amina".
std::optional<std::string> Problem(std::string_view password) {
  return PasswordProblem(password, "amina");
}

TEST(PasswordPolicyTest, CountsCodePointsAndRefusesCommonPasswords) {
  EXPECT_EQ(Problem("k7#pQ9zv"), std::nullopt);
  EXPECT_EQ(Problem("k7#pQ9z"), "field.password_length");
  EXPECT_EQ(Problem(std::string(128, 'p')), std::nullopt);
  EXPECT_EQ(Problem(std::string(129, 'p')), "field.password_length");
  // Eight Arabic letters are 16 bytes and 8 code points: long enough; seven are not.
  EXPECT_EQ(Problem("كلمةسرية"), std::nullopt);
  EXPECT_EQ(Problem("كلمةسري"), "field.password_length");
  std::string arabic_128;
  for (int i = 0; i < 128; ++i) arabic_128 += "ب";
  EXPECT_EQ(Problem(arabic_128), std::nullopt) << "256 bytes, 128 code points";
  EXPECT_EQ(Problem(arabic_128 + "ب"), "field.password_length");
  EXPECT_EQ(Problem("password"), "field.password_common");
  EXPECT_EQ(Problem("PassWord1"), "field.password_common");
  EXPECT_EQ(Problem("iloveyou"), "field.password_common");
  EXPECT_EQ(Problem("felicidade"), "field.password_common") << "the list's far end";
  EXPECT_EQ(Problem("# The 10,000 most common"), std::nullopt) << "comments are no entries";
  EXPECT_EQ(Problem("abc\xff\xfe"
                    "defgh"),
            "field.password_invalid_utf8");
  // No composition rules: a long lower-case passphrase is fine.
  EXPECT_EQ(Problem("correct horse battery staple"), std::nullopt);
}

// V6.2.11: the login and the application's name, and their derivatives.
TEST(PasswordPolicyTest, RefusesTheLoginAndTheApplicationsNameInAnyDress) {
  for (const char* refused : {"Amina.Secretary", "amina.secretary2026!", "AMINA SECRETARY 1",
                              "aminasecretaryaminasecretary"}) {
    EXPECT_EQ(PasswordProblem(refused, "amina.secretary"), "field.password_context") << refused;
  }
  for (const char* refused : {"Tanzim2026!", "tanzim tanzim", "تنظيم2026!!", "T-A-N-Z-I-M-9"}) {
    EXPECT_EQ(PasswordProblem(refused, "karim"), "field.password_context") << refused;
  }
  // Containing the login or the name is not being it.
  EXPECT_EQ(PasswordProblem("a quality passphrase", "ali"), std::nullopt);
  EXPECT_EQ(PasswordProblem("amina likes tanzim a lot", "amina"), std::nullopt);
  EXPECT_EQ(PasswordProblem("20261201!?", "k2026"), std::nullopt) << "no letters, nothing to match";
}

}  // namespace
}  // namespace tanzim::auth
