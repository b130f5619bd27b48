#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auth/actor.h"
#include "territory/territory.h"

// Access that follows a person's positions (issue #4): the secretary of the
// provincial secretariat of Moulay Yacoub acts as a `secretary` scoped to
// Moulay Yacoub while the position lasts, and loses it when it ends.
// docs/permissions.md has the table this code holds.
namespace tanzim::auth {

// A position its holder has today, as the store reads it. Body kinds and
// position roles arrive as their stored names: auth sits below the bodies
// module and does not link it.
struct HeldPosition {
  int64_t position_id = 0;
  std::string body_kind;  // "provincial_secretariat", "womens_organization", …
  std::string role;       // "secretary", "treasurer", …
  std::optional<territory::Territory> where;  // none: a national body
};

// The access one position grants, if any.
struct Grant {
  Role role = Role::kViewer;
  territory::Territory scope;
  std::string sector;  // for sector coordinators
};
std::optional<Grant> GrantOf(const HeldPosition& held);

// The strongest grant among `held`: the role that may do most, then the widest
// scope, then the oldest position. None when no position grants anything.
// One account acts with one role and one scope at a time, so that every list
// stays one subtree in one query.
std::optional<Grant> StrongestGrant(const std::vector<HeldPosition>& held);

}  // namespace tanzim::auth
