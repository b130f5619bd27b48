// The defensive headers every answer carries, whatever route or error produced it.
#include "web/testing/test_server.h"

namespace tanzim::web::testing {
namespace {

using SecurityHeadersApiTest = ApiTest;

void ExpectDefensiveHeaders(const HttpResponse& r) {
  SCOPED_TRACE(::testing::Message() << r);
  EXPECT_EQ(r.Header("x-content-type-options"), "nosniff");
  EXPECT_EQ(r.Header("content-security-policy"),
            "default-src 'none'; base-uri 'none'; frame-ancestors 'none'");
  EXPECT_EQ(r.Header("x-frame-options"), "DENY");
  EXPECT_EQ(r.Header("referrer-policy"), "no-referrer");
  EXPECT_EQ(r.Header("cache-control"), "no-store");
}

TEST_F(SecurityHeadersApiTest, OnSuccessesAndOnEveryKindOfError) {
  ExpectDefensiveHeaders(Get("/healthz"));
  ExpectDefensiveHeaders(Get("/api/v1/territories/MA-MOU", Admin()));
  ExpectDefensiveHeaders(Get("/api/v1/territories/MA-MOU"));                  // 401
  ExpectDefensiveHeaders(Get("/api/v1/nowhere", Admin()));                    // 404
  ExpectDefensiveHeaders(Delete("/api/v1/territories/MA-MOU", Admin()));      // 405
  ExpectDefensiveHeaders(Post("/api/v1/people", Admin(), std::string("{")));  // 400
  ExpectDefensiveHeaders(
      Post("/api/v1/people", Admin(), std::string(2 * 1024 * 1024, 'x')));  // 413
}

}  // namespace
}  // namespace tanzim::web::testing
