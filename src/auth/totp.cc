#include "auth/totp.h"

#include <liboath/oath.h>
#include <qrencode.h>
#include <sodium.h>

#include <array>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "core/percent_encoding.h"

namespace tanzim::auth {
namespace {

void InitOath() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (oath_init() != OATH_OK) throw std::runtime_error("liboath failed to initialize");
  });
}

}  // namespace

std::string NewTotpSecret() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialize");
  std::string secret(kTotpSecretBytes, '\0');
  randombytes_buf(secret.data(), secret.size());
  return secret;
}

std::string TotpBase32(std::string_view secret) {
  InitOath();
  char* encoded = nullptr;
  size_t length = 0;
  if (oath_base32_encode(secret.data(), secret.size(), &encoded, &length) != OATH_OK) {
    throw std::runtime_error("oath_base32_encode failed");
  }
  std::string out(encoded, length);
  std::free(encoded);
  while (!out.empty() && out.back() == '=') out.pop_back();
  return out;
}

std::string TotpUri(std::string_view login, std::string_view secret) {
  const std::string issuer = PercentEncode(kTotpIssuer);
  return "otpauth://totp/" + issuer + ":" + PercentEncode(login) + "?secret=" + TotpBase32(secret) +
         "&issuer=" + issuer + "&algorithm=SHA1&digits=" + std::to_string(kTotpDigits) +
         "&period=" + std::to_string(kTotpStepSeconds);
}

int64_t TotpStep(int64_t unix_seconds) {
  // Floor division: a clock before 1970 is nonsense, but must not crash.
  return unix_seconds >= 0 ? unix_seconds / kTotpStepSeconds
                           : -((-unix_seconds + kTotpStepSeconds - 1) / kTotpStepSeconds);
}

bool TotpCodeWellFormed(std::string_view code) {
  if (code.size() != kTotpDigits) return false;
  for (const char c : code) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::optional<int64_t> MatchTotp(std::string_view secret, std::string_view code,
                                 int64_t unix_seconds, int64_t after_step) {
  if (!TotpCodeWellFormed(code) || secret.empty()) return std::nullopt;
  InitOath();
  const int64_t now_step = TotpStep(unix_seconds);
  std::optional<int64_t> matched;
  for (int64_t step = now_step - kTotpWindow; step <= now_step + kTotpWindow; ++step) {
    if (step <= after_step || step < 0) continue;
    std::array<char, kTotpDigits + 1> expected{};
    if (oath_totp_generate(secret.data(), secret.size(),
                           static_cast<time_t>(step * kTotpStepSeconds),
                           static_cast<unsigned>(kTotpStepSeconds), OATH_TOTP_DEFAULT_START_TIME,
                           kTotpDigits, expected.data()) != OATH_OK) {
      return std::nullopt;
    }
    // Every step is computed and compared, so timing says nothing of which matched.
    if (sodium_memcmp(expected.data(), code.data(), kTotpDigits) == 0 && !matched) matched = step;
  }
  return matched;
}

Result<std::string> QrSvg(std::string_view text) {
  const std::string data(text);
  std::unique_ptr<QRcode, decltype(&QRcode_free)> qr(
      QRcode_encodeString8bit(data.c_str(), 0, QR_ECLEVEL_M), &QRcode_free);
  if (qr == nullptr) return Error::Internal("libqrencode could not encode the otpauth URI");
  constexpr int kQuiet = 4;
  const int width = qr->width;
  const int size = width + 2 * kQuiet;
  std::string svg =
      R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 )" + std::to_string(size) + " " +
      std::to_string(size) +
      R"(" shape-rendering="crispEdges"><rect width="100%" height="100%" fill="#fff"/>)"
      R"(<path fill="#000" d=")";
  for (int y = 0; y < width; ++y) {
    for (int x = 0; x < width; ++x) {
      // Bit 0 of each module byte: 1 is dark.
      if ((qr->data[y * width + x] & 1) == 0) continue;
      svg += 'M';
      svg += std::to_string(x + kQuiet);
      svg += ' ';
      svg += std::to_string(y + kQuiet);
      svg += "h1v1h-1z";
    }
  }
  svg += "\"/></svg>";
  return svg;
}

}  // namespace tanzim::auth
