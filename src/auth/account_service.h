#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "auth/account_store.h"
#include "auth/actor.h"
#include "core/result.h"
#include "territory/territory_store.h"

namespace tanzim::auth {

// Accounts and API tokens: creating them (operator commands) and turning a
// presented bearer token into the acting user (every API call).
class AccountService {
 public:
  AccountService(AccountStore& accounts, territory::TerritoryStore& territories);

  // What an account may carry beyond its role and scope.
  struct Options {
    std::optional<std::string> sector;  // sector coordinators: the sector's body kind
    std::optional<int64_t> person_id;   // the person the account belongs to
  };

  // Creates a user. `admin` and `auditor` are national and take no scope; the
  // other roles need an existing territory as scope; a `sector_coordinator`
  // also needs a sector. Role `by_position` takes neither: its access follows
  // the current positions of `options.person_id`, which it requires. The
  // password must pass PasswordProblem (password_policy.h) and is kept only
  // as argon2id.
  Result<int64_t> AddUser(std::string_view login, std::string_view role,
                          const std::optional<std::string>& scope_code, std::string_view password,
                          const Options& options = {});

  // Sets a new password for `login` (the same rules as AddUser) and ends all
  // its sessions; kInvalidArgument naming "password" or "login".
  Status ChangePassword(std::string_view login, std::string_view password);

  // Ends every browser session of `login` (its tokens stay) and returns how
  // many there were: a stolen laptop, a shared computer. kInvalidArgument naming "login".
  Result<int64_t> EndSessions(std::string_view login);

  // Ends every browser session of every account and returns how many there
  // were: a suspected theft of session cookies. Tokens stay.
  Result<int64_t> EndAllSessions();

  // Disables `login`: its sessions end and its tokens stop working (at once
  // in this process, within kTokenCacheTtl in other servers).
  Status Disable(std::string_view login);

  // Issues a new random API token for `login`, valid for `lifetime` (1 to
  // kMaxTokenLifetime days), and returns it; only its hash is stored.
  // kInvalidArgument naming "login" (unknown or disabled) or "days".
  Result<std::string> CreateToken(std::string_view login,
                                  std::chrono::days lifetime = kDefaultTokenLifetime);

  // The tokens of `login` (ids and times, never the tokens), oldest first.
  Result<std::vector<TokenInfo>> ListTokens(std::string_view login);

  // Revokes every token of `login` (at once in this process, within
  // kTokenCacheTtl in other servers) and returns how many there were.
  Result<int64_t> RevokeTokens(std::string_view login);

  // Revokes the one token `id` of `login`, as RevokeTokens does all:
  // a script's leaked token, while the account's other scripts go on.
  // kInvalidArgument naming "login", or "id" when the login has no such token.
  Status RevokeToken(std::string_view login, int64_t id);

  // The actor behind a bearer token; kUnauthenticated when unknown or disabled.
  // A known token is remembered for kTokenCacheTtl, so a disabled account or a
  // revoked token may keep working for that long after the change. Records
  // the token's use (TokenInfo::last_used_at) to kTokenUseResolution.
  Result<Actor> Authenticate(std::string_view bearer_token);

  static constexpr auto kTokenCacheTtl = std::chrono::seconds(5);
  // A token's last use is recorded to this resolution: at most one write per
  // token per hour (per server), off the path of every other request.
  static constexpr auto kTokenUseResolution = std::chrono::hours(1);
  // A token is a password that scripts hold: it expires, so a forgotten or
  // leaked one stops working by itself (docs/security.md).
  static constexpr std::chrono::days kDefaultTokenLifetime{90};
  static constexpr std::chrono::days kMaxTokenLifetime{366};

 private:
  struct CachedActor {
    Actor actor;
    std::chrono::steady_clock::time_point expires;
  };

  void ClearCache();
  // Writes the holder's token's last use when the stored one is older than
  // kTokenUseResolution.
  void RecordUse(const TokenHolder& holder);

  AccountStore& accounts_;
  territory::TerritoryStore& territories_;
  // Every API call authenticates; remembering recent tokens saves a join per request.
  std::mutex cache_mu_;
  std::unordered_map<std::string, CachedActor> cache_;  // by token hash
};

}  // namespace tanzim::auth
