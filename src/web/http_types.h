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
  std::string path;                                       // percent-decoded, without the query
  std::map<std::string, std::string, std::less<>> query;  // percent-decoded, each name once
  std::string body;
  std::string authorization;
  // The headers the session cookie and its CSRF defence read (router.cc).
  std::string cookie;          // the raw Cookie header
  std::string origin;          // Origin
  std::string sec_fetch_site;  // Sec-Fetch-Site
  std::string csrf;            // X-Tanzim-CSRF, the custom header a cross-site form cannot send
  std::string host;            // Host
  // The client's address: the peer's, or with a trusted proxy the one it appended
  // to X-Forwarded-For. Keys the sign-in throttle.
  std::string peer;
  // Whether the client reached us over TLS: with a trusted proxy,
  // X-Forwarded-Proto: https; never otherwise (server.h, ServerOptions).
  bool tls = false;
  i18n::Lang lang = i18n::Lang::kAr;
  // Set by the router from the path pattern ("{id}" → params["id"]).
  std::map<std::string, std::string, std::less<>> params;
  // Set by the router once the bearer token is checked.
  std::optional<auth::Actor> actor;

  // The value of cookie `name`; nullopt when absent.
  std::optional<std::string> Cookie(std::string_view name) const;
  // The single value of a query parameter; nullopt when absent.
  std::optional<std::string> Query(std::string_view name) const;
  const std::string& Param(std::string_view name) const { return params.find(name)->second; }
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // A problem answer's message key (error.csrf, …), for the server log; empty otherwise.
  std::string problem;
  // Its errors' codes (field.cin_invalid, …), each once, comma-separated, for the
  // server log: the codes are the catalog's, where field names can be the client's.
  std::string problem_codes;
  // An answer that hides what lies beyond the actor's scope: the 404 of an
  // object there (Error::OutOfScope), which the client cannot tell from an
  // unknown id, or the empty page of a list filtered by a territory there
  // (Page::out_of_scope). The refusal log tells them apart.
  bool out_of_scope = false;
};

}  // namespace tanzim::web
