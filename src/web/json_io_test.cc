#include "web/json_io.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "web/http_types.h"

namespace tanzim::web {
namespace {

Result<nlohmann::json> Parse(std::string body) {
  Request request;
  request.body = std::move(body);
  return ParseJsonObject(request);
}

using Named = std::pair<std::string, std::string>;

// The one field a refusal names, and why.
Named Refusal(const Result<nlohmann::json>& parsed) {
  EXPECT_FALSE(parsed.ok());
  if (parsed.ok() || parsed.error().fields().size() != 1) return {};
  return {parsed.error().fields()[0].field, parsed.error().fields()[0].message_key};
}

TEST(ParseJsonObjectTest, ReadsAnObjectAsNlohmannWould) {
  const std::string body =
      R"({"s":"نونبر","n":-3,"u":18446744073709551615,"f":1.5,"b":true,"z":null,)"
      R"("a":[1,[2,{"x":"y"}],{}],"o":{"p":[]}})";
  const auto parsed = Parse(body);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(*parsed, nlohmann::json::parse(body));
  EXPECT_TRUE((*parsed)["u"].is_number_unsigned());
  EXPECT_TRUE((*parsed)["n"].is_number_integer());
}

TEST(ParseJsonObjectTest, RefusesAKeySaidTwiceInAnyObject) {
  EXPECT_EQ(Refusal(Parse(R"({"a":1,"b":2,"a":3})")), Named("a", "field.duplicate_key"));
  // Escapes are decoded before keys are compared.
  EXPECT_EQ(Refusal(Parse(R"({"phone":1,"ph\u006fne":2})")).first, "phone");
  EXPECT_EQ(Refusal(Parse(R"({"o":{"k":1,"k":{"x":1}}})")).first, "k");
  EXPECT_EQ(Refusal(Parse(R"({"a":[{"k":1},{"k":2,"k":3}]})")).first, "k");
  // The same key in two objects is no repeat.
  EXPECT_TRUE(Parse(R"({"k":{"k":1},"o":{"k":2}})").ok());
}

TEST(ParseJsonObjectTest, RefusesWhatIsNotOneFlatEnoughObject) {
  for (const char* bad : {"", "{", R"({"a":1,})", R"({"a":1} x)", R"({"a":1}{})", "{'a':1}",
                          R"({"a":01})", R"({"a":NaN})", R"({"a":"\ud800"})"}) {
    EXPECT_EQ(Refusal(Parse(bad)), Named("body", "field.invalid_json")) << bad;
  }
  for (const char* other : {"[]", "1", "\"x\"", "null", R"([{"a":1,"a":2}])"}) {
    EXPECT_EQ(Refusal(Parse(other)), Named("body", "field.not_object")) << other;
  }
  EXPECT_EQ(Refusal(Parse("\xC3\x28")), Named("body", "field.invalid_utf8"));
  // Four levels of containers are read, the fifth is refused.
  EXPECT_TRUE(Parse(R"({"a":{"b":[{"c":1}]}})").ok());
  EXPECT_EQ(Refusal(Parse(R"({"a":{"b":[{"c":[]}]}})")), Named("body", "field.invalid_json"));
  EXPECT_EQ(Refusal(Parse(std::string(100000, '['))), Named("body", "field.invalid_json"));
}

}  // namespace
}  // namespace tanzim::web
