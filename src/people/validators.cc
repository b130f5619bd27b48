#include "people/validators.h"

#include <phonenumbers/phonenumberutil.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cstdint>

namespace tanzim::people {
namespace {

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiLetter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

// The national number of the usual writings "0612345678", "+212612345678" and
// "00212612345678" (spaces, dashes and dots allowed between digits), or 0 for
// anything else. Lets NormalizePhone skip PhoneNumberUtil::Parse, whose regular
// expressions cost about 20 µs a call (bulk loads validate a million numbers);
// the number is still checked by IsValidNumber, so the result is the same.
uint64_t PlainNationalNumber(std::string_view text) {
  if (text.empty()) return 0;
  std::string digits;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (IsAsciiDigit(c)) {
      digits.push_back(c);
    } else if (!(c == '+' && i == 0) && c != ' ' && c != '-' && c != '.') {
      return 0;
    }
  }
  std::string_view national(digits);
  if (text.front() == '+') {
    if (!national.starts_with("212")) return 0;
    national.remove_prefix(3);
  } else if (national.starts_with("00212")) {
    national.remove_prefix(5);
  } else if (national.starts_with("0")) {
    national.remove_prefix(1);
  } else {
    return 0;
  }
  if (national.size() != 9 || national.front() == '0') return 0;
  uint64_t number = 0;
  for (const char c : national) number = number * 10 + static_cast<uint64_t>(c - '0');
  return number;
}

// A Moroccan national number: nine digits, the first not 0.
constexpr uint64_t kFirstNational = 100'000'000;
constexpr uint64_t kBlockSize = 10'000;  // numbers sharing their first five digits
constexpr uint64_t kBlocks = 1'000'000'000 / kBlockSize;

// libphonenumber checks a number against its metadata's regular expressions
// (ICU's engine): about 10 µs for a valid number, most of what checking a person
// costs in a bulk import. Morocco's numbering plan assigns numbers in blocks of
// five leading digits, and every pattern of libphonenumber's metadata for +212
// (MA and EH) is such a prefix followed by any digits, so one answer holds for a
// whole block. Each block is asked once, at its first and its last number; a
// block whose two ends disagree (metadata that splits blocks) is asked number
// by number. validators_test pins the assumption against the installed library.
bool IsValidMoroccanNumber(const i18n::phonenumbers::PhoneNumber& number) {
  using i18n::phonenumbers::PhoneNumber;
  using i18n::phonenumbers::PhoneNumberUtil;
  enum Verdict : uint8_t { kUnknown, kValid, kInvalid, kMixed };
  static std::array<std::atomic<uint8_t>, kBlocks> verdicts{};  // zero: kUnknown

  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  const uint64_t national = number.national_number();
  if (national < kFirstNational || national >= kBlocks * kBlockSize ||
      number.italian_leading_zero()) {
    return util.IsValidNumber(number);
  }
  std::atomic<uint8_t>& verdict = verdicts[national / kBlockSize];
  uint8_t known = verdict.load(std::memory_order_relaxed);
  if (known == kUnknown) {
    // Two threads may both ask for a new block; they reach the same answer.
    const uint64_t first = national - national % kBlockSize;
    PhoneNumber probe;
    probe.set_country_code(number.country_code());
    probe.set_national_number(first);
    const bool first_valid = util.IsValidNumber(probe);
    probe.set_national_number(first + kBlockSize - 1);
    const bool last_valid = util.IsValidNumber(probe);
    known = first_valid != last_valid ? kMixed : first_valid ? kValid : kInvalid;
    verdict.store(known, std::memory_order_relaxed);
  }
  return known == kMixed ? util.IsValidNumber(number) : known == kValid;
}

}  // namespace

std::optional<std::string> NormalizeCin(std::string_view text) {
  std::string cin;
  for (const char c : text) {
    if (c == ' ') continue;
    if (!IsAsciiDigit(c) && !IsAsciiLetter(c)) return std::nullopt;
    cin.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  const auto first_digit = std::find_if(cin.begin(), cin.end(), IsAsciiDigit);
  const auto letters = first_digit - cin.begin();
  const auto digits = cin.end() - first_digit;
  if (letters < 1 || letters > 2 || digits < 1 || digits > 8) return std::nullopt;
  if (!std::all_of(first_digit, cin.end(), IsAsciiDigit)) return std::nullopt;
  return cin;
}

std::optional<std::string> NormalizePhone(std::string_view text) {
  if (text.empty() || text.size() > 40) return std::nullopt;
  // Moroccan numbers are never written with letters; libphonenumber would
  // read them as vanity digits or an extension marker.
  if (std::any_of(text.begin(), text.end(), IsAsciiLetter)) return std::nullopt;
  using i18n::phonenumbers::PhoneNumber;
  using i18n::phonenumbers::PhoneNumberUtil;
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  if (const uint64_t national = PlainNationalNumber(text); national != 0) {
    number.set_country_code(212);
    number.set_national_number(national);
  } else if (util.Parse(std::string(text), "MA", &number) != PhoneNumberUtil::NO_PARSING_ERROR) {
    return std::nullopt;
  }
  // An extension ("ext. 5") has no place in E.164: refuse rather than drop it.
  if (number.country_code() != 212 || number.has_extension() || !IsValidMoroccanNumber(number)) {
    return std::nullopt;
  }
  std::string e164;
  util.Format(number, PhoneNumberUtil::E164, &e164);
  return e164;
}

std::optional<std::string> NormalizeEmail(std::string_view text) {
  if (text.size() < 3 || text.size() > 254) return std::nullopt;
  const auto at = text.find('@');
  if (at == std::string_view::npos || at == 0 || at > 64 || text.find('@', at + 1) != text.npos) {
    return std::nullopt;
  }
  const std::string_view domain = text.substr(at + 1);
  const auto dot = domain.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 2 > domain.size() ||
      domain.find("..") != domain.npos) {
    return std::nullopt;
  }
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f || c == '<' || c == '>' || c == ',' || c == ';' || c == '"') {
      return std::nullopt;
    }
  }
  std::string email(text);
  std::transform(email.begin() + static_cast<long>(at), email.end(),
                 email.begin() + static_cast<long>(at),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return email;
}

std::optional<std::chrono::year_month_day> ParseDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto number = [&](size_t from, size_t count) -> std::optional<int> {
    int value = 0;
    for (size_t i = from; i < from + count; ++i) {
      if (!IsAsciiDigit(text[i])) return std::nullopt;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  const auto y = number(0, 4);
  const auto m = number(5, 2);
  const auto d = number(8, 2);
  if (!y || !m || !d) return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year(*y),
                                         std::chrono::month(static_cast<unsigned>(*m)),
                                         std::chrono::day(static_cast<unsigned>(*d))};
  if (!date.ok()) return std::nullopt;
  return date;
}

BirthDateCheck CheckBirthDate(std::string_view text, std::chrono::year_month_day today) {
  const auto date = ParseDate(text);
  if (!date || date->year() < std::chrono::year(1900)) return BirthDateCheck::kInvalid;
  if (*date > today) return BirthDateCheck::kFuture;
  return BirthDateCheck::kOk;
}

}  // namespace tanzim::people
