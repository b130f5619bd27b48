#pragma once

#include "auth/account_store.h"
#include "store/sqlite.h"

namespace tanzim::auth {

// The actor columns both token and session look-ups select, starting at
// `first`: u.id, u.login, u.role, t.code, t.kind, t.name_ar, t.name_fr,
// t.parent_code, t.path (t: the scope territory, LEFT JOINed), u.sector,
// u.person_id. An account acting by position gets its grant from `conn`;
// nullopt when it has none today (its positions ended): it may not act.
#define TANZIM_ACTOR_COLUMNS                                                            \
  "u.id, u.login, u.role, t.code, t.kind, t.name_ar, t.name_fr, t.parent_code, t.path," \
  " u.sector, u.person_id"
Result<std::optional<Actor>> ReadActor(store::Connection& conn, const store::Statement& s,
                                       int first);

// The id of the account named `login`, read on `conn` (inside the caller's
// transaction); an invalid "login" when there is none.
Result<int64_t> UserIdByLogin(store::Connection& conn, std::string_view login);

class SqliteAccountStore final : public AccountStore {
 public:
  explicit SqliteAccountStore(store::Pool& pool) : pool_(pool) {}

  Result<int64_t> AddUser(const NewUser& user) override;
  Result<std::optional<int64_t>> FindUserId(std::string_view login) override;
  Result<bool> PersonExists(int64_t id) override;
  Status AddToken(std::string_view login, std::string_view token_hash,
                  std::string_view expires_at) override;
  Result<std::vector<TokenInfo>> ListTokens(std::string_view login) override;
  Result<int64_t> RevokeTokens(std::string_view login) override;
  Status RevokeToken(std::string_view login, int64_t id) override;
  Result<std::optional<TokenHolder>> FindActorByToken(std::string_view token_hash) override;
  Status MarkTokenUsed(int64_t token_id, std::string_view at) override;
  Status SetPassword(std::string_view login, std::string_view password_hash) override;
  Result<int64_t> EndSessions(std::string_view login) override;
  Result<int64_t> EndAllSessions() override;
  Status Disable(std::string_view login) override;

 private:
  store::Pool& pool_;
};

}  // namespace tanzim::auth
