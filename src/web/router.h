#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/actor.h"
#include "core/result.h"
#include "web/http_types.h"
#include "web/refusal_log.h"

namespace tanzim::web {

using Handler = std::function<Response(Request&)>;

// Who may call a route.
enum class Access {
  // Anyone (/healthz, the API description).
  kPublic,
  // A signed-in caller: a bearer token, or a session cookie. Cookie calls
  // with an unsafe method (POST, PATCH, PUT, DELETE) must also pass
  // CsrfProblem; bearer calls are exempt, since no browser adds them unasked.
  kBearer,
  // Anyone, but unsafe methods must pass CsrfProblem: sign-in and sign-out,
  // which a cross-site page must not be able to drive (login CSRF).
  kSessionForm,
};

// The session cookie: `__Host-` bound to this host and path "/", Secure.
// Browsers refuse a `__Host-` cookie without Secure, which plain HTTP cannot
// set, so a server reached without TLS (development) names it without the prefix.
inline constexpr std::string_view kSessionCookie = "__Host-tanzim_session";
inline constexpr std::string_view kPlainSessionCookie = "tanzim_session";

// The session id the request carries: only the `__Host-` cookie over TLS,
// where a plain one could have been planted by a sibling subdomain.
std::optional<std::string> SessionCookie(const Request& request);

// OWASP's CSRF defence for a same-origin app: the custom header
// X-Tanzim-CSRF must be present (a cross-site form cannot send one, and
// fetch cannot without a CORS preflight this server never grants), and
// Origin and Sec-Fetch-Site, when sent, must say same origin. Ok, or
// kPermissionDenied naming each failing header.
Status CsrfProblem(const Request& request);

struct Route {
  Method method;
  std::string pattern;  // "/api/v1/people/{id}": a {name} segment matches one path segment
  Access access;
  Handler handler;
  // The query parameters the handler reads. A request naming any other is
  // refused, as a JSON body with an unknown field is: a misspelt filter
  // (`?teritory=`) would otherwise answer the whole country.
  std::vector<std::string> query;
  std::vector<std::string> segments;  // `pattern` split once at Add(), not per request
};

// Maps method and path to a handler, authenticates bearer routes and turns
// anything a handler throws into a logged 500. It holds no business logic.
class Router {
 public:
  using Authenticator = std::function<Result<auth::Actor>(std::string_view token)>;
  // Turns a session id from the cookie into the actor; empty: cookies are ignored.
  using SessionAuthenticator = std::function<Result<auth::Actor>(std::string_view session_id)>;

  explicit Router(Authenticator authenticate, SessionAuthenticator authenticate_session = {})
      : authenticate_(std::move(authenticate)),
        authenticate_session_(std::move(authenticate_session)) {}

  void Add(Method method, std::string pattern, Handler handler, Access access = Access::kBearer) {
    Add(method, std::move(pattern), {}, std::move(handler), access);
  }
  // A route that reads query parameters names them all.
  void Add(Method method, std::string pattern, std::vector<std::string> query, Handler handler,
           Access access = Access::kBearer);

  // Answers one request: 404 for an unknown path, 405 (with Allow) for a known
  // path and another method, 401 without a valid token or session, 403 for a
  // cookie call failing CsrfProblem, 400 for a query parameter the route does
  // not read. Refusals and rejected input go to the server log (NoteProblem).
  Response Dispatch(Request& request) const;

  // Logs `response` if it refuses the caller (401, 403, an out-of-scope 404)
  // or rejects the input (400, 413, 414, 422, 431); other answers are not
  // logged. `route` is the matched pattern, or empty for a request refused
  // before routing, as are `method` and `login` when unknown.
  void NoteProblem(const Response& response, std::string_view method, std::string_view route,
                   std::string_view login, std::string_view peer) const;

  // Every route served, for the OpenAPI completeness test.
  const std::vector<Route>& routes() const { return routes_; }

 private:
  // Dispatch without the log; `found` is the route matched, if any.
  Response Answer(Request& request, const Route*& found) const;

  Authenticator authenticate_;
  SessionAuthenticator authenticate_session_;
  std::vector<Route> routes_;
  // Synchronized inside; behind a pointer so that the router stays movable.
  std::unique_ptr<RefusalLog> refusals_ = std::make_unique<RefusalLog>(RefusalLog::Kind::kRefusal);
  std::unique_ptr<RefusalLog> rejections_ =
      std::make_unique<RefusalLog>(RefusalLog::Kind::kRejection);
};

}  // namespace tanzim::web
