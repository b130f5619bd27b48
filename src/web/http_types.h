#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auth/actor.h"
#include "i18n/language.h"

// Transport-neutral request and response, so that routing and handlers do not
// include the HTTP library; only server.cc speaks Boost.Beast.
namespace tanzim::web {

enum class Method { kGet, kPost, kPatch, kDelete, kPut, kHead, kOptions, kOther };

std::string_view MethodName(Method method);

struct Request {
  Method method = Method::kGet;
  std::string path;                                            // percent-decoded, without the query
  std::multimap<std::string, std::string, std::less<>> query;  // percent-decoded
  std::string body;
  std::string authorization;
  i18n::Lang lang = i18n::Lang::kAr;
  // Set by the router from the path pattern ("{id}" → params["id"]).
  std::map<std::string, std::string, std::less<>> params;
  // Set by the router once the bearer token is checked.
  std::optional<auth::Actor> actor;

  // The single value of a query parameter; nullopt when absent.
  std::optional<std::string> Query(std::string_view name) const;
  const std::string& Param(std::string_view name) const { return params.find(name)->second; }
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

}  // namespace tanzim::web
