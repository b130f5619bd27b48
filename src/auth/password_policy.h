#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

// Passwords: what is accepted (NIST SP 800-63B / OWASP: length, no composition
// rules, no common passwords) and how they are kept (argon2id via libsodium).
namespace tanzim::auth {

inline constexpr size_t kMinPasswordCodePoints = 8;
inline constexpr size_t kMaxPasswordCodePoints = 128;

// argon2id with t = 2 passes over m = 64 MiB, one lane: libsodium's
// "interactive" limits, above OWASP's floor (m = 19 MiB, t = 2, p = 1).
// Raising them makes every older hash rehash at its owner's next sign-in.
inline constexpr uint64_t kPasswordOpsLimit = 2;
inline constexpr size_t kPasswordMemLimit = size_t{64} << 20;

// The message key of the first rule the password of `login` breaks, nullopt
// when it is acceptable: field.password_invalid_utf8, field.password_length
// (8–128 code points), field.password_common (one of the 10,000 most common
// passwords of data/common_passwords.txt, compared without regard to ASCII
// case) or field.password_context (its letters, without digits, punctuation,
// spaces or ASCII case, are those of the login or of a kContextWords entry,
// once or repeated: "Amina.Secretary2026!" for amina.secretary, "Tanzim123").
std::optional<std::string> PasswordProblem(std::string_view password, std::string_view login);

// Words that name this application, refused as passwords (V6.2.11). The
// organization's own name is not known to the code; a deployment that wants
// it refused adds it here.
inline constexpr std::array<std::string_view, 2> kContextWords = {"tanzim", "تنظيم"};

// The argon2id string of `password` with the parameters above.
Result<std::string> HashPassword(std::string_view password);

// True when `password` matches the argon2id string `hash`.
bool VerifyPassword(std::string_view hash, std::string_view password);

// True when `hash` was made with other parameters than the current ones.
bool NeedsRehash(std::string_view hash);

}  // namespace tanzim::auth
