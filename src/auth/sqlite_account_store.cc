#include "auth/sqlite_account_store.h"

#include <functional>

#include "auth/position_grants.h"
#include "auth/sqlite_session_store.h"
#include "core/time.h"

namespace tanzim::auth {

Result<int64_t> SqliteAccountStore::AddUser(const NewUser& user) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto stmt = (*conn)->Prepare(
      "INSERT INTO users (login, password_hash, role, scope_code, created_at, sector, person_id)"
      " VALUES (?, ?, ?, ?, ?, ?, ?)");
  if (!stmt.ok()) return std::move(stmt).error();
  auto done = (*stmt)
                  ->Bind(1, user.login)
                  .Bind(2, user.password_hash)
                  .Bind(3, user.by_position ? kByPosition : RoleName(user.role))
                  .Bind(4, user.scope_code)
                  .Bind(5, UtcNowRfc3339())
                  .Bind(6, user.sector)
                  .Bind(7, user.person_id)
                  .Run();
  if (!done.ok()) {
    if (done.error().code() == ErrorCode::kConflict) {
      return Error(ErrorCode::kConflict, "error.conflict", {{"login", "field.login_taken"}});
    }
    return std::move(done).error();
  }
  return (*conn)->LastInsertId();
}

Result<std::optional<int64_t>> SqliteAccountStore::FindUserId(std::string_view login) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto stmt = (*conn)->Prepare("SELECT id FROM users WHERE login = ? AND disabled = 0");
  if (!stmt.ok()) return std::move(stmt).error();
  auto row = (*stmt)->Bind(1, login).Step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return std::optional<int64_t>();
  return std::optional<int64_t>((*stmt)->Int(0));
}

Result<bool> SqliteAccountStore::PersonExists(int64_t id) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto stmt = (*conn)->Prepare("SELECT 1 FROM people WHERE id = ? AND erased_at IS NULL");
  if (!stmt.ok()) return std::move(stmt).error();
  return (*stmt)->Bind(1, id).Step();
}

Result<std::optional<TokenHolder>> SqliteAccountStore::FindActorByToken(
    std::string_view token_hash) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto stmt = (*conn)->Prepare("SELECT k.id, coalesce(k.last_used_at, ''), " TANZIM_ACTOR_COLUMNS
                               " FROM api_tokens k JOIN users u ON u.id = k.user_id"
                               " LEFT JOIN territories t ON t.code = u.scope_code"
                               " WHERE k.token_hash = ? AND k.expires_at > ? AND u.disabled = 0");
  if (!stmt.ok()) return std::move(stmt).error();
  store::Statement& s = **stmt;
  auto row = s.BindBlob(1, token_hash).Bind(2, UtcNowRfc3339()).Step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return std::optional<TokenHolder>();
  const int64_t token_id = s.Int(0);
  std::string last_used_at = s.Text(1);
  auto actor = ReadActor(**conn, s, 2);
  if (!actor.ok()) return std::move(actor).error();
  if (!*actor) return std::optional<TokenHolder>();
  return std::optional<TokenHolder>(
      TokenHolder{std::move(**actor), token_id, std::move(last_used_at)});
}

Status SqliteAccountStore::MarkTokenUsed(int64_t token_id, std::string_view at) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto stmt = (*conn)->Prepare("UPDATE api_tokens SET last_used_at = ? WHERE id = ?");
  if (!stmt.ok()) return std::move(stmt).error();
  return (*stmt)->Bind(1, at).Bind(2, token_id).Run();
}

Result<int64_t> UserIdByLogin(store::Connection& conn, std::string_view login) {
  auto find = conn.Prepare("SELECT id FROM users WHERE login = ?");
  if (!find.ok()) return std::move(find).error();
  auto row = (*find)->Bind(1, login).Step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return Error::Invalid("login", "field.login_unknown");
  const int64_t user_id = (*find)->Int(0);
  (*find)->Reset();
  return user_id;
}

namespace {

// Whether an account change also ends the account's sessions.
enum class Sessions { kKeep, kEnd };

// Runs `sql` with ?1 bound to `user_id`.
Status RunForUser(store::Connection& conn, std::string_view sql, int64_t user_id) {
  auto stmt = conn.Prepare(sql);
  if (!stmt.ok()) return std::move(stmt).error();
  return (*stmt)->Bind(1, user_id).Run();
}

// The frame of every change to one account: in one transaction, finds the
// account `login` (an invalid "login" when there is none), runs `change` with
// its id, ends its sessions if asked, and logs `kind`. Nothing is kept unless
// all of it succeeds.
Status ChangeUser(store::Pool& pool, std::string_view login, std::string_view kind,
                  Sessions sessions,
                  const std::function<Status(store::Connection&, int64_t user_id)>& change) {
  auto conn = pool.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto tx = store::Transaction::Begin(**conn);
  if (!tx.ok()) return std::move(tx).error();
  auto user_id = UserIdByLogin(**conn, login);
  if (!user_id.ok()) return std::move(user_id).error();
  TANZIM_RETURN_IF_ERROR(change(**conn, *user_id));
  if (sessions == Sessions::kEnd) {
    TANZIM_RETURN_IF_ERROR(RunForUser(**conn, "DELETE FROM sessions WHERE user_id = ?", *user_id));
  }
  TANZIM_RETURN_IF_ERROR(
      AppendAuthEvent(**conn, {std::string(kind), std::string(login), *user_id, ""}));
  return tx->Commit();
}

}  // namespace

Status SqliteAccountStore::AddToken(std::string_view login, std::string_view token_hash,
                                    std::string_view expires_at) {
  return ChangeUser(pool_, login, "token_created", Sessions::kKeep,
                    [&](store::Connection& conn, int64_t user_id) -> Status {
                      auto stmt = conn.Prepare(
                          "INSERT INTO api_tokens (user_id, token_hash, created_at, expires_at)"
                          " VALUES (?, ?, ?, ?)");
                      if (!stmt.ok()) return std::move(stmt).error();
                      return (*stmt)
                          ->Bind(1, user_id)
                          .BindBlob(2, token_hash)
                          .Bind(3, UtcNowRfc3339())
                          .Bind(4, expires_at)
                          .Run();
                    });
}

Result<std::vector<TokenInfo>> SqliteAccountStore::ListTokens(std::string_view login) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto user_id = UserIdByLogin(**conn, login);
  if (!user_id.ok()) return std::move(user_id).error();
  auto stmt = (*conn)->Prepare(
      "SELECT id, created_at, expires_at, coalesce(last_used_at, '') FROM api_tokens"
      " WHERE user_id = ? ORDER BY id");
  if (!stmt.ok()) return std::move(stmt).error();
  store::Statement& s = **stmt;
  s.Bind(1, *user_id);
  std::vector<TokenInfo> tokens;
  while (true) {
    auto row = s.Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    tokens.push_back({s.Int(0), s.Text(1), s.Text(2), s.Text(3)});
  }
  return tokens;
}

Result<int64_t> SqliteAccountStore::RevokeTokens(std::string_view login) {
  int64_t revoked = 0;
  TANZIM_RETURN_IF_ERROR(
      ChangeUser(pool_, login, "tokens_revoked", Sessions::kKeep,
                 [&](store::Connection& conn, int64_t user_id) -> Status {
                   TANZIM_RETURN_IF_ERROR(
                       RunForUser(conn, "DELETE FROM api_tokens WHERE user_id = ?", user_id));
                   revoked = conn.Changes();
                   return Status::Ok();
                 }));
  return revoked;
}

Status SqliteAccountStore::RevokeToken(std::string_view login, int64_t id) {
  return ChangeUser(pool_, login, "token_revoked", Sessions::kKeep,
                    [&](store::Connection& conn, int64_t user_id) -> Status {
                      auto stmt =
                          conn.Prepare("DELETE FROM api_tokens WHERE id = ? AND user_id = ?");
                      if (!stmt.ok()) return std::move(stmt).error();
                      TANZIM_RETURN_IF_ERROR((*stmt)->Bind(1, id).Bind(2, user_id).Run());
                      if (conn.Changes() == 0) return Error::Invalid("id", "field.token_unknown");
                      return Status::Ok();
                    });
}

Status SqliteAccountStore::SetPassword(std::string_view login, std::string_view password_hash) {
  return ChangeUser(pool_, login, "password_changed", Sessions::kEnd,
                    [&](store::Connection& conn, int64_t user_id) -> Status {
                      auto stmt = conn.Prepare("UPDATE users SET password_hash = ? WHERE id = ?");
                      if (!stmt.ok()) return std::move(stmt).error();
                      return (*stmt)->Bind(1, password_hash).Bind(2, user_id).Run();
                    });
}

Result<int64_t> SqliteAccountStore::EndSessions(std::string_view login) {
  int64_t ended = 0;
  TANZIM_RETURN_IF_ERROR(ChangeUser(pool_, login, "sessions_ended", Sessions::kKeep,
                                    [&](store::Connection& conn, int64_t user_id) -> Status {
                                      TANZIM_RETURN_IF_ERROR(RunForUser(
                                          conn, "DELETE FROM sessions WHERE user_id = ?", user_id));
                                      ended = conn.Changes();
                                      return Status::Ok();
                                    }));
  return ended;
}

Result<int64_t> SqliteAccountStore::EndAllSessions() {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto tx = store::Transaction::Begin(**conn);
  if (!tx.ok()) return std::move(tx).error();
  auto stmt = (*conn)->Prepare("DELETE FROM sessions");
  if (!stmt.ok()) return std::move(stmt).error();
  TANZIM_RETURN_IF_ERROR((*stmt)->Run());
  const int64_t ended = (*conn)->Changes();
  TANZIM_RETURN_IF_ERROR(AppendAuthEvent(**conn, {"all_sessions_ended", "", std::nullopt, ""}));
  TANZIM_RETURN_IF_ERROR(tx->Commit());
  return ended;
}

Status SqliteAccountStore::Disable(std::string_view login) {
  return ChangeUser(
      pool_, login, "disabled", Sessions::kEnd, [](store::Connection& conn, int64_t user_id) {
        return RunForUser(conn, "UPDATE users SET disabled = 1 WHERE id = ?", user_id);
      });
}

namespace {

territory::Territory ReadTerritory(const store::Statement& s, int first) {
  territory::Territory t;
  t.code = s.Text(first);
  t.kind = territory::ParseKind(s.Text(first + 1)).value_or(territory::Kind::kCommune);
  t.name_ar = s.Text(first + 2);
  t.name_fr = s.Text(first + 3);
  t.parent_code = s.OptText(first + 4);
  t.path = s.Text(first + 5);
  return t;
}

// The positions `person_id` holds today in bodies that are not dissolved.
Result<std::vector<HeldPosition>> HeldPositions(store::Connection& conn, int64_t person_id) {
  auto stmt = conn.Prepare(
      "SELECT p.id, b.kind, p.role, t.code, t.kind, t.name_ar, t.name_fr, t.parent_code, t.path"
      " FROM positions p JOIN bodies b ON b.id = p.body_id"
      " LEFT JOIN territories t ON t.code = b.territory_code"
      " WHERE p.person_id = ?1 AND p.from_date <= ?2 AND (p.to_date IS NULL OR p.to_date >= ?2)"
      " AND b.status <> 'dissolved' ORDER BY p.id");
  if (!stmt.ok()) return std::move(stmt).error();
  store::Statement& s = **stmt;
  s.Bind(1, person_id).Bind(2, FormatDate(UtcToday()));
  std::vector<HeldPosition> held;
  while (true) {
    auto row = s.Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    HeldPosition position{s.Int(0), s.Text(1), s.Text(2), std::nullopt};
    if (!s.IsNull(3)) position.where = ReadTerritory(s, 3);
    held.push_back(std::move(position));
  }
  return held;
}

}  // namespace

Result<std::optional<Actor>> ReadActor(store::Connection& conn, const store::Statement& s,
                                       int first) {
  Actor actor;
  actor.user_id = s.Int(first);
  actor.login = s.Text(first + 1);
  const std::string role_name = s.Text(first + 2);
  if (role_name == kByPosition) {
    if (s.IsNull(first + 10)) return std::optional<Actor>();
    auto held = HeldPositions(conn, s.Int(first + 10));
    if (!held.ok()) return std::move(held).error();
    auto grant = StrongestGrant(*held);
    if (!grant) return std::optional<Actor>();  // no position today: no access
    actor.role = grant->role;
    actor.scope = std::move(grant->scope);
    actor.sector = std::move(grant->sector);
    return std::optional<Actor>(std::move(actor));
  }
  const auto role = ParseRole(role_name);
  if (!role) return Error::Internal("unknown role stored for user " + actor.login);
  actor.role = *role;
  if (!s.IsNull(first + 3)) actor.scope = ReadTerritory(s, first + 3);
  actor.sector = s.OptText(first + 9).value_or("");
  return std::optional<Actor>(std::move(actor));
}

}  // namespace tanzim::auth
