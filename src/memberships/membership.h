#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "territory/territory.h"

// A person's membership of the party, its history and its dues: the value
// types and the rules that need no storage (transitions, numbers, amounts).
namespace tanzim::memberships {

// applicant → active → suspended / lapsed / resigned / expelled; an applicant
// may also be rejected. "Current" is applicant, active or suspended.
enum class MembershipStatus {
  kApplicant,
  kActive,
  kSuspended,
  kLapsed,
  kResigned,
  kExpelled,
  kRejected
};

std::string_view StatusName(MembershipStatus status);
std::optional<MembershipStatus> ParseStatus(std::string_view name);

// The commands that move a membership from one status to another.
enum class Transition { kApprove, kReject, kSuspend, kReinstate, kResign, kExpel, kLapse };

std::string_view TransitionName(Transition transition);
std::optional<Transition> ParseTransition(std::string_view name);

// The status `transition` leads to from `from`, or nullopt when it is not allowed.
std::optional<MembershipStatus> NextStatus(MembershipStatus from, Transition transition);

// Suspending and expelling must say why.
bool RequiresReason(Transition transition);

struct Membership {
  int64_t id = 0;
  int64_t person_id = 0;
  int64_t body_id = 0;
  MembershipStatus status = MembershipStatus::kApplicant;
  std::optional<std::string> number;  // "03-MOU-2026-000042", from approval on
  std::string joined_on;              // YYYY-MM-DD, the application date
  std::optional<std::string> approved_on;
  std::optional<std::string> left_on;  // the day it last stopped being active
  std::optional<std::string> dues_paid_until;
  std::optional<std::string> territory_code;  // the body's; none for a national body
  std::string created_at;                     // RFC 3339 UTC
  std::string updated_at;
};

// One entry of a membership's history. Action "apply" is its creation.
struct MembershipEvent {
  int64_t id = 0;
  std::string action;
  std::string on;  // YYYY-MM-DD
  std::optional<std::string> reason;
  std::optional<int64_t> actor_id;
  std::string at;  // RFC 3339 UTC
};

struct DuesPayment {
  int64_t id = 0;
  int64_t membership_id = 0;
  int64_t amount_centimes = 0;
  std::string period_from;
  std::string period_to;
  std::string paid_on;
  std::optional<int64_t> actor_id;
  std::string created_at;
};

// A membership with its history, oldest first, and its dues payments.
struct MembershipDetail {
  Membership membership;
  std::vector<MembershipEvent> events;
  std::vector<DuesPayment> dues;
};

// The organization's settings (the `settings` table).
struct Settings {
  int dues_grace_days = 90;
};
inline constexpr int kDefaultDuesGraceDays = 90;
inline constexpr int kMaxDuesGraceDays = 3650;

// The prefix of the numbers given out in `year` to members of a body placed in
// `place` (none: a national body): "03-MOU-2026" for a commune or a province
// of MA-MOU in region MA-03, "03-REG-2026" for the region, "00-NAT-2026".
std::string NumberPrefix(const std::optional<territory::Territory>& place, int year);

// "03-MOU-2026" and 42 → "03-MOU-2026-000042".
std::string FormatNumber(std::string_view prefix, int64_t sequence);

// A positive amount of MAD written as decimal text with at most two decimals
// ("150", "150.5", "150.50") → centimes; nullopt for anything else, including
// signs, exponents, zero and amounts over kMaxAmountCentimes.
std::optional<int64_t> ParseAmountCentimes(std::string_view text);
inline constexpr int64_t kMaxAmountCentimes = int64_t{1'000'000'000};  // 10 million MAD

// 15050 → "150.50".
std::string FormatCentimes(int64_t centimes);

}  // namespace tanzim::memberships
