#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/patch.h"
#include "territory/territory.h"

// Personal-data rights (issue #4): the consent ledger, the export of what is
// held on a person, erasure and the retention rule.
namespace tanzim::privacy {

// How a consent was given or withdrawn.
inline constexpr std::array<std::string_view, 5> kChannels{"paper", "web", "phone", "in_person",
                                                           "import"};

// One published version of the text a person consents to for a purpose.
// Published texts never change; a new wording is the purpose's next version.
struct ConsentText {
  int64_t id = 0;
  std::string purpose;  // lower-case ASCII: "membership_data", "contact", …
  int64_t version = 0;  // 1, 2, … per purpose
  std::string text_ar;
  std::string text_fr;
  std::string text_en;
  std::string published_at;  // RFC 3339 UTC
};

struct ConsentTextDraft {
  Patch<std::string> purpose;
  Patch<std::string> text_ar;
  Patch<std::string> text_fr;
  Patch<std::string> text_en;
};

// One entry of a person's consent ledger: which text, when, through which
// channel, and when and how it was withdrawn.
struct Consent {
  int64_t id = 0;
  int64_t person_id = 0;
  int64_t text_id = 0;
  std::string purpose;  // of the text, for readers
  int64_t version = 0;
  std::string channel;
  std::string given_at;
  std::optional<int64_t> given_by;  // users.id; none: the operator
  std::optional<std::string> withdrawn_at;
  std::optional<std::string> withdrawal_channel;
  std::optional<int64_t> withdrawn_by;
};

struct ConsentDraft {
  Patch<int64_t> text_id;
  Patch<std::string> channel;
};

// What access decisions about a person need: where they live, and whether
// they were erased.
struct PersonRef {
  int64_t id = 0;
  territory::Territory place;
  std::optional<std::string> erased_at;
};

// The retention rule's setting (key of the settings table) and its default.
inline constexpr const char* kRetentionYearsKey = "retention.former_member_years";
inline constexpr int64_t kDefaultRetentionYears = 5;
inline constexpr int64_t kMaxRetentionYears = 100;

// What a retention run did.
struct RetentionReport {
  int64_t years = 0;  // the setting it ran with; 0: the rule is off
  int64_t erased = 0;
};

}  // namespace tanzim::privacy
