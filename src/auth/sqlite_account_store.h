#pragma once

#include "auth/account_store.h"
#include "store/sqlite.h"

namespace tanzim::auth {

class SqliteAccountStore final : public AccountStore {
 public:
  explicit SqliteAccountStore(store::Pool& pool) : pool_(pool) {}

  Result<int64_t> AddUser(const NewUser& user) override;
  Result<std::optional<int64_t>> FindUserId(std::string_view login) override;
  Status AddToken(int64_t user_id, std::string_view token_hash) override;
  Result<std::optional<Actor>> FindActorByToken(std::string_view token_hash) override;

 private:
  store::Pool& pool_;
};

}  // namespace tanzim::auth
