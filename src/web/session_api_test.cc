// Browser sign-in over HTTP: the cookie, the session's end, CSRF refusals,
// throttling and the transport headers a TLS proxy turns on.
#include <chrono>

#include "web/testing/test_server.h"

namespace tanzim::web::testing {
namespace {

constexpr const char* kPassword = "a long passphrase";
using Headers = std::vector<std::pair<std::string, std::string>>;

// "name=value" of a Set-Cookie header, what a browser sends back.
std::string CookiePair(const HttpResponse& r) {
  const std::string set = r.Header("set-cookie");
  return set.substr(0, set.find(';'));
}

class SessionApiTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    ASSERT_TRUE(server_->app().accounts().AddUser("amina", "admin", std::nullopt, kPassword).ok());
  }

  HttpResponse SignIn(const std::string& login, const std::string& password,
                      Headers headers = {{"X-Tanzim-CSRF", "1"}}) {
    return Post("/api/v1/session", {},
                nlohmann::json{{"login", login}, {"password", password}}.dump(),
                std::move(headers));
  }
  // The cookie of a fresh session of amina; fails the test otherwise.
  std::string Session() {
    const auto r = SignIn("amina", kPassword);
    EXPECT_EQ(r.status, 200) << r;
    return CookiePair(r);
  }
  HttpResponse WithCookie(const std::string& method, const std::string& target,
                          const std::string& cookie, Headers headers = {},
                          const std::string& body = {}) {
    headers.emplace_back("Cookie", cookie);
    return server_->Call(method, target, {}, body, std::move(headers));
  }
  int64_t People() {
    return std::stoll(QuerySqlite(server_->db_path(), "SELECT count(*) FROM people"));
  }
};

TEST_F(SessionApiTest, SignInSetsAnHttpOnlyStrictCookieThatAuthenticates) {
  const auto r = SignIn("amina", kPassword);
  ASSERT_EQ(r.status, 200) << r;
  const std::string set = r.Header("set-cookie");
  // Plain HTTP (no trusted TLS proxy): no __Host- prefix, which needs Secure.
  EXPECT_TRUE(set.starts_with("tanzim_session=")) << set;
  EXPECT_NE(set.find("; Path=/"), std::string::npos) << set;
  EXPECT_NE(set.find("; HttpOnly"), std::string::npos) << set;
  EXPECT_NE(set.find("; SameSite=Strict"), std::string::npos) << set;
  EXPECT_EQ(set.find("Secure"), std::string::npos) << set;
  EXPECT_EQ(CookiePair(r).size(), std::string("tanzim_session=").size() + 43);
  EXPECT_EQ(r.Json()["login"], "amina");
  EXPECT_EQ(r.Json()["role"], "admin");
  EXPECT_TRUE(r.Json()["expires_at"].is_string());
  EXPECT_EQ(r.Header("strict-transport-security"), "");

  const std::string cookie = CookiePair(r);
  const auto me = WithCookie("GET", "/api/v1/session", cookie);
  ASSERT_EQ(me.status, 200) << me;
  EXPECT_EQ(me.Json()["login"], "amina");
  EXPECT_EQ(WithCookie("GET", "/api/v1/people", cookie).status, 200);
  EXPECT_EQ(WithCookie("GET", "/api/v1/people", "tanzim_session=" + std::string(43, 'A')).status,
            401);
  // A bearer caller has no session end.
  const auto bearer = Get("/api/v1/session", Admin());
  ASSERT_EQ(bearer.status, 200) << bearer;
  EXPECT_TRUE(bearer.Json()["expires_at"].is_null());
}

TEST_F(SessionApiTest, SignOutEndsTheSessionOnTheServer) {
  const std::string cookie = Session();
  const auto out = WithCookie("DELETE", "/api/v1/session", cookie, {{"X-Tanzim-CSRF", "1"}});
  ASSERT_EQ(out.status, 204) << out;
  EXPECT_NE(out.Header("set-cookie").find("Max-Age=0"), std::string::npos);
  // The old cookie, replayed as a stolen copy would be, is dead.
  EXPECT_TRUE(IsProblem(WithCookie("GET", "/api/v1/people", cookie), 401));
  EXPECT_EQ(WithCookie("DELETE", "/api/v1/session", cookie, {{"X-Tanzim-CSRF", "1"}}).status, 204);
  // Signing out is CSRF-checked too: a cross-site page cannot sign the user out.
  const std::string other = Session();
  EXPECT_TRUE(IsProblem(WithCookie("DELETE", "/api/v1/session", other), 403, "X-Tanzim-CSRF"));
  EXPECT_EQ(WithCookie("GET", "/api/v1/session", other).status, 200);
}

TEST_F(SessionApiTest, SignInIssuesANewIdAndEndsTheOldOne) {
  const std::string before = Session();
  const auto again = WithCookie("POST", "/api/v1/session", before, {{"X-Tanzim-CSRF", "1"}},
                                nlohmann::json{{"login", "amina"}, {"password", kPassword}}.dump());
  ASSERT_EQ(again.status, 200) << again;
  const std::string after = CookiePair(again);
  EXPECT_NE(after, before);
  EXPECT_EQ(WithCookie("GET", "/api/v1/session", before).status, 401);
  EXPECT_EQ(WithCookie("GET", "/api/v1/session", after).status, 200);
}

TEST_F(SessionApiTest, PasswordChangeAndDisablingEndSessions) {
  const std::string cookie = Session();
  ASSERT_TRUE(server_->app().accounts().ChangePassword("amina", "a new long passphrase").ok());
  EXPECT_EQ(WithCookie("GET", "/api/v1/session", cookie).status, 401);
  EXPECT_EQ(SignIn("amina", kPassword).status, 401);
  const auto fresh = SignIn("amina", "a new long passphrase");
  ASSERT_EQ(fresh.status, 200) << fresh;
  ASSERT_TRUE(server_->app().accounts().Disable("amina").ok());
  EXPECT_EQ(WithCookie("GET", "/api/v1/session", CookiePair(fresh)).status, 401);
  EXPECT_TRUE(IsProblem(SignIn("amina", "a new long passphrase"), 401, "password"));
}

TEST_F(SessionApiTest, UsersChangeTheirOwnPasswordFromTheirSession) {
  const std::string cookie = Session();
  const std::string other = Session();
  const Headers csrf = {{"X-Tanzim-CSRF", "1"}, {"Content-Type", "application/json"}};
  const auto change = [&](const std::string& with, const nlohmann::json& body,
                          Headers headers = {}) {
    if (headers.empty()) headers = csrf;
    return WithCookie("POST", "/api/v1/session/password", with, headers, body.dump());
  };
  const nlohmann::json good = {{"current_password", kPassword},
                               {"new_password", "a new long passphrase"}};
  const std::string hash =
      QuerySqlite(server_->db_path(), "SELECT password_hash FROM users WHERE login = 'amina'");
  auto token = server_->app().accounts().CreateToken("amina");
  ASSERT_TRUE(token.ok());

  // Refused before anything changes: a token (scripts hold it; it has no
  // session), no session, a cross-site form, bad bodies.
  EXPECT_TRUE(IsProblem(Post("/api/v1/session/password", *token, good.dump(), csrf), 401));
  EXPECT_TRUE(IsProblem(change("", good), 401));
  EXPECT_TRUE(IsProblem(change(cookie, good, {{"Content-Type", "application/json"}}), 403,
                        "X-Tanzim-CSRF"));
  EXPECT_TRUE(IsProblem(change(cookie, {{"current_password", 12345678}}), 400, "current_password"));
  EXPECT_TRUE(IsProblem(change(cookie, {{"password", kPassword}}), 400, "password"));
  const auto missing = change(cookie, nlohmann::json::object());
  EXPECT_TRUE(IsProblem(missing, 422, "current_password"));
  EXPECT_TRUE(IsProblem(missing, 422, "new_password"));
  const auto wrong = change(
      cookie, {{"current_password", "not it at all"}, {"new_password", "fine new one"}},
      {{"X-Tanzim-CSRF", "1"}, {"Content-Type", "application/json"}, {"Accept-Language", "en"}});
  EXPECT_TRUE(IsProblem(wrong, 422, "current_password"));
  EXPECT_EQ(wrong.Json()["errors"][0]["message"], "The current password is wrong");
  EXPECT_TRUE(
      IsProblem(change(cookie, {{"current_password", kPassword}, {"new_password", kPassword}}), 422,
                "new_password"));
  EXPECT_EQ(
      QuerySqlite(server_->db_path(), "SELECT password_hash FROM users WHERE login = 'amina'"),
      hash);
  EXPECT_EQ(WithCookie("GET", "/api/v1/session", other).status, 200);

  const auto done = change(cookie, good);
  ASSERT_EQ(done.status, 204) << done;
  EXPECT_EQ(WithCookie("GET", "/api/v1/session", cookie).status, 200) << "this session stays";
  EXPECT_EQ(WithCookie("GET", "/api/v1/session", other).status, 401) << "the others end";
  EXPECT_EQ(Get("/api/v1/session", *token).status, 200) << "tokens stay";
  EXPECT_EQ(SignIn("amina", kPassword).status, 401);
  EXPECT_EQ(SignIn("amina", "a new long passphrase").status, 200);
}

TEST_F(SessionApiTest, UsersListAndEndTheirOwnSessions) {
  ASSERT_TRUE(server_->app().accounts().AddUser("karim", "admin", std::nullopt, kPassword).ok());
  const auto karim_signed_in = SignIn("karim", kPassword);
  ASSERT_EQ(karim_signed_in.status, 200);
  const std::string karim = CookiePair(karim_signed_in);
  const std::string other = Session();
  const std::string cookie = Session();
  const Headers csrf = {{"X-Tanzim-CSRF", "1"}};

  EXPECT_TRUE(IsProblem(Get("/api/v1/sessions", Admin()), 401)) << "tokens have no sessions";
  EXPECT_TRUE(IsProblem(Get("/api/v1/sessions"), 401));
  EXPECT_TRUE(IsProblem(WithCookie("GET", "/api/v1/sessions?limit=0", cookie), 422, "limit"));
  const auto listed = WithCookie("GET", "/api/v1/sessions", cookie);
  ASSERT_EQ(listed.status, 200) << listed;
  const auto items = listed.Json()["items"];
  ASSERT_EQ(items.size(), 2U) << listed;
  EXPECT_TRUE(listed.Json()["next_cursor"].is_null());
  int current = 0;
  std::string other_id;
  for (const auto& item : items) {
    EXPECT_TRUE(item["created_at"].get<std::string>().ends_with("Z")) << item;
    EXPECT_EQ(item["address"], "127.0.0.1");
    EXPECT_EQ(cookie.find(item["id"].get<std::string>()), std::string::npos);
    if (item["current"] == true)
      ++current;
    else
      other_id = item["id"];
  }
  EXPECT_EQ(current, 1);
  // Pages of one, with the cursor, give the same two.
  const auto first = WithCookie("GET", "/api/v1/sessions?limit=1", cookie);
  ASSERT_EQ(first.Json()["items"].size(), 1U);
  const auto second = WithCookie(
      "GET", "/api/v1/sessions?limit=1&cursor=" + first.Json()["next_cursor"].get<std::string>(),
      cookie);
  ASSERT_EQ(second.status, 200) << second;
  ASSERT_EQ(second.Json()["items"].size(), 1U);
  EXPECT_NE(second.Json()["items"][0]["id"], first.Json()["items"][0]["id"]);

  const std::string karim_id =
      WithCookie("GET", "/api/v1/sessions", karim).Json()["items"][0]["id"];
  EXPECT_TRUE(
      IsProblem(WithCookie("DELETE", "/api/v1/sessions/" + karim_id, cookie, csrf), 404, "id"));
  EXPECT_TRUE(IsProblem(WithCookie("DELETE", "/api/v1/sessions/" + other_id, cookie), 403,
                        "X-Tanzim-CSRF"));
  EXPECT_EQ(WithCookie("GET", "/api/v1/session", karim).status, 200);
  EXPECT_EQ(WithCookie("GET", "/api/v1/session", other).status, 200);

  const auto ended = WithCookie("DELETE", "/api/v1/sessions/" + other_id, cookie, csrf);
  ASSERT_EQ(ended.status, 204) << ended;
  EXPECT_EQ(ended.Header("set-cookie"), "") << "this browser's cookie stays";
  EXPECT_EQ(WithCookie("GET", "/api/v1/session", other).status, 401);
  EXPECT_EQ(WithCookie("GET", "/api/v1/session", cookie).status, 200);
  const std::string own_id = WithCookie("GET", "/api/v1/sessions", cookie).Json()["items"][0]["id"];
  const auto out = WithCookie("DELETE", "/api/v1/sessions/" + own_id, cookie, csrf);
  ASSERT_EQ(out.status, 204) << out;
  EXPECT_NE(out.Header("set-cookie").find("Max-Age=0"), std::string::npos) << "signed out";
  EXPECT_EQ(WithCookie("GET", "/api/v1/session", cookie).status, 401);
  EXPECT_EQ(WithCookie("GET", "/api/v1/session", karim).status, 200);
}

TEST_F(SessionApiTest, CookieWritesNeedTheCsrfHeaderAndASameOrigin) {
  const std::string cookie = Session();
  const std::string body = PersonJson("AB100001").dump();
  const Headers json = {{"Content-Type", "application/json"}};
  auto with = [&](Headers extra) {
    extra.insert(extra.end(), json.begin(), json.end());
    return WithCookie("POST", "/api/v1/people", cookie, extra, body);
  };
  EXPECT_TRUE(IsProblem(with({}), 403, "X-Tanzim-CSRF"));
  EXPECT_TRUE(
      IsProblem(with({{"X-Tanzim-CSRF", "1"}, {"Origin", "https://evil.example"}}), 403, "Origin"));
  EXPECT_TRUE(IsProblem(with({{"X-Tanzim-CSRF", "1"}, {"Origin", "null"}}), 403, "Origin"));
  EXPECT_TRUE(IsProblem(with({{"X-Tanzim-CSRF", "1"}, {"Sec-Fetch-Site", "cross-site"}}), 403,
                        "Sec-Fetch-Site"));
  EXPECT_TRUE(IsProblem(with({{"X-Tanzim-CSRF", "1"}, {"Sec-Fetch-Site", "same-site"}}), 403,
                        "Sec-Fetch-Site"));
  const auto refused = with({{"Origin", "https://evil.example"}, {"Sec-Fetch-Site", "cross-site"}});
  EXPECT_EQ(ProblemFields(refused),
            (std::vector<std::string>{"X-Tanzim-CSRF", "Origin", "Sec-Fetch-Site"}));
  EXPECT_EQ(People(), 0) << "a refused request changes nothing";

  // The app's own requests: the header, and Origin / Sec-Fetch-Site of this origin.
  const auto ok = with(
      {{"X-Tanzim-CSRF", "1"}, {"Origin", "http://127.0.0.1"}, {"Sec-Fetch-Site", "same-origin"}});
  EXPECT_EQ(ok.status, 201) << ok;
  // Reads need no header.
  EXPECT_EQ(WithCookie("GET", "/api/v1/people", cookie, {{"Sec-Fetch-Site", "cross-site"}}).status,
            200);
  // Bearer calls are exempt: no browser attaches a token by itself.
  EXPECT_EQ(Post("/api/v1/people", Admin(), PersonJson("AB100002")).status, 201);
  // A request with an Authorization header is judged by it alone, cookie or not.
  auto bad_bearer =
      server_->Call("GET", "/api/v1/people", std::string(43, 'x'), {}, {{"Cookie", cookie}});
  EXPECT_EQ(bad_bearer.status, 401);
}

TEST_F(SessionApiTest, SignInItselfIsCsrfChecked) {
  EXPECT_TRUE(IsProblem(SignIn("amina", kPassword, {}), 403, "X-Tanzim-CSRF"));
  EXPECT_TRUE(IsProblem(
      SignIn("amina", kPassword, {{"X-Tanzim-CSRF", "1"}, {"Origin", "https://evil.example"}}), 403,
      "Origin"));
  EXPECT_TRUE(IsProblem(
      SignIn("amina", kPassword, {{"X-Tanzim-CSRF", "1"}, {"Sec-Fetch-Site", "cross-site"}}), 403,
      "Sec-Fetch-Site"));
  EXPECT_EQ(SignIn("amina", kPassword, {{"X-Tanzim-CSRF", "1"}, {"Sec-Fetch-Site", "none"}}).status,
            200);
}

TEST_F(SessionApiTest, BadBodiesNameTheField) {
  const Headers csrf = {{"X-Tanzim-CSRF", "1"}};
  EXPECT_TRUE(IsProblem(Post("/api/v1/session", {}, std::string("{"), csrf), 400, "body"));
  EXPECT_TRUE(IsProblem(Post("/api/v1/session", {}, std::string(R"({"login":"amina"})"), csrf), 422,
                        "password"));
  EXPECT_TRUE(
      IsProblem(Post("/api/v1/session", {}, std::string(R"({"login":1,"password":"x"})"), csrf),
                400, "login"));
  EXPECT_TRUE(
      IsProblem(Post("/api/v1/session", {},
                     std::string(R"({"login":"amina","password":"x","role":"admin"})"), csrf),
                400, "role"));
  // `totp` is ignored for an account without TOTP (src/web/totp_api_test.cc has the others).
  const auto with_totp = Post(
      "/api/v1/session", {},
      nlohmann::json{{"login", "amina"}, {"password", kPassword}, {"totp", "123456"}}.dump(), csrf);
  EXPECT_EQ(with_totp.status, 200) << with_totp;
}

TEST_F(SessionApiTest, UnknownLoginsGetTheSameAnswerAfterTheSameWork) {
  using Clock = std::chrono::steady_clock;
  auto timed = [&](const std::string& login) {
    const auto start = Clock::now();
    auto r = SignIn(login, "wrong password");
    return std::pair{r, Clock::now() - start};
  };
  timed("nobody");  // the dummy hash is made on first use
  const auto [known, known_time] = timed("amina");
  const auto [unknown, unknown_time] = timed("nobody");
  EXPECT_TRUE(IsProblem(known, 401, "password"));
  EXPECT_EQ(unknown.status, known.status);
  EXPECT_EQ(unknown.body, known.body);
  // Both run one argon2id verification (tens of milliseconds); a skipped one
  // would make the unknown login answer many times faster.
  EXPECT_GT(unknown_time * 3, known_time);
}

TEST_F(SessionApiTest, RepeatedFailuresGet429WithRetryAfter) {
  for (int i = 0; i < 5; ++i) ASSERT_EQ(SignIn("amina", "wrong password").status, 401) << i;
  const auto blocked = SignIn("amina", "wrong password");
  EXPECT_TRUE(IsProblem(blocked, 429, "login"));
  EXPECT_EQ(blocked.Header("retry-after"), "2");
  // The right password waits too, and so does an unknown login, in the same way.
  EXPECT_EQ(SignIn("amina", kPassword).status, 429);
  for (int i = 0; i < 5; ++i) ASSERT_EQ(SignIn("nobody", "wrong password").status, 401) << i;
  EXPECT_EQ(SignIn("nobody", "wrong password").status, 429);
  EXPECT_EQ(
      QuerySqlite(server_->db_path(), "SELECT count(*) FROM auth_events WHERE kind = 'locked_out'"),
      "2");
}

// A server behind a trusted TLS proxy: X-Forwarded-Proto decides HSTS and the
// cookie's prefix and Secure flag; X-Forwarded-For the throttled address.
TEST_F(SessionApiTest, BehindATrustedProxyTlsTurnsOnHstsAndTheSecureHostCookie) {
  const Router router = MakeRouterLikeMain(server_->app());
  Server proxied(router, {.host = "127.0.0.1", .port = 0, .threads = 1, .trusted_proxy = true});
  auto port = proxied.Start();
  ASSERT_TRUE(port.ok());
  auto send = [&](HttpRequest request) {
    HttpConnection connection(*port);
    return connection.Send(request);
  };
  const std::string body = nlohmann::json{{"login", "amina"}, {"password", kPassword}}.dump();
  const auto tls = send({"POST",
                         "/api/v1/session",
                         body,
                         {{"X-Tanzim-CSRF", "1"},
                          {"X-Forwarded-Proto", "https"},
                          {"Origin", "https://127.0.0.1"},
                          {"Content-Type", "application/json"}}});
  ASSERT_EQ(tls.status, 200) << tls;
  EXPECT_EQ(tls.Header("strict-transport-security"), "max-age=63072000; includeSubDomains");
  const std::string set = tls.Header("set-cookie");
  EXPECT_TRUE(set.starts_with("__Host-tanzim_session=")) << set;
  EXPECT_NE(set.find("; Secure"), std::string::npos) << set;
  EXPECT_NE(set.find("; Path=/"), std::string::npos) << set;
  const std::string id = CookiePair(tls).substr(CookiePair(tls).find('=') + 1);
  // Over TLS only the __Host- cookie counts: a plain one may come from a sibling subdomain.
  EXPECT_EQ(send({"GET",
                  "/api/v1/session",
                  {},
                  {{"X-Forwarded-Proto", "https"}, {"Cookie", CookiePair(tls)}}})
                .status,
            200);
  EXPECT_EQ(send({"GET",
                  "/api/v1/session",
                  {},
                  {{"X-Forwarded-Proto", "https"}, {"Cookie", "tanzim_session=" + id}}})
                .status,
            401);
  // Plain HTTP through the proxy: no HSTS.
  EXPECT_EQ(send({"GET", "/healthz", {}, {{"X-Forwarded-Proto", "http"}}})
                .Header("strict-transport-security"),
            "");
  // Without the trusted-proxy setting the header is anyone's and is ignored.
  EXPECT_EQ(
      Get("/healthz", {}, {{"X-Forwarded-Proto", "https"}}).Header("strict-transport-security"),
      "");
  // The address the proxy appended is the one throttled.
  // 20 free failures from one address, each for another login; the 21st starts a block.
  for (int i = 0; i < 21; ++i) {
    send({"POST",
          "/api/v1/session",
          nlohmann::json{{"login", "user" + std::to_string(i)}, {"password", "x"}}.dump(),
          {{"X-Tanzim-CSRF", "1"}, {"X-Forwarded-For", "1.2.3.4, 203.0.113.9"}}});
  }
  EXPECT_EQ(send({"POST",
                  "/api/v1/session",
                  body,
                  {{"X-Tanzim-CSRF", "1"}, {"X-Forwarded-For", "203.0.113.9"}}})
                .status,
            429);
  EXPECT_EQ(send({"POST",
                  "/api/v1/session",
                  body,
                  {{"X-Tanzim-CSRF", "1"}, {"X-Forwarded-For", "203.0.113.10"}}})
                .status,
            200);
  // A proxy may add a line of its own rather than extend the client's: the
  // last line counts, whatever the client wrote before it.
  HttpConnection raw(*port);
  EXPECT_EQ(raw.SendRaw("POST /api/v1/session HTTP/1.1\r\nHost: x\r\nX-Tanzim-CSRF: 1\r\n"
                        "Content-Type: application/json\r\nX-Forwarded-For: 203.0.113.10\r\n"
                        "X-Forwarded-For: 203.0.113.9\r\nContent-Length: " +
                        std::to_string(body.size()) + "\r\n\r\n" + body)
                .status,
            429);
  proxied.Stop();
  proxied.Wait();
}

}  // namespace
}  // namespace tanzim::web::testing
