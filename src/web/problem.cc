#include "web/problem.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "i18n/messages.h"

namespace tanzim::web {
namespace {

// A request naming hundreds of unknown fields must not make a log line of them.
constexpr size_t kMaxLoggedCodes = 8;

// The distinct codes of `error`'s field errors, in order, for the server log.
std::string ProblemCodes(const Error& error) {
  std::vector<std::string_view> codes;
  for (const FieldError& f : error.fields()) {
    if (std::find(codes.begin(), codes.end(), f.message_key) != codes.end()) continue;
    if (codes.size() == kMaxLoggedCodes) return fmt::format("{}, …", fmt::join(codes, ", "));
    codes.push_back(f.message_key);
  }
  return fmt::format("{}", fmt::join(codes, ", "));
}

std::string_view Slug(ErrorCode code) {
  switch (code) {
    case ErrorCode::kMalformed:
      return "malformed-request";
    case ErrorCode::kInvalidArgument:
      return "invalid-argument";
    case ErrorCode::kNotFound:
      return "not-found";
    case ErrorCode::kConflict:
      return "conflict";
    case ErrorCode::kUnauthenticated:
      return "unauthenticated";
    case ErrorCode::kPermissionDenied:
      return "permission-denied";
    case ErrorCode::kMethodNotAllowed:
      return "method-not-allowed";
    case ErrorCode::kPayloadTooLarge:
      return "payload-too-large";
    case ErrorCode::kUriTooLong:
      return "uri-too-long";
    case ErrorCode::kHeadersTooLarge:
      return "headers-too-large";
    case ErrorCode::kUnavailable:
      return "unavailable";
    case ErrorCode::kInternal:
      break;
  }
  return "internal";
}

}  // namespace

int HttpStatus(ErrorCode code) {
  switch (code) {
    case ErrorCode::kMalformed:
      return 400;
    case ErrorCode::kInvalidArgument:
      return 422;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kPermissionDenied:
      return 403;
    case ErrorCode::kMethodNotAllowed:
      return 405;
    case ErrorCode::kPayloadTooLarge:
      return 413;
    case ErrorCode::kUriTooLong:
      return 414;
    case ErrorCode::kHeadersTooLarge:
      return 431;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
      break;
  }
  return 500;
}

Response ProblemResponse(const Error& error, i18n::Lang lang) {
  if (error.code() == ErrorCode::kInternal) {
    spdlog::error("internal error: {}", error.log_detail());
  }
  const int status = HttpStatus(error.code());
  nlohmann::json body = {
      {"type", "/api/v1/problems/" + std::string(Slug(error.code()))},
      {"title", i18n::Translate(error.message_key(), lang)},
      {"status", status},
      {"detail", i18n::Translate(error.message_key(), lang)},
      {"errors", nlohmann::json::array()},
  };
  std::string detail;
  for (const FieldError& f : error.fields()) {
    const auto message = i18n::Translate(f.message_key, lang);
    body["errors"].push_back({{"field", f.field}, {"message", message}, {"code", f.message_key}});
    if (!detail.empty()) detail += "; ";
    detail += f.field + ": " + std::string(message);
  }
  if (!detail.empty()) body["detail"] = detail;
  Response response;
  response.status = status;
  response.content_type = "application/problem+json";
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  response.headers.emplace_back("Content-Language", std::string(i18n::LanguageTag(lang)));
  if (status == 401) response.headers.emplace_back("WWW-Authenticate", "Bearer");
  response.problem = error.message_key();
  response.problem_codes = ProblemCodes(error);
  response.out_of_scope = error.out_of_scope();
  return response;
}

}  // namespace tanzim::web
