#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "auth/sealing_key.h"
#include "auth/session_store.h"
#include "store/sqlite.h"

namespace tanzim::auth {

// Appends one line to auth_events on `conn`, inside the caller's transaction.
Status AppendAuthEvent(store::Connection& conn, const AuthEvent& event);

class SqliteSessionStore final : public SessionStore {
 public:
  // TOTP secrets are sealed with `totp_key` (sealing_key.h), read when a
  // secret is: the composition root fills it once the schema is migrated,
  // before any request. Empty when its file is missing; then every TOTP read
  // or enrolment fails with kInternal (app.cc lets only the reset run so).
  SqliteSessionStore(store::Pool& pool, const std::optional<SealingKey>& totp_key)
      : pool_(pool), totp_key_(totp_key) {}

  Result<std::optional<Credentials>> FindCredentials(std::string_view login) override;
  Status UpdatePasswordHash(int64_t user_id, std::string_view password_hash) override;
  Result<std::vector<ThrottleState>> ReadThrottle(const std::vector<std::string>& keys) override;
  Status UpdateThrottle(const std::vector<std::string>& keys, int64_t forget_before_ms,
                        const ThrottleUpdate& update,
                        const std::function<std::vector<AuthEvent>()>& events) override;
  Status StartSession(const NewSession& session, const std::optional<std::string>& replaced_hash,
                      int64_t idle_before, std::string_view clear_key,
                      const AuthEvent& event) override;
  Result<std::optional<SessionRecord>> FindSession(std::string_view id_hash) override;
  Result<std::vector<SessionRow>> ListSessions(int64_t user_id, int64_t now,
                                               int64_t idle_before) override;
  Status TouchSession(std::string_view id_hash, int64_t now) override;
  Status EndSession(std::string_view id_hash, const std::optional<AuthEvent>& event) override;
  Result<std::optional<Actor>> FindActor(int64_t user_id) override;
  Result<bool> ConsumeTotpStep(int64_t user_id, int64_t step) override;
  Result<std::optional<TotpState>> FindTotp(int64_t user_id) override;
  Status StartTotpEnrolment(int64_t user_id, std::string_view secret) override;
  Result<bool> ReplacePassword(int64_t user_id, std::string_view old_hash,
                               std::string_view new_hash, std::string_view keep_hash,
                               const AuthEvent& event) override;
  Result<bool> EnableTotp(int64_t user_id, std::string_view secret, int64_t step,
                          std::string_view keep_hash, const AuthEvent& event) override;
  Result<bool> DisableTotp(int64_t user_id, int64_t step, std::string_view keep_hash,
                           const AuthEvent& event) override;
  Result<bool> ResetTotp(std::string_view login) override;
  Result<bool> ReadTotpRequired() override;
  Status WriteTotpRequired(bool required, const AuthEvent& event) override;

  // Seals the TOTP secrets an older version stored in clear, in one
  // transaction; how many it sealed.
  Result<int64_t> SealClearTotpSecrets();
  // The logins whose TOTP secret is sealed (by whatever key), by login.
  Result<std::vector<std::string>> LoginsWithSealedTotp();
  // Whether the sealed TOTP secrets open with `key`; nullopt when none is
  // sealed. One is tried: a key rotation reseals all of them or none.
  Result<std::optional<bool>> SealedTotpOpensWith(const SealingKey& key);
  // Seals every sealed TOTP secret anew with `next` and notes the rotation in
  // auth_events, in one transaction; how many it resealed. Changes nothing
  // when one of them does not open with the current key.
  Result<int64_t> ResealTotpSecrets(const SealingKey& next);

 private:
  // The new stored value of a user's TOTP secret, from the stored one.
  using SecretRewrite =
      std::function<Result<std::string>(int64_t user_id, const std::string& stored)>;

  Result<std::string> OpenTotpSecret(std::string_view stored, int64_t user_id) const;
  // Rewrites every sealed (or every clear) TOTP secret in one transaction,
  // with `event` appended to auth_events; how many. Changes nothing when
  // `rewrite` fails for one.
  Result<int64_t> RewriteTotpSecrets(bool sealed, const SecretRewrite& rewrite,
                                     const std::optional<AuthEvent>& event);

  store::Pool& pool_;
  const std::optional<SealingKey>& totp_key_;
};

}  // namespace tanzim::auth
