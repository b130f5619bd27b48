#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/actor.h"
#include "core/result.h"

namespace tanzim::auth {

// The stored role of an account whose access follows its person's positions
// (position_grants.h); never a Role of its own.
inline constexpr std::string_view kByPosition = "by_position";

struct NewUser {
  std::string login;
  Role role = Role::kViewer;
  std::optional<std::string> scope_code;
  std::string password_hash;          // argon2id string from libsodium
  std::optional<std::string> sector;  // sector coordinators only
  std::optional<int64_t> person_id;   // the person the account belongs to
  bool by_position = false;           // access from the person's positions; `role` unused
};

// An API token as an operator sees it: never the token itself, which is not kept.
struct TokenInfo {
  int64_t id = 0;
  std::string created_at;  // RFC 3339 UTC
  std::string expires_at;
  std::string last_used_at;  // to the hour; empty when never used
  bool operator==(const TokenInfo&) const = default;
};

// The holder of a presented token, and what Authenticate needs to record its use.
struct TokenHolder {
  Actor actor;
  int64_t token_id = 0;
  std::string last_used_at;  // as in TokenInfo
};

// Where accounts and API tokens are kept. Implemented per backend.
class AccountStore {
 public:
  virtual ~AccountStore() = default;

  // Stores a user and returns its id; an existing login is a kConflict naming "login".
  virtual Result<int64_t> AddUser(const NewUser& user) = 0;

  // The id of the enabled user with `login`, or nullopt.
  virtual Result<std::optional<int64_t>> FindUserId(std::string_view login) = 0;

  // Is there a person `id` (not erased) to link an account to?
  virtual Result<bool> PersonExists(int64_t id) = 0;

  // Records a token of `login` by its hash, valid until `expires_at` (RFC 3339
  // UTC), and logs `token_created`; kInvalidArgument naming "login" when no
  // such user exists.
  virtual Status AddToken(std::string_view login, std::string_view token_hash,
                          std::string_view expires_at) = 0;

  // The tokens of `login`, expired ones included, oldest first;
  // kInvalidArgument naming "login" when no such user exists.
  virtual Result<std::vector<TokenInfo>> ListTokens(std::string_view login) = 0;

  // Deletes every token of `login`, logs `tokens_revoked`, and returns how many
  // there were; kInvalidArgument naming "login" when no such user exists.
  virtual Result<int64_t> RevokeTokens(std::string_view login) = 0;

  // Deletes the token `id` of `login` and logs `token_revoked`; kInvalidArgument
  // naming "login" when no such user exists, "id" when the login has no such token.
  virtual Status RevokeToken(std::string_view login, int64_t id) = 0;

  // The actor owning the token with `token_hash`, with its scope territory
  // loaded; nullopt when no enabled user holds it or it has expired.
  virtual Result<std::optional<TokenHolder>> FindActorByToken(std::string_view token_hash) = 0;

  // Records that the token `token_id` was used at `at` (RFC 3339 UTC).
  virtual Status MarkTokenUsed(int64_t token_id, std::string_view at) = 0;

  // Replaces the password hash of the user `login` and ends all its sessions,
  // in one transaction, logging `password_changed`; kInvalidArgument naming
  // "login" when no such user exists.
  virtual Status SetPassword(std::string_view login, std::string_view password_hash) = 0;

  // Ends every session of `login`, logs `sessions_ended`, and returns how
  // many there were; kInvalidArgument naming "login" when no such user exists.
  virtual Result<int64_t> EndSessions(std::string_view login) = 0;

  // Ends every session of every account, logs `all_sessions_ended`, and
  // returns how many there were.
  virtual Result<int64_t> EndAllSessions() = 0;

  // Disables the user `login` and ends all its sessions, in one transaction,
  // logging `disabled`; kInvalidArgument naming "login" when no such user exists.
  virtual Status Disable(std::string_view login) = 0;
};

}  // namespace tanzim::auth
