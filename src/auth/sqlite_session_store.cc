#include "auth/sqlite_session_store.h"

#include <fmt/format.h>
#include <sodium.h>

#include <functional>
#include <utility>

#include "auth/sqlite_account_store.h"
#include "auth/totp.h"
#include "core/time.h"

namespace tanzim::auth {

Status AppendAuthEvent(store::Connection& conn, const AuthEvent& event) {
  auto stmt = conn.Prepare(
      "INSERT INTO auth_events (at, kind, login, user_id, address) VALUES (?, ?, ?, ?, ?)");
  if (!stmt.ok()) return std::move(stmt).error();
  return (*stmt)
      ->Bind(1, UtcNowRfc3339())
      .Bind(2, event.kind)
      .Bind(3, event.login)
      .Bind(4, event.user_id)
      .Bind(5, event.address)
      .Run();
}

namespace {

// What a TOTP secret is sealed for: its row, so a sealed value copied onto
// another account's row does not open.
std::string TotpContext(int64_t user_id) { return "totp " + std::to_string(user_id); }

Error TotpKeyMissing() {
  return Error::Internal("the TOTP key file is missing; see docs/operations.md, Keys");
}

}  // namespace

Result<std::string> SqliteSessionStore::OpenTotpSecret(std::string_view stored,
                                                       int64_t user_id) const {
  if (!totp_key_) return TotpKeyMissing();
  auto secret = totp_key_->Open(stored, TotpContext(user_id));
  if (!secret) {
    return Error::Internal(fmt::format(
        "the TOTP secret of user {} does not open with the key file: the key of another "
        "database, or an altered row",
        user_id));
  }
  return std::move(*secret);
}

Result<std::optional<Credentials>> SqliteSessionStore::FindCredentials(std::string_view login) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto stmt = (*conn)->Prepare(
      "SELECT u.id, u.password_hash, u.disabled, o.secret, o.enabled, o.last_step"
      " FROM users u LEFT JOIN totp o ON o.user_id = u.id WHERE u.login = ?");
  if (!stmt.ok()) return std::move(stmt).error();
  store::Statement& s = **stmt;
  auto row = s.Bind(1, login).Step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return std::optional<Credentials>();
  Credentials credentials{s.Int(0), s.Text(1), s.Int(2) != 0, std::nullopt};
  if (!s.IsNull(3)) {
    auto secret = OpenTotpSecret(s.Blob(3), credentials.user_id);
    if (!secret.ok()) return std::move(secret).error();
    credentials.totp = TotpState{std::move(*secret), s.Int(4) != 0, s.Int(5)};
  }
  s.Reset();
  return std::optional<Credentials>(std::move(credentials));
}

Status SqliteSessionStore::UpdatePasswordHash(int64_t user_id, std::string_view password_hash) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto stmt = (*conn)->Prepare("UPDATE users SET password_hash = ? WHERE id = ?");
  if (!stmt.ok()) return std::move(stmt).error();
  return (*stmt)->Bind(1, password_hash).Bind(2, user_id).Run();
}

namespace {

Result<ThrottleState> ReadOne(store::Connection& conn, const std::string& key) {
  auto stmt = conn.Prepare(
      "SELECT failures, blocked_until, updated_at FROM sign_in_throttle WHERE key = ?");
  if (!stmt.ok()) return std::move(stmt).error();
  auto row = (*stmt)->Bind(1, key).Step();
  if (!row.ok()) return std::move(row).error();
  ThrottleState state;
  if (*row) state = {(*stmt)->Int(0), (*stmt)->Int(1), (*stmt)->Int(2)};
  (*stmt)->Reset();
  return state;
}

}  // namespace

Result<std::vector<ThrottleState>> SqliteSessionStore::ReadThrottle(
    const std::vector<std::string>& keys) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  std::vector<ThrottleState> out;
  for (const std::string& key : keys) {
    auto state = ReadOne(**conn, key);
    if (!state.ok()) return std::move(state).error();
    out.push_back(*state);
  }
  return out;
}

Status SqliteSessionStore::UpdateThrottle(const std::vector<std::string>& keys,
                                          int64_t forget_before_ms, const ThrottleUpdate& update,
                                          const std::function<std::vector<AuthEvent>()>& events) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto tx = store::Transaction::Begin(**conn);
  if (!tx.ok()) return std::move(tx).error();
  auto forget = (*conn)->Prepare("DELETE FROM sign_in_throttle WHERE updated_at < ?");
  if (!forget.ok()) return std::move(forget).error();
  TANZIM_RETURN_IF_ERROR((*forget)->Bind(1, forget_before_ms).Run());
  for (const std::string& key : keys) {
    auto state = ReadOne(**conn, key);
    if (!state.ok()) return std::move(state).error();
    const ThrottleState next = update(key, *state);
    auto write = (*conn)->Prepare(
        "INSERT INTO sign_in_throttle (key, failures, blocked_until, updated_at)"
        " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (key) DO UPDATE"
        " SET failures = ?2, blocked_until = ?3, updated_at = ?4");
    if (!write.ok()) return std::move(write).error();
    TANZIM_RETURN_IF_ERROR((*write)
                               ->Bind(1, key)
                               .Bind(2, next.failures)
                               .Bind(3, next.blocked_until_ms)
                               .Bind(4, next.updated_at_ms)
                               .Run());
  }
  for (const AuthEvent& event : events()) TANZIM_RETURN_IF_ERROR(AppendAuthEvent(**conn, event));
  return tx->Commit();
}

Status SqliteSessionStore::StartSession(const NewSession& session,
                                        const std::optional<std::string>& replaced_hash,
                                        int64_t idle_before, std::string_view clear_key,
                                        const AuthEvent& event) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto tx = store::Transaction::Begin(**conn);
  if (!tx.ok()) return std::move(tx).error();
  if (replaced_hash) {
    auto end = (*conn)->Prepare("DELETE FROM sessions WHERE id_hash = ?");
    if (!end.ok()) return std::move(end).error();
    TANZIM_RETURN_IF_ERROR((*end)->BindBlob(1, *replaced_hash).Run());
  }
  auto sweep = (*conn)->Prepare("DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at < ?");
  if (!sweep.ok()) return std::move(sweep).error();
  TANZIM_RETURN_IF_ERROR((*sweep)->Bind(1, session.created_at).Bind(2, idle_before).Run());
  auto insert = (*conn)->Prepare(
      "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at, address)"
      " VALUES (?, ?, ?, ?, ?, ?)");
  if (!insert.ok()) return std::move(insert).error();
  TANZIM_RETURN_IF_ERROR((*insert)
                             ->BindBlob(1, session.id_hash)
                             .Bind(2, session.user_id)
                             .Bind(3, session.created_at)
                             .Bind(4, session.created_at)
                             .Bind(5, session.expires_at)
                             .Bind(6, session.address)
                             .Run());
  auto clear = (*conn)->Prepare("DELETE FROM sign_in_throttle WHERE key = ?");
  if (!clear.ok()) return std::move(clear).error();
  TANZIM_RETURN_IF_ERROR((*clear)->Bind(1, clear_key).Run());
  TANZIM_RETURN_IF_ERROR(AppendAuthEvent(**conn, event));
  return tx->Commit();
}

Result<std::optional<SessionRecord>> SqliteSessionStore::FindSession(std::string_view id_hash) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  // The TOTP columns come last, after the actor's: whether the user has it,
  // and whether the organization requires it. Both are joined into the one
  // look-up every request makes, so a change applies to live sessions at once;
  // each join meets at most one row (totp.user_id and settings.key are keys).
  auto stmt =
      (*conn)->Prepare("SELECT s.created_at, s.last_seen_at, s.expires_at, " TANZIM_ACTOR_COLUMNS
                       ", o.user_id IS NOT NULL, g.key IS NOT NULL"
                       " FROM sessions s JOIN users u ON u.id = s.user_id"
                       " LEFT JOIN territories t ON t.code = u.scope_code"
                       " LEFT JOIN totp o ON o.user_id = u.id AND o.enabled = 1"
                       " LEFT JOIN settings g ON g.key = ?2 AND g.value = 'true'"
                       " WHERE s.id_hash = ?1 AND u.disabled = 0");
  if (!stmt.ok()) return std::move(stmt).error();
  store::Statement& s = **stmt;
  auto row = s.BindBlob(1, id_hash).Bind(2, kTotpRequiredSetting).Step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return std::optional<SessionRecord>();
  constexpr int kTotpColumns = 3 + 11;
  const bool totp_enabled = s.Int(kTotpColumns) != 0;
  const bool totp_required = s.Int(kTotpColumns + 1) != 0;
  auto actor = ReadActor(**conn, s, 3);
  if (!actor.ok()) return std::move(actor).error();
  // An account acting by position whose positions have all ended may not act.
  if (!*actor) return std::optional<SessionRecord>();
  return std::optional<SessionRecord>(
      SessionRecord{std::move(**actor), s.Int(0), s.Int(1), s.Int(2), totp_enabled, totp_required});
}

Status SqliteSessionStore::TouchSession(std::string_view id_hash, int64_t now) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto stmt = (*conn)->Prepare("UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?");
  if (!stmt.ok()) return std::move(stmt).error();
  return (*stmt)->Bind(1, now).BindBlob(2, id_hash).Run();
}

Status SqliteSessionStore::EndSession(std::string_view id_hash,
                                      const std::optional<AuthEvent>& event) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto tx = store::Transaction::Begin(**conn);
  if (!tx.ok()) return std::move(tx).error();
  auto find = (*conn)->Prepare(
      "SELECT u.id, u.login FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ?");
  if (!find.ok()) return std::move(find).error();
  auto row = (*find)->BindBlob(1, id_hash).Step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return Status::Ok();
  AuthEvent logged = event.value_or(AuthEvent{});
  logged.user_id = (*find)->Int(0);
  logged.login = (*find)->Text(1);
  (*find)->Reset();
  auto end = (*conn)->Prepare("DELETE FROM sessions WHERE id_hash = ?");
  if (!end.ok()) return std::move(end).error();
  TANZIM_RETURN_IF_ERROR((*end)->BindBlob(1, id_hash).Run());
  if (event) TANZIM_RETURN_IF_ERROR(AppendAuthEvent(**conn, logged));
  return tx->Commit();
}

namespace {

// The frame of a change to a user's credentials made from one of their
// sessions (password, TOTP): in one write transaction, runs `change`, which
// makes a conditional change and says whether it made it; if so, ends every
// session of `user_id` but `keep_hash`, appends `event` and commits. False,
// with nothing kept, when it made none.
Result<bool> ChangeKeepingSession(store::Pool& pool, int64_t user_id, std::string_view keep_hash,
                                  const AuthEvent& event,
                                  const std::function<Result<bool>(store::Connection&)>& change) {
  auto conn = pool.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto tx = store::Transaction::Begin(**conn);
  if (!tx.ok()) return std::move(tx).error();
  auto changed = change(**conn);
  if (!changed.ok()) return std::move(changed).error();
  if (!*changed) return false;
  auto end = (*conn)->Prepare("DELETE FROM sessions WHERE user_id = ? AND id_hash <> ?");
  if (!end.ok()) return std::move(end).error();
  TANZIM_RETURN_IF_ERROR((*end)->Bind(1, user_id).BindBlob(2, keep_hash).Run());
  TANZIM_RETURN_IF_ERROR(AppendAuthEvent(**conn, event));
  TANZIM_RETURN_IF_ERROR(tx->Commit());
  return true;
}

}  // namespace

Result<std::optional<Actor>> SqliteSessionStore::FindActor(int64_t user_id) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto stmt = (*conn)->Prepare("SELECT " TANZIM_ACTOR_COLUMNS
                               " FROM users u LEFT JOIN territories t ON t.code = u.scope_code"
                               " WHERE u.id = ? AND u.disabled = 0");
  if (!stmt.ok()) return std::move(stmt).error();
  store::Statement& s = **stmt;
  auto row = s.Bind(1, user_id).Step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return std::optional<Actor>();
  return ReadActor(**conn, s, 0);
}

Result<bool> SqliteSessionStore::ConsumeTotpStep(int64_t user_id, int64_t step) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto stmt = (*conn)->Prepare(
      "UPDATE totp SET last_step = ?2 WHERE user_id = ?1 AND enabled = 1 AND last_step < ?2");
  if (!stmt.ok()) return std::move(stmt).error();
  TANZIM_RETURN_IF_ERROR((*stmt)->Bind(1, user_id).Bind(2, step).Run());
  return (*conn)->Changes() == 1;
}

Result<std::optional<TotpState>> SqliteSessionStore::FindTotp(int64_t user_id) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto stmt = (*conn)->Prepare("SELECT secret, enabled, last_step FROM totp WHERE user_id = ?");
  if (!stmt.ok()) return std::move(stmt).error();
  store::Statement& s = **stmt;
  auto row = s.Bind(1, user_id).Step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return std::optional<TotpState>();
  auto secret = OpenTotpSecret(s.Blob(0), user_id);
  if (!secret.ok()) return std::move(secret).error();
  TotpState state{std::move(*secret), s.Int(1) != 0, s.Int(2)};
  s.Reset();
  return std::optional<TotpState>(std::move(state));
}

Status SqliteSessionStore::StartTotpEnrolment(int64_t user_id, std::string_view secret) {
  if (!totp_key_) return TotpKeyMissing();
  const std::string sealed = totp_key_->Seal(secret, TotpContext(user_id));
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto tx = store::Transaction::Begin(**conn);
  if (!tx.ok()) return std::move(tx).error();
  auto stmt = (*conn)->Prepare(
      "INSERT INTO totp (user_id, secret, enabled, last_step, created_at) VALUES (?1, ?2, 0, 0, ?3)"
      " ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret,"
      " created_at = excluded.created_at WHERE totp.enabled = 0");
  if (!stmt.ok()) return std::move(stmt).error();
  TANZIM_RETURN_IF_ERROR(
      (*stmt)->Bind(1, user_id).BindBlob(2, sealed).Bind(3, UtcNowRfc3339()).Run());
  if ((*conn)->Changes() != 1) {
    return Error(ErrorCode::kConflict, "error.totp_already_enabled",
                 {{"totp", "field.totp_already_enabled"}});
  }
  return tx->Commit();
}

Result<std::vector<SessionRow>> SqliteSessionStore::ListSessions(int64_t user_id, int64_t now,
                                                                 int64_t idle_before) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto stmt = (*conn)->Prepare(
      "SELECT id_hash, created_at, last_seen_at, expires_at, address FROM sessions"
      " WHERE user_id = ?1 AND expires_at > ?2 AND last_seen_at > ?3"
      " ORDER BY created_at DESC, id_hash");
  if (!stmt.ok()) return std::move(stmt).error();
  store::Statement& s = **stmt;
  s.Bind(1, user_id).Bind(2, now).Bind(3, idle_before);
  std::vector<SessionRow> rows;
  while (true) {
    auto row = s.Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    rows.push_back({s.Blob(0), s.Int(1), s.Int(2), s.Int(3), s.Text(4)});
  }
  return rows;
}

Result<bool> SqliteSessionStore::ReplacePassword(int64_t user_id, std::string_view old_hash,
                                                 std::string_view new_hash,
                                                 std::string_view keep_hash,
                                                 const AuthEvent& event) {
  return ChangeKeepingSession(
      pool_, user_id, keep_hash, event, [&](store::Connection& conn) -> Result<bool> {
        auto stmt = conn.Prepare(
            "UPDATE users SET password_hash = ?3"
            " WHERE id = ?1 AND password_hash = ?2 AND disabled = 0");
        if (!stmt.ok()) return std::move(stmt).error();
        TANZIM_RETURN_IF_ERROR((*stmt)->Bind(1, user_id).Bind(2, old_hash).Bind(3, new_hash).Run());
        return conn.Changes() == 1;
      });
}

Result<bool> SqliteSessionStore::EnableTotp(int64_t user_id, std::string_view secret, int64_t step,
                                            std::string_view keep_hash, const AuthEvent& event) {
  return ChangeKeepingSession(
      pool_, user_id, keep_hash, event, [&](store::Connection& conn) -> Result<bool> {
        // Sealing draws a new nonce each time, so the pending secret is
        // compared opened, inside the transaction: a second enrolment started
        // since the code was checked leaves this one unconfirmed.
        auto pending = conn.Prepare("SELECT secret FROM totp WHERE user_id = ? AND enabled = 0");
        if (!pending.ok()) return std::move(pending).error();
        auto row = (*pending)->Bind(1, user_id).Step();
        if (!row.ok()) return std::move(row).error();
        if (!*row) return false;
        const std::string sealed = (*pending)->Blob(0);
        (*pending)->Reset();
        auto stored = OpenTotpSecret(sealed, user_id);
        if (!stored.ok()) return std::move(stored).error();
        if (stored->size() != secret.size() ||
            sodium_memcmp(stored->data(), secret.data(), secret.size()) != 0) {
          return false;
        }
        auto stmt = conn.Prepare(
            "UPDATE totp SET enabled = 1, last_step = ?3, enabled_at = ?4"
            " WHERE user_id = ?1 AND secret = ?2 AND enabled = 0");
        if (!stmt.ok()) return std::move(stmt).error();
        TANZIM_RETURN_IF_ERROR((*stmt)
                                   ->Bind(1, user_id)
                                   .BindBlob(2, sealed)
                                   .Bind(3, step)
                                   .Bind(4, UtcNowRfc3339())
                                   .Run());
        return conn.Changes() == 1;
      });
}

Result<bool> SqliteSessionStore::DisableTotp(int64_t user_id, int64_t step,
                                             std::string_view keep_hash, const AuthEvent& event) {
  return ChangeKeepingSession(
      pool_, user_id, keep_hash, event, [&](store::Connection& conn) -> Result<bool> {
        auto stmt =
            conn.Prepare("DELETE FROM totp WHERE user_id = ?1 AND enabled = 1 AND last_step < ?2");
        if (!stmt.ok()) return std::move(stmt).error();
        TANZIM_RETURN_IF_ERROR((*stmt)->Bind(1, user_id).Bind(2, step).Run());
        return conn.Changes() == 1;
      });
}

Result<bool> SqliteSessionStore::ResetTotp(std::string_view login) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto tx = store::Transaction::Begin(**conn);
  if (!tx.ok()) return std::move(tx).error();
  auto found = UserIdByLogin(**conn, login);
  if (!found.ok()) return std::move(found).error();
  const int64_t user_id = *found;
  auto remove = (*conn)->Prepare("DELETE FROM totp WHERE user_id = ?");
  if (!remove.ok()) return std::move(remove).error();
  TANZIM_RETURN_IF_ERROR((*remove)->Bind(1, user_id).Run());
  if ((*conn)->Changes() != 1) return false;
  auto end = (*conn)->Prepare("DELETE FROM sessions WHERE user_id = ?");
  if (!end.ok()) return std::move(end).error();
  TANZIM_RETURN_IF_ERROR((*end)->Bind(1, user_id).Run());
  TANZIM_RETURN_IF_ERROR(AppendAuthEvent(**conn, {"totp_reset", std::string(login), user_id, ""}));
  TANZIM_RETURN_IF_ERROR(tx->Commit());
  return true;
}

Result<bool> SqliteSessionStore::ReadTotpRequired() {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto stmt = (*conn)->Prepare("SELECT value FROM settings WHERE key = ?");
  if (!stmt.ok()) return std::move(stmt).error();
  auto row = (*stmt)->Bind(1, kTotpRequiredSetting).Step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return false;
  const bool required = (*stmt)->Text(0) == "true";
  (*stmt)->Reset();
  return required;
}

Status SqliteSessionStore::WriteTotpRequired(bool required, const AuthEvent& event) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto tx = store::Transaction::Begin(**conn);
  if (!tx.ok()) return std::move(tx).error();
  auto stmt = (*conn)->Prepare(
      "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3)"
      " ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at");
  if (!stmt.ok()) return std::move(stmt).error();
  TANZIM_RETURN_IF_ERROR((*stmt)
                             ->Bind(1, kTotpRequiredSetting)
                             .Bind(2, required ? "true" : "false")
                             .Bind(3, UtcNowRfc3339())
                             .Run());
  TANZIM_RETURN_IF_ERROR(AppendAuthEvent(**conn, event));
  return tx->Commit();
}

Result<int64_t> SqliteSessionStore::RewriteTotpSecrets(bool sealed, const SecretRewrite& rewrite,
                                                       const std::optional<AuthEvent>& event) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto tx = store::Transaction::Begin(**conn);
  if (!tx.ok()) return std::move(tx).error();
  // A clear secret is kTotpSecretBytes long, a sealed one longer.
  auto select =
      (*conn)->Prepare(sealed ? "SELECT user_id, secret FROM totp WHERE length(secret) <> ?"
                              : "SELECT user_id, secret FROM totp WHERE length(secret) = ?");
  if (!select.ok()) return std::move(select).error();
  std::vector<std::pair<int64_t, std::string>> rows;
  (*select)->Bind(1, static_cast<int64_t>(kTotpSecretBytes));
  while (true) {
    auto row = (*select)->Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    rows.emplace_back((*select)->Int(0), (*select)->Blob(1));
  }
  auto update = (*conn)->Prepare("UPDATE totp SET secret = ?2 WHERE user_id = ?1");
  if (!update.ok()) return std::move(update).error();
  for (auto& [user_id, stored] : rows) {
    // Returning before the commit rolls back the rows already rewritten.
    auto rewritten = rewrite(user_id, stored);
    sodium_memzero(stored.data(), stored.size());  // a clear secret, when !sealed
    if (!rewritten.ok()) return std::move(rewritten).error();
    TANZIM_RETURN_IF_ERROR((*update)->Bind(1, user_id).BindBlob(2, *rewritten).Run());
    (*update)->Reset();
  }
  if (event) TANZIM_RETURN_IF_ERROR(AppendAuthEvent(**conn, *event));
  TANZIM_RETURN_IF_ERROR(tx->Commit());
  return static_cast<int64_t>(rows.size());
}

Result<int64_t> SqliteSessionStore::SealClearTotpSecrets() {
  if (!totp_key_) return TotpKeyMissing();
  return RewriteTotpSecrets(
      false,
      [this](int64_t user_id, const std::string& secret) -> Result<std::string> {
        return totp_key_->Seal(secret, TotpContext(user_id));
      },
      std::nullopt);
}

Result<std::vector<std::string>> SqliteSessionStore::LoginsWithSealedTotp() {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto stmt = (*conn)->Prepare(
      "SELECT u.login FROM totp o JOIN users u ON u.id = o.user_id"
      " WHERE length(o.secret) <> ? ORDER BY u.login");
  if (!stmt.ok()) return std::move(stmt).error();
  (*stmt)->Bind(1, static_cast<int64_t>(kTotpSecretBytes));
  std::vector<std::string> logins;
  while (true) {
    auto row = (*stmt)->Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    logins.push_back((*stmt)->Text(0));
  }
  return logins;
}

Result<std::optional<bool>> SqliteSessionStore::SealedTotpOpensWith(const SealingKey& key) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto stmt =
      (*conn)->Prepare("SELECT user_id, secret FROM totp WHERE length(secret) <> ? LIMIT 1");
  if (!stmt.ok()) return std::move(stmt).error();
  auto row = (*stmt)->Bind(1, static_cast<int64_t>(kTotpSecretBytes)).Step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return std::optional<bool>();
  auto secret = key.Open((*stmt)->Blob(1), TotpContext((*stmt)->Int(0)));
  (*stmt)->Reset();
  if (!secret) return std::optional<bool>(false);
  sodium_memzero(secret->data(), secret->size());
  return std::optional<bool>(true);
}

Result<int64_t> SqliteSessionStore::ResealTotpSecrets(const SealingKey& next) {
  if (!totp_key_) return TotpKeyMissing();
  return RewriteTotpSecrets(
      true,
      [this, &next](int64_t user_id, const std::string& stored) -> Result<std::string> {
        auto secret = OpenTotpSecret(stored, user_id);
        if (!secret.ok()) return std::move(secret).error();
        std::string resealed = next.Seal(*secret, TotpContext(user_id));
        sodium_memzero(secret->data(), secret->size());
        return resealed;
      },
      AuthEvent{"totp_key_rotated", "", std::nullopt, ""});
}

}  // namespace tanzim::auth
