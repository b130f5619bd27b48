#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/actor.h"
#include "core/result.h"

namespace tanzim::auth {

// One line of the sign-in log (table auth_events).
struct AuthEvent {
  std::string kind;  // sign_in, sign_in_failed, locked_out, throttled, sign_out, …
  std::string login;
  std::optional<int64_t> user_id;
  std::string address;
};

// What a sign-in checks a password against.
struct Credentials {
  int64_t user_id = 0;
  std::string password_hash;
  bool disabled = false;
};

// Failed sign-ins under one throttle key; all zero when there is no row.
struct ThrottleState {
  int64_t failures = 0;
  int64_t blocked_until_ms = 0;
  int64_t updated_at_ms = 0;
};

struct NewSession {
  std::string id_hash;  // BLAKE2b-256 of the session id
  int64_t user_id = 0;
  int64_t created_at = 0;  // Unix seconds
  int64_t expires_at = 0;
  std::string address;
};

struct SessionRecord {
  Actor actor;
  int64_t created_at = 0;
  int64_t last_seen_at = 0;
  int64_t expires_at = 0;
};

// Where sessions, throttle state and the sign-in log are kept, shared by
// every server of a deployment. Implemented per backend.
class SessionStore {
 public:
  virtual ~SessionStore() = default;

  // The credentials of `login`, disabled or not; nullopt when there is no such user.
  virtual Result<std::optional<Credentials>> FindCredentials(std::string_view login) = 0;

  // Replaces a password hash after a successful sign-in (new parameters);
  // the user's sessions stay.
  virtual Status UpdatePasswordHash(int64_t user_id, std::string_view password_hash) = 0;

  // The state of each key, in order.
  virtual Result<std::vector<ThrottleState>> ReadThrottle(const std::vector<std::string>& keys) = 0;

  // In one write transaction: forgets keys whose last failure is older than
  // `forget_before_ms`, reads each key's state, stores what `update(key,
  // state)` makes of it, and appends what `events` returns once all keys are
  // updated. Servers sharing the store see each other's failures; none is
  // lost to a race.
  using ThrottleUpdate = std::function<ThrottleState(const std::string&, const ThrottleState&)>;
  virtual Status UpdateThrottle(const std::vector<std::string>& keys, int64_t forget_before_ms,
                                const ThrottleUpdate& update,
                                const std::function<std::vector<AuthEvent>()>& events) = 0;

  // In one write transaction: ends the session `replaced_hash` (if any),
  // drops sessions ended before `now` (absolute) or idle since before
  // `idle_before`, stores `session`, forgets the throttle key `clear_key`
  // and appends `event`.
  virtual Status StartSession(const NewSession& session,
                              const std::optional<std::string>& replaced_hash, int64_t idle_before,
                              std::string_view clear_key, const AuthEvent& event) = 0;

  // The session with `id_hash` and its enabled user; nullopt when there is none.
  virtual Result<std::optional<SessionRecord>> FindSession(std::string_view id_hash) = 0;

  // Records activity on a session.
  virtual Status TouchSession(std::string_view id_hash, int64_t now) = 0;

  // Ends a session; when it existed and `event` is given, logs it with the
  // session's user filled in. Ending an unknown session is not an error.
  virtual Status EndSession(std::string_view id_hash, const std::optional<AuthEvent>& event) = 0;
};

}  // namespace tanzim::auth
