// The rules of memberships that need no store: transitions, numbers, amounts.
#include "memberships/membership.h"

#include <gtest/gtest.h>

#include <map>

namespace tanzim::memberships {
namespace {

using S = MembershipStatus;
using T = Transition;

TEST(MembershipRulesTest, EveryLegalTransitionAndNothingElse) {
  const std::map<std::pair<S, T>, S> legal{
      {{S::kApplicant, T::kApprove}, S::kActive},  {{S::kApplicant, T::kReject}, S::kRejected},
      {{S::kActive, T::kSuspend}, S::kSuspended},  {{S::kSuspended, T::kReinstate}, S::kActive},
      {{S::kLapsed, T::kReinstate}, S::kActive},   {{S::kActive, T::kResign}, S::kResigned},
      {{S::kSuspended, T::kResign}, S::kResigned}, {{S::kActive, T::kExpel}, S::kExpelled},
      {{S::kSuspended, T::kExpel}, S::kExpelled},  {{S::kActive, T::kLapse}, S::kLapsed},
  };
  const S statuses[] = {S::kApplicant, S::kActive,   S::kSuspended, S::kLapsed,
                        S::kResigned,  S::kExpelled, S::kRejected};
  const T transitions[] = {T::kApprove, T::kReject, T::kSuspend, T::kReinstate,
                           T::kResign,  T::kExpel,  T::kLapse};
  int allowed = 0;
  for (const S from : statuses) {
    for (const T t : transitions) {
      const auto it = legal.find({from, t});
      const auto next = NextStatus(from, t);
      if (it == legal.end()) {
        EXPECT_FALSE(next) << StatusName(from) << " " << TransitionName(t);
      } else {
        ++allowed;
        EXPECT_EQ(next, it->second) << StatusName(from) << " " << TransitionName(t);
      }
    }
  }
  EXPECT_EQ(allowed, 10);
}

TEST(MembershipRulesTest, NamesRoundTrip) {
  for (const char* name :
       {"applicant", "active", "suspended", "lapsed", "resigned", "expelled", "rejected"}) {
    ASSERT_TRUE(ParseStatus(name)) << name;
    EXPECT_EQ(StatusName(*ParseStatus(name)), name);
  }
  for (const char* name :
       {"approve", "reject", "suspend", "reinstate", "resign", "expel", "lapse"}) {
    ASSERT_TRUE(ParseTransition(name)) << name;
    EXPECT_EQ(TransitionName(*ParseTransition(name)), name);
  }
  EXPECT_FALSE(ParseStatus("Active"));
  EXPECT_FALSE(ParseStatus(""));
  EXPECT_FALSE(ParseTransition("delete"));
}

TEST(MembershipRulesTest, OnlySuspendAndExpelRequireAReason) {
  EXPECT_TRUE(RequiresReason(T::kSuspend));
  EXPECT_TRUE(RequiresReason(T::kExpel));
  for (const T t : {T::kApprove, T::kReject, T::kReinstate, T::kResign, T::kLapse}) {
    EXPECT_FALSE(RequiresReason(t)) << TransitionName(t);
  }
}

territory::Territory Place(const char* code, territory::Kind kind, const char* path) {
  territory::Territory t;
  t.code = code;
  t.kind = kind;
  t.path = path;
  return t;
}

TEST(MembershipRulesTest, NumberPrefixNamesRegionAndProvince) {
  using territory::Kind;
  EXPECT_EQ(NumberPrefix(Place("MA-MOU-AIN", Kind::kCommune, "/MA-03/MA-MOU/MA-MOU-AIN/"), 2026),
            "03-MOU-2026");
  EXPECT_EQ(NumberPrefix(Place("MA-MOU", Kind::kProvince, "/MA-03/MA-MOU/"), 2026), "03-MOU-2026");
  EXPECT_EQ(NumberPrefix(Place("MA-RAB", Kind::kPrefecture, "/MA-04/MA-RAB/"), 2027),
            "04-RAB-2027");
  EXPECT_EQ(NumberPrefix(Place("MA-03", Kind::kRegion, "/MA-03/"), 2026), "03-REG-2026");
  EXPECT_EQ(NumberPrefix(std::nullopt, 2026), "00-NAT-2026");
}

TEST(MembershipRulesTest, NumbersHaveSixDigitSequences) {
  EXPECT_EQ(FormatNumber("03-MOU-2026", 42), "03-MOU-2026-000042");
  EXPECT_EQ(FormatNumber("00-NAT-2026", 1), "00-NAT-2026-000001");
  EXPECT_EQ(FormatNumber("03-MOU-2026", 999999), "03-MOU-2026-999999");
  EXPECT_EQ(FormatNumber("03-MOU-2026", 1000000), "03-MOU-2026-1000000");  // still unique
}

TEST(MembershipRulesTest, AmountsAreDecimalTextWithAtMostTwoDecimals) {
  EXPECT_EQ(ParseAmountCentimes("150"), 15000);
  EXPECT_EQ(ParseAmountCentimes("150.5"), 15050);
  EXPECT_EQ(ParseAmountCentimes("150.50"), 15050);
  EXPECT_EQ(ParseAmountCentimes("0.07"), 7);
  EXPECT_EQ(ParseAmountCentimes("0.1"), 10);
  EXPECT_EQ(ParseAmountCentimes("19.99"), 1999);
  EXPECT_EQ(ParseAmountCentimes("150.0"), 15000);  // how nlohmann writes 150.0
  EXPECT_EQ(ParseAmountCentimes("10000000"), kMaxAmountCentimes);
  for (const char* bad : {"", "0", "0.00", "-1", "+1", "1.234", "1.", ".5", "1e3", "1e+21", "1,5",
                          " 1", "1 ", "abc", "10000000.01", "99999999999", "1.2.3"}) {
    EXPECT_FALSE(ParseAmountCentimes(bad)) << '"' << bad << '"';
  }
}

TEST(MembershipRulesTest, CentimesPrintWithTwoDecimals) {
  EXPECT_EQ(FormatCentimes(15050), "150.50");
  EXPECT_EQ(FormatCentimes(7), "0.07");
  EXPECT_EQ(FormatCentimes(100), "1.00");
}

}  // namespace
}  // namespace tanzim::memberships
