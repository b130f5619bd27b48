#include "people/masking.h"

#include <gtest/gtest.h>

namespace tanzim::people {
namespace {

Person Sample() {
  Person p;
  p.id = 4;
  p.name_ar = "أمينة العلوي";
  p.birth_date = "1987-03-14";
  p.cin = "CD123456";
  p.phone = "+212612345678";
  p.email = "amina@example.ma";
  p.territory_code = "MA-MOU";
  return p;
}

TEST(MaskedTest, EverythingVisibleChangesNothing) {
  const Person p = Masked(Sample(), {.identity = true, .contact = true});
  EXPECT_EQ(p.cin, "CD123456");
  EXPECT_EQ(p.birth_date, "1987-03-14");
  EXPECT_EQ(p.phone, "+212612345678");
  EXPECT_EQ(p.email, "amina@example.ma");
}

TEST(MaskedTest, IdentityHiddenKeepsTheCinTailAndDropsTheBirthDate) {
  const Person p = Masked(Sample(), {.identity = false, .contact = true});
  EXPECT_EQ(p.cin, "••••••56");
  EXPECT_EQ(p.birth_date, std::nullopt);
  EXPECT_EQ(p.phone, "+212612345678");
  EXPECT_EQ(p.name_ar, "أمينة العلوي");
  EXPECT_EQ(p.territory_code, "MA-MOU");
}

TEST(MaskedTest, ContactHidden) {
  const Person p = Masked(Sample(), {.identity = true, .contact = false});
  EXPECT_EQ(p.phone, "•••••••••••78");
  EXPECT_EQ(p.email, "a•••@example.ma");
  EXPECT_EQ(p.cin, "CD123456");
}

TEST(MaskedTest, ShortAndOddValuesNeverShowMoreThanTheTail) {
  Person p = Sample();
  p.cin = "A";
  p.email = "@example.ma";
  p.phone = std::nullopt;
  const Person masked = Masked(p, {});
  EXPECT_EQ(masked.cin, "•");
  EXPECT_EQ(masked.email, "•••••••••••");
  EXPECT_EQ(masked.phone, std::nullopt);
  p.email = "éa@x.ma";  // a two-byte first character stays whole
  EXPECT_EQ(Masked(p, {}).email, "é•••@x.ma");
}

TEST(MaskedForTest, FollowsTheRole) {
  auth::Actor viewer;
  viewer.role = auth::Role::kViewer;
  EXPECT_EQ(MaskedFor(viewer, Sample()).cin, "••••••56");
  auth::Actor clerk;
  clerk.role = auth::Role::kClerk;
  EXPECT_EQ(MaskedFor(clerk, Sample()).cin, "CD123456");
}

}  // namespace
}  // namespace tanzim::people
