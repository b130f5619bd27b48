#include "bodies/body.h"

#include <algorithm>
#include <array>
#include <utility>

namespace tanzim::bodies {
namespace {

constexpr std::array<std::pair<Kind, std::string_view>, 13> kKinds{{
    {Kind::kGeneralSecretariat, "general_secretariat"},
    {Kind::kPoliticalBureau, "political_bureau"},
    {Kind::kNationalCouncil, "national_council"},
    {Kind::kParliamentaryGroup, "parliamentary_group"},
    {Kind::kPole, "pole"},
    {Kind::kRegionalSecretariat, "regional_secretariat"},
    {Kind::kProvincialSecretariat, "provincial_secretariat"},
    {Kind::kLocalSecretariat, "local_secretariat"},
    {Kind::kWomensOrganization, "womens_organization"},
    {Kind::kYouthOrganization, "youth_organization"},
    {Kind::kProfessionalsOrganization, "professionals_organization"},
    {Kind::kPreparatoryCommittee, "preparatory_committee"},
    {Kind::kCommittee, "committee"},
}};

constexpr std::array<std::pair<BodyStatus, std::string_view>, 4> kStatuses{{
    {BodyStatus::kPreparatory, "preparatory"},
    {BodyStatus::kFounded, "founded"},
    {BodyStatus::kActive, "active"},
    {BodyStatus::kDissolved, "dissolved"},
}};

constexpr std::array<std::pair<Role, std::string_view>, 6> kRoles{{
    {Role::kSecretary, "secretary"},
    {Role::kDeputySecretary, "deputy_secretary"},
    {Role::kTreasurer, "treasurer"},
    {Role::kRapporteur, "rapporteur"},
    {Role::kCoordinator, "coordinator"},
    {Role::kMember, "member"},
}};

template <typename E, size_t N>
std::string_view NameOf(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  const auto* it = std::find_if(table.begin(), table.end(),
                                [value](const auto& entry) { return entry.first == value; });
  return it == table.end() ? std::string_view() : it->second;
}

template <typename E, size_t N>
std::optional<E> Parse(const std::array<std::pair<E, std::string_view>, N>& table,
                       std::string_view name) {
  const auto* it = std::find_if(table.begin(), table.end(),
                                [name](const auto& entry) { return entry.second == name; });
  if (it == table.end()) return std::nullopt;
  return it->first;
}

}  // namespace

std::string_view KindName(Kind kind) { return NameOf(kKinds, kind); }
std::optional<Kind> ParseKind(std::string_view name) { return Parse(kKinds, name); }
std::string_view StatusName(BodyStatus status) { return NameOf(kStatuses, status); }
std::optional<BodyStatus> ParseStatus(std::string_view name) { return Parse(kStatuses, name); }
std::string_view RoleName(Role role) { return NameOf(kRoles, role); }
std::optional<Role> ParseRole(std::string_view name) { return Parse(kRoles, name); }

bool IsNational(Kind kind) {
  switch (kind) {
    case Kind::kGeneralSecretariat:
    case Kind::kPoliticalBureau:
    case Kind::kNationalCouncil:
    case Kind::kParliamentaryGroup:
    case Kind::kPole:
      return true;
    default:
      return false;
  }
}

bool IsSecretariat(Kind kind) {
  return kind == Kind::kRegionalSecretariat || kind == Kind::kProvincialSecretariat ||
         kind == Kind::kLocalSecretariat;
}

bool FitsTerritory(Kind kind, const std::optional<territory::Territory>& where) {
  if (IsNational(kind)) return !where;
  switch (kind) {
    case Kind::kRegionalSecretariat:
      return where && where->kind == territory::Kind::kRegion;
    case Kind::kProvincialSecretariat:
      return where && territory::IsProvinceLevel(where->kind);
    case Kind::kLocalSecretariat:
      return where && where->kind == territory::Kind::kCommune;
    default:
      return true;  // sector organizations and committees: any level
  }
}

Kind SecretariatFor(territory::Kind level) {
  switch (level) {
    case territory::Kind::kRegion:
      return Kind::kRegionalSecretariat;
    case territory::Kind::kProvince:
    case territory::Kind::kPrefecture:
      return Kind::kProvincialSecretariat;
    case territory::Kind::kCommune:
      return Kind::kLocalSecretariat;
  }
  return Kind::kLocalSecretariat;
}

bool IsExclusive(Role role) { return role == Role::kSecretary || role == Role::kTreasurer; }

}  // namespace tanzim::bodies
