#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/patch.h"
#include "territory/territory.h"

namespace tanzim::bodies {

// The organs of the party (see ../shared/DESIGN.md, "body").
enum class Kind {
  kGeneralSecretariat,
  kPoliticalBureau,
  kNationalCouncil,
  kParliamentaryGroup,
  kPole,
  kRegionalSecretariat,
  kProvincialSecretariat,
  kLocalSecretariat,
  kWomensOrganization,
  kYouthOrganization,
  kProfessionalsOrganization,
  kPreparatoryCommittee,
  kCommittee,
};

std::string_view KindName(Kind kind);
std::optional<Kind> ParseKind(std::string_view name);

// National organs have no territory; secretariats sit on one level; sector
// organizations and committees exist at any level, national included.
bool IsNational(Kind kind);
bool IsSecretariat(Kind kind);
// May a body of `kind` sit on `where` (nullopt: national)?
bool FitsTerritory(Kind kind, const std::optional<territory::Territory>& where);
// The secretariat a territory of this level carries: what a preparatory
// committee founds when it does not say otherwise.
Kind SecretariatFor(territory::Kind level);

// preparatory → founded → active → dissolved; each step is a command.
enum class BodyStatus { kPreparatory, kFounded, kActive, kDissolved };

std::string_view StatusName(BodyStatus status);
std::optional<BodyStatus> ParseStatus(std::string_view name);

struct Body {
  int64_t id = 0;
  Kind kind = Kind::kCommittee;
  std::optional<std::string> territory_code;  // none: national
  std::optional<int64_t> parent_id;
  std::string name_ar;
  std::string name_fr;
  BodyStatus status = BodyStatus::kActive;
  std::optional<std::string> founded_on;  // YYYY-MM-DD
  std::optional<std::string> activated_on;
  std::optional<std::string> dissolved_on;
  std::optional<Kind> founds_kind;  // preparatory committees only
  std::optional<int64_t> founded_body_id;
  std::string created_at;
  std::string updated_at;

  bool operator==(const Body&) const = default;
};

// What a client sends to create a body (absent = null) or to patch one.
// Text stays text here; the service parses and checks it.
struct BodyDraft {
  Patch<std::string> kind;
  Patch<std::string> territory_code;
  Patch<int64_t> parent_id;
  Patch<std::string> name_ar;
  Patch<std::string> name_fr;
  Patch<std::string> status;
  Patch<std::string> founded_on;
  Patch<std::string> founds_kind;
};

// One step of a body's history.
struct BodyEvent {
  std::string action;  // create | found | activate | dissolve | close
  std::string on;      // YYYY-MM-DD
  std::optional<std::string> reason;
  std::optional<int64_t> actor_id;
  std::string at;  // RFC 3339
};

// A lifecycle command's arguments: the day it took effect and why.
struct Transition {
  std::optional<std::string> on;  // default today
  std::optional<std::string> reason;
};

// The roles a person holds in a body.
enum class Role { kSecretary, kDeputySecretary, kTreasurer, kRapporteur, kCoordinator, kMember };

std::string_view RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);
// Roles one person at a time holds in a body.
bool IsExclusive(Role role);

struct Position {
  int64_t id = 0;
  int64_t body_id = 0;
  int64_t person_id = 0;
  Role role = Role::kMember;
  std::string from;
  std::optional<std::string> to;  // none: still held
  std::string created_at;
  std::string updated_at;
  // Read along for display, so a list reads without more calls.
  std::optional<std::string> person_name_ar;
  std::optional<std::string> person_name_latin;
  std::string body_name_ar;
  std::string body_name_fr;
  Kind body_kind = Kind::kCommittee;

  bool operator==(const Position&) const = default;
};

struct PositionDraft {
  Patch<int64_t> person_id;
  Patch<std::string> role;
  Patch<std::string> from;
  Patch<std::string> to;
};

}  // namespace tanzim::bodies
