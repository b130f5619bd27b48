#include "auth/account_service.h"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <stdexcept>

#include "auth/password_policy.h"
#include "core/base64.h"
#include "core/time.h"

namespace tanzim::auth {
namespace {

constexpr size_t kTokenBytes = 32;

bool IsValidLogin(std::string_view login) {
  if (login.size() < 3 || login.size() > 64) return false;
  for (const char c : login) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// BLAKE2b-256 of a token: what the store keeps and looks up.
std::string TokenHash(std::string_view token) {
  std::string hash(crypto_generichash_BYTES, '\0');
  crypto_generichash(reinterpret_cast<unsigned char*>(hash.data()), hash.size(),
                     reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr,
                     0);
  return hash;
}

}  // namespace

AccountService::AccountService(AccountStore& accounts, territory::TerritoryStore& territories)
    : accounts_(accounts), territories_(territories) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialize");
}

Result<int64_t> AccountService::AddUser(std::string_view login, std::string_view role_name,
                                        const std::optional<std::string>& scope_code,
                                        std::string_view password, const Options& options) {
  std::vector<FieldError> errors;
  if (!IsValidLogin(login)) errors.push_back({"login", "field.login_invalid"});
  const bool by_position = role_name == kByPosition;
  const auto role = ParseRole(role_name);
  if (!role && !by_position) errors.push_back({"role", "field.role_invalid"});
  if (auto problem = PasswordProblem(password, login)) errors.push_back({"password", *problem});
  // National roles and by-position accounts take their place from elsewhere.
  const bool scoped = role && !IsNationalRole(*role);
  if ((by_position || (role && IsNationalRole(*role))) && scope_code) {
    errors.push_back({"scope", "field.scope_national"});
  } else if (scoped) {
    if (!scope_code) {
      errors.push_back({"scope", "field.required"});
    } else {
      auto found = territories_.Find(*scope_code);
      if (!found.ok()) return std::move(found).error();
      if (!found->has_value()) errors.push_back({"scope", "field.territory_unknown"});
    }
  }
  const bool coordinator = role == Role::kSectorCoordinator;
  if (coordinator && !options.sector) {
    errors.push_back({"sector", "field.required"});
  } else if (coordinator && *options.sector != "womens_organization" &&
             *options.sector != "youth_organization" &&
             *options.sector != "professionals_organization") {
    errors.push_back({"sector", "field.sector_invalid"});
  } else if (!coordinator && options.sector) {
    errors.push_back({"sector", "field.sector_not_allowed"});
  }
  if (options.person_id) {
    auto exists = accounts_.PersonExists(*options.person_id);
    if (!exists.ok()) return std::move(exists).error();
    if (!*exists) errors.push_back({"person", "field.person_unknown"});
  } else if (by_position) {
    errors.push_back({"person", "field.required"});
  }
  if (!errors.empty())
    return Error(ErrorCode::kInvalidArgument, "error.invalid", std::move(errors));

  auto hash = HashPassword(password);
  if (!hash.ok()) return std::move(hash).error();
  NewUser user{std::string(login), role.value_or(Role::kViewer), scope_code,
               std::move(hash).value()};
  user.sector = options.sector;
  user.person_id = options.person_id;
  user.by_position = by_position;
  return accounts_.AddUser(user);
}

Status AccountService::ChangePassword(std::string_view login, std::string_view password) {
  if (auto problem = PasswordProblem(password, login)) return Error::Invalid("password", *problem);
  auto hash = HashPassword(password);
  if (!hash.ok()) return std::move(hash).error();
  TANZIM_RETURN_IF_ERROR(accounts_.SetPassword(login, *hash));
  ClearCache();
  return Status::Ok();
}

Result<int64_t> AccountService::EndSessions(std::string_view login) {
  return accounts_.EndSessions(login);
}

Result<int64_t> AccountService::EndAllSessions() { return accounts_.EndAllSessions(); }

Status AccountService::Disable(std::string_view login) {
  TANZIM_RETURN_IF_ERROR(accounts_.Disable(login));
  ClearCache();
  return Status::Ok();
}

void AccountService::ClearCache() {
  std::lock_guard lock(cache_mu_);
  cache_.clear();
}

Result<std::string> AccountService::CreateToken(std::string_view login,
                                                std::chrono::days lifetime) {
  if (lifetime < std::chrono::days(1) || lifetime > kMaxTokenLifetime) {
    return Error::Invalid("days", "field.token_days_range");
  }
  auto user = accounts_.FindUserId(login);
  if (!user.ok()) return std::move(user).error();
  if (!user->has_value()) return Error::Invalid("login", "field.login_unknown");
  std::string raw(kTokenBytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string token = Base64UrlEncode(raw);
  const auto expires =
      std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) + lifetime;
  TANZIM_RETURN_IF_ERROR(accounts_.AddToken(login, TokenHash(token), FormatRfc3339(expires)));
  return token;
}

Result<std::vector<TokenInfo>> AccountService::ListTokens(std::string_view login) {
  return accounts_.ListTokens(login);
}

Result<int64_t> AccountService::RevokeTokens(std::string_view login) {
  auto revoked = accounts_.RevokeTokens(login);
  if (revoked.ok()) ClearCache();
  return revoked;
}

Status AccountService::RevokeToken(std::string_view login, int64_t id) {
  TANZIM_RETURN_IF_ERROR(accounts_.RevokeToken(login, id));
  ClearCache();
  return Status::Ok();
}

Result<Actor> AccountService::Authenticate(std::string_view bearer_token) {
  // A token is 43 base64url characters; anything else cannot match, so skip the store.
  if (bearer_token.size() != 43) return Error(ErrorCode::kUnauthenticated, "error.unauthenticated");
  constexpr size_t kMaxCachedTokens = 4096;
  std::string hash = TokenHash(bearer_token);
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(cache_mu_);
    const auto it = cache_.find(hash);
    if (it != cache_.end() && it->second.expires > now) return it->second.actor;
  }
  auto holder = accounts_.FindActorByToken(hash);
  if (!holder.ok()) return std::move(holder).error();
  if (!holder->has_value()) return Error(ErrorCode::kUnauthenticated, "error.unauthenticated");
  RecordUse(**holder);
  std::lock_guard lock(cache_mu_);
  // Bounded: a flood of distinct valid tokens cannot grow it without limit.
  if (cache_.size() >= kMaxCachedTokens) cache_.clear();
  cache_[std::move(hash)] = {(*holder)->actor, now + kTokenCacheTtl};
  return std::move((*holder)->actor);
}

void AccountService::RecordUse(const TokenHolder& holder) {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  // RFC 3339 UTC of fixed width: comparing the text compares the times.
  if (!holder.last_used_at.empty() &&
      holder.last_used_at > FormatRfc3339(now - kTokenUseResolution)) {
    return;
  }
  // The request goes on either way: a lost mark only leaves the time older.
  const Status marked = accounts_.MarkTokenUsed(holder.token_id, FormatRfc3339(now));
  if (!marked.ok()) {
    spdlog::warn("token {} use not recorded: {}", holder.token_id, marked.error().log_detail());
  }
}

}  // namespace tanzim::auth
