#include "auth/position_grants.h"

#include <string_view>

namespace tanzim::auth {
namespace {

bool IsSecretariat(std::string_view kind) {
  return kind == "regional_secretariat" || kind == "provincial_secretariat" ||
         kind == "local_secretariat";
}

bool IsSectorOrganization(std::string_view kind) {
  return kind == "womens_organization" || kind == "youth_organization" ||
         kind == "professionals_organization";
}

// Higher may do more: secretary > clerk > sector coordinator > viewer.
int Strength(Role role) {
  switch (role) {
    case Role::kSecretary:
      return 4;
    case Role::kClerk:
      return 3;
    case Role::kSectorCoordinator:
      return 2;
    case Role::kViewer:
      return 1;
    case Role::kAdmin:
    case Role::kAuditor:
      break;  // never granted by a position
  }
  return 0;
}

}  // namespace

std::optional<Grant> GrantOf(const HeldPosition& held) {
  // National organs grant nothing by themselves: national access is given by
  // the operator to a named account, never inherited from a seat.
  if (!held.where) return std::nullopt;
  if (IsSecretariat(held.body_kind)) {
    if (held.role == "secretary" || held.role == "deputy_secretary") {
      return Grant{Role::kSecretary, *held.where, {}};
    }
    if (held.role == "treasurer" || held.role == "rapporteur") {
      return Grant{Role::kClerk, *held.where, {}};
    }
    return Grant{Role::kViewer, *held.where, {}};
  }
  if (IsSectorOrganization(held.body_kind) &&
      (held.role == "secretary" || held.role == "deputy_secretary" || held.role == "coordinator")) {
    return Grant{Role::kSectorCoordinator, *held.where, held.body_kind};
  }
  return std::nullopt;
}

std::optional<Grant> StrongestGrant(const std::vector<HeldPosition>& held) {
  std::optional<Grant> best;
  int64_t best_position = 0;
  for (const HeldPosition& position : held) {
    auto grant = GrantOf(position);
    if (!grant) continue;
    const bool better = !best || Strength(grant->role) > Strength(best->role) ||
                        (Strength(grant->role) == Strength(best->role) &&
                         (grant->scope.path.size() < best->scope.path.size() ||
                          (grant->scope.path.size() == best->scope.path.size() &&
                           position.position_id < best_position)));
    if (better) {
      best = std::move(grant);
      best_position = position.position_id;
    }
  }
  return best;
}

}  // namespace tanzim::auth
