#include <functional>
#include <optional>
#include <string>

#include "auth/session_service.h"
#include "core/time.h"
#include "i18n/messages.h"
#include "web/json_io.h"
#include "web/problem.h"
#include "web/routes.h"
#include "web/short_list.h"

namespace tanzim::web {
namespace {

std::string Rfc3339(int64_t unix_seconds) {
  return FormatRfc3339(std::chrono::sys_seconds(std::chrono::seconds(unix_seconds)));
}

nlohmann::json ToJson(const auth::Actor& actor, std::optional<int64_t> expires_at) {
  return {
      {"login", actor.login},
      {"role", std::string(auth::RoleName(actor.role))},
      {"scope_code", actor.scope ? nlohmann::json(actor.scope->code) : nlohmann::json(nullptr)},
      {"expires_at", expires_at ? nlohmann::json(Rfc3339(*expires_at)) : nlohmann::json(nullptr)}};
}

// The cookie for this transport (router.h): `__Host-`, Secure over TLS.
std::string SessionCookieHeader(const Request& request, std::string_view value,
                                bool expire = false) {
  std::string cookie(request.tls ? kSessionCookie : kPlainSessionCookie);
  cookie += '=';
  cookie += value;
  // No Max-Age: the browser forgets the id when it closes; the server ends
  // the session after the idle or absolute timeout whatever the browser keeps.
  cookie += "; Path=/; HttpOnly; SameSite=Strict";
  if (expire) cookie += "; Max-Age=0";
  if (request.tls) cookie += "; Secure";
  return cookie;
}

// 429 with Retry-After, as an RFC 9457 problem naming the login. The error
// codes have no "too many requests", so this one answer is built here.
Response TooManyAttempts(i18n::Lang lang, int64_t retry_after) {
  const auto title = i18n::Translate("error.too_many_attempts", lang);
  const auto message = i18n::Translate("field.sign_in_throttled", lang);
  const nlohmann::json body = {
      {"type", "/api/v1/problems/too-many-requests"},
      {"title", title},
      {"status", 429},
      {"detail", "login: " + std::string(message)},
      {"errors", {{{"field", "login"}, {"message", message}, {"code", "field.sign_in_throttled"}}}},
      {"retry_after", retry_after},
  };
  Response response;
  response.status = 429;
  response.content_type = "application/problem+json";
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  response.headers.emplace_back("Content-Language", std::string(i18n::LanguageTag(lang)));
  response.headers.emplace_back("Retry-After", std::to_string(std::max<int64_t>(1, retry_after)));
  return response;
}

struct SignInBody {
  std::string login;
  std::string password;
  std::optional<std::string> totp;
};

Result<SignInBody> ReadSignIn(const Request& request) {
  auto object = ParseJsonObject(request);
  if (!object.ok()) return std::move(object).error();
  ObjectReader read(*object, {"login", "password", "totp"});
  auto login = read.String("login");
  auto password = read.String("password");
  // The code of an account with TOTP enabled; ignored for the others.
  auto totp = read.String("totp");
  TANZIM_RETURN_IF_ERROR(read.Finish());
  std::vector<FieldError> missing;
  if (!login || !*login) missing.push_back({"login", "field.required"});
  if (!password || !*password) missing.push_back({"password", "field.required"});
  if (!missing.empty()) return Error(ErrorCode::kInvalidArgument, "error.invalid", missing);
  std::optional<std::string> code;
  if (totp && *totp) code = **totp;
  return SignInBody{**login, **password, std::move(code)};
}

// The `totp` member of a TOTP confirm or disable body.
Result<std::string> ReadTotpCode(const Request& request) {
  auto object = ParseJsonObject(request);
  if (!object.ok()) return std::move(object).error();
  ObjectReader read(*object, {"totp"});
  auto totp = read.String("totp");
  TANZIM_RETURN_IF_ERROR(read.Finish());
  if (!totp || !*totp || (*totp)->empty()) return Error::Invalid("totp", "field.required");
  return **totp;
}

struct PasswordChange {
  std::string current;
  std::string replacement;
};

// `{"current_password", "new_password"}`; the service names a missing one.
Result<PasswordChange> ReadPasswordChange(const Request& request) {
  auto object = ParseJsonObject(request);
  if (!object.ok()) return std::move(object).error();
  ObjectReader read(*object, {"current_password", "new_password"});
  auto current = read.String("current_password");
  auto replacement = read.String("new_password");
  TANZIM_RETURN_IF_ERROR(read.Finish());
  PasswordChange change;
  if (current && *current) change.current = **current;
  if (replacement && *replacement) change.replacement = **replacement;
  return change;
}

Response NoContent() {
  Response response;
  response.status = 204;
  return response;
}

// The handler of a route acting on a browser session's own account (its
// TOTP, its password, its sessions). These do their own authentication, since a session
// restricted to TOTP enrolment must reach the TOTP routes: a bearer token,
// which has no session, is refused with 401, as is a request without the
// session cookie; otherwise `act` answers with the session id.
Handler OwnAccountHandler(std::function<Response(Request&, const std::string&)> act) {
  return [act = std::move(act)](Request& request) {
    const auto id =
        request.authorization.empty() ? SessionCookie(request) : std::optional<std::string>();
    if (!id)
      return ProblemResponse({ErrorCode::kUnauthenticated, "error.unauthenticated"}, request.lang);
    return act(request, *id);
  };
}

// The handler of a TOTP route whose body is `{"totp": code}`: reads the code,
// runs `use` (SessionService::ConfirmTotp or DisableTotp) and answers 204,
// or 429 when the account is throttled.
using TotpCodeUse = Result<std::optional<auth::SessionService::Throttled>> (
    auth::SessionService::*)(std::string_view, std::string_view, std::string_view);
Handler TotpCodeHandler(auth::SessionService& sessions, TotpCodeUse use) {
  return OwnAccountHandler([&sessions, use](Request& request, const std::string& id) {
    auto code = ReadTotpCode(request);
    if (!code.ok()) return ProblemResponse(code.error(), request.lang);
    auto done = (sessions.*use)(id, *code, request.peer);
    if (!done.ok()) return ProblemResponse(done.error(), request.lang);
    if (*done) return TooManyAttempts(request.lang, (*done)->retry_after_seconds);
    return NoContent();
  });
}

}  // namespace

void AddSessionRoutes(Router& router, auth::SessionService& sessions) {
  router.Add(
      Method::kPost, "/api/v1/session",
      [&sessions](Request& request) {
        auto body = ReadSignIn(request);
        if (!body.ok()) return ProblemResponse(body.error(), request.lang);
        auto outcome = sessions.SignIn(body->login, body->password, request.peer,
                                       SessionCookie(request), body->totp);
        if (!outcome.ok()) return ProblemResponse(outcome.error(), request.lang);
        if (outcome->throttled) {
          return TooManyAttempts(request.lang, outcome->throttled->retry_after_seconds);
        }
        const auth::SignedIn& signed_in = *outcome->signed_in;
        nlohmann::json json = ToJson(signed_in.actor, signed_in.expires_at);
        json["totp_enabled"] = signed_in.totp_enabled;
        json["totp_enrolment_required"] = signed_in.totp_enrolment_required;
        Response response = JsonResponse(200, json);
        response.headers.emplace_back("Set-Cookie",
                                      SessionCookieHeader(request, signed_in.session_id));
        return response;
      },
      Access::kSessionForm);
  router.Add(
      Method::kDelete, "/api/v1/session",
      [&sessions](Request& request) {
        if (const auto id = SessionCookie(request)) {
          const Status ended = sessions.SignOut(*id, request.peer);
          if (!ended.ok()) return ProblemResponse(ended.error(), request.lang);
        }
        Response response;
        response.status = 204;
        response.headers.emplace_back("Set-Cookie", SessionCookieHeader(request, "", true));
        return response;
      },
      Access::kSessionForm);
  // TOTP of the signed-in account. Access::kSessionForm: the router checks
  // CSRF, and the handlers authenticate the cookie themselves, since a
  // session restricted to enrolment must reach them (SessionService::Authenticate refuses it).
  router.Add(Method::kPost, "/api/v1/session/totp",
             OwnAccountHandler([&sessions](Request& request, const std::string& id) {
               auto enrolment = sessions.StartTotpEnrolment(id);
               if (!enrolment.ok()) return ProblemResponse(enrolment.error(), request.lang);
               return JsonResponse(200, {{"secret", enrolment->secret},
                                         {"otpauth_uri", enrolment->otpauth_uri},
                                         {"qr_svg", enrolment->qr_svg}});
             }),
             Access::kSessionForm);
  router.Add(Method::kPost, "/api/v1/session/totp/confirm",
             TotpCodeHandler(sessions, &auth::SessionService::ConfirmTotp), Access::kSessionForm);
  router.Add(Method::kDelete, "/api/v1/session/totp",
             TotpCodeHandler(sessions, &auth::SessionService::DisableTotp), Access::kSessionForm);
  router.Add(Method::kPost, "/api/v1/session/password",
             OwnAccountHandler([&sessions](Request& request, const std::string& id) {
               auto change = ReadPasswordChange(request);
               if (!change.ok()) return ProblemResponse(change.error(), request.lang);
               auto done =
                   sessions.ChangePassword(id, change->current, change->replacement, request.peer);
               if (!done.ok()) return ProblemResponse(done.error(), request.lang);
               if (*done) return TooManyAttempts(request.lang, (*done)->retry_after_seconds);
               return NoContent();
             }),
             Access::kSessionForm);
  // The account's own sessions (V7.5.2): a cookie only, like the routes above.
  router.Add(Method::kGet, "/api/v1/sessions", {"limit", "cursor"},
             OwnAccountHandler([&sessions](Request& request, const std::string& id) {
               const auto query = ReadShortListQuery(request, {true, false});
               if (!query.ok()) return ProblemResponse(query.error(), request.lang);
               auto own = sessions.ListOwnSessions(id);
               if (!own.ok()) return ProblemResponse(own.error(), request.lang);
               return ShortListPage(
                   *own, *query,
                   [](const auth::OwnSession& s) {
                     return nlohmann::json{s.created_at, s.id};
                   },
                   [](const auth::OwnSession& s) {
                     return nlohmann::json{{"id", s.id},
                                           {"created_at", Rfc3339(s.created_at)},
                                           {"last_seen_at", Rfc3339(s.last_seen_at)},
                                           {"expires_at", Rfc3339(s.expires_at)},
                                           {"address", s.address},
                                           {"current", s.current}};
                   });
             }),
             Access::kSessionForm);
  router.Add(Method::kDelete, "/api/v1/sessions/{id}",
             OwnAccountHandler([&sessions](Request& request, const std::string& id) {
               auto ended = sessions.EndOwnSession(id, request.Param("id"), request.peer);
               if (!ended.ok()) return ProblemResponse(ended.error(), request.lang);
               Response response = NoContent();
               // Ending the asking session is signing out: the browser drops the cookie.
               if (*ended) {
                 response.headers.emplace_back("Set-Cookie",
                                               SessionCookieHeader(request, "", true));
               }
               return response;
             }),
             Access::kSessionForm);
  router.Add(Method::kGet, "/api/v1/session", [&sessions](Request& request) {
    // A bearer caller has no session: its account, and no end.
    const auto id = request.authorization.empty() ? SessionCookie(request) : std::nullopt;
    if (!id) return JsonResponse(200, ToJson(*request.actor, std::nullopt));
    auto info = sessions.Describe(*id);
    if (!info.ok()) return ProblemResponse(info.error(), request.lang);
    nlohmann::json json = ToJson(info->actor, info->expires_at);
    json["totp_enabled"] = info->totp_enabled;
    return JsonResponse(200, json);
  });
}

}  // namespace tanzim::web
