// TOTP through SessionService: enrolment, sign-in with a code, single use,
// drift, turning it off, the operator's reset and the organization's
// requirement for roles that see CINs. Codes are computed by liboath itself
// at the fake clock's time.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <liboath/oath.h>

#include <array>
#include <cstdlib>
#include <optional>
#include <string>

#include "auth/sealing_key.h"
#include "auth/testing/session_world.h"
#include "auth/totp.h"

namespace tanzim::auth {
namespace {

using testing::kPassword;
constexpr const char* kAddress = "192.0.2.7";
constexpr int64_t kStepMs = 30'000;

class TotpSignInTest : public testing::SessionWorld {
 protected:
  TotpSignInTest() : SessionWorld("totp") {}

  void SetUp() override {
    ASSERT_EQ(oath_init(), OATH_OK);
    SessionWorld::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_TRUE(accounts_->AddUser("yassine", "auditor", std::nullopt, kPassword).ok());
  }

  Result<SessionService::Outcome> Try(const std::optional<std::string>& totp,
                                      const std::string& login = "amina") {
    return sessions_->SignIn(login, kPassword, kAddress, std::nullopt, totp);
  }

  // Signs in and returns the session id; fails the test otherwise.
  std::string SignIn(const std::optional<std::string>& totp = std::nullopt,
                     const std::string& login = "amina") {
    auto outcome = Try(totp, login);
    EXPECT_TRUE(outcome.ok()) << (outcome.ok() ? "" : outcome.error().message_key());
    if (!outcome.ok() || !outcome->signed_in) return {};
    return outcome->signed_in->session_id;
  }

  // Starts enrolment on `session` and returns the raw secret, decoded from
  // the base32 the user would type.
  std::string Enrol(const std::string& session) {
    auto enrolment = sessions_->StartTotpEnrolment(session);
    EXPECT_TRUE(enrolment.ok());
    if (!enrolment.ok()) return {};
    char* raw = nullptr;
    size_t length = 0;
    EXPECT_EQ(oath_base32_decode(enrolment->secret.data(), enrolment->secret.size(), &raw, &length),
              OATH_OK);
    std::string secret(raw, length);
    std::free(raw);
    return secret;
  }

  // The app's code for `secret`, `steps` steps away from the fake clock.
  std::string Code(const std::string& secret, int64_t steps = 0) const {
    std::array<char, 7> out{};
    const time_t at = static_cast<time_t>((now_ms_ + steps * kStepMs) / 1000);
    EXPECT_EQ(oath_totp_generate(secret.data(), secret.size(), at, 30, 0, 6, out.data()), OATH_OK);
    return out.data();
  }

  // Enrols and confirms amina's TOTP; returns the secret.
  std::string EnableForAmina() {
    const std::string session = SignIn();
    const std::string secret = Enrol(session);
    auto confirmed = sessions_->ConfirmTotp(session, Code(secret), kAddress);
    EXPECT_TRUE(confirmed.ok() && !*confirmed);
    now_ms_ += 3 * kStepMs;  // past the confirming code and its drift window
    return secret;
  }

  std::string Sessions() { return Query("SELECT count(*) FROM sessions"); }

  // Runs `sql` on a connection of the store under test, as a hostile or older
  // writer would.
  void Exec(const std::string& sql) {
    auto conn = db_->pool().Acquire();
    ASSERT_TRUE(conn.ok());
    ASSERT_TRUE((*conn)->Exec(sql).ok()) << sql;
  }

  std::string UserId(const std::string& login) {
    return Query("SELECT id FROM users WHERE login = '" + login + "'");
  }

  static std::string Hex(const std::string& bytes) {
    std::string hex;
    for (const unsigned char byte : bytes) hex += fmt::format("{:02X}", byte);
    return hex;
  }

  static void ExpectSignInFailed(const Result<SessionService::Outcome>& r) {
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code(), ErrorCode::kUnauthenticated);
    EXPECT_EQ(r.error().message_key(), "error.sign_in_failed");
    EXPECT_EQ(r.error().fields(),
              (std::vector<FieldError>{{"password", "field.credentials_wrong"}}));
  }
};

TEST_F(TotpSignInTest, EnrolmentAnswersSecretUriAndQrAndRequiresNothingUntilConfirmed) {
  const std::string session = SignIn();
  auto enrolment = sessions_->StartTotpEnrolment(session);
  ASSERT_TRUE(enrolment.ok());
  EXPECT_EQ(enrolment->secret.size(), 32U);
  EXPECT_TRUE(enrolment->otpauth_uri.starts_with(
      "otpauth://totp/Tanzim:amina?secret=" + enrolment->secret + "&issuer=Tanzim"));
  EXPECT_TRUE(enrolment->qr_svg.starts_with("<svg "));
  // Kept sealed (sealing_key.h), never in clear.
  EXPECT_EQ(Query("SELECT enabled || '/' || length(secret) FROM totp"), "0/61");
  // Pending enrolment: sign-in still needs no code.
  EXPECT_FALSE(SignIn().empty());
  // Starting again replaces the secret.
  auto again = sessions_->StartTotpEnrolment(session);
  ASSERT_TRUE(again.ok());
  EXPECT_NE(again->secret, enrolment->secret);
  EXPECT_EQ(Query("SELECT count(*) FROM totp"), "1");
}

TEST_F(TotpSignInTest, ConfirmNeedsTheRightCodeAndEndsOtherSessions) {
  const std::string other = SignIn();
  const std::string session = SignIn();
  const std::string secret = Enrol(session);
  const std::string wrong = Code(secret) == "000000" ? "000001" : "000000";
  auto refused = sessions_->ConfirmTotp(session, wrong, kAddress);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(refused.error().fields(), (std::vector<FieldError>{{"totp", "field.totp_wrong"}}));
  auto malformed = sessions_->ConfirmTotp(session, "12a456", kAddress);
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ(malformed.error().fields(), (std::vector<FieldError>{{"totp", "field.totp_format"}}));
  EXPECT_EQ(Query("SELECT enabled FROM totp"), "0");
  EXPECT_EQ(Sessions(), "2") << "a refused confirmation changes nothing";

  auto confirmed = sessions_->ConfirmTotp(session, Code(secret), kAddress);
  ASSERT_TRUE(confirmed.ok());
  EXPECT_FALSE(*confirmed);
  EXPECT_EQ(Query("SELECT enabled FROM totp"), "1");
  EXPECT_TRUE(sessions_->Authenticate(session).ok());
  EXPECT_FALSE(sessions_->Authenticate(other).ok()) << "signed in without the second factor";
  EXPECT_EQ(Query("SELECT kind FROM auth_events ORDER BY id DESC LIMIT 1"), "totp_enabled");

  auto twice = sessions_->ConfirmTotp(session, Code(secret, 1), kAddress);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code(), ErrorCode::kConflict);
  auto restart = sessions_->StartTotpEnrolment(session);
  ASSERT_FALSE(restart.ok());
  EXPECT_EQ(restart.error().code(), ErrorCode::kConflict);
}

TEST_F(TotpSignInTest, ConfirmWithoutEnrolmentNamesTheField) {
  const std::string session = SignIn();
  auto r = sessions_->ConfirmTotp(session, "123456", kAddress);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().fields(), (std::vector<FieldError>{{"totp", "field.totp_not_started"}}));
  auto bad_session = sessions_->ConfirmTotp(std::string(43, 'A'), "123456", kAddress);
  ASSERT_FALSE(bad_session.ok());
  EXPECT_EQ(bad_session.error().code(), ErrorCode::kUnauthenticated);
}

TEST_F(TotpSignInTest, SignInThenNeedsTheCodeAndCreatesNoSessionWithoutIt) {
  const std::string secret = EnableForAmina();
  const std::string before = Sessions();

  auto missing = Try(std::nullopt);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code(), ErrorCode::kUnauthenticated);
  EXPECT_EQ(missing.error().fields(), (std::vector<FieldError>{{"totp", "field.totp_required"}}));
  ExpectSignInFailed(Try(Code(secret) == "111111" ? "222222" : "111111"));
  // A wrong password with the right code is the same failure, and uses nothing up.
  ExpectSignInFailed(
      sessions_->SignIn("amina", "not the password", kAddress, std::nullopt, Code(secret)));
  EXPECT_EQ(Sessions(), before);

  auto malformed = Try("12345");
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ(malformed.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(malformed.error().fields(), (std::vector<FieldError>{{"totp", "field.totp_format"}}));

  auto ok = Try(Code(secret));
  ASSERT_TRUE(ok.ok());
  ASSERT_TRUE(ok->signed_in);
  EXPECT_TRUE(ok->signed_in->totp_enabled);
  EXPECT_FALSE(ok->signed_in->totp_enrolment_required);
  // Wrong codes counted like wrong passwords; the success cleared the login's count.
  EXPECT_EQ(Query("SELECT count(*) FROM auth_events WHERE kind = 'sign_in_failed'"), "2");
  EXPECT_EQ(Query("SELECT count(*) FROM sign_in_throttle WHERE key = 'login:amina'"), "0");
  // Other accounts are unaffected.
  EXPECT_FALSE(SignIn(std::nullopt, "yassine").empty());
}

TEST_F(TotpSignInTest, EachCodeWorksOnce) {
  const std::string secret = EnableForAmina();
  const std::string code = Code(secret);
  EXPECT_FALSE(SignIn(code).empty());
  const std::string before = Sessions();
  ExpectSignInFailed(Try(code));
  // Nor does an older code work once a newer one was used.
  ExpectSignInFailed(Try(Code(secret, -1)));
  EXPECT_EQ(Sessions(), before);
  now_ms_ += kStepMs;
  EXPECT_FALSE(SignIn(Code(secret)).empty());
}

TEST_F(TotpSignInTest, AcceptsOneStepOfClockDriftEitherWay) {
  const std::string secret = EnableForAmina();
  EXPECT_FALSE(SignIn(Code(secret, -1)).empty()) << "a phone 30 s slow";
  EXPECT_FALSE(SignIn(Code(secret, 1)).empty()) << "a phone 30 s fast";
  now_ms_ += 10 * kStepMs;
  ExpectSignInFailed(Try(Code(secret, -2)));
  ExpectSignInFailed(Try(Code(secret, 2)));
  EXPECT_FALSE(SignIn(Code(secret)).empty());
}

TEST_F(TotpSignInTest, WrongCodesAreThrottledLikeWrongPasswords) {
  const std::string secret = EnableForAmina();
  const std::string wrong = Code(secret) == "000000" ? "000001" : "000000";
  bool throttled = false;
  for (int i = 0; i < 6 && !throttled; ++i) {
    auto r = Try(wrong);
    throttled = r.ok() && r->throttled.has_value();
  }
  EXPECT_TRUE(throttled);
  // While blocked, even the right code gets no answer about itself.
  auto blocked = Try(Code(secret));
  ASSERT_TRUE(blocked.ok());
  EXPECT_TRUE(blocked->throttled.has_value());
}

TEST_F(TotpSignInTest, DisableNeedsACurrentUnusedCodeAndEndsOtherSessions) {
  const std::string secret = EnableForAmina();
  const std::string code = Code(secret);
  const std::string session = SignIn(code);
  now_ms_ += kStepMs;
  const std::string other = SignIn(Code(secret));

  // The code that signed `other` in is used up.
  auto reused = sessions_->DisableTotp(session, Code(secret), kAddress);
  ASSERT_FALSE(reused.ok());
  EXPECT_EQ(reused.error().fields(), (std::vector<FieldError>{{"totp", "field.totp_wrong"}}));
  auto empty = sessions_->DisableTotp(session, "", kAddress);
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().fields(), (std::vector<FieldError>{{"totp", "field.required"}}));
  EXPECT_EQ(Query("SELECT count(*) FROM totp"), "1");

  auto off = sessions_->DisableTotp(session, Code(secret, 1), kAddress);
  ASSERT_TRUE(off.ok());
  EXPECT_FALSE(*off);
  EXPECT_EQ(Query("SELECT count(*) FROM totp"), "0");
  EXPECT_TRUE(sessions_->Authenticate(session).ok());
  EXPECT_FALSE(sessions_->Authenticate(other).ok());
  EXPECT_EQ(Query("SELECT kind FROM auth_events ORDER BY id DESC LIMIT 1"), "totp_disabled");
  EXPECT_FALSE(SignIn().empty()) << "no code needed any more";

  auto again = sessions_->DisableTotp(session, Code(secret, 1), kAddress);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().fields(), (std::vector<FieldError>{{"totp", "field.totp_not_enabled"}}));
}

TEST_F(TotpSignInTest, OperatorResetRemovesTotpAndEndsSessions) {
  const std::string secret = EnableForAmina();
  const std::string session = SignIn(Code(secret));
  auto reset = sessions_->ResetTotp("amina");
  ASSERT_TRUE(reset.ok());
  EXPECT_TRUE(*reset);
  EXPECT_FALSE(sessions_->Authenticate(session).ok());
  EXPECT_EQ(Query("SELECT kind FROM auth_events ORDER BY id DESC LIMIT 1"), "totp_reset");
  EXPECT_FALSE(SignIn().empty());
  auto none = sessions_->ResetTotp("amina");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(*none);
  auto unknown = sessions_->ResetTotp("nobody");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().fields(), (std::vector<FieldError>{{"login", "field.login_unknown"}}));
}

TEST_F(TotpSignInTest, TheStoredSecretIsSealedAndOpensOnlyOnItsOwnRow) {
  const std::string secret = EnableForAmina();
  EXPECT_EQ(Query("SELECT instr(secret, X'" + Hex(secret) + "') FROM totp"), "0");
  // amina's sealed secret copied onto yassine's row does not give him her
  // codes: the row's account is sealed with it.
  Exec("INSERT INTO totp (user_id, secret, enabled, last_step, created_at) SELECT " +
       UserId("yassine") + ", secret, 1, 0, created_at FROM totp");
  const auto copied = Try(Code(secret), "yassine");
  ASSERT_FALSE(copied.ok());
  EXPECT_EQ(copied.error().code(), ErrorCode::kInternal);
  EXPECT_FALSE(SignIn(Code(secret)).empty()) << "amina's own row still opens";
}

TEST_F(TotpSignInTest, AnotherKeyOpensNoSecretButTheResetStillWorks) {
  EnableForAmina();
  // The same store under a key of another database, or with the key file lost.
  const std::optional<SealingKey> other = SealingKey::Generate();
  const std::optional<SealingKey> none;
  for (const auto* key : {&other, &none}) {
    SqliteSessionStore store(db_->pool(), *key);
    SessionService sessions(store, SessionOptions{}, [this] { return now_ms_; });
    const auto r = sessions.SignIn("amina", kPassword, kAddress, std::nullopt, "123456");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code(), ErrorCode::kInternal);
    EXPECT_EQ(r.error().message_key(), "error.internal");
    // Nothing about the secret reaches the message.
    EXPECT_EQ(r.error().fields(), std::vector<FieldError>{});
  }
  SqliteSessionStore keyless(db_->pool(), none);
  SessionService sessions(keyless, SessionOptions{}, [this] { return now_ms_; });
  auto reset = sessions.ResetTotp("amina");
  ASSERT_TRUE(reset.ok());
  EXPECT_TRUE(*reset);
  EXPECT_FALSE(SignIn().empty());
  // Without a key there is nothing to seal a new secret with.
  const auto started = keyless.StartTotpEnrolment(1, std::string(kTotpSecretBytes, 's'));
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().code(), ErrorCode::kInternal);
  EXPECT_EQ(Query("SELECT count(*) FROM totp"), "0");
}

TEST_F(TotpSignInTest, SecretsAnOlderVersionLeftInClearAreSealedAndStillWork) {
  const std::string secret(kTotpSecretBytes, '\x2a');
  Exec("INSERT INTO totp (user_id, secret, enabled, last_step, created_at) VALUES (" +
       UserId("yassine") + ", X'" + Hex(secret) + "', 1, 0, '2026-01-01T00:00:00Z')");
  auto sealed = session_store_->SealClearTotpSecrets();
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(*sealed, 1);
  EXPECT_EQ(Query("SELECT length(secret) FROM totp"), "61");
  EXPECT_EQ(Query("SELECT instr(secret, X'" + Hex(secret) + "') FROM totp"), "0");
  EXPECT_FALSE(SignIn(Code(secret), "yassine").empty());
  // Once sealed there is nothing left to seal.
  auto again = session_store_->SealClearTotpSecrets();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
  auto logins = session_store_->LoginsWithSealedTotp();
  ASSERT_TRUE(logins.ok());
  EXPECT_EQ(*logins, std::vector<std::string>{"yassine"});
}

// Confirming compares the pending secret inside its transaction: an enrolment
// restarted since the code was checked leaves it unconfirmed.
TEST_F(TotpSignInTest, ConfirmingARestartedEnrolmentEnablesNothing) {
  const int64_t amina = std::stoll(UserId("amina"));
  const std::string first(kTotpSecretBytes, 'a');
  const std::string second(kTotpSecretBytes, 'b');
  ASSERT_TRUE(session_store_->StartTotpEnrolment(amina, first).ok());
  ASSERT_TRUE(session_store_->StartTotpEnrolment(amina, second).ok());
  const AuthEvent event{"totp_enabled", "amina", amina, kAddress};
  auto stale = session_store_->EnableTotp(amina, first, 1, "", event);
  ASSERT_TRUE(stale.ok());
  EXPECT_FALSE(*stale);
  EXPECT_EQ(Query("SELECT enabled FROM totp"), "0");
  auto current = session_store_->EnableTotp(amina, second, 1, "", event);
  ASSERT_TRUE(current.ok());
  EXPECT_TRUE(*current);
  EXPECT_EQ(Query("SELECT enabled FROM totp"), "1");
}

TEST_F(TotpSignInTest, RequirementRestrictsIdentityRolesToEnrolment) {
  auto off = sessions_->TotpRequired();
  ASSERT_TRUE(off.ok());
  EXPECT_FALSE(*off);
  const std::string before = SignIn();
  ASSERT_TRUE(sessions_->SetTotpRequired(true).ok());
  EXPECT_EQ(
      Query("SELECT value FROM settings WHERE key = '" + std::string(kTotpRequiredSetting) + "'"),
      "true");

  // The admin sees CINs: live sessions and new ones may only enrol.
  for (const std::string& id : {before, SignIn()}) {
    auto denied = sessions_->Authenticate(id);
    ASSERT_FALSE(denied.ok());
    EXPECT_EQ(denied.error().code(), ErrorCode::kPermissionDenied);
    EXPECT_EQ(denied.error().message_key(), "error.totp_enrolment_required");
  }
  auto outcome = Try(std::nullopt);
  ASSERT_TRUE(outcome.ok() && outcome->signed_in);
  EXPECT_TRUE(outcome->signed_in->totp_enrolment_required);
  // The auditor sees no CIN: unaffected.
  auto auditor = Try(std::nullopt, "yassine");
  ASSERT_TRUE(auditor.ok() && auditor->signed_in);
  EXPECT_FALSE(auditor->signed_in->totp_enrolment_required);
  EXPECT_TRUE(sessions_->Authenticate(auditor->signed_in->session_id).ok());

  // Enrolling lifts the restriction of the session that did it.
  const std::string session = outcome->signed_in->session_id;
  const std::string secret = Enrol(session);
  EXPECT_FALSE(sessions_->Authenticate(session).ok()) << "started is not confirmed";
  ASSERT_TRUE(sessions_->ConfirmTotp(session, Code(secret), kAddress).ok());
  EXPECT_TRUE(sessions_->Authenticate(session).ok());
  // Turning TOTP off again restricts the session again.
  now_ms_ += kStepMs;
  ASSERT_TRUE(sessions_->DisableTotp(session, Code(secret), kAddress).ok());
  EXPECT_FALSE(sessions_->Authenticate(session).ok());
  // And the setting off lifts it.
  ASSERT_TRUE(sessions_->SetTotpRequired(false).ok());
  EXPECT_TRUE(sessions_->Authenticate(session).ok());
  EXPECT_EQ(Query("SELECT count(*) FROM auth_events WHERE kind LIKE 'totp_required_%'"), "2");
}

}  // namespace
}  // namespace tanzim::auth
