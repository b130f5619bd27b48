// What the API does with bad credentials and hostile input: every answer is a
// problem+json in the client's language, nothing is stored, nothing leaks, and
// the server keeps answering (ApiTest::TearDown checks /healthz after each).
#include "i18n/messages.h"
#include "web/problem.h"
#include "web/testing/test_server.h"

namespace tanzim::web::testing {
namespace {

using nlohmann::json;
using ErrorsApiTest = ApiTest;

constexpr size_t kMiB = 1 << 20;

std::string Repeat(std::string_view piece, size_t times) {
  std::string out;
  out.reserve(piece.size() * times);
  for (size_t i = 0; i < times; ++i) out += piece;
  return out;
}

// A request for `target` with a JSON body of exactly `size` bytes.
std::string RawPost(const std::string& target, const std::string& token, const std::string& body) {
  return "POST " + target +
         " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAuthorization: "
         "Bearer " +
         token + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

TEST_F(ErrorsApiTest, HealthAndApiDescriptionAreOpen) {
  const auto health = Get("/healthz");
  EXPECT_EQ(health.status, 200) << health;
  EXPECT_EQ(health.Json(), json({{"status", "ok"}}));
  const auto openapi = Get("/api/v1/openapi.json");
  EXPECT_EQ(openapi.status, 200) << openapi;
  EXPECT_EQ(openapi.body, OpenApiDocument());
  const auto head = server_->Call("HEAD", "/healthz");
  EXPECT_EQ(head.status, 200) << head;
  EXPECT_TRUE(head.body.empty());
}

TEST_F(ErrorsApiTest, EveryOtherRouteNeedsAValidBearerToken) {
  const json person = CreatePerson(Admin(), PersonJson("T1"));
  const std::string id = std::to_string(person["id"].get<int64_t>());
  const std::string wrong_token(43, 'A');
  const Router router = MakeRouterLikeMain(server_->app());
  int checked = 0;
  for (const Route& route : router.routes()) {
    std::string target = route.pattern;
    // Every parameter, keeping what follows it: /api/v1/people/{id}/mandates is its own route.
    for (auto brace = target.find('{'); brace != std::string::npos; brace = target.find('{')) {
      const auto close = target.find('}', brace);
      target = target.substr(0, brace) + (target.find("people") != target.npos ? id : "MA-MOU") +
               target.substr(close + 1);
    }
    if (route.access == Access::kPublic) {
      EXPECT_TRUE(target == "/healthz" || target == "/api/v1/openapi.json") << target;
      continue;
    }
    // Sign-in and sign-out: open, but CSRF-checked (session_api_test.cc); the
    // routes of the session's own account (TOTP, password, sessions) check the
    // session cookie themselves (totp_api_test.cc, session_api_test.cc).
    if (route.access == Access::kSessionForm) {
      EXPECT_TRUE(target == "/api/v1/session" || target.starts_with("/api/v1/session/totp") ||
                  target == "/api/v1/session/password" || target.starts_with("/api/v1/sessions"))
          << MethodName(route.method) << ' ' << target;
      continue;
    }
    EXPECT_TRUE(target.starts_with("/api/v1/")) << target;
    const std::string method(MethodName(route.method));
    const std::string body = route.method == Method::kGet ? "" : PersonJson("T2").dump();
    for (const std::string& authorization :
         std::vector<std::string>{std::string(), "Bearer " + wrong_token, "Bearer", "Bearer ",
                                  "Basic " + Admin(), "Bearer " + Admin() + "x",
                                  "Bearer " + Admin().substr(1), "Token " + Admin(), Admin()}) {
      std::vector<std::pair<std::string, std::string>> headers;
      if (!authorization.empty()) headers.emplace_back("Authorization", authorization);
      const auto r = server_->Call(method, target, {}, body, headers);
      EXPECT_TRUE(IsProblem(r, 401))
          << method << ' ' << target << " with '" << authorization << "'";
      EXPECT_EQ(r.Header("www-authenticate"), "Bearer") << method << ' ' << target;
      ++checked;
    }
  }
  EXPECT_GE(checked, 7 * 9);
  // None of them changed anything.
  EXPECT_EQ(Get("/api/v1/people/" + id, Admin()).Json(), person);
  EXPECT_EQ(PeopleIds(Admin()).size(), 1u);
  // The scheme is case-insensitive (RFC 9110).
  EXPECT_EQ(Get("/api/v1/people", {}, {{"Authorization", "bearer " + Admin()}}).status, 200);
}

TEST_F(ErrorsApiTest, MalformedJsonIs400NamingTheBody) {
  for (const std::string& body : std::vector<std::string>{"",
                                                          " ",
                                                          "{",
                                                          "}",
                                                          "{\"name_ar\":",
                                                          "{\"name_ar\":\"x\"",
                                                          "{\"name_ar\":\"x\",}",
                                                          "nul",
                                                          "{'name_ar':'x'}",
                                                          "{\"name_ar\":\"x\"} trailing",
                                                          "{\"a\":NaN}",
                                                          "{\"name_ar\":\"\\x\"}",
                                                          "{\"name_ar\":\"\\ud800\"}",
                                                          "[]",
                                                          "[{\"name_ar\":\"x\"}]",
                                                          "\"text\"",
                                                          "42",
                                                          "null",
                                                          "true",
                                                          "{\"name_ar\":\"x\"}{\"name_ar\":\"y\"}",
                                                          std::string("{\"a\":\"\0\"}", 9)}) {
    EXPECT_TRUE(IsProblem(Post("/api/v1/people", Admin(), body), 400, "body")) << "body: " << body;
  }
  EXPECT_TRUE(PeopleIds(Admin()).empty());
}

TEST_F(ErrorsApiTest, TruncatedBodyIs400AndStoresNothing) {
  // The client announces more than it sends, then gives up.
  const std::string body = PersonJson("TR1").dump();
  std::string raw = RawPost("/api/v1/people", Admin(), body);
  raw = raw.substr(0, raw.size() - body.size() / 2);
  HttpConnection connection(server_->port());
  const auto r = connection.SendRaw(raw, /*half_close=*/true);
  EXPECT_TRUE(IsProblem(r, 400)) << r;
  EXPECT_TRUE(PeopleIds(Admin()).empty());
}

TEST_F(ErrorsApiTest, WrongTypesAre400NamingEachField) {
  for (const char* field : {"name_ar", "name_latin", "gender", "birth_date", "cin", "phone",
                            "email", "territory_code"}) {
    for (const json& value :
         {json(1), json(1.5), json(true), json::array({"x"}), json::object({{"x", "y"}})}) {
      json body = PersonJson("W1");
      body[field] = value;
      const auto r = Post("/api/v1/people", Admin(), body);
      EXPECT_TRUE(IsProblem(r, 400, field)) << field << '=' << value.dump();
      EXPECT_EQ(ProblemFields(r), std::vector<std::string>{field}) << r;
    }
  }
  EXPECT_TRUE(PeopleIds(Admin()).empty());
}

TEST_F(ErrorsApiTest, UnknownFieldsAre400NamingEachOne) {
  json body = PersonJson("U1");
  body["nationality"] = "MA";
  body["id"] = 7;
  body["created_at"] = "2020-01-01T00:00:00Z";
  const auto r = Post("/api/v1/people", Admin(), body);
  ASSERT_TRUE(IsProblem(r, 400, "nationality")) << r;
  EXPECT_TRUE(IsProblem(r, 400, "id"));
  EXPECT_TRUE(IsProblem(r, 400, "created_at"));
  EXPECT_TRUE(PeopleIds(Admin()).empty());
}

// A misspelt filter must not answer the whole country; a parameter no route
// reads must not pass unseen on a change either.
TEST_F(ErrorsApiTest, UnknownQueryParametersAre400NamingEachOne) {
  const json person = CreatePerson(Admin(), PersonJson("Q1"));
  const std::string path = "/api/v1/people/" + std::to_string(person["id"].get<int64_t>());
  auto r =
      Get("/api/v1/people?teritory=MA-CAS&q=Q1&sort=name", Admin(), {{"Accept-Language", "en"}});
  ASSERT_TRUE(IsProblem(r, 400, "teritory")) << r;
  EXPECT_TRUE(IsProblem(r, 400, "sort"));
  EXPECT_EQ(r.Json()["errors"].size(), 2u);
  EXPECT_EQ(r.Json()["errors"][0]["message"], "This request takes no parameter of that name");
  // The route's own parameters still pass, and a route without any takes none.
  EXPECT_EQ(Get("/api/v1/people?territory=MA-CAS&q=Q1&limit=5", Admin()).status, 200);
  EXPECT_TRUE(IsProblem(Get(path + "?fields=cin", Admin()), 400, "fields"));
  EXPECT_TRUE(IsProblem(Patch(path + "?force=1", Admin(), json{{"gender", "m"}}), 400, "force"));
  EXPECT_TRUE(IsProblem(Delete(path + "?cascade=1", Admin()), 400, "cascade"));
  EXPECT_TRUE(
      IsProblem(Post("/api/v1/people?dry_run=1", Admin(), PersonJson("Q2")), 400, "dry_run"));
  EXPECT_EQ(Get(path, Admin()).Json(), person);
  EXPECT_EQ(PeopleIds(Admin()).size(), 1u);
  // Without a token the answer stays 401: the parameters are not looked at first.
  EXPECT_EQ(Get("/api/v1/people?teritory=MA-CAS", "").status, 401);
}

// A body or a target stuffed with unknown names is answered at once and
// briefly: the first kMaxNamedUnknown are named. Sign-in reads its body
// before any credential, so it must hold too. (Comparing each key with every
// earlier one took ~10 s of a server thread for this body; naming them all
// answered ~9 MB.)
TEST_F(ErrorsApiTest, ThousandsOfUnknownNamesAreAnsweredBriefly) {
  std::string body = "{";
  for (int i = 0; body.size() < kMiB - 32; ++i) {
    body += (i == 0 ? "\"k" : ",\"k") + std::to_string(i) + "\":0";
  }
  body += "}";
  const std::vector<std::pair<std::string, std::string>> csrf = {{"X-Tanzim-CSRF", "1"}};
  for (const auto& r : {Post("/api/v1/people", Admin(), body),
                        server_->Call("POST", "/api/v1/session", {}, body, csrf)}) {
    ASSERT_TRUE(IsProblem(r, 400, "k0")) << r.status;
    EXPECT_EQ(r.Json()["errors"].size(), kMaxNamedUnknown);
    EXPECT_LT(r.body.size(), 8192u);
  }
  // A repeated key among them is still found.
  std::string repeated = body;
  repeated.insert(repeated.size() - 1, ",\"k7\":1");
  repeated.erase(1, repeated.find(','));  // without k0, to stay within 1 MiB
  EXPECT_TRUE(IsProblem(Post("/api/v1/people", Admin(), repeated), 400, "k7"));

  std::string target = "/api/v1/people?";
  for (int i = 0; i < 1000; ++i) target += "u" + std::to_string(i) + "=&";
  const auto r = Get(target, Admin());
  ASSERT_TRUE(IsProblem(r, 400, "u0")) << r.status;
  EXPECT_EQ(r.Json()["errors"].size(), kMaxNamedUnknown);
  EXPECT_TRUE(PeopleIds(Admin()).empty());
}

// nlohmann keeps the last of two equal keys: the first would be dropped unseen.
TEST_F(ErrorsApiTest, RepeatedJsonKeyIs400NamingItAndChangesNothing) {
  const json person = CreatePerson(Admin(), PersonJson("D1"));
  const std::string path = "/api/v1/people/" + std::to_string(person["id"].get<int64_t>());
  for (const std::string& body :
       {std::string(R"({"phone":"0612345678","phone":"0698765432"})"),
        std::string(R"({"phone":"0612345678","ph\u006fne":"0698765432"})")}) {
    EXPECT_TRUE(IsProblem(Patch(path, Admin(), body), 400, "phone")) << body;
  }
  json twice = PersonJson("D2");
  std::string text = twice.dump();
  text.insert(1, R"("gender":"f",)");
  EXPECT_TRUE(IsProblem(Post("/api/v1/people", Admin(), text), 400, "gender")) << text;
  EXPECT_EQ(Get(path, Admin()).Json(), person);
  EXPECT_EQ(PeopleIds(Admin()).size(), 1u);
  // Said once, the same person is stored.
  EXPECT_EQ(Post("/api/v1/people", Admin(), twice).status, 201);
}

TEST_F(ErrorsApiTest, InvalidUtf8InBodyIs400) {
  for (const std::string& bad :
       std::vector<std::string>{"\xC3\x28", "\xC0\xAF", "\xED\xA0\x80", "\x80", "\xF5\x80\x80\x80",
                                "\xE0\x80\xAF", "abc\xFF"}) {
    const std::string in_value = "{\"name_ar\":\"" + bad + "\",\"territory_code\":\"MA-MOU\"}";
    EXPECT_TRUE(IsProblem(Post("/api/v1/people", Admin(), in_value), 400, "body")) << in_value;
    const std::string in_key = "{\"" + bad + "\":\"x\",\"territory_code\":\"MA-MOU\"}";
    EXPECT_TRUE(IsProblem(Post("/api/v1/people", Admin(), in_key), 400, "body")) << in_key;
  }
  const json person = CreatePerson(Admin(), PersonJson("U8"));
  const std::string path = "/api/v1/people/" + std::to_string(person["id"].get<int64_t>());
  EXPECT_TRUE(IsProblem(Patch(path, Admin(), std::string("{\"name_ar\":\"\xFF\"}")), 400, "body"));
  EXPECT_EQ(Get(path, Admin()).Json(), person);
  EXPECT_EQ(PeopleIds(Admin()).size(), 1u);
}

TEST_F(ErrorsApiTest, InvalidUtf8InTargetIs400NamingThePart) {
  const std::vector<std::pair<const char*, const char*>> cases{
      {"/api/v1/people?q=%FF", "q"},
      {"/api/v1/people?q=%C3%28", "q"},
      {"/api/v1/people?territory=%ED%A0%80", "territory"},
      {"/api/v1/territories?parent=%C0%AF", "parent"},
      {"/api/v1/territories/%FF", "path"},
      {"/api/v1/people/%C3", "path"},
      {"/api/v1/people?%FF=1", "query"},
      {"/api/v1/people?cursor=%ZZ", "target"}};
  for (const auto& [target, field] : cases) {
    EXPECT_TRUE(IsProblem(Get(target, Admin()), 400, field)) << target;
  }
  // Raw bytes that are no URI at all.
  HttpConnection connection(server_->port());
  const auto raw = connection.SendRaw(
      "GET /api/v1/people?q=\xFF\xFE HTTP/1.1\r\nHost: x\r\n"
      "Authorization: Bearer " +
      Admin() + "\r\n\r\n");
  EXPECT_EQ(raw.status, 400) << raw;
}

// "%00" once cut the decoded text short: /people/1%00x read, changed and
// deleted person 1, and q=abc%00x searched for "abc".
TEST_F(ErrorsApiTest, NulInTargetIs400AndChangesNothing) {
  const json person = CreatePerson(Admin(), PersonJson("N1"));
  const std::string path = "/api/v1/people/" + std::to_string(person["id"].get<int64_t>());
  EXPECT_TRUE(IsProblem(Get(path + "%00x", Admin()), 400, "path"));
  EXPECT_TRUE(IsProblem(Patch(path + "%00", Admin(), std::string(R"({"name_latin":"Changed"})")),
                        400, "path"));
  EXPECT_TRUE(IsProblem(Delete(path + "%00x", Admin()), 400, "path"));
  EXPECT_TRUE(IsProblem(Get("/api/v1/territories/MA-MOU%00x", Admin()), 400, "path"));
  EXPECT_TRUE(IsProblem(Get("/api/v1/people?q=Fatima%00x", Admin()), 400, "q"));
  EXPECT_EQ(Get(path, Admin()).Json(), person);
}

TEST_F(ErrorsApiTest, ParameterGivenTwiceIs400InTheClientsLanguage) {
  const auto r =
      Get("/api/v1/people?territory=MA-MOU&territory=MA-CAS", Admin(), {{"Accept-Language", "fr"}});
  ASSERT_TRUE(IsProblem(r, 400, "territory"));
  EXPECT_EQ(r.Json()["errors"][0]["message"], "Ce paramètre ne peut figurer qu'une fois");
}

// Two Authorization (or Host, Cookie…) lines: which one a proxy checked and
// which one we would read could differ, so neither is read.
TEST_F(ErrorsApiTest, HeaderThatMustComeOnceIs400WhenRepeated) {
  const json person = CreatePerson(Admin(), PersonJson("H1"));
  const std::string get = "GET /api/v1/people/" + std::to_string(person["id"].get<int64_t>()) +
                          " HTTP/1.1\r\nAccept-Language: en\r\n";
  const std::vector<std::pair<std::string, std::string>> cases{
      {"authorization",
       "Host: x\r\nAuthorization: Bearer " + Admin() + "\r\nAuthorization: Bearer forged\r\n"},
      {"host", "Host: x\r\nHost: y\r\nAuthorization: Bearer " + Admin() + "\r\n"},
      {"cookie", "Host: x\r\nCookie: a=1\r\nCookie: b=2\r\n"},
      {"x-tanzim-csrf", "Host: x\r\nX-Tanzim-CSRF: 1\r\nX-Tanzim-CSRF: 1\r\n"}};
  for (const auto& [field, headers] : cases) {
    HttpConnection connection(server_->port());
    const auto r = connection.SendRaw(get + headers + "\r\n");
    ASSERT_TRUE(IsProblem(r, 400, field)) << r;
    EXPECT_EQ(r.Json()["errors"][0]["message"], "This header may appear only once");
  }
  // Headers that are lists may repeat.
  HttpConnection connection(server_->port());
  EXPECT_EQ(connection
                .SendRaw(get + "Host: x\r\nAuthorization: Bearer " + Admin() +
                         "\r\nAccept: text/plain\r\nAccept: application/json\r\n\r\n")
                .status,
            200);
}

TEST_F(ErrorsApiTest, BodyOverOneMebibyteIs413AndTheServerGoesOn) {
  // Valid JSON, so only the size can be the reason.
  json big = PersonJson("BIG1");
  big["name_latin"] = std::string(kMiB, 'a');
  HttpConnection connection(server_->port());
  const auto r = connection.SendRaw(RawPost("/api/v1/people", Admin(), big.dump()));
  EXPECT_TRUE(IsProblem(r, 413)) << r;
  EXPECT_EQ(Get("/healthz").status, 200);
  EXPECT_TRUE(PeopleIds(Admin()).empty());

  // A length announced far beyond the limit is refused before any body comes.
  HttpConnection announced(server_->port());
  const auto early =
      announced.SendRaw("POST /api/v1/people HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                        Admin() + "\r\nContent-Length: 10000000000\r\n\r\n{");
  EXPECT_TRUE(IsProblem(early, 413)) << early;

  // Chunked bodies have no length up front; the limit still holds.
  std::string chunked = "POST /api/v1/people HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                        Admin() + "\r\nTransfer-Encoding: chunked\r\n\r\n";
  const std::string chunk(64 * 1024, ' ');
  for (int i = 0; i < 17; ++i) chunked += "10000\r\n" + chunk + "\r\n";
  chunked += "0\r\n\r\n";
  HttpConnection streaming(server_->port());
  EXPECT_TRUE(IsProblem(streaming.SendRaw(chunked), 413));
  EXPECT_TRUE(PeopleIds(Admin()).empty());
}

TEST_F(ErrorsApiTest, BodyOfExactlyOneMebibyteIsAccepted) {
  std::string body = PersonJson("EX1").dump();
  body.insert(1, kMiB - body.size(), ' ');  // JSON allows the white space
  ASSERT_EQ(body.size(), kMiB);
  HttpConnection connection(server_->port());
  const auto r = connection.SendRaw(RawPost("/api/v1/people", Admin(), body));
  EXPECT_EQ(r.status, 201) << r;
  EXPECT_EQ(PeopleIds(Admin()).size(), 1u);
}

TEST_F(ErrorsApiTest, DeeplyNestedJsonIs400) {
  const std::string objects = Repeat("{\"a\":", 1000) + "1" + Repeat("}", 1000);
  EXPECT_TRUE(IsProblem(Post("/api/v1/people", Admin(), objects), 400, "body"));
  const std::string arrays = Repeat("[", 1000) + Repeat("]", 1000);
  EXPECT_TRUE(IsProblem(Post("/api/v1/people", Admin(), arrays), 400, "body"));
  const std::string in_field =
      "{\"name_ar\":" + Repeat("[", 1000) + Repeat("]", 1000) + ",\"territory_code\":\"MA-MOU\"}";
  EXPECT_TRUE(IsProblem(Post("/api/v1/people", Admin(), in_field), 400));
  // Half a million levels, just under the size limit, unbalanced.
  const std::string deepest = Repeat("[", 500000);
  EXPECT_TRUE(IsProblem(Post("/api/v1/people", Admin(), deepest), 400, "body"));
  EXPECT_TRUE(PeopleIds(Admin()).empty());
}

TEST_F(ErrorsApiTest, GarbageOnTheWireIs400) {
  for (const std::string& garbage :
       {std::string("HELLO\r\n\r\n"), std::string("GET\r\n\r\n"),
        std::string("GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n"),
        std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 15)}) {
    HttpConnection connection(server_->port());
    const auto r = connection.SendRaw(garbage);
    EXPECT_EQ(r.status, 400) << r << " for " << garbage.substr(0, 40);
  }
}

// A head over 16 KiB is not read: a target that long is 414, headers 431,
// each naming the part, and the server goes on.
TEST_F(ErrorsApiTest, OverLongHeadIs414Or431NamingThePart) {
  HttpConnection long_target(server_->port());
  auto r = long_target.SendRaw("GET /api/v1/people?q=" + std::string(20000, 'a') +
                               " HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_TRUE(IsProblem(r, 414, "target")) << r;
  EXPECT_EQ(r.Json()["title"], "عنوان الطلب أطول من المسموح به");  // no header read: Arabic
  HttpConnection big_header(server_->port());
  r = big_header.SendRaw("GET /healthz HTTP/1.1\r\nHost: x\r\nX: " + std::string(20000, 'x') +
                         "\r\n\r\n");
  EXPECT_TRUE(IsProblem(r, 431, "headers")) << r;
  HttpConnection many_headers(server_->port());
  r = many_headers.SendRaw("GET /healthz HTTP/1.1\r\nHost: x\r\n" +
                           Repeat("Accept-Language: xx;q=0.1\r\n", 1000) + "\r\n");
  EXPECT_TRUE(IsProblem(r, 431, "headers")) << r;
  // Just under the limit is read.
  EXPECT_TRUE(IsProblem(Get("/api/v1/people?q=" + std::string(15000, 'a'), Admin()), 422, "q"));
}

TEST_F(ErrorsApiTest, UnknownPathIs404AndWrongMethodIs405WithAllow) {
  EXPECT_TRUE(IsProblem(Get("/api/v1/nothing", Admin()), 404));
  EXPECT_TRUE(IsProblem(Get("/api/v2/people", Admin()), 404));
  EXPECT_TRUE(IsProblem(Get("/", Admin()), 404));
  EXPECT_TRUE(IsProblem(Get("/api/v1/people/1/extra", Admin()), 404));
  EXPECT_TRUE(IsProblem(Get("/api/v1/people/", Admin()), 404));

  const auto wrong = server_->Call("DELETE", "/api/v1/territories", Admin());
  EXPECT_TRUE(IsProblem(wrong, 405));
  EXPECT_NE(wrong.Header("allow").find("GET"), std::string::npos) << wrong.Header("allow");
  EXPECT_EQ(wrong.Header("allow").find("DELETE"), std::string::npos) << wrong.Header("allow");
  const auto put = server_->Call("PUT", "/api/v1/people/1", Admin(), PersonJson("M1").dump());
  EXPECT_TRUE(IsProblem(put, 405));
  for (const char* method : {"GET", "PATCH", "DELETE"}) {
    EXPECT_NE(put.Header("allow").find(method), std::string::npos) << put.Header("allow");
  }
  EXPECT_TRUE(IsProblem(server_->Call("BREW", "/healthz"), 405));
  EXPECT_TRUE(PeopleIds(Admin()).empty());
}

TEST_F(ErrorsApiTest, OneConnectionCarriesManyRequestsIncludingErrors) {
  HttpConnection connection(server_->port());
  const std::vector<std::pair<std::string, std::string>> auth{
      {"Authorization", "Bearer " + Admin()}};
  EXPECT_EQ(connection.Send({"GET", "/healthz", {}, {}}).status, 200);
  EXPECT_EQ(connection.Send({"POST", "/api/v1/people", "{", auth}).status, 400);
  EXPECT_EQ(connection.Send({"GET", "/api/v1/people/12345", {}, auth}).status, 404);
  EXPECT_EQ(connection.Send({"GET", "/api/v1/territories/MA-SEF", {}, auth}).status, 200);
  EXPECT_TRUE(connection.open());
}

TEST_F(ErrorsApiTest, MessagesFollowAcceptLanguageArabicByDefault) {
  json body = PersonJson("123");  // an invalid CIN
  const struct {
    std::string accept_language;
    i18n::Lang lang;
  } cases[] = {
      {"", i18n::Lang::kAr},
      {"fr-FR,fr;q=0.9", i18n::Lang::kFr},
      {"fr-MA", i18n::Lang::kFr},
      {"en-US,en;q=0.8", i18n::Lang::kEn},
      {"en;q=0.1, fr;q=0.9", i18n::Lang::kFr},
      {"ar-MA", i18n::Lang::kAr},
      {"de-DE", i18n::Lang::kAr},
      {"!!!;;;", i18n::Lang::kAr},
      {std::string(4000, 'e'), i18n::Lang::kAr},
  };
  for (const auto& c : cases) {
    std::vector<std::pair<std::string, std::string>> headers;
    if (!c.accept_language.empty()) headers.emplace_back("Accept-Language", c.accept_language);
    const auto r = Post("/api/v1/people", Admin(), body.dump(), headers);
    ASSERT_TRUE(IsProblem(r, 422, "cin")) << r;
    const json problem = r.Json();
    const std::string where = "Accept-Language: " + c.accept_language.substr(0, 40);
    EXPECT_EQ(problem["title"], i18n::Translate("error.invalid", c.lang)) << where;
    EXPECT_EQ(problem["errors"][0]["message"], i18n::Translate("field.cin_invalid", c.lang))
        << where;
    EXPECT_EQ(r.Header("content-language"), i18n::LanguageTag(c.lang)) << where;
  }
  // The catalog really differs by language, so the checks above can fail.
  EXPECT_NE(i18n::Translate("field.cin_invalid", i18n::Lang::kAr),
            i18n::Translate("field.cin_invalid", i18n::Lang::kFr));
  const auto arabic = Post("/api/v1/people", Admin(), body).Json();
  EXPECT_NE(arabic["errors"][0]["message"].get<std::string>().find("البطاقة الوطنية"),
            std::string::npos);

  // Errors raised before a handler runs are translated too.
  const auto unauthenticated = Get("/api/v1/people", {}, {{"Accept-Language", "en"}});
  EXPECT_EQ(unauthenticated.Json()["title"],
            i18n::Translate("error.unauthenticated", i18n::Lang::kEn));
  HttpConnection connection(server_->port());
  json big = PersonJson("BIG2");
  big["name_latin"] = std::string(kMiB, 'a');
  std::string raw = RawPost("/api/v1/people", Admin(), big.dump());
  raw.insert(raw.find("\r\n") + 2, "Accept-Language: fr\r\n");
  const auto too_large = connection.SendRaw(raw);
  EXPECT_TRUE(IsProblem(too_large, 413));
  EXPECT_EQ(too_large.Json()["title"], i18n::Translate("error.too_large", i18n::Lang::kFr));
}

// A handler that fails the way a bug would, next to the real routes.
TEST(InternalErrorTest, UnexpectedExceptionIs500WithoutInternals) {
  TestServer server({.threads = 1, .load_territories = false, .extra_routes = [](Router& router) {
                       router.Add(Method::kGet, "/api/v1/boom", [](Request&) -> Response {
                         throw std::runtime_error("sqlite3_step: SECRET /var/lib/tanzim.db");
                       });
                     }});
  const auto& token = server.Token(auth::Role::kAdmin);
  const auto r = server.Call("GET", "/api/v1/boom", token, {}, {{"Accept-Language", "en"}});
  ASSERT_TRUE(IsProblem(r, 500)) << r;
  EXPECT_EQ(r.body.find("SECRET"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("sqlite"), std::string::npos) << r.body;
  EXPECT_EQ(r.Json()["title"], i18n::Translate("error.internal", i18n::Lang::kEn));
  EXPECT_EQ(server.Call("GET", "/healthz").status, 200);
}

TEST_F(ErrorsApiTest, StoreFailureIs500WithoutTheDatabaseText) {
  const json person = CreatePerson(Admin(), PersonJson("S500"));
  const std::string path = "/api/v1/people/" + std::to_string(person["id"].get<int64_t>());
  // The store loses its table behind the server's back.
  QuerySqlite(server_->db_path(), "ALTER TABLE people RENAME TO people_gone");
  for (const auto& r : {Get("/api/v1/people", Admin()), Get(path, Admin()),
                        Post("/api/v1/people", Admin(), PersonJson("S501")),
                        Patch(path, Admin(), json{{"phone", "0661234567"}})}) {
    EXPECT_TRUE(IsProblem(r, 500)) << r;
    for (const char* secret : {"people", "SELECT", "sqlite", "no such table", "tanzim.db"}) {
      EXPECT_EQ(r.body.find(secret), std::string::npos) << secret << " in " << r.body;
    }
  }
  // Territories live elsewhere and still answer.
  EXPECT_EQ(Get("/api/v1/territories/MA-MOU", Admin()).status, 200);
}

}  // namespace
}  // namespace tanzim::web::testing
