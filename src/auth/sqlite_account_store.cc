#include "auth/sqlite_account_store.h"

#include "core/time.h"

namespace tanzim::auth {

Result<int64_t> SqliteAccountStore::AddUser(const NewUser& user) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto stmt = (*conn)->Prepare(
      "INSERT INTO users (login, password_hash, role, scope_code, created_at)"
      " VALUES (?, ?, ?, ?, ?)");
  if (!stmt.ok()) return std::move(stmt).error();
  auto done = (*stmt)
                  ->Bind(1, user.login)
                  .Bind(2, user.password_hash)
                  .Bind(3, RoleName(user.role))
                  .Bind(4, user.scope_code)
                  .Bind(5, UtcNowRfc3339())
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

Status SqliteAccountStore::AddToken(int64_t user_id, std::string_view token_hash) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto stmt =
      (*conn)->Prepare("INSERT INTO api_tokens (user_id, token_hash, created_at) VALUES (?, ?, ?)");
  if (!stmt.ok()) return std::move(stmt).error();
  return (*stmt)->Bind(1, user_id).BindBlob(2, token_hash).Bind(3, UtcNowRfc3339()).Run();
}

Result<std::optional<Actor>> SqliteAccountStore::FindActorByToken(std::string_view token_hash) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto stmt = (*conn)->Prepare(
      "SELECT u.id, u.login, u.role, t.code, t.kind, t.name_ar, t.name_fr, t.parent_code, t.path"
      " FROM api_tokens k JOIN users u ON u.id = k.user_id"
      " LEFT JOIN territories t ON t.code = u.scope_code"
      " WHERE k.token_hash = ? AND u.disabled = 0");
  if (!stmt.ok()) return std::move(stmt).error();
  store::Statement& s = **stmt;
  auto row = s.BindBlob(1, token_hash).Step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return std::optional<Actor>();
  Actor actor;
  actor.user_id = s.Int(0);
  actor.login = s.Text(1);
  const auto role = ParseRole(s.Text(2));
  if (!role) return Error::Internal("unknown role stored for user " + actor.login);
  actor.role = *role;
  if (!s.IsNull(3)) {
    territory::Territory scope;
    scope.code = s.Text(3);
    scope.kind = territory::ParseKind(s.Text(4)).value_or(territory::Kind::kCommune);
    scope.name_ar = s.Text(5);
    scope.name_fr = s.Text(6);
    scope.parent_code = s.OptText(7);
    scope.path = s.Text(8);
    actor.scope = std::move(scope);
  }
  return std::optional<Actor>(std::move(actor));
}

}  // namespace tanzim::auth
