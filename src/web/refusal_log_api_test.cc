// Refused requests in the server log (ASVS V16.3.1–V16.3.3): who was refused
// what, where from, and never the target's query, which may hold a name.
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <sstream>

#include "web/testing/test_server.h"

namespace tanzim::web::testing {
namespace {

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
  EXPECT_NE(log.find("refused 401 error.unauthenticated: GET /api/v1/people by - from 127.0.0.1"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("refused 401 error.unauthenticated: GET /api/v1/people/{id} by - from"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("refused 403 error.forbidden: POST /api/v1/people by viewer.ma-mou from"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("refused 403 error.csrf: POST /api/v1/session/password by - from"),
            std::string::npos)
      << log;
  EXPECT_EQ(log.find("Fatima"), std::string::npos) << "no query, no name";
  EXPECT_EQ(log.find("not-a-token"), std::string::npos) << "no token";
  EXPECT_EQ(log.find("refused 200"), std::string::npos);
  EXPECT_EQ(log.find("refused 404"), std::string::npos);
}

}  // namespace
}  // namespace tanzim::web::testing
