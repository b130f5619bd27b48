#include "people/validators.h"

#include <gtest/gtest.h>
#include <phonenumbers/phonenumberutil.h>

#include <cstdint>
#include <string>

namespace tanzim::people {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;
using std::chrono::year_month_day;

struct Case {
  std::string input;
  std::optional<std::string> expected;  // nullopt: refused
};

TEST(NormalizeCinTest, Table) {
  const Case kCases[] = {
      {"AB123456", "AB123456"},
      {"ab123456", "AB123456"},
      {"ab 123456", "AB123456"},
      {" bk 634 201 ", "BK634201"},
      {"A1", "A1"},
      {"X1234567", "X1234567"},
      {"AB12345678", "AB12345678"},  // eight digits at most
      {"AB123456789", std::nullopt},
      {"ABC123", std::nullopt},  // three letters
      {"123456", std::nullopt},  // no letter
      {"AB", std::nullopt},      // no digit
      {"", std::nullopt},
      {"   ", std::nullopt},
      {"A-123456", std::nullopt},
      {"AB12C34", std::nullopt},  // a letter among the digits
      {"123AB", std::nullopt},
      {"\tAB123", std::nullopt},  // only plain spaces are ignored
      {"ÀB123", std::nullopt},    // not ASCII
      {"ب123456", std::nullopt},  // Arabic letter
      {"AB١٢٣", std::nullopt},    // Arabic-Indic digits
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(NormalizeCin(c.input), c.expected) << '"' << c.input << '"';
  }
}

TEST(NormalizePhoneTest, MoroccanWritingsBecomeE164) {
  const Case kCases[] = {
      {"06 12 34 56 78", "+212612345678"},
      {"0612345678", "+212612345678"},
      {"06-12-34-56-78", "+212612345678"},
      {"06.12.34.56.78", "+212612345678"},
      {"(06) 12 34 56 78", "+212612345678"},
      {"+212612345678", "+212612345678"},
      {"+212 6 12 34 56 78", "+212612345678"},
      {"+212 (0)6 12 34 56 78", "+212612345678"},
      {"00212612345678", "+212612345678"},
      {"00212 6-12-34-56-78", "+212612345678"},
      {"612345678", "+212612345678"},
      {"٠٦١٢٣٤٥٦٧٨", "+212612345678"},  // Arabic-Indic digits
      {"07 00 11 22 33", "+212700112233"},
      {"05 22 12 34 56", "+212522123456"},  // Casablanca landline
      {"0537 12 34 56", "+212537123456"},   // Rabat landline
      {"+212 5 22 12 34 56", "+212522123456"},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(NormalizePhone(c.input), c.expected) << '"' << c.input << '"';
  }
}

TEST(NormalizePhoneTest, RefusesWhatIsNotAMoroccanNumber) {
  const char* const kBad[] = {
      "",
      "abc",
      "12345",
      "06 12 34 56",   // too short
      "06123456789",   // too long
      "+33612345678",  // French mobile
      "0033612345678",
      "0012125550123",       // United States
      "+212 1 23 45 67 89",  // no such Moroccan range
      "01 23 45 67 89",
      "0612345678abc",
      "06 12 34 56 7a",
      "0612345678 0612345678 0612345678 0612345678",  // over 40 bytes
      "0612345678 ext. 5",                            // an extension cannot be stored as E.164
      "+212612345678x",
  };
  for (const char* text : kBad) {
    EXPECT_EQ(NormalizePhone(text), std::nullopt) << '"' << text << '"';
  }
}

// NormalizePhone asks libphonenumber once per block of five leading digits, at
// the block's two ends (see validators.cc). Against the installed library, asked
// number by number: one number inside every block, its sixth to ninth digits
// varying from block to block, so that a block split by a later change of the
// metadata shows here. (Every number of every block would take minutes under
// AddressSanitizer.)
TEST(NormalizePhoneTest, AgreesWithLibphonenumberInsideEveryBlock) {
  using i18n::phonenumbers::PhoneNumber;
  using i18n::phonenumbers::PhoneNumberUtil;
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  number.set_country_code(212);
  int valid = 0;
  int disagreements = 0;
  for (uint64_t block = 10'000; block < 100'000; ++block) {
    const uint64_t national = block * 10'000 + 1 + (block * 7'919) % 9'998;  // not an end
    number.set_national_number(national);
    const std::string digits = std::to_string(national);
    const std::optional<std::string> expected =
        util.IsValidNumber(number) ? std::optional("+212" + digits) : std::nullopt;
    const std::optional<std::string> got = NormalizePhone("0" + digits);
    valid += expected.has_value();
    if (got != expected && ++disagreements <= 10) {
      ADD_FAILURE() << "0" << digits << ": got " << got.value_or("a refusal")
                    << ", the library says " << expected.value_or("invalid");
    }
  }
  EXPECT_EQ(disagreements, 0);
  EXPECT_GT(valid, 10'000);  // the loop did reach the valid ranges
}

TEST(NormalizeEmailTest, Table) {
  const std::string long_local(65, 'a');
  const std::string long_domain = "a@" + std::string(250, 'b') + ".ma";  // 255 bytes
  const Case kCases[] = {
      {"amina@example.ma", "amina@example.ma"},
      {"Amina.Alaoui@Example.MA", "Amina.Alaoui@example.ma"},  // only the domain is lowered
      {"a+tag@sub.example.co.ma", "a+tag@sub.example.co.ma"},
      {"a@b.ma", "a@b.ma"},
      {std::string(64, 'a') + "@example.ma", std::string(64, 'a') + "@example.ma"},
      {"", std::nullopt},
      {"amina", std::nullopt},
      {"@example.ma", std::nullopt},
      {"amina@", std::nullopt},
      {"amina@example", std::nullopt},  // no dot in the domain
      {"amina@.ma", std::nullopt},
      {"amina@example.ma.", std::nullopt},
      {"amina@exa..mple.ma", std::nullopt},
      {"a@b@example.ma", std::nullopt},
      {"amina @example.ma", std::nullopt},
      {" amina@example.ma", std::nullopt},
      {"amina@example.ma\n", std::nullopt},
      {"<amina@example.ma>", std::nullopt},
      {"amina,b@example.ma", std::nullopt},
      {"amina;b@example.ma", std::nullopt},
      {"\"amina\"@example.ma", std::nullopt},
      {"ami\x7Fna@example.ma", std::nullopt},
      {long_local + "@example.ma", std::nullopt},  // local part over 64
      {long_domain, std::nullopt},                 // over 254 bytes
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(NormalizeEmail(c.input), c.expected) << '"' << c.input << '"';
  }
}

TEST(ParseDateTest, RealCalendarDatesOnly) {
  struct DateCase {
    const char* text;
    std::optional<year_month_day> expected;
  };
  const DateCase kCases[] = {
      {"1985-02-28", year_month_day{year(1985), month(2), day(28)}},
      {"2024-02-29", year_month_day{year(2024), month(2), day(29)}},  // leap year
      {"2000-02-29", year_month_day{year(2000), month(2), day(29)}},  // divisible by 400
      {"1999-12-31", year_month_day{year(1999), month(12), day(31)}},
      {"1985-02-30", std::nullopt},
      {"2023-02-29", std::nullopt},  // not a leap year
      {"1900-02-29", std::nullopt},  // divisible by 100, not by 400
      {"1985-04-31", std::nullopt},
      {"1985-13-01", std::nullopt},
      {"1985-00-10", std::nullopt},
      {"1985-01-00", std::nullopt},
      {"1985-1-01", std::nullopt},
      {"85-01-01", std::nullopt},
      {"1985/01/01", std::nullopt},
      {"01-01-1985", std::nullopt},
      {"1985-01-01T00:00:00Z", std::nullopt},
      {" 1985-01-01", std::nullopt},
      {"1985-01-0a", std::nullopt},
      {"+985-01-01", std::nullopt},
      {"1985-+1-01", std::nullopt},
      {"", std::nullopt},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(ParseDate(c.text), c.expected) << c.text;
  }
}

TEST(CheckBirthDateTest, RefusesFutureAndTooOldDates) {
  const year_month_day today{year(2025), month(6), day(15)};
  struct BirthCase {
    const char* text;
    BirthDateCheck expected;
  };
  const BirthCase kCases[] = {
      {"1985-02-28", BirthDateCheck::kOk},      {"2024-02-29", BirthDateCheck::kOk},
      {"2025-06-15", BirthDateCheck::kOk},  // born today
      {"1900-01-01", BirthDateCheck::kOk},      {"2025-06-16", BirthDateCheck::kFuture},
      {"2026-01-01", BirthDateCheck::kFuture},  {"1899-12-31", BirthDateCheck::kInvalid},
      {"1985-02-30", BirthDateCheck::kInvalid}, {"2023-02-29", BirthDateCheck::kInvalid},
      {"yesterday", BirthDateCheck::kInvalid},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(CheckBirthDate(c.text, today), c.expected) << c.text;
  }
}

}  // namespace
}  // namespace tanzim::people
