// TOTP over HTTP: enrolment, confirmation, sign-in with a code, single use,
// drift, turning it off, the operator's reset and the organization's
// requirement. The server runs on the real clock, so codes are computed by
// liboath at the current time; the rules at exact times are tested in
// src/auth/totp_sign_in_test.cc.
#include <liboath/oath.h>

#include <array>
#include <cstdlib>
#include <ctime>

#include "web/testing/subprocess.h"
#include "web/testing/test_server.h"

namespace tanzim::web::testing {
namespace {

using nlohmann::json;
using Headers = std::vector<std::pair<std::string, std::string>>;

constexpr const char* kPassword = "a long passphrase";
const Headers kCsrf = {{"X-Tanzim-CSRF", "1"}};

std::string CookiePair(const HttpResponse& r) {
  const std::string set = r.Header("set-cookie");
  return set.substr(0, set.find(';'));
}

int64_t Step() { return static_cast<int64_t>(std::time(nullptr)) / 30; }

// The code of `secret` (raw bytes) at `step`, computed by liboath itself.
std::string CodeAt(const std::string& secret, int64_t step) {
  std::array<char, 7> out{};
  EXPECT_EQ(oath_totp_generate(secret.data(), secret.size(), static_cast<time_t>(step * 30), 30, 0,
                               6, out.data()),
            OATH_OK);
  return out.data();
}

class TotpApiTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    ASSERT_EQ(oath_init(), OATH_OK);
    for (const auto& [login, role, scope] :
         {std::tuple{"amina", "admin", std::optional<std::string>()},
          std::tuple{"karim", "secretary", std::optional<std::string>("MA-MOU")},
          std::tuple{"salma", "viewer", std::optional<std::string>("MA-MOU")}}) {
      ASSERT_TRUE(server_->app().accounts().AddUser(login, role, scope, kPassword).ok()) << login;
    }
  }

  HttpResponse SignIn(const std::string& login, const std::optional<std::string>& totp = {},
                      const std::string& password = kPassword) {
    json body = {{"login", login}, {"password", password}};
    if (totp) body["totp"] = *totp;
    return Post("/api/v1/session", {}, body.dump(), kCsrf);
  }
  std::string Session(const std::string& login, const std::optional<std::string>& totp = {}) {
    const auto r = SignIn(login, totp);
    EXPECT_EQ(r.status, 200) << r;
    return CookiePair(r);
  }
  HttpResponse WithCookie(const std::string& method, const std::string& target,
                          const std::string& cookie, const std::string& body = {},
                          Headers headers = kCsrf) {
    headers.emplace_back("Cookie", cookie);
    return server_->Call(method, target, {}, body, std::move(headers));
  }

  // Starts enrolment and returns the raw secret, decoded from the base32 the
  // response carries.
  std::string Enrol(const std::string& cookie) {
    const auto r = WithCookie("POST", "/api/v1/session/totp", cookie);
    EXPECT_EQ(r.status, 200) << r;
    const std::string base32 = r.Json().value("secret", "");
    char* raw = nullptr;
    size_t length = 0;
    EXPECT_EQ(oath_base32_decode(base32.data(), base32.size(), &raw, &length), OATH_OK);
    std::string secret(raw == nullptr ? "" : std::string(raw, length));
    std::free(raw);
    return secret;
  }
  HttpResponse Confirm(const std::string& cookie, const std::string& code) {
    return WithCookie("POST", "/api/v1/session/totp/confirm", cookie, json{{"totp", code}}.dump());
  }
  HttpResponse Disable(const std::string& cookie, const std::string& code) {
    return WithCookie("DELETE", "/api/v1/session/totp", cookie, json{{"totp", code}}.dump());
  }

  // Enrols and confirms `login`; returns the secret and the session that did it.
  std::pair<std::string, std::string> Enable(const std::string& login) {
    const std::string cookie = Session(login);
    const std::string secret = Enrol(cookie);
    const auto r = Confirm(cookie, CodeAt(secret, Step() - 1));
    EXPECT_EQ(r.status, 204) << r;
    return {secret, cookie};
  }

  std::string Count(const std::string& sql) { return QuerySqlite(server_->db_path(), sql); }
};

TEST_F(TotpApiTest, EnrolConfirmThenSignInNeedsEachCodeOnce) {
  const std::string cookie = Session("amina");
  const auto started = WithCookie("POST", "/api/v1/session/totp", cookie);
  ASSERT_EQ(started.status, 200) << started;
  const auto body = started.Json();
  EXPECT_EQ(body["secret"].get<std::string>().size(), 32U);
  EXPECT_TRUE(body["otpauth_uri"].get<std::string>().starts_with(
      "otpauth://totp/Tanzim:amina?secret=" + body["secret"].get<std::string>()));
  EXPECT_TRUE(body["qr_svg"].get<std::string>().starts_with("<svg "));
  EXPECT_EQ(started.Header("cache-control"), "no-store");
  // Not yet required.
  EXPECT_EQ(SignIn("amina").status, 200);

  const std::string secret = Enrol(cookie);
  const std::string code = CodeAt(secret, Step());
  EXPECT_TRUE(IsProblem(Confirm(cookie, code == "000000" ? "000001" : "000000"), 422, "totp"));
  EXPECT_TRUE(IsProblem(Confirm(cookie, "12345x"), 422, "totp"));
  EXPECT_TRUE(
      IsProblem(WithCookie("POST", "/api/v1/session/totp/confirm", cookie, "{}"), 422, "totp"));
  EXPECT_TRUE(IsProblem(WithCookie("POST", "/api/v1/session/totp/confirm", cookie, R"({"totp":1})"),
                        400, "totp"));
  EXPECT_TRUE(
      IsProblem(WithCookie("POST", "/api/v1/session/totp/confirm", cookie, R"({"totp":"1","x":2})"),
                400, "x"));
  EXPECT_EQ(Count("SELECT enabled FROM totp"), "0");
  const auto confirmed = Confirm(cookie, CodeAt(secret, Step() - 1));
  ASSERT_EQ(confirmed.status, 204) << confirmed;
  EXPECT_EQ(WithCookie("POST", "/api/v1/session/totp", cookie).status, 409);

  const std::string sessions = Count("SELECT count(*) FROM sessions");
  const auto missing = SignIn("amina");
  EXPECT_TRUE(IsProblem(missing, 401, "totp"));
  EXPECT_EQ(missing.Json()["errors"][0]["code"], "field.totp_required");
  // A wrong code answers exactly as a wrong password does.
  const auto wrong_code = SignIn("amina", code == "111111" ? "222222" : "111111");
  const auto wrong_password = SignIn("amina", std::nullopt, "not the password");
  EXPECT_TRUE(IsProblem(wrong_code, 401, "password"));
  EXPECT_EQ(wrong_code.body, wrong_password.body);
  EXPECT_EQ(Count("SELECT count(*) FROM sessions"), sessions) << "no session before every check";

  const auto in = SignIn("amina", CodeAt(secret, Step()));
  ASSERT_EQ(in.status, 200) << in;
  EXPECT_EQ(in.Json()["totp_enabled"], true);
  EXPECT_EQ(in.Json()["totp_enrolment_required"], false);
  EXPECT_EQ(WithCookie("GET", "/api/v1/session", CookiePair(in), {}, {}).Json()["totp_enabled"],
            true);
  // The same code again, as a replayed request would send it: refused.
  EXPECT_TRUE(IsProblem(SignIn("amina", CodeAt(secret, Step())), 401, "password"));
  // The next step's code (a phone 30 s fast) still works, once.
  const std::string next = CodeAt(secret, Step() + 1);
  EXPECT_EQ(SignIn("amina", next).status, 200);
  EXPECT_EQ(SignIn("amina", next).status, 401);
}

TEST_F(TotpApiTest, CodesOutsideTheDriftWindowAreRefused) {
  const auto [secret, cookie] = Enable("amina");
  EXPECT_EQ(SignIn("amina", CodeAt(secret, Step() - 4)).status, 401);
  EXPECT_EQ(SignIn("amina", CodeAt(secret, Step() + 3)).status, 401);
  EXPECT_EQ(SignIn("amina", CodeAt(secret, Step() + 1)).status, 200);
}

TEST_F(TotpApiTest, RoutesTakeOnlyASessionCookieAndAreCsrfChecked) {
  const std::string cookie = Session("amina");
  EXPECT_TRUE(IsProblem(server_->Call("POST", "/api/v1/session/totp", {}, {}, kCsrf), 401));
  EXPECT_TRUE(IsProblem(server_->Call("POST", "/api/v1/session/totp", Admin(), {}, kCsrf), 401));
  EXPECT_TRUE(
      IsProblem(WithCookie("POST", "/api/v1/session/totp", cookie, {}, {}), 403, "X-Tanzim-CSRF"));
  EXPECT_TRUE(IsProblem(WithCookie("POST", "/api/v1/session/totp", cookie, {},
                                   {{"X-Tanzim-CSRF", "1"}, {"Origin", "https://evil.example"}}),
                        403, "Origin"));
  EXPECT_TRUE(IsProblem(
      WithCookie("POST", "/api/v1/session/totp/confirm", "tanzim_session=" + std::string(43, 'A'),
                 json{{"totp", "123456"}}.dump()),
      401));
  EXPECT_EQ(Count("SELECT count(*) FROM totp"), "0");
  EXPECT_EQ(WithCookie("GET", "/api/v1/session/totp", cookie).status, 405);
}

TEST_F(TotpApiTest, DisableNeedsAFreshCodeAndEndsOtherSessions) {
  const auto [secret, cookie] = Enable("amina");
  const std::string other = Session("amina", CodeAt(secret, Step()));
  // The code just used cannot turn it off.
  EXPECT_TRUE(IsProblem(Disable(cookie, CodeAt(secret, Step())), 422, "totp"));
  EXPECT_EQ(Count("SELECT count(*) FROM totp"), "1");
  const auto off = Disable(cookie, CodeAt(secret, Step() + 1));
  ASSERT_EQ(off.status, 204) << off;
  EXPECT_EQ(WithCookie("GET", "/api/v1/session", cookie, {}, {}).status, 200);
  EXPECT_EQ(WithCookie("GET", "/api/v1/session", other, {}, {}).status, 401);
  EXPECT_EQ(SignIn("amina").status, 200);
  EXPECT_TRUE(IsProblem(Disable(cookie, CodeAt(secret, Step() + 1)), 422, "totp"));
}

TEST_F(TotpApiTest, TheOrganizationCanRequireItOfRolesThatSeeCins) {
  const std::string db = server_->db_path();
  const auto set = RunTanzim(server_->dir(), {"settings", "set", "--db", db,
                                              "security.totp_required_for_identity_roles", "true"});
  ASSERT_EQ(set.exit_code, 0) << set.err;
  EXPECT_EQ(RunTanzim(server_->dir(), {"settings", "set", "--db", db,
                                       "security.totp_required_for_identity_roles", "yes"})
                .exit_code,
            1);

  // The secretary sees CINs: signed in, but restricted to enrolment.
  const auto in = SignIn("karim");
  ASSERT_EQ(in.status, 200) << in;
  EXPECT_EQ(in.Json()["totp_enrolment_required"], true);
  const std::string cookie = CookiePair(in);
  const auto people = WithCookie("GET", "/api/v1/people", cookie, {}, {});
  EXPECT_TRUE(IsProblem(people, 403, "totp"));
  EXPECT_EQ(people.Json()["errors"][0]["code"], "field.totp_enrolment_required");
  EXPECT_TRUE(IsProblem(WithCookie("GET", "/api/v1/session", cookie, {}, {}), 403, "totp"));
  EXPECT_TRUE(IsProblem(WithCookie("POST", "/api/v1/people", cookie, PersonJson("AB100001").dump()),
                        403, "totp"));
  EXPECT_EQ(Count("SELECT count(*) FROM people"), "0");
  // The viewer sees no CIN: unaffected. Bearer tokens are the operator's and unaffected too.
  EXPECT_EQ(WithCookie("GET", "/api/v1/people", Session("salma"), {}, {}).status, 200);
  EXPECT_EQ(Get("/api/v1/people", SecretaryMou()).status, 200);

  // Enrolling from the restricted session lifts the restriction.
  const std::string secret = Enrol(cookie);
  ASSERT_EQ(Confirm(cookie, CodeAt(secret, Step())).status, 204);
  EXPECT_EQ(WithCookie("GET", "/api/v1/people", cookie, {}, {}).status, 200);
  EXPECT_EQ(SignIn("karim", CodeAt(secret, Step() + 1)).Json()["totp_enrolment_required"], false);

  // The operator's reset for a lost phone: TOTP gone, sessions ended, restricted again.
  const auto reset = RunTanzim(server_->dir(), {"user", "totp-reset", "--db", db, "karim"});
  ASSERT_EQ(reset.exit_code, 0) << reset.err;
  EXPECT_EQ(WithCookie("GET", "/api/v1/people", cookie, {}, {}).status, 401);
  EXPECT_EQ(SignIn("karim").Json()["totp_enrolment_required"], true);
  EXPECT_EQ(RunTanzim(server_->dir(), {"user", "totp-reset", "--db", db, "nobody"}).exit_code, 1);
  // Signing out still works for a restricted session.
  const std::string restricted = Session("karim");
  EXPECT_EQ(WithCookie("DELETE", "/api/v1/session", restricted).status, 204);
}

}  // namespace
}  // namespace tanzim::web::testing
