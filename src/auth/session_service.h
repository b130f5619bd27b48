#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "auth/actor.h"
#include "auth/session_store.h"
#include "core/line_ration.h"
#include "core/result.h"

namespace tanzim::auth {

// Timeouts and throttling of browser sign-in; docs/security.md explains the choices.
struct SessionOptions {
  std::chrono::seconds idle_timeout{30 * 60};
  std::chrono::seconds absolute_timeout{12 * 60 * 60};
  // last_seen_at is written at most this often, not on every request.
  std::chrono::seconds touch_interval{60};
  // Failures allowed before each further one blocks the key, per login and per address.
  int64_t free_failures_per_login = 5;
  int64_t free_failures_per_address = 20;
  // The first block; each further failure doubles it, up to max_block.
  std::chrono::milliseconds first_block{std::chrono::seconds(2)};
  std::chrono::milliseconds max_block{std::chrono::minutes(15)};
  // A key's failures are forgotten this long after its last failure.
  std::chrono::milliseconds forget_after{std::chrono::hours(24)};
};

// A signed-in browser: the session id goes into the cookie and nowhere else.
struct SignedIn {
  std::string session_id;  // 43 base64url characters: 256 random bits from libsodium
  Actor actor;
  int64_t expires_at = 0;  // Unix seconds: the absolute end
  bool totp_enabled = false;
  // The organization requires TOTP of this role and the user has none: the
  // session may only enrol (Authenticate refuses it until then).
  bool totp_enrolment_required = false;
};

// What the current session is, for GET /api/v1/session.
struct SessionInfo {
  Actor actor;
  int64_t created_at = 0;
  int64_t expires_at = 0;
  bool totp_enabled = false;
  bool totp_enrolment_required = false;  // as in SignedIn
};

// One of a user's own live sessions, as GET /api/v1/sessions lists it.
struct OwnSession {
  // A handle for ending it: 16 base64url characters made from the stored
  // hash of the session id, so it is neither the id nor a way to it.
  std::string id;
  int64_t created_at = 0;  // Unix seconds
  int64_t last_seen_at = 0;
  int64_t expires_at = 0;
  std::string address;   // where it signed in from
  bool current = false;  // the session asking
};

// A started TOTP enrolment, shown once to the user.
struct TotpEnrolment {
  std::string secret;       // base32, for typing into an app
  std::string otpauth_uri;  // otpauth://totp/…
  std::string qr_svg;       // the URI as a QR code, an SVG document
};

// Signing in with a login and password, the sessions that follow, and the
// brute-force throttle in front of them. Stateless: everything lives in the
// SessionStore, so several servers share sessions and throttle counts; only
// the budget of log lines is each server's own.
class SessionService {
 public:
  // Milliseconds since the Unix epoch; tests pass a clock they move.
  using Clock = std::function<int64_t()>;
  static int64_t SystemClock();

  explicit SessionService(SessionStore& store, SessionOptions options = {},
                          Clock clock = &SystemClock);

  // A sign-in refused by the throttle, with how long to wait.
  struct Throttled {
    int64_t retry_after_seconds = 0;
  };
  // Exactly one member is set.
  struct Outcome {
    std::optional<SignedIn> signed_in;
    std::optional<Throttled> throttled;
  };

  // Checks `password` for `login` (and `totp`, the code of an account with
  // TOTP enabled) and opens a new session; no session row exists before
  // every check has passed. `replaced_id` is the session id the browser
  // still held, ended here so that no id is carried across a sign-in. A
  // login or address blocked by earlier failures gets `throttled` without a
  // password check, as does the failure that starts a block. Errors:
  // kUnauthenticated naming "password" for a wrong login, a wrong password,
  // a disabled account or a wrong, reused or stale code alike, after the
  // same argon2id work; kUnauthenticated naming "totp" when the password is
  // right and the account needs a code that is missing; kUnauthenticated
  // without field for an account acting by position that holds none today;
  // kInvalidArgument for a login or password too long to be one, or a code
  // that is not 6 digits.
  Result<Outcome> SignIn(std::string_view login, std::string_view password,
                         std::string_view address, const std::optional<std::string>& replaced_id,
                         const std::optional<std::string>& totp = std::nullopt);

  // The actor of a live session; kUnauthenticated when the id is unknown,
  // idle for longer than the idle timeout, past its absolute end, or its user
  // is disabled; kPermissionDenied (error.totp_enrolment_required) while the
  // session may only enrol TOTP. Refreshes last_seen_at at most once per
  // touch_interval.
  Result<Actor> Authenticate(std::string_view session_id);

  // The live session behind `session_id`, as Authenticate sees it.
  Result<SessionInfo> Describe(std::string_view session_id);

  // Ends a session on the server; an unknown or expired id is no error.
  Status SignOut(std::string_view session_id, std::string_view address);

  // Changes the password of the session's own account. `current` must be its
  // password, and a wrong one counts toward the throttle as a failed sign-in
  // does (a borrowed session must not become a way to guess the password);
  // `replacement` must pass PasswordProblem and differ from `current`. Ends
  // the account's other sessions and keeps this one; the account's API
  // tokens stay, since scripts hold them (`tanzim token revoke` ends them).
  // Errors: kUnauthenticated for a dead session; kPermissionDenied while it
  // may only enrol TOTP; kInvalidArgument naming "current_password" (missing,
  // too long or wrong) or "new_password" (missing, refused by the policy, or
  // the current one again). A throttled caller gets `Throttled` without a check.
  Result<std::optional<Throttled>> ChangePassword(std::string_view session_id,
                                                  std::string_view current,
                                                  std::string_view replacement,
                                                  std::string_view address);

  // The live sessions of the session's own account, newest first (V7.5.2).
  // kUnauthenticated for a dead session; kPermissionDenied while it may only
  // enrol TOTP.
  Result<std::vector<OwnSession>> ListOwnSessions(std::string_view session_id);

  // Ends the session `handle` (an OwnSession id) of the session's own account
  // and logs `session_ended`; true when it was the asking session itself.
  // The errors of ListOwnSessions, and kNotFound naming "id" when the account
  // has no live session with that handle.
  Result<bool> EndOwnSession(std::string_view session_id, std::string_view handle,
                             std::string_view address);

  // TOTP of the session's own account (RFC 6238, totp.h). Each takes a live
  // session, restricted to enrolment or not; kUnauthenticated otherwise.

  // Starts (or restarts) enrolment with a new secret; kConflict naming
  // "totp" when TOTP is already enabled.
  Result<TotpEnrolment> StartTotpEnrolment(std::string_view session_id);

  // Enables the enrolment after one valid code and ends the account's other
  // sessions. Errors: kInvalidArgument naming "totp" for a wrong code (which
  // counts toward the throttle) or when no enrolment was started; a
  // throttled caller gets `Throttled` without a check.
  Result<std::optional<Throttled>> ConfirmTotp(std::string_view session_id, std::string_view code,
                                               std::string_view address);

  // Turns TOTP off after a current valid code, which is then used up, and
  // ends the account's other sessions; the errors of ConfirmTotp, and
  // kInvalidArgument naming "totp" when TOTP is not enabled.
  Result<std::optional<Throttled>> DisableTotp(std::string_view session_id, std::string_view code,
                                               std::string_view address);

  // The operator's `tanzim user totp-reset`: removes the TOTP of `login` and
  // ends its sessions; false when it had none.
  Result<bool> ResetTotp(std::string_view login);

  // The organization's kTotpRequiredSetting (session_store.h).
  Result<bool> TotpRequired();
  Status SetTotpRequired(bool required);

  const SessionOptions& options() const { return options_; }

 private:
  Result<SessionInfo> Live(std::string_view session_id);
  // The sessions of `user_id` that Live would accept now, newest first.
  Result<std::vector<SessionRow>> LiveSessionsOf(int64_t user_id);
  // The throttle check before a code is verified; a block in force, or nullopt.
  Result<std::optional<Throttled>> Blocked(std::string_view login, std::string_view address,
                                           int64_t now_ms);
  // Verifies `code` for the session's account, whose TOTP must be enabled
  // or pending as `want_enabled` says, and runs `apply` with the step it
  // matched; a wrong code, or `apply` answering false, counts as a failure.
  Result<std::optional<Throttled>> WithTotpCode(
      std::string_view session_id, std::string_view code, std::string_view address,
      bool want_enabled,
      const std::function<Result<bool>(const SessionInfo&, const TotpState&, int64_t)>& apply);
  // Counts a failed proof of `login`'s password or code against the login's
  // and the address's throttle keys, logging `kind` (sign_in_failed, …).
  Status RecordFailure(std::string_view kind, std::string_view login,
                       std::optional<int64_t> user_id, std::string_view address, int64_t now_ms,
                       int64_t& blocked_until_ms);
  // Logs "EVENT: login "LOGIN" from ADDRESS", within warnings_' budget.
  void Warn(std::string_view event, std::string_view login, std::string_view address);

  SessionStore& store_;
  SessionOptions options_;
  Clock clock_;
  // Failed and throttled attempts are anyone's to make, and a throttled one
  // costs the server almost nothing (no password check): their lines are
  // rationed, as the refusal log's are, so a flood cannot fill the disk.
  // auth_events keeps every failure and lockout regardless.
  static constexpr int kWarningsPerSecond = 20;
  LineRation warnings_{kWarningsPerSecond, clock_};
};

// The BLAKE2b-256 hash of a session id or token: what stores keep.
std::string SecretHash(std::string_view secret);

}  // namespace tanzim::auth
