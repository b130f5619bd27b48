#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "territory/territory.h"

namespace tanzim::auth {

// What an account may do; docs/permissions.md lists each role's rights.
// `admin` and `auditor` are national; the others act within the territory of
// their scope and everything below it.
enum class Role {
  kAdmin,              // national: everything
  kSecretary,          // runs the organization within a scope
  kViewer,             // reads within a scope
  kClerk,              // enters data within a scope; no exports, no decisions
  kSectorCoordinator,  // the members of one sector organization within a scope
  kAuditor,            // national, read-only, including the audit trail
};

std::string_view RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);

// Every role, for tests and documentation that must cover them all.
inline constexpr std::array kAllRoles = {Role::kAdmin, Role::kSecretary,         Role::kViewer,
                                         Role::kClerk, Role::kSectorCoordinator, Role::kAuditor};

// Is `role` national (no scope) by nature?
bool IsNationalRole(Role role);

// Who is acting: every use case takes one, and only authorization.h reads it.
struct Actor {
  int64_t user_id = 0;
  std::string login;
  Role role = Role::kViewer;
  // The scope territory; empty for national users.
  std::optional<territory::Territory> scope;
  // A sector coordinator's sector: the kind of its sector organization's
  // bodies ("womens_organization", "youth_organization", …); empty otherwise.
  std::string sector;
};

// The actor of the operator's commands (`tanzim import people`, `tanzim
// memberships lapse`, `tanzim settings set`, …) and of `tanzim serve`'s daily
// jobs: national, no account; the audit trail shows it as "tanzim".
Actor SystemActor();

}  // namespace tanzim::auth
