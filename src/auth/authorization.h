#pragma once

#include <optional>
#include <string_view>

#include "auth/actor.h"
#include "core/result.h"
#include "territory/territory.h"

// The one module that decides who may do what where. Use cases ask it; they
// never compare roles or paths themselves. docs/permissions.md mirrors it.
namespace tanzim::auth {

enum class Action {
  kRead,    // see an object
  kWrite,   // record data: people, applications and dues, mandates
  kGovern,  // the organization's decisions: bodies, positions, membership
            // decisions (approve, suspend, expel…), settings
};

// The sector organization an object belongs to, for sector coordinators: the
// kind of the body it sits in ("womens_organization"). Empty: no sector
// organization, which a sector coordinator never reaches.
using Sector = std::string_view;

// May `actor`'s role perform `action` anywhere at all? For refusing early,
// before a request is read further; the place is checked with MayAccess.
bool RoleMay(const Actor& actor, Action action);

// The sector organization `actor` is confined to (sector coordinators), or
// empty. Services that must find an object's sector ask only when this is set.
std::string_view SectorRestriction(const Actor& actor);

// May `actor` perform `action` on an object located in `where`?
bool MayAccess(const Actor& actor, Action action, const territory::Territory& where,
               Sector sector = {});

// Ok when allowed; otherwise the error a use case returns for `field`'s territory.
Status CheckAccess(const Actor& actor, Action action, const territory::Territory& where,
                   std::string_view field, Sector sector = {});

// The same for an object that may have no territory (a national body): such an
// object belongs to the national level, which only national users reach.
bool MayAccess(const Actor& actor, Action action, const std::optional<territory::Territory>& where,
               Sector sector = {});
Status CheckAccess(const Actor& actor, Action action,
                   const std::optional<territory::Territory>& where, std::string_view field,
                   Sector sector = {});

// Ok when `actor` may see an object located in `where`; otherwise
// Error::OutOfScope(): the answer of an object that is not there, logged as a
// refusal. For reads by id and for changes, which first reach the object.
Status CheckVisible(const Actor& actor, const territory::Territory& where, Sector sector = {});
Status CheckVisible(const Actor& actor, const std::optional<territory::Territory>& where,
                    Sector sector = {});

// May `actor` read the audit trail? It spans every territory, so only national
// accounts that answer for it may: admins and auditors.
bool MayReadAudit(const Actor& actor);

// May `actor` take data out in bulk (CSV lists)? Clerks enter data and may not.
bool MayExport(const Actor& actor);

// May `actor` erase a person (anonymize them everywhere)? Irreversible, so national.
bool MayErase(const Actor& actor);

// Which personal details a role sees in full; the rest is masked. A clerk
// enters identities so sees them; a sector coordinator calls its members.
struct PersonalDetails {
  bool identity = false;  // CIN and birth date
  bool contact = false;   // phone and email
};
PersonalDetails VisibleDetails(const Actor& actor);

// How a list must be restricted so it shows only what the actor may read.
struct ListScope {
  bool empty = false;  // the request and the actor's scope do not overlap: no rows
  // The client asked for a territory this actor cannot reach (Page::out_of_scope).
  bool out_of_scope = false;
  std::optional<territory::Territory> within;  // restrict to this subtree; none = national
  // Only objects of this sector organization (sector coordinators); empty = any.
  std::string sector;
};

// Intersects the territory a client asked for (if any) with the actor's scope.
// Territories form a tree, so the overlap is the deeper of the two or nothing.
ListScope NarrowToScope(const Actor& actor, const std::optional<territory::Territory>& requested);

}  // namespace tanzim::auth
