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

  // Creates a user. `admin` must have no scope; `secretary` and `viewer` need
  // an existing territory as scope. The password is kept only as argon2id.
  Result<int64_t> AddUser(std::string_view login, std::string_view role,
                          const std::optional<std::string>& scope_code, std::string_view password);

  // Issues a new random API token for `login` and returns it; only its hash is stored.
  Result<std::string> CreateToken(std::string_view login);

  // The actor behind a bearer token; kUnauthenticated when unknown or disabled.
  // A known token is remembered for kTokenCacheTtl, so a disabled account or a
  // revoked token may keep working for that long after the change.
  Result<Actor> Authenticate(std::string_view bearer_token);

  static constexpr auto kTokenCacheTtl = std::chrono::seconds(5);

 private:
  struct CachedActor {
    Actor actor;
    std::chrono::steady_clock::time_point expires;
  };

  AccountStore& accounts_;
  territory::TerritoryStore& territories_;
  // Every API call authenticates; remembering recent tokens saves a join per request.
  std::mutex cache_mu_;
  std::unordered_map<std::string, CachedActor> cache_;  // by token hash
};

}  // namespace tanzim::auth
