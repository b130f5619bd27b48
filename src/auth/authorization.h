#pragma once

#include <optional>

#include "auth/actor.h"
#include "core/result.h"
#include "territory/territory.h"

// The one module that decides who may do what where. Use cases ask it; they
// never compare roles or paths themselves. docs/permissions.md mirrors it.
namespace tanzim::auth {

enum class Action { kRead, kWrite };

// May `actor` perform `action` on an object located in `where`?
bool MayAccess(const Actor& actor, Action action, const territory::Territory& where);

// Ok when allowed; otherwise the error a use case returns for `field`'s territory.
Status CheckAccess(const Actor& actor, Action action, const territory::Territory& where,
                   std::string_view field);

// The same for an object that may have no territory (a national body): such an
// object belongs to the national level, which only national users reach.
bool MayAccess(const Actor& actor, Action action, const std::optional<territory::Territory>& where);
Status CheckAccess(const Actor& actor, Action action,
                   const std::optional<territory::Territory>& where, std::string_view field);

// May `actor` read the audit trail? It spans every territory, so only national
// accounts may (the auditor role of issue #4 will join them).
bool MayReadAudit(const Actor& actor);

// How a list must be restricted so it shows only what the actor may read.
struct ListScope {
  bool empty = false;  // the request and the actor's scope do not overlap: no rows
  std::optional<territory::Territory> within;  // restrict to this subtree; none = national
};

// Intersects the territory a client asked for (if any) with the actor's scope.
// Territories form a tree, so the overlap is the deeper of the two or nothing.
ListScope NarrowToScope(const Actor& actor, const std::optional<territory::Territory>& requested);

}  // namespace tanzim::auth
