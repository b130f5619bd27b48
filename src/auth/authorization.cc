#include "auth/authorization.h"

namespace tanzim::auth {

bool MayAccess(const Actor& actor, Action action, const territory::Territory& where) {
  if (action == Action::kWrite && actor.role == Role::kViewer) return false;
  if (actor.role == Role::kAdmin) return true;
  // A non-admin without a scope is a misconfigured account: it sees nothing.
  return actor.scope.has_value() && territory::Within(where, actor.scope->path);
}

Status CheckAccess(const Actor& actor, Action action, const territory::Territory& where,
                   std::string_view field) {
  if (MayAccess(actor, action, where)) return Status::Ok();
  if (action == Action::kWrite && actor.role == Role::kViewer) return Error::Denied();
  return Error(ErrorCode::kPermissionDenied, "error.forbidden",
               {{std::string(field), "field.out_of_scope"}});
}

bool MayAccess(const Actor& actor, Action action,
               const std::optional<territory::Territory>& where) {
  if (where) return MayAccess(actor, action, *where);
  if (action == Action::kWrite && actor.role == Role::kViewer) return false;
  return actor.role == Role::kAdmin;
}

Status CheckAccess(const Actor& actor, Action action,
                   const std::optional<territory::Territory>& where, std::string_view field) {
  if (where) return CheckAccess(actor, action, *where, field);
  if (MayAccess(actor, action, where)) return Status::Ok();
  if (action == Action::kWrite && actor.role == Role::kViewer) return Error::Denied();
  return Error(ErrorCode::kPermissionDenied, "error.forbidden",
               {{std::string(field), "field.out_of_scope"}});
}

bool MayReadAudit(const Actor& actor) { return actor.role == Role::kAdmin; }

ListScope NarrowToScope(const Actor& actor, const std::optional<territory::Territory>& requested) {
  if (actor.role == Role::kAdmin) return {.empty = false, .within = requested};
  if (!actor.scope) return {.empty = true, .within = std::nullopt};
  if (!requested) return {.empty = false, .within = actor.scope};
  if (territory::Within(*requested, actor.scope->path))
    return {.empty = false, .within = requested};
  if (territory::Within(*actor.scope, requested->path))
    return {.empty = false, .within = actor.scope};
  return {.empty = true, .within = std::nullopt};
}

}  // namespace tanzim::auth
