#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "auth/actor.h"
#include "auth/session_store.h"
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
};

// What the current session is, for GET /api/v1/session.
struct SessionInfo {
  Actor actor;
  int64_t created_at = 0;
  int64_t expires_at = 0;
};

// Signing in with a login and password, the sessions that follow, and the
// brute-force throttle in front of them. Stateless: everything lives in the
// SessionStore, so several servers share sessions and throttle counts.
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

  // Checks `password` for `login` and opens a new session. `replaced_id` is
  // the session id the browser still held, ended here so that no id is
  // carried across a sign-in. A login or address blocked by earlier failures
  // gets `throttled` without a password check, as does the failure that
  // starts a block. Errors: kUnauthenticated naming "password" for a wrong
  // login, a wrong password or a disabled account alike, after the same
  // argon2id work; kInvalidArgument for a login or password too long to be one.
  Result<Outcome> SignIn(std::string_view login, std::string_view password,
                         std::string_view address, const std::optional<std::string>& replaced_id);

  // The actor of a live session; kUnauthenticated when the id is unknown,
  // idle for longer than the idle timeout, past its absolute end, or its user
  // is disabled. Refreshes last_seen_at at most once per touch_interval.
  Result<Actor> Authenticate(std::string_view session_id);

  // The live session behind `session_id`, as Authenticate sees it.
  Result<SessionInfo> Describe(std::string_view session_id);

  // Ends a session on the server; an unknown or expired id is no error.
  Status SignOut(std::string_view session_id, std::string_view address);

  const SessionOptions& options() const { return options_; }

 private:
  Result<SessionInfo> Live(std::string_view session_id);
  Status RecordFailure(std::string_view login, std::optional<int64_t> user_id,
                       std::string_view address, int64_t now_ms, int64_t& blocked_until_ms);

  SessionStore& store_;
  SessionOptions options_;
  Clock clock_;
};

// The BLAKE2b-256 hash of a session id or token: what stores keep.
std::string SecretHash(std::string_view secret);

}  // namespace tanzim::auth
