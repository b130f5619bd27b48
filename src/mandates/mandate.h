#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/patch.h"

namespace tanzim::mandates {

// An elected office outside the party (انتداب): a seat in parliament or on a
// regional, provincial or communal council, held by a person over [from, to].
struct Mandate {
  int64_t id = 0;
  int64_t person_id = 0;
  std::string institution;     // one of kInstitutions
  std::string territory_code;  // the council's territory, or the constituency's for parliament
  std::string role;            // one of kRoles
  std::optional<std::string> committee;     // for committee_chair: the committee's name
  std::optional<std::string> constituency;  // the electoral constituency, as written
  std::string from;                         // YYYY-MM-DD
  std::optional<std::string> to;            // YYYY-MM-DD; none while held
  std::string created_at;                   // RFC 3339 UTC
  std::string updated_at;
  // The holder's names, read from the people register, so that a list reads
  // without another call. Never written through a mandate.
  std::optional<std::string> name_ar;
  std::optional<std::string> name_latin;

  bool operator==(const Mandate&) const = default;
};

// What a client sends to create (absent = null) or to patch a mandate.
struct MandateDraft {
  Patch<std::string> institution;
  Patch<std::string> territory_code;
  Patch<std::string> role;
  Patch<std::string> committee;
  Patch<std::string> constituency;
  Patch<std::string> from;
  Patch<std::string> to;
};

inline constexpr std::array<std::string_view, 5> kInstitutions{
    "house_of_representatives", "house_of_councillors", "regional_council",
    "provincial_council",       "communal_council",
};

inline constexpr std::array<std::string_view, 4> kRoles{"member", "president", "vice_president",
                                                        "committee_chair"};

}  // namespace tanzim::mandates
