#include "auth/authorization.h"

namespace tanzim::auth {
namespace {

// What each role may do at all, wherever it is; the scope comes after.
bool RoleAllows(Role role, Action action) {
  switch (action) {
    case Action::kRead:
      return true;
    case Action::kWrite:
      return role == Role::kAdmin || role == Role::kSecretary || role == Role::kClerk ||
             role == Role::kSectorCoordinator;
    case Action::kGovern:
      return role == Role::kAdmin || role == Role::kSecretary;
  }
  return false;
}

// Is `where` (null: the national level) within the actor's reach? A pointer,
// not an optional: every check of a territory would otherwise copy it.
bool InScope(const Actor& actor, const territory::Territory* where, Sector sector) {
  if (IsNationalRole(actor.role)) return true;
  // A non-national account without a scope is misconfigured: it reaches nothing.
  if (!where || !actor.scope || !territory::Within(*where, actor.scope->path)) return false;
  return actor.role != Role::kSectorCoordinator || (!sector.empty() && sector == actor.sector);
}

Status Refusal(const Actor& actor, Action action, std::string_view field, Sector sector) {
  // When the role is the reason, the territory is not what is wrong: no field.
  // A sector coordinator never reaches an object of no sector organization
  // (a person, a mandate) wherever it lies, so there too the role is the reason.
  const bool sectorless = actor.role == Role::kSectorCoordinator && sector.empty();
  if (!RoleAllows(actor.role, action) || sectorless) return Error::Denied();
  return Error(ErrorCode::kPermissionDenied, "error.forbidden",
               {{std::string(field), "field.out_of_scope"}});
}

}  // namespace

bool RoleMay(const Actor& actor, Action action) { return RoleAllows(actor.role, action); }

std::string_view SectorRestriction(const Actor& actor) {
  return actor.role == Role::kSectorCoordinator ? std::string_view(actor.sector)
                                                : std::string_view();
}

bool MayAccess(const Actor& actor, Action action, const territory::Territory& where,
               Sector sector) {
  return RoleAllows(actor.role, action) && InScope(actor, &where, sector);
}

Status CheckAccess(const Actor& actor, Action action, const territory::Territory& where,
                   std::string_view field, Sector sector) {
  if (MayAccess(actor, action, where, sector)) return Status::Ok();
  return Refusal(actor, action, field, sector);
}

bool MayAccess(const Actor& actor, Action action, const std::optional<territory::Territory>& where,
               Sector sector) {
  return RoleAllows(actor.role, action) && InScope(actor, where ? &*where : nullptr, sector);
}

Status CheckAccess(const Actor& actor, Action action,
                   const std::optional<territory::Territory>& where, std::string_view field,
                   Sector sector) {
  if (MayAccess(actor, action, where, sector)) return Status::Ok();
  return Refusal(actor, action, field, sector);
}

Status CheckVisible(const Actor& actor, const territory::Territory& where, Sector sector) {
  if (MayAccess(actor, Action::kRead, where, sector)) return Status::Ok();
  return Error::OutOfScope();
}

Status CheckVisible(const Actor& actor, const std::optional<territory::Territory>& where,
                    Sector sector) {
  if (MayAccess(actor, Action::kRead, where, sector)) return Status::Ok();
  return Error::OutOfScope();
}

bool MayReadAudit(const Actor& actor) {
  return actor.role == Role::kAdmin || actor.role == Role::kAuditor;
}

bool MayExport(const Actor& actor) { return actor.role != Role::kClerk; }

bool MayErase(const Actor& actor) { return actor.role == Role::kAdmin; }

PersonalDetails VisibleDetails(const Actor& actor) {
  switch (actor.role) {
    case Role::kAdmin:
    case Role::kSecretary:
    case Role::kClerk:
      return {.identity = true, .contact = true};
    case Role::kSectorCoordinator:
      return {.identity = false, .contact = true};
    case Role::kViewer:
    case Role::kAuditor:
      return {};
  }
  return {};
}

ListScope NarrowToScope(const Actor& actor, const std::optional<territory::Territory>& requested) {
  const auto reach = [](const std::optional<territory::Territory>& within, std::string sector) {
    return ListScope{
        .empty = false, .out_of_scope = false, .within = within, .sector = std::move(sector)};
  };
  if (IsNationalRole(actor.role)) return reach(requested, {});
  ListScope nothing{
      .empty = true, .out_of_scope = requested.has_value(), .within = std::nullopt, .sector = {}};
  const bool coordinator = actor.role == Role::kSectorCoordinator;
  if (!actor.scope || (coordinator && actor.sector.empty())) return nothing;
  std::string sector = coordinator ? actor.sector : std::string();
  if (!requested) return reach(actor.scope, std::move(sector));
  if (territory::Within(*requested, actor.scope->path)) return reach(requested, std::move(sector));
  if (territory::Within(*actor.scope, requested->path))
    return reach(actor.scope, std::move(sector));
  return nothing;
}

}  // namespace tanzim::auth
