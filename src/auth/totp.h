#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace tanzim::auth {

// TOTP as every authenticator app reads it (RFC 6238): HMAC-SHA1, 30-second
// steps counted from the Unix epoch, 6 digits. liboath computes the codes.
inline constexpr int64_t kTotpStepSeconds = 30;
inline constexpr unsigned kTotpDigits = 6;
inline constexpr size_t kTotpSecretBytes = 20;  // 160 bits, RFC 4226's recommendation
// Steps accepted on either side of the current one, for a phone's clock drift.
inline constexpr int64_t kTotpWindow = 1;
// The issuer an authenticator app shows beside the login.
inline constexpr std::string_view kTotpIssuer = "Tanzim";

// A new secret: kTotpSecretBytes from libsodium's CSPRNG.
std::string NewTotpSecret();

// `secret` in RFC 4648 base32 without padding, as otpauth URIs and manual
// entry in an app expect it.
std::string TotpBase32(std::string_view secret);

// The otpauth://totp/ URI of `secret` for `login` (Key Uri Format of Google
// Authenticator), label and issuer percent-encoded.
std::string TotpUri(std::string_view login, std::string_view secret);

// The time step of `unix_seconds`.
int64_t TotpStep(int64_t unix_seconds);

// Whether `code` looks like a code: exactly kTotpDigits ASCII digits.
bool TotpCodeWellFormed(std::string_view code);

// The step, within kTotpWindow of the step of `unix_seconds` and later than
// `after_step`, whose code is `code`; nullopt when none is (a wrong code, a
// code already used, or one too old or too new). Codes are compared in
// constant time.
std::optional<int64_t> MatchTotp(std::string_view secret, std::string_view code,
                                 int64_t unix_seconds, int64_t after_step);

// A QR code of `text` as a standalone SVG document: one path of dark modules
// on a white square with the 4-module quiet zone, error correction level M.
// `text` is encoded in the modules, never written into the markup.
// kInternal when libqrencode cannot encode it (too long).
Result<std::string> QrSvg(std::string_view text);

}  // namespace tanzim::auth
