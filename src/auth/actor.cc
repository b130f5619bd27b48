#include "auth/actor.h"

#include <array>
#include <utility>

namespace tanzim::auth {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 6> kRoleNames{{
    {Role::kAdmin, "admin"},
    {Role::kSecretary, "secretary"},
    {Role::kViewer, "viewer"},
    {Role::kClerk, "clerk"},
    {Role::kSectorCoordinator, "sector_coordinator"},
    {Role::kAuditor, "auditor"},
}};

}  // namespace

std::string_view RoleName(Role role) {
  for (const auto& [r, name] : kRoleNames) {
    if (r == role) return name;
  }
  return "viewer";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (const auto& [r, n] : kRoleNames) {
    if (n == name) return r;
  }
  return std::nullopt;
}

bool IsNationalRole(Role role) { return role == Role::kAdmin || role == Role::kAuditor; }

Actor SystemActor() {
  Actor actor;
  actor.login = "tanzim";
  actor.role = Role::kAdmin;
  return actor;
}

}  // namespace tanzim::auth
