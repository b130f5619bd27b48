#include "memberships/membership.h"

#include <array>
#include <cstdio>
#include <utility>

namespace tanzim::memberships {
namespace {

constexpr std::array<std::pair<MembershipStatus, std::string_view>, 7> kStatusNames{{
    {MembershipStatus::kApplicant, "applicant"},
    {MembershipStatus::kActive, "active"},
    {MembershipStatus::kSuspended, "suspended"},
    {MembershipStatus::kLapsed, "lapsed"},
    {MembershipStatus::kResigned, "resigned"},
    {MembershipStatus::kExpelled, "expelled"},
    {MembershipStatus::kRejected, "rejected"},
}};

constexpr std::array<std::pair<Transition, std::string_view>, 7> kTransitionNames{{
    {Transition::kApprove, "approve"},
    {Transition::kReject, "reject"},
    {Transition::kSuspend, "suspend"},
    {Transition::kReinstate, "reinstate"},
    {Transition::kResign, "resign"},
    {Transition::kExpel, "expel"},
    {Transition::kLapse, "lapse"},
}};

// The code after the country prefix: "MA-03" → "03", "MA-MOU" → "MOU".
std::string_view Suffix(std::string_view code) {
  const auto dash = code.find('-');
  return dash == std::string_view::npos ? code : code.substr(dash + 1);
}

}  // namespace

std::string_view StatusName(MembershipStatus status) {
  for (const auto& [s, name] : kStatusNames) {
    if (s == status) return name;
  }
  return "applicant";
}

std::optional<MembershipStatus> ParseStatus(std::string_view name) {
  for (const auto& [s, n] : kStatusNames) {
    if (n == name) return s;
  }
  return std::nullopt;
}

std::string_view TransitionName(Transition transition) {
  for (const auto& [t, name] : kTransitionNames) {
    if (t == transition) return name;
  }
  return "approve";
}

std::optional<Transition> ParseTransition(std::string_view name) {
  for (const auto& [t, n] : kTransitionNames) {
    if (n == name) return t;
  }
  return std::nullopt;
}

std::optional<MembershipStatus> NextStatus(MembershipStatus from, Transition transition) {
  using S = MembershipStatus;
  switch (transition) {
    case Transition::kApprove:
      if (from == S::kApplicant) return S::kActive;
      break;
    case Transition::kReject:
      if (from == S::kApplicant) return S::kRejected;
      break;
    case Transition::kSuspend:
      if (from == S::kActive) return S::kSuspended;
      break;
    case Transition::kReinstate:
      if (from == S::kSuspended || from == S::kLapsed) return S::kActive;
      break;
    case Transition::kResign:
      if (from == S::kActive || from == S::kSuspended) return S::kResigned;
      break;
    case Transition::kExpel:
      if (from == S::kActive || from == S::kSuspended) return S::kExpelled;
      break;
    case Transition::kLapse:
      if (from == S::kActive) return S::kLapsed;
      break;
  }
  return std::nullopt;
}

bool RequiresReason(Transition transition) {
  return transition == Transition::kSuspend || transition == Transition::kExpel;
}

std::string NumberPrefix(const std::optional<territory::Territory>& place, int year) {
  std::string prefix;
  if (!place) {
    prefix = "00-NAT";
  } else {
    // "/MA-03/MA-MOU/MA-MOU-AIN/" → segments "MA-03", "MA-MOU", …
    std::vector<std::string_view> segments;
    std::string_view path(place->path);
    size_t start = 0;
    while (start < path.size()) {
      const size_t end = path.find('/', start);
      const size_t stop = end == std::string_view::npos ? path.size() : end;
      if (stop > start) segments.push_back(path.substr(start, stop - start));
      start = stop + 1;
    }
    if (segments.empty()) segments.push_back(place->code);
    prefix = std::string(Suffix(segments[0])) + "-" +
             (segments.size() == 1 ? std::string("REG") : std::string(Suffix(segments[1])));
  }
  std::array<char, 8> year_text{};
  std::snprintf(year_text.data(), year_text.size(), "%04d", year);
  return prefix + "-" + year_text.data();
}

std::string FormatNumber(std::string_view prefix, int64_t sequence) {
  std::array<char, 24> digits{};
  std::snprintf(digits.data(), digits.size(), "%06lld", static_cast<long long>(sequence));
  return std::string(prefix) + "-" + digits.data();
}

std::optional<int64_t> ParseAmountCentimes(std::string_view text) {
  const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  const size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view fraction =
      dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  if (whole.empty() || whole.size() > 10) return std::nullopt;
  if (dot != std::string_view::npos && (fraction.empty() || fraction.size() > 2)) {
    return std::nullopt;
  }
  int64_t centimes = 0;
  for (const char c : whole) {
    if (!is_digit(c)) return std::nullopt;
    centimes = centimes * 10 + (c - '0');
  }
  for (size_t i = 0; i < 2; ++i) {
    const char c = i < fraction.size() ? fraction[i] : '0';
    if (!is_digit(c)) return std::nullopt;
    centimes = centimes * 10 + (c - '0');
  }
  if (centimes <= 0 || centimes > kMaxAmountCentimes) return std::nullopt;
  return centimes;
}

std::string FormatCentimes(int64_t centimes) {
  std::array<char, 32> text{};
  std::snprintf(text.data(), text.size(), "%lld.%02lld", static_cast<long long>(centimes / 100),
                static_cast<long long>(centimes % 100));
  return text.data();
}

}  // namespace tanzim::memberships
