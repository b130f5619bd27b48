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
  std::string kind;  // sign_in, sign_in_failed, locked_out, sign_out, password_changed, …
  std::string login;
  std::optional<int64_t> user_id;
  std::string address;
};

// An account's TOTP second factor (table totp).
struct TotpState {
  std::string secret;     // raw bytes, kTotpSecretBytes (totp.h)
  bool enabled = false;   // false: enrolment started, not yet confirmed
  int64_t last_step = 0;  // the newest step a code was accepted for
};

// What a sign-in checks a password (and a TOTP code) against.
struct Credentials {
  int64_t user_id = 0;
  std::string password_hash;
  bool disabled = false;
  std::optional<TotpState> totp;  // nullopt: never enrolled
};

// The setting that makes TOTP compulsory for roles that see CINs.
inline constexpr const char* kTotpRequiredSetting = "security.totp_required_for_identity_roles";

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
  bool totp_enabled = false;   // the user has confirmed a TOTP second factor
  bool totp_required = false;  // kTotpRequiredSetting is on, as of this read
};

// A live session of one user, for its owner's list; the hash stands for it.
struct SessionRow {
  std::string id_hash;
  int64_t created_at = 0;
  int64_t last_seen_at = 0;
  int64_t expires_at = 0;
  std::string address;
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

  // In one write transaction: replaces the password hash of `user_id` if it
  // is still `old_hash`, ends the user's sessions but `keep_hash` and appends
  // `event`. False (nothing changed) when the password changed meanwhile.
  virtual Result<bool> ReplacePassword(int64_t user_id, std::string_view old_hash,
                                       std::string_view new_hash, std::string_view keep_hash,
                                       const AuthEvent& event) = 0;

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

  // The sessions of `user_id` live at `now`: not past their end, not idle
  // since before `idle_before`. Newest first.
  virtual Result<std::vector<SessionRow>> ListSessions(int64_t user_id, int64_t now,
                                                       int64_t idle_before) = 0;

  // Records activity on a session.
  virtual Status TouchSession(std::string_view id_hash, int64_t now) = 0;

  // Ends a session; when it existed and `event` is given, logs it with the
  // session's user filled in. Ending an unknown session is not an error.
  virtual Status EndSession(std::string_view id_hash, const std::optional<AuthEvent>& event) = 0;

  // The actor of the enabled user `user_id`; nullopt when there is none or
  // it acts by position and holds none today.
  virtual Result<std::optional<Actor>> FindActor(int64_t user_id) = 0;

  // Records that a code of `step` was accepted for `user_id`, if its TOTP is
  // enabled and no code of `step` or later was accepted before; false
  // otherwise. Two servers accepting the same code race here: one wins.
  virtual Result<bool> ConsumeTotpStep(int64_t user_id, int64_t step) = 0;

  // The TOTP state of `user_id`; nullopt when it never enrolled.
  virtual Result<std::optional<TotpState>> FindTotp(int64_t user_id) = 0;

  // Stores `secret` as the user's pending (not enabled) TOTP, replacing a
  // pending one; kConflict naming "totp" when TOTP is already enabled.
  virtual Status StartTotpEnrolment(int64_t user_id, std::string_view secret) = 0;

  // In one write transaction: enables the pending TOTP of `user_id` if its
  // secret is still `secret`, with `step` as the last accepted one, ends the
  // user's sessions but `keep_hash` and appends `event`. False (nothing
  // changed) when the enrolment was replaced or already confirmed.
  virtual Result<bool> EnableTotp(int64_t user_id, std::string_view secret, int64_t step,
                                  std::string_view keep_hash, const AuthEvent& event) = 0;

  // In one write transaction: removes the enabled TOTP of `user_id` if no
  // code of `step` or later was accepted before, ends the user's sessions
  // but `keep_hash` and appends `event`. False when nothing changed.
  virtual Result<bool> DisableTotp(int64_t user_id, int64_t step, std::string_view keep_hash,
                                   const AuthEvent& event) = 0;

  // The operator's reset: removes the TOTP of `login`, enabled or pending,
  // ends all its sessions and logs `totp_reset`, in one transaction. False
  // when it had none; kInvalidArgument naming "login" when there is no such user.
  virtual Result<bool> ResetTotp(std::string_view login) = 0;

  // kTotpRequiredSetting; false when never set.
  virtual Result<bool> ReadTotpRequired() = 0;

  // Sets kTotpRequiredSetting and appends `event`, in one transaction.
  virtual Status WriteTotpRequired(bool required, const AuthEvent& event) = 0;
};

}  // namespace tanzim::auth
