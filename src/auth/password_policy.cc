#include "auth/password_policy.h"

#include <sodium.h>

#include <stdexcept>
#include <unordered_set>

#include "i18n/text.h"

namespace tanzim::auth {

// Embedded from auth/data/common_passwords.txt by CMake.
std::string_view CommonPasswordsText();

namespace {

// The list, parsed once; views point into the embedded text.
const std::unordered_set<std::string_view>& CommonPasswords() {
  static const auto* set = [] {
    auto* out = new std::unordered_set<std::string_view>();
    std::string_view text = CommonPasswordsText();
    out->reserve(10'000);
    while (!text.empty()) {
      const size_t end = std::min(text.find('\n'), text.size());
      const std::string_view line = text.substr(0, end);
      if (!line.empty() && line.front() != '#') out->insert(line);
      text.remove_prefix(std::min(end + 1, text.size()));
    }
    return out;
  }();
  return *set;
}

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// The letters of `text`: ASCII letters lower-cased, every non-ASCII byte
// (Arabic letters, accented ones) kept as it is, ASCII digits, punctuation and
// spaces dropped. "Amina.Secretary 2026!" gives "aminasecretary".
std::string Letters(std::string_view text) {
  std::string out;
  for (const char c : AsciiLower(text)) {
    if ((c >= 'a' && c <= 'z') || static_cast<unsigned char>(c) >= 0x80) out += c;
  }
  return out;
}

// Whether `letters` is `word` once or several times over.
bool IsWordRepeated(std::string_view letters, std::string_view word) {
  if (word.empty() || letters.empty() || letters.size() % word.size() != 0) return false;
  for (size_t at = 0; at < letters.size(); at += word.size()) {
    if (letters.substr(at, word.size()) != word) return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> PasswordProblem(std::string_view password, std::string_view login) {
  const auto length = i18n::CodePointCount(password);
  if (!length) return "field.password_invalid_utf8";
  if (*length < kMinPasswordCodePoints || *length > kMaxPasswordCodePoints) {
    return "field.password_length";
  }
  if (CommonPasswords().contains(AsciiLower(password))) return "field.password_common";
  const std::string letters = Letters(password);
  if (IsWordRepeated(letters, Letters(login))) return "field.password_context";
  for (const std::string_view word : kContextWords) {
    if (IsWordRepeated(letters, word)) return "field.password_context";
  }
  return std::nullopt;
}

Result<std::string> HashPassword(std::string_view password) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialize");
  std::string hash(crypto_pwhash_STRBYTES, '\0');
  if (crypto_pwhash_str_alg(hash.data(), password.data(), password.size(), kPasswordOpsLimit,
                            kPasswordMemLimit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Error::Internal("argon2id hashing ran out of memory");
  }
  hash.resize(hash.find('\0'));
  return hash;
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  const std::string terminated(hash);  // libsodium reads a C string
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

bool NeedsRehash(std::string_view hash) {
  const std::string terminated(hash);
  // -1 (not an argon2id string we can read) also asks for a new hash.
  return crypto_pwhash_str_needs_rehash(terminated.c_str(), kPasswordOpsLimit, kPasswordMemLimit) !=
         0;
}

}  // namespace tanzim::auth
