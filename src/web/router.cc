#include "web/router.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>

#include "web/problem.h"

namespace tanzim::web {
namespace {

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t start = 1;
  while (start <= path.size()) {
    const size_t end = std::min(path.find('/', start), path.size());
    out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// Fills `params` and returns true when the path's segments fit the route's.
bool Match(const std::vector<std::string>& want, const std::vector<std::string_view>& have,
           std::map<std::string, std::string, std::less<>>& params) {
  if (want.size() != have.size()) return false;
  for (size_t i = 0; i < want.size(); ++i) {
    const bool placeholder = want[i].starts_with('{') && want[i].ends_with('}');
    if (placeholder ? have[i].empty() : want[i] != have[i]) return false;
  }
  for (size_t i = 0; i < want.size(); ++i) {
    if (want[i].starts_with('{')) {
      params.emplace(want[i].substr(1, want[i].size() - 2), std::string(have[i]));
    }
  }
  return true;
}

// The token of an "Authorization: Bearer <token>" header; the scheme is case-insensitive.
std::string_view BearerToken(std::string_view header) {
  constexpr std::string_view kScheme = "bearer ";
  if (header.size() <= kScheme.size()) return {};
  for (size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(header[i])) != kScheme[i]) return {};
  }
  header.remove_prefix(kScheme.size());
  while (!header.empty() && header.front() == ' ') header.remove_prefix(1);
  return header;
}

// The query parameters of `request` that `route` does not read, the first
// kMaxNamedUnknown named.
Status UnknownQueryParameters(const Route& route, const Request& request) {
  std::vector<FieldError> errors;
  for (const auto& [name, value] : request.query) {
    if (std::find(route.query.begin(), route.query.end(), name) == route.query.end()) {
      errors.push_back({name, "field.parameter_unknown"});
      if (errors.size() == kMaxNamedUnknown) break;
    }
  }
  if (errors.empty()) return Status::Ok();
  return Error(ErrorCode::kMalformed, "error.malformed", std::move(errors));
}

bool IsSafe(Method method) {
  return method == Method::kGet || method == Method::kHead || method == Method::kOptions;
}

}  // namespace

std::optional<std::string> SessionCookie(const Request& request) {
  if (auto id = request.Cookie(kSessionCookie)) return id;
  if (request.tls) return std::nullopt;
  return request.Cookie(kPlainSessionCookie);
}

Status CsrfProblem(const Request& request) {
  std::vector<FieldError> errors;
  if (request.csrf.empty()) errors.push_back({"X-Tanzim-CSRF", "field.csrf_header_missing"});
  if (!request.origin.empty()) {
    const std::string expected = (request.tls ? "https://" : "http://") + request.host;
    if (request.host.empty() || request.origin != expected) {
      errors.push_back({"Origin", "field.cross_site"});
    }
  }
  if (!request.sec_fetch_site.empty() && request.sec_fetch_site != "same-origin" &&
      request.sec_fetch_site != "none") {
    errors.push_back({"Sec-Fetch-Site", "field.cross_site"});
  }
  if (errors.empty()) return Status::Ok();
  return Error(ErrorCode::kPermissionDenied, "error.csrf", std::move(errors));
}

void Router::Add(Method method, std::string pattern, std::vector<std::string> query,
                 Handler handler, Access access) {
  std::vector<std::string> segments;
  for (const std::string_view segment : Segments(pattern)) segments.emplace_back(segment);
  routes_.push_back({method, std::move(pattern), access, std::move(handler), std::move(query),
                     std::move(segments)});
}

Response Router::Dispatch(Request& request) const {
  const Route* found = nullptr;
  Response response = Answer(request, found);
  // An unknown path is not logged: scanners would fill the log with them.
  if (found != nullptr) {
    NoteProblem(response, MethodName(request.method), found->pattern,
                request.actor ? std::string_view(request.actor->login) : std::string_view(),
                request.peer);
  }
  return response;
}

void Router::NoteProblem(const Response& response, std::string_view method, std::string_view route,
                         std::string_view login, std::string_view peer) const {
  if (response.status == 401 || response.status == 403 || response.out_of_scope) {
    refusals_->Note(response.status,
                    response.out_of_scope ? std::string_view("out_of_scope") : response.problem,
                    method, route, login, peer);
    return;
  }
  const int s = response.status;
  if (s != 400 && s != 413 && s != 414 && s != 422 && s != 431) return;
  if (response.problem_codes.empty()) {
    rejections_->Note(s, response.problem, method, route, login, peer);
  } else {
    rejections_->Note(s, fmt::format("{} ({})", response.problem, response.problem_codes), method,
                      route, login, peer);
  }
}

Response Router::Answer(Request& request, const Route*& found) const {
  try {
    std::string allow;
    const auto segments = Segments(request.path);
    for (const Route& route : routes_) {
      std::map<std::string, std::string, std::less<>> params;
      if (!Match(route.segments, segments, params)) continue;
      if (route.method == request.method ||
          (request.method == Method::kHead && route.method == Method::kGet)) {
        found = &route;
        request.params = std::move(params);
        break;
      }
      if (!allow.empty()) allow += ", ";
      allow += MethodName(route.method);
      if (route.method == Method::kGet) allow += ", HEAD";
    }
    if (found == nullptr) {
      if (allow.empty()) return ProblemResponse(Error::NotFound(), request.lang);
      Response response =
          ProblemResponse({ErrorCode::kMethodNotAllowed, "error.method_not_allowed"}, request.lang);
      response.headers.emplace_back("Allow", allow);
      return response;
    }
    if (found->access == Access::kSessionForm && !IsSafe(request.method)) {
      const Status csrf = CsrfProblem(request);
      if (!csrf.ok()) return ProblemResponse(csrf.error(), request.lang);
    }
    if (found->access == Access::kBearer) {
      // A request with an Authorization header is judged by it alone.
      const auto session_id = request.authorization.empty() && authenticate_session_
                                  ? SessionCookie(request)
                                  : std::nullopt;
      if (session_id) {
        if (!IsSafe(request.method)) {
          const Status csrf = CsrfProblem(request);
          if (!csrf.ok()) return ProblemResponse(csrf.error(), request.lang);
        }
        auto actor = authenticate_session_(*session_id);
        if (!actor.ok()) return ProblemResponse(actor.error(), request.lang);
        request.actor = std::move(actor).value();
      } else {
        const auto token = BearerToken(request.authorization);
        if (token.empty()) {
          return ProblemResponse({ErrorCode::kUnauthenticated, "error.unauthenticated"},
                                 request.lang);
        }
        auto actor = authenticate_(token);
        if (!actor.ok()) return ProblemResponse(actor.error(), request.lang);
        request.actor = std::move(actor).value();
      }
    }
    if (const Status query = UnknownQueryParameters(*found, request); !query.ok()) {
      return ProblemResponse(query.error(), request.lang);
    }
    return found->handler(request);
  } catch (const std::exception& e) {
    return ProblemResponse(Error::Internal(std::string("unhandled exception: ") + e.what()),
                           request.lang);
  } catch (...) {
    return ProblemResponse(Error::Internal("unhandled non-standard exception"), request.lang);
  }
}

}  // namespace tanzim::web
