#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/actor.h"
#include "core/result.h"
#include "web/http_types.h"

namespace tanzim::web {

using Handler = std::function<Response(Request&)>;

// Whether a route needs a bearer token. Only /healthz and the API description are open.
enum class Access { kPublic, kBearer };

struct Route {
  Method method;
  std::string pattern;  // "/api/v1/people/{id}": a {name} segment matches one path segment
  Access access;
  Handler handler;
  std::vector<std::string> segments;  // `pattern` split once at Add(), not per request
};

// Maps method and path to a handler, authenticates bearer routes and turns
// anything a handler throws into a logged 500. It holds no business logic.
class Router {
 public:
  using Authenticator = std::function<Result<auth::Actor>(std::string_view token)>;

  explicit Router(Authenticator authenticate) : authenticate_(std::move(authenticate)) {}

  void Add(Method method, std::string pattern, Handler handler, Access access = Access::kBearer);

  // Answers one request: 404 for an unknown path, 405 (with Allow) for a known
  // path and another method, 401 without a valid token.
  Response Dispatch(Request& request) const;

  // Every route served, for the OpenAPI completeness test.
  const std::vector<Route>& routes() const { return routes_; }

 private:
  Authenticator authenticate_;
  std::vector<Route> routes_;
};

}  // namespace tanzim::web
