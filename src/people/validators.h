#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

// Checks and normal forms of the identifying fields of a person. Each returns
// the stored form, or nullopt when the input is not acceptable.
namespace tanzim::people {

// Moroccan national ID card (CIN): one or two letters then up to 8 digits,
// spaces ignored, letters upper-cased: "ab 123456" → "AB123456".
std::optional<std::string> NormalizeCin(std::string_view text);

// Any usual writing of a Moroccan number ("06 12 34 56 78", "+212612345678",
// "00212 6-12-34-56-78") → E.164 "+212612345678", checked with libphonenumber.
std::optional<std::string> NormalizePhone(std::string_view text);

// A plausible address: local@domain.tld, no spaces, at most 254 bytes; the
// domain is lower-cased. (Deliverability is only proven by sending.)
std::optional<std::string> NormalizeEmail(std::string_view text);

// A real calendar date written YYYY-MM-DD (1985-02-30 is refused).
std::optional<std::chrono::year_month_day> ParseDate(std::string_view text);

// A birth date: a real date, not after `today` and not before 1900-01-01.
enum class BirthDateCheck { kOk, kInvalid, kFuture };
BirthDateCheck CheckBirthDate(std::string_view text, std::chrono::year_month_day today);

}  // namespace tanzim::people
