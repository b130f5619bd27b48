// Refused requests in the server log (ASVS V16.3.1–V16.3.3): who was refused
// what, where from, and never the target's query, which may hold a name.
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <sstream>
#include <string_view>

#include "web/testing/test_server.h"

namespace tanzim::web::testing {
namespace {

// Whether the captured `log` holds `line`; the whole log when it does not.
::testing::AssertionResult Holds(const std::string& log, std::string_view line) {
  if (log.find(line) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "no \"" << line << "\" in:\n" << log;
}

class RefusalLogApiTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    previous_ = spdlog::default_logger();
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(log_);
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("captured", sink));
  }
  // The server stops first, so no thread still writes to the captured log.
  void TearDown() override {
    ApiTest::TearDown();
    spdlog::set_default_logger(previous_);
  }
  std::string Log() {
    spdlog::default_logger()->flush();
    return log_.str();
  }

  std::ostringstream log_;
  std::shared_ptr<spdlog::logger> previous_;
};

TEST_F(RefusalLogApiTest, RefusalsNameTheRouteTheAccountAndTheAddress) {
  const std::string viewer = ViewerMou();  // created before capturing anything it logs
  EXPECT_EQ(Get("/api/v1/people?q=Fatima%20Bennani").status, 401);
  EXPECT_EQ(Get("/api/v1/people/7", "not-a-token").status, 401);
  EXPECT_EQ(Post("/api/v1/people", viewer, PersonJson("AB123456")).status, 403);
  EXPECT_EQ(
      server_->Call("POST", "/api/v1/session/password", {}, "{}", {{"Cookie", "tanzim_session=x"}})
          .status,
      403);  // a cross-site form: no CSRF header
  EXPECT_EQ(Get("/api/v1/people", Admin()).status, 200);
  EXPECT_EQ(Get("/api/v1/nowhere", Admin()).status, 404);

  const std::string log = Log();
  EXPECT_TRUE(
      Holds(log, "refused 401 error.unauthenticated: GET /api/v1/people by - from 127.0.0.1"));
  EXPECT_TRUE(Holds(log, "refused 401 error.unauthenticated: GET /api/v1/people/{id} by - from"));
  EXPECT_TRUE(Holds(log, "refused 403 error.forbidden: POST /api/v1/people by viewer.ma-mou from"));
  EXPECT_TRUE(Holds(log, "refused 403 error.csrf: POST /api/v1/session/password by - from"));
  EXPECT_EQ(log.find("Fatima"), std::string::npos) << "no query, no name";
  EXPECT_EQ(log.find("not-a-token"), std::string::npos) << "no token";
  EXPECT_EQ(log.find("refused 200"), std::string::npos);
  EXPECT_EQ(log.find("refused 404"), std::string::npos);
}

// Input the server would not take is logged for information: the problem and its
// codes, never the field names (an unknown one is the client's text) or values.
TEST_F(RefusalLogApiTest, RejectedInputNamesTheCodesNotTheFieldsOrValues) {
  const std::string secretary = SecretaryMou();
  auto bad = PersonJson("1234");
  bad["phone"] = "12";
  bad["evil\nrefused 200 forged"] = "x";
  EXPECT_EQ(Post("/api/v1/people", secretary, bad).status, 400);
  bad.erase("evil\nrefused 200 forged");
  EXPECT_EQ(Post("/api/v1/people", secretary, bad).status, 422);
  EXPECT_EQ(Post("/api/v1/people", secretary, std::string("{\"name_ar\": ")).status, 400);
  EXPECT_EQ(Post("/api/v1/people", secretary, std::string(size_t{2} << 20, ' ')).status, 413);
  EXPECT_EQ(Get("/api/v1/people?limit=0", secretary).status, 422);
  EXPECT_EQ(Get("/api/v1/people/999999", secretary).status, 404);

  const std::string log = Log();
  EXPECT_TRUE(Holds(log,
                    "rejected 400 error.malformed (field.unknown): POST /api/v1/people by "
                    "secretary.ma-mou from 127.0.0.1"));
  EXPECT_TRUE(Holds(log,
                    "rejected 422 error.invalid (field.cin_invalid, field.phone_invalid): POST "
                    "/api/v1/people by secretary.ma-mou"));
  EXPECT_TRUE(Holds(log, "rejected 413 error.too_large: - - by - from 127.0.0.1"));
  EXPECT_TRUE(Holds(log,
                    "rejected 422 error.invalid (field.limit_invalid): GET /api/v1/people by "
                    "secretary.ma-mou"));
  EXPECT_EQ(log.find("evil"), std::string::npos) << "no field name of the client's";
  EXPECT_EQ(log.find("forged"), std::string::npos);
  EXPECT_EQ(log.find("1234"), std::string::npos) << "no value";
  EXPECT_EQ(log.find("refused 200"), std::string::npos);
  // Not a bare "404": a log line's timestamp may hold one (…:56.404).
  EXPECT_EQ(log.find("rejected 404"), std::string::npos) << "an unknown id is neither";
  EXPECT_EQ(log.find("refused 404"), std::string::npos) << "an unknown id is neither";
}

// An object outside the actor's scope answers exactly as an unknown id does,
// so ids reveal nothing; only the server log tells the two apart.
TEST_F(RefusalLogApiTest, OutOfScopeObjectsAnswerAsAbsentButAreLogged) {
  const std::string secretary = SecretaryMou();
  const auto rabat = CreatePerson(Admin(), PersonJson("AB123456", "MA-RAB"));
  const std::string elsewhere = "/api/v1/people/" + std::to_string(rabat["id"].get<int64_t>());
  const std::string unknown = "/api/v1/people/999999";

  const auto hidden = Get(elsewhere, secretary);
  const auto absent = Get(unknown, secretary);
  EXPECT_EQ(hidden.status, 404);
  EXPECT_EQ(hidden.body, absent.body);
  EXPECT_EQ(Patch(elsewhere, secretary, nlohmann::json{{"gender", "m"}}).status, 404);
  EXPECT_EQ(
      Get("/api/v1/stats/members?territory=MA-RAB&from=2026-01-01&to=2026-06-30", secretary).status,
      404);
  EXPECT_EQ(Get(elsewhere, Admin()).Json()["gender"], "f") << "the refused change changed nothing";

  const std::string log = Log();
  EXPECT_TRUE(Holds(log,
                    "refused 404 out_of_scope: GET /api/v1/people/{id} by secretary.ma-mou from "
                    "127.0.0.1"));
  EXPECT_TRUE(
      Holds(log, "refused 404 out_of_scope: PATCH /api/v1/people/{id} by secretary.ma-mou"));
  EXPECT_TRUE(
      Holds(log, "refused 404 out_of_scope: GET /api/v1/stats/members by secretary.ma-mou"));
  EXPECT_EQ(log.find("999999"), std::string::npos);
  size_t lines = 0;
  for (size_t at = log.find("refused 404"); at != std::string::npos;
       at = log.find("refused 404", at + 1)) {
    ++lines;
  }
  EXPECT_EQ(lines, 3U) << "an unknown id is not a refusal: " << log;
}

// A list filtered by a territory beyond the scope answers an empty page, as a
// territory with nobody in it would, and is logged as a refusal; a filter
// within the scope, or above it (narrowed to the scope), is not.
TEST_F(RefusalLogApiTest, ListsFilteredBeyondTheScopeAnswerEmptyButAreLogged) {
  const std::string viewer = ViewerMou();
  CreatePerson(Admin(), PersonJson("AB123456", "MA-RAB"));
  CreatePerson(Admin(), PersonJson("AB123457", "MA-MOU"));
  for (const std::string list : {"people", "bodies", "mandates"}) {
    SCOPED_TRACE(list);
    const auto beyond = Get("/api/v1/" + list + "?territory=MA-RAB", viewer);
    ASSERT_EQ(beyond.status, 200);
    EXPECT_EQ(beyond.Json(),
              (nlohmann::json{{"items", nlohmann::json::array()}, {"next_cursor", nullptr}}));
    EXPECT_EQ(Get("/api/v1/" + list + "?territory=MA-MOU", viewer).status, 200);
    EXPECT_EQ(Get("/api/v1/" + list + "?territory=MA-03", viewer).status, 200);  // its region
  }
  EXPECT_EQ(Get("/api/v1/people?territory=MA-MOU", viewer).Json()["items"].size(), 1U);

  const std::string log = Log();
  for (const std::string list : {"people", "bodies", "mandates"}) {
    EXPECT_TRUE(Holds(
        log, "refused 200 out_of_scope: GET /api/v1/" + list + " by viewer.ma-mou from 127.0.0.1"));
  }
  size_t lines = 0;
  for (size_t at = log.find("refused 200"); at != std::string::npos;
       at = log.find("refused 200", at + 1)) {
    ++lines;
  }
  EXPECT_EQ(lines, 3U) << "only the filters beyond the scope: " << log;
  EXPECT_EQ(log.find("MA-RAB"), std::string::npos) << "no query";
}

// Behind a trusted proxy every line names the client the proxy forwarded, the
// requests refused before routing as well as the routed ones, never the proxy.
TEST_F(RefusalLogApiTest, BehindATrustedProxyLinesNameTheForwardedClient) {
  const Router router = MakeRouterLikeMain(server_->app());
  Server proxied(router, {.host = "127.0.0.1", .port = 0, .threads = 1, .trusted_proxy = true});
  auto port = proxied.Start();
  ASSERT_TRUE(port.ok());
  const std::string head = "Host: x\r\nX-Forwarded-For: 198.51.100.1, 203.0.113.7\r\n";
  auto send = [&](const std::string& request) { return HttpConnection(*port).SendRaw(request); };
  EXPECT_EQ(send("GET /api/v1/people HTTP/1.1\r\n" + head + "\r\n").status, 401);
  EXPECT_EQ(send("GET /api/v1/people HTTP/1.1\r\n" + head +
                 "Authorization: Bearer a\r\nAuthorization: Bearer b\r\n\r\n")
                .status,
            400);
  const std::string big(size_t{2} << 20, ' ');
  EXPECT_EQ(send("POST /api/v1/people HTTP/1.1\r\n" + head +
                 "Content-Length: " + std::to_string(big.size()) + "\r\n\r\n" + big)
                .status,
            413);
  proxied.Stop();
  proxied.Wait();

  const std::string log = Log();
  EXPECT_TRUE(
      Holds(log, "refused 401 error.unauthenticated: GET /api/v1/people by - from 203.0.113.7"));
  EXPECT_TRUE(Holds(log,
                    "rejected 400 error.malformed (field.header_repeated): GET - by - from "
                    "203.0.113.7"));
  EXPECT_TRUE(Holds(log, "rejected 413 error.too_large: - - by - from 203.0.113.7"));
  EXPECT_EQ(log.find("127.0.0.1"), std::string::npos) << "not the proxy's address";
  EXPECT_EQ(log.find("198.51.100.1"), std::string::npos) << "not what the client claimed";
}

}  // namespace
}  // namespace tanzim::web::testing
