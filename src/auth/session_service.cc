#include "auth/session_service.h"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>

#include "auth/authorization.h"
#include "auth/password_policy.h"
#include "auth/totp.h"
#include "core/base64.h"

namespace tanzim::auth {
namespace {

constexpr size_t kSessionIdBytes = 32;
constexpr size_t kSessionIdChars = 43;  // base64url of 32 bytes, unpadded
constexpr size_t kMaxLoginBytes = 256;
constexpr size_t kMaxPasswordBytes = 4 * kMaxPasswordCodePoints;

// What an unknown login's password is checked against, so that it costs the
// same argon2id work as a known one. Made once, with the current parameters.
const std::string& DummyHash() {
  static const std::string hash = [] {
    auto made = HashPassword("tanzim: no such account");
    if (!made.ok()) throw std::runtime_error("cannot make the dummy password hash");
    return std::move(made).value();
  }();
  return hash;
}

std::string LoginKey(std::string_view login) { return "login:" + std::string(login); }
std::string AddressKey(std::string_view address) { return "address:" + std::string(address); }

// A login as typed, safe for a log line: at most 64 bytes, control
// characters and quotes shown as '?', so no one can forge log lines.
std::string ForLog(std::string_view login) {
  std::string out(login.substr(0, 64));
  for (char& c : out) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || c == '"' || c == '\\') c = '?';
  }
  return out;
}

Error Unauthenticated() { return {ErrorCode::kUnauthenticated, "error.unauthenticated"}; }

Error SignInFailed() {
  return {ErrorCode::kUnauthenticated,
          "error.sign_in_failed",
          {{"password", "field.credentials_wrong"}}};
}

Error TotpWrong() { return Error::Invalid("totp", "field.totp_wrong"); }

// Whether a session of `actor` may only enrol TOTP.
bool EnrolmentOnly(const Actor& actor, bool totp_enabled, bool totp_required) {
  return totp_required && !totp_enabled && VisibleDetails(actor).identity;
}

// The handle of a session in its owner's list: 12 bytes of its stored hash.
// The hash itself cannot be turned back into the id, and a part of it is
// enough to tell one user's sessions apart (96 bits).
std::string SessionHandle(std::string_view id_hash) {
  return Base64UrlEncode(id_hash.substr(0, 12));
}

}  // namespace

std::string SecretHash(std::string_view secret) {
  std::string hash(crypto_generichash_BYTES, '\0');
  crypto_generichash(reinterpret_cast<unsigned char*>(hash.data()), hash.size(),
                     reinterpret_cast<const unsigned char*>(secret.data()), secret.size(), nullptr,
                     0);
  return hash;
}

int64_t SessionService::SystemClock() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

SessionService::SessionService(SessionStore& store, SessionOptions options, Clock clock)
    : store_(store), options_(options), clock_(std::move(clock)) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialize");
}

Result<SessionService::Outcome> SessionService::SignIn(
    std::string_view login, std::string_view password, std::string_view address,
    const std::optional<std::string>& replaced_id, const std::optional<std::string>& totp) {
  std::vector<FieldError> errors;
  if (login.empty() || login.size() > kMaxLoginBytes) {
    errors.push_back({"login", "field.login_invalid"});
  }
  if (password.empty() || password.size() > kMaxPasswordBytes) {
    errors.push_back({"password", "field.password_length"});
  }
  // An empty code is no code; a malformed one says nothing about the account.
  const bool has_code = totp && !totp->empty();
  if (has_code && !TotpCodeWellFormed(*totp)) errors.push_back({"totp", "field.totp_format"});
  if (!errors.empty())
    return Error(ErrorCode::kInvalidArgument, "error.invalid", std::move(errors));

  const int64_t now_ms = clock_();
  auto blocked = Blocked(login, address, now_ms);
  if (!blocked.ok()) return std::move(blocked).error();
  if (*blocked) return Outcome{std::nullopt, **blocked};

  auto credentials = store_.FindCredentials(login);
  if (!credentials.ok()) return std::move(credentials).error();
  const auto& found = *credentials;
  const bool match = VerifyPassword(found ? found->password_hash : DummyHash(), password);
  std::optional<int64_t> user_id;
  if (found) user_id = found->user_id;
  // A failure of the password or of the code: one answer, one count.
  const auto fail = [&]() -> Result<Outcome> {
    int64_t blocked_until_ms = 0;
    TANZIM_RETURN_IF_ERROR(
        RecordFailure("sign_in_failed", login, user_id, address, now_ms, blocked_until_ms));
    if (blocked_until_ms > now_ms) {
      return Outcome{std::nullopt, Throttled{(blocked_until_ms - now_ms + 999) / 1000}};
    }
    return SignInFailed();
  };
  if (!found || found->disabled || !match) return fail();

  const bool totp_enabled = found->totp && found->totp->enabled;
  std::optional<int64_t> step;
  if (totp_enabled) {
    if (!has_code) {
      // Only the right password gets here; no count, and no session.
      spdlog::info("sign-in needs a TOTP code: login \"{}\" from {}", ForLog(login), address);
      return Error(ErrorCode::kUnauthenticated, "error.totp_required",
                   {{"totp", "field.totp_required"}});
    }
    step = MatchTotp(found->totp->secret, *totp, now_ms / 1000, found->totp->last_step);
    if (!step) return fail();
  }

  // The account must be able to act (a by_position account needs a position today).
  auto actor = store_.FindActor(found->user_id);
  if (!actor.ok()) return std::move(actor).error();
  if (!actor->has_value()) return Unauthenticated();

  if (step) {
    // Used up before the session exists; a code another server accepted
    // first is a failure like any reused code.
    auto consumed = store_.ConsumeTotpStep(found->user_id, *step);
    if (!consumed.ok()) return std::move(consumed).error();
    if (!*consumed) return fail();
  }

  if (NeedsRehash(found->password_hash)) {
    // A failed rehash costs nothing but the upgrade; the sign-in stands.
    auto rehashed = HashPassword(password);
    const Status stored = rehashed.ok() ? store_.UpdatePasswordHash(found->user_id, *rehashed)
                                        : Status(std::move(rehashed).error());
    if (!stored.ok()) spdlog::warn("rehash of user {} failed", found->user_id);
  }

  auto required = store_.ReadTotpRequired();
  if (!required.ok()) return std::move(required).error();

  std::string raw(kSessionIdBytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  SignedIn signed_in;
  signed_in.session_id = Base64UrlEncode(raw);
  const int64_t now = now_ms / 1000;
  signed_in.expires_at = now + options_.absolute_timeout.count();
  NewSession session{SecretHash(signed_in.session_id), found->user_id, now, signed_in.expires_at,
                     std::string(address)};
  std::optional<std::string> replaced;
  if (replaced_id && replaced_id->size() == kSessionIdChars) replaced = SecretHash(*replaced_id);
  TANZIM_RETURN_IF_ERROR(
      store_.StartSession(session, replaced, now - options_.idle_timeout.count(), LoginKey(login),
                          {"sign_in", std::string(login), found->user_id, std::string(address)}));
  spdlog::info("signed in: login \"{}\" from {}", ForLog(login), address);
  signed_in.actor = std::move(**actor);
  signed_in.totp_enabled = totp_enabled;
  signed_in.totp_enrolment_required = EnrolmentOnly(signed_in.actor, totp_enabled, *required);
  return Outcome{std::move(signed_in), std::nullopt};
}

Result<std::optional<SessionService::Throttled>> SessionService::Blocked(std::string_view login,
                                                                         std::string_view address,
                                                                         int64_t now_ms) {
  auto states = store_.ReadThrottle({LoginKey(login), AddressKey(address)});
  if (!states.ok()) return std::move(states).error();
  int64_t blocked_until_ms = 0;
  for (const ThrottleState& state : *states) {
    blocked_until_ms = std::max(blocked_until_ms, state.blocked_until_ms);
  }
  if (blocked_until_ms <= now_ms) return std::optional<Throttled>();
  Warn("sign-in throttled", login, address);
  return std::optional<Throttled>(Throttled{(blocked_until_ms - now_ms + 999) / 1000});
}

Status SessionService::RecordFailure(std::string_view kind, std::string_view login,
                                     std::optional<int64_t> user_id, std::string_view address,
                                     int64_t now_ms, int64_t& blocked_until_ms) {
  const std::string login_key = LoginKey(login);
  bool locked = false;
  blocked_until_ms = 0;
  const auto update = [&](const std::string& key, const ThrottleState& state) {
    ThrottleState next = state;
    next.failures += 1;
    next.updated_at_ms = now_ms;
    const int64_t free =
        key == login_key ? options_.free_failures_per_login : options_.free_failures_per_address;
    if (next.failures > free) {
      const int64_t doublings = std::min<int64_t>(next.failures - free - 1, 30);
      const int64_t delay =
          std::min(options_.first_block.count() << doublings, options_.max_block.count());
      next.blocked_until_ms = now_ms + delay;
      locked = true;
    }
    blocked_until_ms = std::max(blocked_until_ms, next.blocked_until_ms);
    return next;
  };
  const auto events = [&]() {
    std::vector<AuthEvent> out = {
        {std::string(kind), std::string(login), user_id, std::string(address)}};
    if (locked) out.push_back({"locked_out", std::string(login), user_id, std::string(address)});
    return out;
  };
  TANZIM_RETURN_IF_ERROR(store_.UpdateThrottle(
      {login_key, AddressKey(address)}, now_ms - options_.forget_after.count(), update, events));
  Warn(kind, login, address);
  if (locked) Warn("sign-in locked out", login, address);
  return Status::Ok();
}

void SessionService::Warn(std::string_view event, std::string_view login,
                          std::string_view address) {
  // Taken before anything is formatted: in a flood, most lines are not written.
  const std::optional<int64_t> held_back = warnings_.Take();
  if (!held_back) return;
  spdlog::warn("{}: login \"{}\" from {}{}", event, ForLog(login), address,
               LineRation::HeldBackNote(*held_back, "sign-in warnings"));
}

Result<SessionInfo> SessionService::Live(std::string_view session_id) {
  if (session_id.size() != kSessionIdChars) return Unauthenticated();
  const std::string hash = SecretHash(session_id);
  auto found = store_.FindSession(hash);
  if (!found.ok()) return std::move(found).error();
  if (!found->has_value()) return Unauthenticated();
  SessionRecord& record = **found;
  const int64_t now = clock_() / 1000;
  if (now >= record.expires_at || now - record.last_seen_at >= options_.idle_timeout.count()) {
    TANZIM_RETURN_IF_ERROR(store_.EndSession(hash, std::nullopt));
    return Unauthenticated();
  }
  if (now - record.last_seen_at >= options_.touch_interval.count()) {
    TANZIM_RETURN_IF_ERROR(store_.TouchSession(hash, now));
  }
  const bool enrolment_only =
      EnrolmentOnly(record.actor, record.totp_enabled, record.totp_required);
  return SessionInfo{std::move(record.actor), record.created_at, record.expires_at,
                     record.totp_enabled, enrolment_only};
}

Result<Actor> SessionService::Authenticate(std::string_view session_id) {
  auto live = Live(session_id);
  if (!live.ok()) return std::move(live).error();
  if (live->totp_enrolment_required) {
    return Error(ErrorCode::kPermissionDenied, "error.totp_enrolment_required",
                 {{"totp", "field.totp_enrolment_required"}});
  }
  return std::move(live->actor);
}

Result<SessionInfo> SessionService::Describe(std::string_view session_id) {
  return Live(session_id);
}

Status SessionService::SignOut(std::string_view session_id, std::string_view address) {
  if (session_id.size() != kSessionIdChars) return Status::Ok();
  TANZIM_RETURN_IF_ERROR(store_.EndSession(SecretHash(session_id),
                                           AuthEvent{"sign_out", "", {}, std::string(address)}));
  return Status::Ok();
}

Result<std::optional<SessionService::Throttled>> SessionService::ChangePassword(
    std::string_view session_id, std::string_view current, std::string_view replacement,
    std::string_view address) {
  auto actor = Authenticate(session_id);
  if (!actor.ok()) return std::move(actor).error();
  // Everything the two strings alone decide comes before any argon2id work.
  std::vector<FieldError> errors;
  if (current.empty()) {
    errors.push_back({"current_password", "field.required"});
  } else if (current.size() > kMaxPasswordBytes) {
    errors.push_back({"current_password", "field.password_length"});
  }
  if (replacement.empty()) {
    errors.push_back({"new_password", "field.required"});
  } else if (auto problem = PasswordProblem(replacement, actor->login)) {
    errors.push_back({"new_password", *problem});
  } else if (replacement == current) {
    errors.push_back({"new_password", "field.password_unchanged"});
  }
  if (!errors.empty())
    return Error(ErrorCode::kInvalidArgument, "error.invalid", std::move(errors));

  const int64_t now_ms = clock_();
  const std::string& login = actor->login;
  auto blocked = Blocked(login, address, now_ms);
  if (!blocked.ok()) return std::move(blocked).error();
  if (*blocked) return blocked;
  auto credentials = store_.FindCredentials(login);
  if (!credentials.ok()) return std::move(credentials).error();
  if (!credentials->has_value()) return Unauthenticated();
  const std::string& old_hash = (*credentials)->password_hash;
  bool replaced = false;
  if (VerifyPassword(old_hash, current)) {
    auto new_hash = HashPassword(replacement);
    if (!new_hash.ok()) return std::move(new_hash).error();
    // Conditional on the hash just verified: of two changes racing from two
    // sessions, the second finds the password changed and fails as wrong.
    auto stored =
        store_.ReplacePassword(actor->user_id, old_hash, *new_hash, SecretHash(session_id),
                               {"password_changed", login, actor->user_id, std::string(address)});
    if (!stored.ok()) return std::move(stored).error();
    replaced = *stored;
  }
  if (!replaced) {
    int64_t blocked_until_ms = 0;
    TANZIM_RETURN_IF_ERROR(RecordFailure("password_change_failed", login, actor->user_id, address,
                                         now_ms, blocked_until_ms));
    if (blocked_until_ms > now_ms) {
      return std::optional<Throttled>(Throttled{(blocked_until_ms - now_ms + 999) / 1000});
    }
    return Error::Invalid("current_password", "field.password_wrong");
  }
  spdlog::info("password changed: user {} from {}", actor->user_id, address);
  return std::optional<Throttled>();
}

Result<std::vector<SessionRow>> SessionService::LiveSessionsOf(int64_t user_id) {
  const int64_t now = clock_() / 1000;
  return store_.ListSessions(user_id, now, now - options_.idle_timeout.count());
}

Result<std::vector<OwnSession>> SessionService::ListOwnSessions(std::string_view session_id) {
  auto actor = Authenticate(session_id);
  if (!actor.ok()) return std::move(actor).error();
  auto rows = LiveSessionsOf(actor->user_id);
  if (!rows.ok()) return std::move(rows).error();
  const std::string current = SecretHash(session_id);
  std::vector<OwnSession> sessions;
  sessions.reserve(rows->size());
  for (SessionRow& row : *rows) {
    sessions.push_back({SessionHandle(row.id_hash), row.created_at, row.last_seen_at,
                        row.expires_at, std::move(row.address), row.id_hash == current});
  }
  return sessions;
}

Result<bool> SessionService::EndOwnSession(std::string_view session_id, std::string_view handle,
                                           std::string_view address) {
  auto actor = Authenticate(session_id);
  if (!actor.ok()) return std::move(actor).error();
  auto rows = LiveSessionsOf(actor->user_id);
  if (!rows.ok()) return std::move(rows).error();
  const auto found = std::find_if(rows->begin(), rows->end(), [&](const SessionRow& row) {
    return SessionHandle(row.id_hash) == handle;
  });
  if (found == rows->end())
    return Error(ErrorCode::kNotFound, "error.not_found", {{"id", "field.session_unknown"}});
  TANZIM_RETURN_IF_ERROR(store_.EndSession(
      found->id_hash,
      AuthEvent{"session_ended", actor->login, actor->user_id, std::string(address)}));
  spdlog::info("session ended by its owner: user {} from {}", actor->user_id, address);
  return found->id_hash == SecretHash(session_id);
}

Result<TotpEnrolment> SessionService::StartTotpEnrolment(std::string_view session_id) {
  auto live = Live(session_id);
  if (!live.ok()) return std::move(live).error();
  if (live->totp_enabled) {
    return Error(ErrorCode::kConflict, "error.totp_already_enabled",
                 {{"totp", "field.totp_already_enabled"}});
  }
  const std::string secret = NewTotpSecret();
  TotpEnrolment enrolment;
  enrolment.secret = TotpBase32(secret);
  enrolment.otpauth_uri = TotpUri(live->actor.login, secret);
  auto svg = QrSvg(enrolment.otpauth_uri);
  if (!svg.ok()) return std::move(svg).error();
  enrolment.qr_svg = std::move(svg).value();
  TANZIM_RETURN_IF_ERROR(store_.StartTotpEnrolment(live->actor.user_id, secret));
  spdlog::info("TOTP enrolment started: user {}", live->actor.user_id);
  return enrolment;
}

Result<std::optional<SessionService::Throttled>> SessionService::WithTotpCode(
    std::string_view session_id, std::string_view code, std::string_view address, bool want_enabled,
    const std::function<Result<bool>(const SessionInfo&, const TotpState&, int64_t)>& apply) {
  auto live = Live(session_id);
  if (!live.ok()) return std::move(live).error();
  if (code.empty()) return Error::Invalid("totp", "field.required");
  if (!TotpCodeWellFormed(code)) return Error::Invalid("totp", "field.totp_format");
  const int64_t now_ms = clock_();
  const std::string& login = live->actor.login;
  auto blocked = Blocked(login, address, now_ms);
  if (!blocked.ok()) return std::move(blocked).error();
  if (*blocked) return blocked;
  auto state = store_.FindTotp(live->actor.user_id);
  if (!state.ok()) return std::move(state).error();
  if (!state->has_value()) {
    return Error::Invalid("totp",
                          want_enabled ? "field.totp_not_enabled" : "field.totp_not_started");
  }
  if ((*state)->enabled != want_enabled) {
    if (want_enabled) return Error::Invalid("totp", "field.totp_not_enabled");
    return Error(ErrorCode::kConflict, "error.totp_already_enabled",
                 {{"totp", "field.totp_already_enabled"}});
  }
  const auto step = MatchTotp((*state)->secret, code, now_ms / 1000, (*state)->last_step);
  auto applied = step ? apply(*live, **state, *step) : Result<bool>(false);
  if (!applied.ok()) return std::move(applied).error();
  if (!*applied) {
    int64_t blocked_until_ms = 0;
    TANZIM_RETURN_IF_ERROR(RecordFailure("sign_in_failed", login, live->actor.user_id, address,
                                         now_ms, blocked_until_ms));
    if (blocked_until_ms > now_ms) {
      return std::optional<Throttled>(Throttled{(blocked_until_ms - now_ms + 999) / 1000});
    }
    return TotpWrong();
  }
  return std::optional<Throttled>();
}

Result<std::optional<SessionService::Throttled>> SessionService::ConfirmTotp(
    std::string_view session_id, std::string_view code, std::string_view address) {
  const std::string hash = SecretHash(session_id);
  return WithTotpCode(
      session_id, code, address, false,
      [&](const SessionInfo& info, const TotpState& state, int64_t step) -> Result<bool> {
        return store_.EnableTotp(
            info.actor.user_id, state.secret, step, hash,
            {"totp_enabled", info.actor.login, info.actor.user_id, std::string(address)});
      });
}

Result<std::optional<SessionService::Throttled>> SessionService::DisableTotp(
    std::string_view session_id, std::string_view code, std::string_view address) {
  const std::string hash = SecretHash(session_id);
  return WithTotpCode(session_id, code, address, true,
                      [&](const SessionInfo& info, const TotpState&, int64_t step) -> Result<bool> {
                        return store_.DisableTotp(info.actor.user_id, step, hash,
                                                  {"totp_disabled", info.actor.login,
                                                   info.actor.user_id, std::string(address)});
                      });
}

Result<bool> SessionService::ResetTotp(std::string_view login) {
  if (login.empty() || login.size() > kMaxLoginBytes) {
    return Error::Invalid("login", "field.login_invalid");
  }
  return store_.ResetTotp(login);
}

Result<bool> SessionService::TotpRequired() { return store_.ReadTotpRequired(); }

Status SessionService::SetTotpRequired(bool required) {
  return store_.WriteTotpRequired(
      required, {required ? "totp_required_on" : "totp_required_off", "", std::nullopt, ""});
}

}  // namespace tanzim::auth
