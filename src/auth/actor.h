#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "territory/territory.h"

namespace tanzim::auth {

// Roles of the foundation. `admin` is national; the others act within the
// territory of their scope and everything below it.
enum class Role { kAdmin, kSecretary, kViewer };

std::string_view RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);

// Who is acting: every use case takes one, and only authorization.h reads it.
struct Actor {
  int64_t user_id = 0;
  std::string login;
  Role role = Role::kViewer;
  // The scope territory; empty for national users.
  std::optional<territory::Territory> scope;
};

}  // namespace tanzim::auth
