// The entry every use case starts from, and the closed list of what entries
// are about.
#include "audit/audit.h"

#include <gtest/gtest.h>

namespace tanzim::audit {
namespace {

TEST(ObjectTypeTest, EveryTypeHasANameThatReadsBack) {
  for (const ObjectType type : kAllObjectTypes) {
    const std::string_view name = Name(type);
    ASSERT_FALSE(name.empty());
    EXPECT_EQ(ParseObjectType(name), type) << name;
  }
  EXPECT_EQ(Name(ObjectType::kConsentText), "consent_text");
}

TEST(ObjectTypeTest, EveryNamedTypeIsListed) {
  // Name() must name every enumerator (-Wswitch); kAllObjectTypes must hold them
  // all. 16 values stay within the enum's range (its enumerators need 4 bits).
  for (size_t i = 0; i < 16; ++i) {
    EXPECT_EQ(!Name(static_cast<ObjectType>(i)).empty(), i < kAllObjectTypes.size()) << i;
  }
}

TEST(ObjectTypeTest, NoOtherNameIsAType) {
  for (const std::string_view name : {"", "bodies", "Body", "body ", "person:12", "body/12"}) {
    EXPECT_FALSE(ParseObjectType(name)) << name;
  }
}

TEST(ChangeTest, NamesTheActionAfterTheTypeAndKeepsTheActor) {
  const auth::Actor admin{.user_id = 3, .login = "amina"};
  const Entry entry = Change(admin, ObjectType::kBody, 12, "found");
  EXPECT_EQ(entry.object_type, "body");
  EXPECT_EQ(entry.action, "body.found");
  EXPECT_EQ(entry.object_id, 12);
  EXPECT_EQ(entry.actor_id, 3);
  EXPECT_EQ(entry.actor_login, "amina");
  // The operator's command line has no account.
  const Entry operator_entry =
      Change(auth::Actor{.login = "tanzim"}, ObjectType::kSetting, 0, "update");
  EXPECT_FALSE(operator_entry.actor_id);
  EXPECT_EQ(operator_entry.action, "setting.update");
}

}  // namespace
}  // namespace tanzim::audit
