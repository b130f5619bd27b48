#include "core/json_writer.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

namespace tanzim {
namespace {

std::string Quoted(std::string_view value) {
  std::string out;
  JsonWriter(out).String(value);
  return out;
}

TEST(JsonWriterTest, PlacesCommasAndColonsInNestedContainers) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  w.Key("items");
  w.BeginArray();
  w.Int(1);
  w.Int(-2);
  w.BeginObject();
  w.Key("b");
  w.Null();
  w.Key("e");
  w.BeginArray();
  w.EndArray();
  w.EndObject();
  w.BeginObject();
  w.EndObject();
  w.EndArray();
  w.Key("next_cursor");
  w.StringOrNull(std::nullopt);
  w.Key("name");
  w.StringOrNull("x");
  w.EndObject();
  EXPECT_EQ(out, R"({"items":[1,-2,{"b":null,"e":[]},{}],"next_cursor":null,"name":"x"})");
}

TEST(JsonWriterTest, WritesTheWholeInt64Range) {
  std::string out;
  JsonWriter w(out);
  w.BeginArray();
  w.Int(std::numeric_limits<int64_t>::min());
  w.Int(0);
  w.Int(std::numeric_limits<int64_t>::max());
  w.EndArray();
  EXPECT_EQ(out, "[-9223372036854775808,0,9223372036854775807]");
}

TEST(JsonWriterTest, EscapesQuotesBackslashesAndEveryControlCharacter) {
  EXPECT_EQ(Quoted(R"(a "b" \c)"), R"("a \"b\" \\c")");
  EXPECT_EQ(Quoted("\n\r\t\b\f"), R"("\n\r\t\b\f")");
  EXPECT_EQ(Quoted(std::string("\0\x01\x1f", 3)), R"("\u0000\u0001\u001f")");
  std::string controls;
  for (int c = 0; c < 0x20; ++c) controls += static_cast<char>(c);
  controls += "\x7f</script>";
  EXPECT_EQ(nlohmann::json::parse(Quoted(controls)).get<std::string>(), controls);
}

TEST(JsonWriterTest, KeepsWellFormedUtf8AsItIs) {
  const std::string text = "مبارك التوزاني — Mbarek Touzani ⵣ 😀";
  EXPECT_EQ(Quoted(text), "\"" + text + "\"");
}

TEST(JsonWriterTest, ReplacesIllFormedUtf8SoTheAnswerStaysValid) {
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(Quoted("a\xC3"), "\"a" + fffd + "\"");  // truncated sequence
  EXPECT_EQ(Quoted("\xFF"
                   "b"),
            "\"" + fffd + "b\"");                            // never a UTF-8 byte
  EXPECT_EQ(Quoted("\xC0\xAF"), "\"" + fffd + fffd + "\"");  // overlong '/'
  // A UTF-16 surrogate written as UTF-8: not a character.
  const std::string surrogate = Quoted("\xED\xA0\x80");
  EXPECT_NO_THROW(nlohmann::json::parse(surrogate));
  EXPECT_EQ(surrogate.find('\xED'), std::string::npos);
}

// Whatever the bytes, the output parses, and well-formed text survives the trip.
TEST(JsonWriterTest, AnyBytesGiveJsonThatParses) {
  // Pieces that matter to an encoder: plain text, what must be escaped, characters of
  // two to four bytes, and bytes or sequences that are not UTF-8.
  const std::vector<std::string> pieces = {"a",
                                           " ",
                                           "\"",
                                           "\\",
                                           "/",
                                           "\n",
                                           std::string(1, '\0'),
                                           "\x1f",
                                           "\x7f",
                                           "م",
                                           "ⵣ",
                                           "😀",
                                           "\xFF",
                                           "\xC3",
                                           "\x80",
                                           "\xE2\x82",
                                           "\xF0\x9F\x98",
                                           "\xED\xA0\x80",
                                           "\xC0\xAF"};
  std::mt19937 random(20261130);
  std::uniform_int_distribution<size_t> piece(0, pieces.size() - 1);
  std::uniform_int_distribution<int> length(0, 12);
  for (int round = 0; round < 5000; ++round) {
    std::string bytes;
    for (int n = length(random); n > 0; --n) bytes += pieces[piece(random)];
    const std::string json = Quoted(bytes);
    nlohmann::json parsed;
    ASSERT_NO_THROW(parsed = nlohmann::json::parse(json)) << json;
    // nlohmann's strict dump throws on ill-formed UTF-8; where it does not, the
    // trip must give the input back unchanged.
    bool well_formed = true;
    try {
      (void)nlohmann::json(bytes).dump();
    } catch (const nlohmann::json::type_error&) {
      well_formed = false;
    }
    if (well_formed) {
      EXPECT_EQ(parsed.get<std::string>(), bytes);
    }
  }
}

}  // namespace
}  // namespace tanzim
