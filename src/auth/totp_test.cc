#include "auth/totp.h"

#include <gtest/gtest.h>
#include <liboath/oath.h>
#include <uriparser/Uri.h>

#include <array>
#include <string>

namespace tanzim::auth {
namespace {

// RFC 6238 appendix B: the SHA-1 seed, and the 8-digit codes at its times;
// the 6-digit code is the last six digits of each.
constexpr std::string_view kRfcSecret = "12345678901234567890";

// The code of `secret` at `unix_seconds`, computed by liboath directly.
std::string Code(std::string_view secret, int64_t unix_seconds) {
  std::array<char, 7> out{};
  EXPECT_EQ(oath_init(), OATH_OK);
  EXPECT_EQ(oath_totp_generate(secret.data(), secret.size(), static_cast<time_t>(unix_seconds), 30,
                               0, 6, out.data()),
            OATH_OK);
  return out.data();
}

TEST(TotpTest, MatchesTheRfc6238Vectors) {
  EXPECT_EQ(Code(kRfcSecret, 59), "287082");
  EXPECT_EQ(Code(kRfcSecret, 1111111109), "081804");
  EXPECT_EQ(Code(kRfcSecret, 2000000000), "279037");
  EXPECT_EQ(MatchTotp(kRfcSecret, "287082", 59, 0), 1);
  EXPECT_EQ(MatchTotp(kRfcSecret, "081804", 1111111109, 0), 1111111109 / 30);
  EXPECT_EQ(MatchTotp(kRfcSecret, "279037", 2000000000, 0), 2000000000 / 30);
}

TEST(TotpTest, AcceptsOneStepOfDriftEitherWayAndNoMore) {
  const int64_t now = 1'800'000'000;
  const int64_t step = now / 30;
  for (int64_t drift : {-1, 0, 1}) {
    EXPECT_EQ(MatchTotp(kRfcSecret, Code(kRfcSecret, now + drift * 30), now, 0), step + drift)
        << drift;
  }
  for (int64_t drift : {-3, -2, 2, 3}) {
    EXPECT_EQ(MatchTotp(kRfcSecret, Code(kRfcSecret, now + drift * 30), now, 0), std::nullopt)
        << drift;
  }
}

TEST(TotpTest, RefusesStepsAlreadyUsed) {
  const int64_t now = 1'800'000'000;
  const int64_t step = now / 30;
  const std::string code = Code(kRfcSecret, now);
  EXPECT_EQ(MatchTotp(kRfcSecret, code, now, step - 1), step);
  EXPECT_EQ(MatchTotp(kRfcSecret, code, now, step), std::nullopt);
  EXPECT_EQ(MatchTotp(kRfcSecret, code, now, step + 1), std::nullopt);
  // The previous step's code is too old once a later one was used.
  EXPECT_EQ(MatchTotp(kRfcSecret, Code(kRfcSecret, now - 30), now, step), std::nullopt);
}

TEST(TotpTest, RefusesMalformedCodesAndOtherSecrets) {
  const int64_t now = 1'800'000'000;
  const std::string code = Code(kRfcSecret, now);
  EXPECT_EQ(MatchTotp("another secret of 20b", code, now, 0), std::nullopt);
  EXPECT_EQ(MatchTotp("", code, now, 0), std::nullopt);
  for (const char* bad : {"", "12345", "1234567", "12345a", " 12345", "１２３４５６", "12 456"}) {
    EXPECT_FALSE(TotpCodeWellFormed(bad)) << bad;
    EXPECT_EQ(MatchTotp(kRfcSecret, bad, now, 0), std::nullopt) << bad;
  }
  EXPECT_TRUE(TotpCodeWellFormed("000000"));
  // A code with a trailing NUL or more is not the code.
  EXPECT_EQ(MatchTotp(kRfcSecret, code + std::string(1, '\0'), now, 0), std::nullopt);
}

TEST(TotpTest, SecretsAreRandomAndEncodeAsBase32) {
  const std::string a = NewTotpSecret();
  const std::string b = NewTotpSecret();
  EXPECT_EQ(a.size(), kTotpSecretBytes);
  EXPECT_NE(a, b);
  EXPECT_EQ(TotpBase32(kRfcSecret), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  EXPECT_EQ(TotpBase32(a).size(), 32U);  // 160 bits, no padding
}

TEST(TotpTest, UriEncodesTheLabel) {
  EXPECT_EQ(TotpUri("amina", kRfcSecret),
            "otpauth://totp/Tanzim:amina?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Tanzim"
            "&algorithm=SHA1&digits=6&period=30");
  const std::string hostile = TotpUri("a&secret=X#\"<svg>/ أمينة", kRfcSecret);
  EXPECT_TRUE(hostile.starts_with(
      "otpauth://totp/Tanzim:a%26secret%3DX%23%22%3Csvg%3E%2F%20%D8%A3%D9%85%D9%8A%D9%86%D8%A9"
      "?secret=GEZ"))
      << hostile;
}

TEST(TotpTest, UriLabelKeepsUnreservedCharactersAndEscapesEveryOtherByte) {
  // Reserved characters, a space (%20, never '+'), a literal '+' and '%', and Arabic letters.
  const std::string login = "Amina.El-Idrissi_~ 1+1=2?%:@/ أمينة";
  const std::string uri = TotpUri(login, kRfcSecret);
  const std::string prefix = "otpauth://totp/Tanzim:";
  EXPECT_TRUE(uri.starts_with(prefix + "Amina.El-Idrissi_~%201%2B1%3D2%3F%25%3A%40%2F%20"
                                       "%D8%A3%D9%85%D9%8A%D9%86%D8%A9?secret=GEZ"))
      << uri;
  // The label decodes back to the login, byte for byte.
  std::string label = uri.substr(prefix.size(), uri.find('?') - prefix.size());
  label.resize(uriUnescapeInPlaceExA(label.data(), URI_FALSE, URI_BR_DONT_TOUCH) - label.data());
  EXPECT_EQ(label, login);
  // No login holds a NUL byte (AccountServiceTest.AddUserValidatesEveryField), so the
  // label needs no case for one.
  EXPECT_TRUE(TotpUri("", kRfcSecret).starts_with(prefix + "?secret="));
}

TEST(TotpTest, QrSvgHoldsModulesNotText) {
  const std::string uri = TotpUri("<script>alert(1)</script>", kRfcSecret);
  auto svg = QrSvg(uri);
  ASSERT_TRUE(svg.ok());
  EXPECT_TRUE(svg->starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "));
  EXPECT_TRUE(svg->ends_with("\"/></svg>"));
  EXPECT_EQ(svg->find("script"), std::string::npos);
  EXPECT_EQ(svg->find("otpauth"), std::string::npos);
  EXPECT_EQ(svg->find("GEZ"), std::string::npos);
  // The one path's data holds only moves and unit squares.
  const size_t d = svg->find(" d=\"");
  ASSERT_NE(d, std::string::npos);
  const std::string path =
      svg->substr(d + 4, svg->size() - d - 4 - std::string("\"/></svg>").size());
  EXPECT_FALSE(path.empty());
  EXPECT_EQ(path.find_first_not_of("M0123456789 hv1-z"), std::string::npos) << path;
  // Text too long for any QR code is an error, not a crash.
  EXPECT_FALSE(QrSvg(std::string(8000, 'x')).ok());
}

}  // namespace
}  // namespace tanzim::auth
