#include "core/result.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/error.h"

namespace tanzim {
namespace {

TEST(ResultTest, HoldsValue) {
  Result<int> r = 42;
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(static_cast<bool>(r));
  EXPECT_EQ(r.value(), 42);
  EXPECT_EQ(*r, 42);
}

TEST(ResultTest, HoldsError) {
  Result<int> r = Error::NotFound();
  ASSERT_FALSE(r.ok());
  EXPECT_FALSE(static_cast<bool>(r));
  EXPECT_EQ(r.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(r.error().message_key(), "error.not_found");
  EXPECT_TRUE(r.error().fields().empty());
}

TEST(ResultTest, ArrowReachesMembers) {
  Result<std::string> r = std::string("tanzim");
  EXPECT_EQ(r->size(), 6u);
}

TEST(ResultTest, MovesOutMoveOnlyValues) {
  Result<std::unique_ptr<int>> r = std::make_unique<int>(7);
  ASSERT_TRUE(r.ok());
  std::unique_ptr<int> p = std::move(r).value();
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(*p, 7);
}

TEST(ResultTest, MovesOutError) {
  Result<int> r = Error::Invalid("cin", "field.cin_invalid");
  Error e = std::move(r).error();
  EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(e.fields(), (std::vector<FieldError>{{"cin", "field.cin_invalid"}}));
}

TEST(StatusTest, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_TRUE(Status::Ok().ok());
  EXPECT_TRUE(static_cast<bool>(Status::Ok()));
}

TEST(StatusTest, CarriesError) {
  Status s = Error::Denied();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(s.error().message_key(), "error.forbidden");
}

struct ShorthandCase {
  const char* name;
  Error error;
  ErrorCode code;
  const char* message_key;
  std::vector<FieldError> fields;
};

TEST(ErrorTest, Shorthands) {
  const ShorthandCase cases[] = {
      {"invalid",
       Error::Invalid("phone", "field.phone_invalid"),
       ErrorCode::kInvalidArgument,
       "error.invalid",
       {{"phone", "field.phone_invalid"}}},
      {"malformed",
       Error::Malformed("body", "field.invalid_json"),
       ErrorCode::kMalformed,
       "error.malformed",
       {{"body", "field.invalid_json"}}},
      {"not_found", Error::NotFound(), ErrorCode::kNotFound, "error.not_found", {}},
      {"denied", Error::Denied(), ErrorCode::kPermissionDenied, "error.forbidden", {}},
      {"internal", Error::Internal("disk on fire"), ErrorCode::kInternal, "error.internal", {}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(c.error.code(), c.code);
    EXPECT_EQ(c.error.message_key(), c.message_key);
    EXPECT_EQ(c.error.fields(), c.fields);
  }
}

TEST(ErrorTest, InternalKeepsDetailForTheLogOnly) {
  const Error e = Error::Internal("SELECT failed: no such table");
  EXPECT_EQ(e.log_detail(), "SELECT failed: no such table");
  EXPECT_EQ(e.message_key(), "error.internal");
  EXPECT_TRUE(e.fields().empty());
  EXPECT_TRUE(Error::NotFound().log_detail().empty());
}

TEST(ErrorTest, KeepsAllFieldErrorsInOrder) {
  const Error e(ErrorCode::kInvalidArgument, "error.invalid",
                {{"name_ar", "field.name_required"}, {"name_latin", "field.name_required"}});
  ASSERT_EQ(e.fields().size(), 2u);
  EXPECT_EQ(e.fields()[0].field, "name_ar");
  EXPECT_EQ(e.fields()[1].field, "name_latin");
}

// Helpers exercising TANZIM_RETURN_IF_ERROR with both kinds of result.
int side_effects = 0;

Status FailWith(ErrorCode code) { return Error(code, "error.test"); }
Result<int> ResultOf(bool ok) {
  if (ok) return 5;
  return Error(ErrorCode::kConflict, "error.conflict");
}

Status PassesStatusThrough(bool fail) {
  if (fail) TANZIM_RETURN_IF_ERROR(FailWith(ErrorCode::kUnavailable));
  TANZIM_RETURN_IF_ERROR(Status::Ok());
  ++side_effects;
  return Status::Ok();
}

Result<std::string> PassesResultThrough(bool ok) {
  TANZIM_RETURN_IF_ERROR(ResultOf(ok));
  ++side_effects;
  return std::string("reached");
}

TEST(ReturnIfErrorTest, ReturnsEarlyOnFailure) {
  side_effects = 0;
  Status s = PassesStatusThrough(true);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code(), ErrorCode::kUnavailable);
  EXPECT_EQ(s.error().message_key(), "error.test");
  EXPECT_EQ(side_effects, 0);

  Result<std::string> r = PassesResultThrough(false);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), ErrorCode::kConflict);
  EXPECT_EQ(side_effects, 0);
}

TEST(ReturnIfErrorTest, ContinuesOnSuccess) {
  side_effects = 0;
  EXPECT_TRUE(PassesStatusThrough(false).ok());
  Result<std::string> r = PassesResultThrough(true);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "reached");
  EXPECT_EQ(side_effects, 2);
}

}  // namespace
}  // namespace tanzim
