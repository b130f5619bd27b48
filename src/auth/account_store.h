#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "auth/actor.h"
#include "core/result.h"

namespace tanzim::auth {

struct NewUser {
  std::string login;
  Role role = Role::kViewer;
  std::optional<std::string> scope_code;
  std::string password_hash;  // argon2id string from libsodium
};

// Where accounts and API tokens are kept. Implemented per backend.
class AccountStore {
 public:
  virtual ~AccountStore() = default;

  // Stores a user and returns its id; an existing login is a kConflict naming "login".
  virtual Result<int64_t> AddUser(const NewUser& user) = 0;

  // The id of the enabled user with `login`, or nullopt.
  virtual Result<std::optional<int64_t>> FindUserId(std::string_view login) = 0;

  // Records a token by its hash for `user_id`.
  virtual Status AddToken(int64_t user_id, std::string_view token_hash) = 0;

  // The actor owning the token with `token_hash`, with its scope territory
  // loaded; nullopt when no enabled user holds it.
  virtual Result<std::optional<Actor>> FindActorByToken(std::string_view token_hash) = 0;
};

}  // namespace tanzim::auth
