#include "web/target.h"

#include <gtest/gtest.h>

#include <string>

namespace tanzim::web {
namespace {

// The field a refused target names, or "" when it was read.
std::string Refusal(std::string_view target) {
  Request request;
  const Status parsed = ParseTarget(target, request);
  if (parsed.ok()) return "";
  const auto& fields = parsed.error().fields();
  return fields.empty() ? "?" : fields.front().field + " " + fields.front().message_key;
}

TEST(ParseTargetTest, DecodesPathAndQuery) {
  Request request;
  ASSERT_TRUE(
      ParseTarget("/api/v1/territories/MA%2DCAS?q=%D9%85%D8%AD%D9%85%D8%AF+x&limit=5&flag", request)
          .ok());
  EXPECT_EQ(request.path, "/api/v1/territories/MA-CAS");
  EXPECT_EQ(request.Query("q"), "محمد x");
  EXPECT_EQ(request.Query("limit"), "5");
  EXPECT_EQ(request.Query("flag"), "");
  EXPECT_EQ(request.Query("absent"), std::nullopt);
}

TEST(ParseTargetTest, KeepsWhatOnlyLooksSpecial) {
  Request request;
  ASSERT_TRUE(ParseTarget("/p?a=1&&b=x%3Dy%26z&c=%2B&", request).ok());
  EXPECT_EQ(request.query.size(), 3u);
  EXPECT_EQ(request.Query("b"), "x=y&z");
  EXPECT_EQ(request.Query("c"), "+");
  Request root;
  ASSERT_TRUE(ParseTarget("/", root).ok());
  EXPECT_EQ(root.path, "/");
  EXPECT_TRUE(root.query.empty());
}

TEST(ParseTargetTest, RefusesANulInsteadOfCuttingAtIt) {
  EXPECT_EQ(Refusal("/api/v1/people/1%00x"), "path field.text_invalid");
  EXPECT_EQ(Refusal("/api/v1/people?q=abc%00def"), "q field.text_invalid");
  EXPECT_EQ(Refusal("/api/v1/people?q=%00"), "q field.text_invalid");
  EXPECT_EQ(Refusal("/api/v1/people?q%00x=1"), "query field.text_invalid");
}

TEST(ParseTargetTest, NamesThePartAtFault) {
  EXPECT_EQ(Refusal("/api/v1/people?q=%FF"), "q field.invalid_utf8");
  EXPECT_EQ(Refusal("/api/v1/people?territory=%ED%A0%80"), "territory field.invalid_utf8");
  EXPECT_EQ(Refusal("/api/v1/people?%FF=1"), "query field.invalid_utf8");
  EXPECT_EQ(Refusal("/api/v1/people/%C3"), "path field.invalid_utf8");
  EXPECT_EQ(Refusal("/api/v1/people/1%2F2"), "path field.target_invalid");
  EXPECT_EQ(Refusal("/api/v1/people?cursor=%ZZ"), "target field.target_invalid");
  EXPECT_EQ(Refusal("/api/v1/people?q=\xFF"), "target field.target_invalid");
  EXPECT_EQ(Refusal("/api/v1/people?q=a b"), "target field.target_invalid");
  EXPECT_EQ(Refusal("http://example.org/api/v1/people"), "target field.target_invalid");
  EXPECT_EQ(Refusal("*"), "target field.target_invalid");
  EXPECT_EQ(Refusal(""), "target field.target_invalid");
}

TEST(ParseTargetTest, RefusesAParameterGivenTwice) {
  EXPECT_EQ(Refusal("/api/v1/people?territory=MA-CAS&territory=MA-RAB"),
            "territory field.repeated");
  // The same name however it is written.
  EXPECT_EQ(Refusal("/api/v1/people?limit=5&%6Cimit=6"), "limit field.repeated");
}

}  // namespace
}  // namespace tanzim::web
