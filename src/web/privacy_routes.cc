#include <array>
#include <string>

#include "i18n/messages.h"
#include "privacy/privacy_service.h"
#include "web/json_io.h"
#include "web/problem.h"
#include "web/routes.h"
#include "web/short_list.h"

namespace tanzim::web {
namespace {

nlohmann::json ToJson(const privacy::ConsentText& t) {
  return {{"id", t.id},
          {"purpose", t.purpose},
          {"version", t.version},
          {"text_ar", t.text_ar},
          {"text_fr", t.text_fr},
          {"text_en", t.text_en},
          {"published_at", t.published_at}};
}

nlohmann::json OrNull(const std::optional<int64_t>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json ToJson(const privacy::Consent& c) {
  return {{"id", c.id},
          {"person_id", c.person_id},
          {"text_id", c.text_id},
          {"purpose", c.purpose},
          {"version", c.version},
          {"channel", c.channel},
          {"given_at", c.given_at},
          {"given_by", OrNull(c.given_by)},
          {"withdrawn_at", web::OrNull(c.withdrawn_at)},
          {"withdrawal_channel", web::OrNull(c.withdrawal_channel)},
          {"withdrawn_by", OrNull(c.withdrawn_by)}};
}

// --- The readable export -----------------------------------------------------

void Escape(std::string_view text, std::string& out) {
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
}

// The label of a field or section in the reader's language; the field's own
// name when the catalog has none.
std::string Label(const std::string& name, i18n::Lang lang) {
  const std::string key = "export." + name;
  if (!i18n::HasMessage(key)) return name;
  return std::string(i18n::Translate(key, lang));
}

void RenderValue(const nlohmann::json& value, i18n::Lang lang, std::string& out);

// An object as a two-column table of labels and values.
void RenderObject(const nlohmann::json& object, i18n::Lang lang, std::string& out) {
  out += "<table class=\"record\">";
  for (const auto& [name, value] : object.items()) {
    out += "<tr><th scope=\"row\">";
    Escape(Label(name, lang), out);
    out += "</th><td>";
    RenderValue(value, lang, out);
    out += "</td></tr>";
  }
  out += "</table>";
}

// A list: one row per item when the items are flat records, else one record
// table per item (memberships, which hold their events and dues).
void RenderList(const nlohmann::json& items, i18n::Lang lang, std::string& out) {
  if (items.empty()) {
    out += "<p class=\"none\">";
    Escape(Label("none", lang), out);
    out += "</p>";
    return;
  }
  bool flat = true;
  for (const auto& item : items) {
    if (!item.is_object()) continue;
    for (const auto& [name, value] : item.items()) {
      if (value.is_structured()) flat = false;
    }
  }
  if (!flat || !items.front().is_object()) {
    for (const auto& item : items) RenderValue(item, lang, out);
    return;
  }
  out += "<table class=\"list\"><thead><tr>";
  for (const auto& [name, value] : items.front().items()) {
    out += "<th scope=\"col\">";
    Escape(Label(name, lang), out);
    out += "</th>";
  }
  out += "</tr></thead><tbody>";
  for (const auto& item : items) {
    out += "<tr>";
    for (const auto& [name, value] : item.items()) {
      out += "<td>";
      RenderValue(value, lang, out);
      out += "</td>";
    }
    out += "</tr>";
  }
  out += "</tbody></table>";
}

void RenderValue(const nlohmann::json& value, i18n::Lang lang, std::string& out) {
  if (value.is_null()) {
    out += "—";
  } else if (value.is_object()) {
    RenderObject(value, lang, out);
  } else if (value.is_array()) {
    RenderList(value, lang, out);
  } else {
    // <bdi>: a Latin name or a date keeps its own direction inside RTL text.
    out += "<bdi>";
    Escape(value.is_string() ? value.get<std::string>() : value.dump(), out);
    out += "</bdi>";
  }
}

constexpr std::array<std::string_view, 6> kSections = {"person",   "memberships", "positions",
                                                       "mandates", "consents",    "audit"};

// A self-contained page: no script, no external resource, every value escaped,
// laid out right to left in Arabic.
std::string RenderHtml(const nlohmann::json& doc, i18n::Lang lang) {
  const bool rtl = lang == i18n::Lang::kAr;
  std::string out;
  out += "<!DOCTYPE html>\n<html lang=\"";
  out += i18n::LanguageTag(lang);
  out += rtl ? R"(" dir="rtl">)" : R"(" dir="ltr">)";
  out += "<head><meta charset=\"utf-8\"><title>";
  Escape(Label("title", lang), out);
  out +=
      "</title><style>"
      "body{font-family:sans-serif;margin:2em;line-height:1.5}"
      "table{border-collapse:collapse;margin:.5em 0 1em}"
      "th,td{border:1px solid #999;padding:.2em .5em;text-align:start;vertical-align:top}"
      "th{background:#eee}.none{color:#666}"
      "@media print{body{margin:0}}"
      "</style></head><body><h1>";
  Escape(Label("title", lang), out);
  out += "</h1><p>";
  Escape(Label("exported_at", lang), out);
  out += ": ";
  RenderValue(doc.value("exported_at", nlohmann::json()), lang, out);
  out += "</p>";
  for (const std::string_view section : kSections) {
    const auto found = doc.find(section);
    if (found == doc.end()) continue;
    out += "<section><h2>";
    Escape(Label("section." + std::string(section), lang), out);
    out += "</h2>";
    RenderValue(*found, lang, out);
    out += "</section>";
  }
  out += "</body></html>\n";
  return out;
}

Response HtmlResponse(std::string body) {
  Response response;
  response.content_type = "text/html; charset=utf-8";
  response.body = std::move(body);
  // The server's default policy forbids everything; the page needs its own
  // inline style, and still no script, image, frame or form target.
  response.headers.emplace_back(
      "Content-Security-Policy",
      "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'; "
      "form-action 'none'");
  return response;
}

// ?format=json (the default) or ?format=html.
Result<bool> WantsHtml(const Request& request) {
  const auto format = request.Query("format");
  if (!format || *format == "json") return false;
  if (*format == "html") return true;
  return Error::Invalid("format", "field.format_invalid");
}

}  // namespace

void AddPrivacyRoutes(Router& router, privacy::PrivacyService& privacy) {
  router.Add(Method::kGet, "/api/v1/consent-texts", {"limit", "cursor"},
             [&privacy](Request& request) {
               const auto query = ReadShortListQuery(request, {false, false});
               if (!query.ok()) return ProblemResponse(query.error(), request.lang);
               auto texts = privacy.ListConsentTexts(*request.actor);
               if (!texts.ok()) return ProblemResponse(texts.error(), request.lang);
               return ShortListPage(
                   *texts, *query,
                   [](const privacy::ConsentText& t) {
                     return nlohmann::json::array({t.purpose, t.version});
                   },
                   [](const privacy::ConsentText& t) { return ToJson(t); });
             });
  router.Add(Method::kPost, "/api/v1/consent-texts", [&privacy](Request& request) {
    auto object = ParseJsonObject(request);
    if (!object.ok()) return ProblemResponse(object.error(), request.lang);
    ObjectReader read(*object, {"purpose", "text_ar", "text_fr", "text_en"});
    privacy::ConsentTextDraft draft;
    draft.purpose = read.String("purpose");
    draft.text_ar = read.String("text_ar");
    draft.text_fr = read.String("text_fr");
    draft.text_en = read.String("text_en");
    if (auto done = read.Finish(); !done.ok()) return ProblemResponse(done.error(), request.lang);
    auto published = privacy.PublishConsentText(*request.actor, draft);
    if (!published.ok()) return ProblemResponse(published.error(), request.lang);
    return JsonResponse(201, ToJson(*published));
  });
  router.Add(Method::kGet, "/api/v1/people/{id}/consents", {"limit", "cursor"},
             [&privacy](Request& request) {
               auto id = ParseId(request.Param("id"));
               if (!id.ok()) return ProblemResponse(id.error(), request.lang);
               const auto query = ReadShortListQuery(request, {false});
               if (!query.ok()) return ProblemResponse(query.error(), request.lang);
               auto consents = privacy.ListConsents(*request.actor, *id);
               if (!consents.ok()) return ProblemResponse(consents.error(), request.lang);
               return ShortListPage(
                   *consents, *query,
                   [](const privacy::Consent& c) { return nlohmann::json::array({c.id}); },
                   [](const privacy::Consent& c) { return ToJson(c); });
             });
  router.Add(Method::kPost, "/api/v1/people/{id}/consents", [&privacy](Request& request) {
    auto id = ParseId(request.Param("id"));
    if (!id.ok()) return ProblemResponse(id.error(), request.lang);
    auto object = ParseJsonObject(request);
    if (!object.ok()) return ProblemResponse(object.error(), request.lang);
    ObjectReader read(*object, {"text_id", "channel"});
    privacy::ConsentDraft draft;
    draft.text_id = read.Int("text_id");
    draft.channel = read.String("channel");
    if (auto done = read.Finish(); !done.ok()) return ProblemResponse(done.error(), request.lang);
    auto given = privacy.GiveConsent(*request.actor, *id, draft);
    if (!given.ok()) return ProblemResponse(given.error(), request.lang);
    return JsonResponse(201, ToJson(*given));
  });
  router.Add(Method::kPost, "/api/v1/people/{id}/consents/{consent_id}/withdraw",
             [&privacy](Request& request) {
               auto id = ParseId(request.Param("id"));
               if (!id.ok()) return ProblemResponse(id.error(), request.lang);
               auto consent_id = ParseId(request.Param("consent_id"));
               if (!consent_id.ok()) return ProblemResponse(consent_id.error(), request.lang);
               // As easy as giving: no body at all is a withdrawal through no stated channel.
               std::optional<std::string> channel;
               if (!request.body.empty()) {
                 auto object = ParseJsonObject(request);
                 if (!object.ok()) return ProblemResponse(object.error(), request.lang);
                 ObjectReader read(*object, {"channel"});
                 auto given = read.String("channel");
                 if (auto done = read.Finish(); !done.ok()) {
                   return ProblemResponse(done.error(), request.lang);
                 }
                 if (given) channel = *given;
               }
               auto withdrawn = privacy.WithdrawConsent(*request.actor, *id, *consent_id, channel);
               if (!withdrawn.ok()) return ProblemResponse(withdrawn.error(), request.lang);
               return JsonResponse(200, ToJson(*withdrawn));
             });
  router.Add(Method::kGet, "/api/v1/people/{id}/export", {"format"}, [&privacy](Request& request) {
    auto id = ParseId(request.Param("id"));
    if (!id.ok()) return ProblemResponse(id.error(), request.lang);
    auto html = WantsHtml(request);
    if (!html.ok()) return ProblemResponse(html.error(), request.lang);
    auto doc = privacy.Export(*request.actor, *id);
    if (!doc.ok()) return ProblemResponse(doc.error(), request.lang);
    if (*html) return HtmlResponse(RenderHtml(*doc, request.lang));
    return JsonResponse(200, *doc);
  });
  router.Add(Method::kPost, "/api/v1/people/{id}/erase", [&privacy](Request& request) {
    auto id = ParseId(request.Param("id"));
    if (!id.ok()) return ProblemResponse(id.error(), request.lang);
    auto erased = privacy.Erase(*request.actor, *id);
    if (!erased.ok()) return ProblemResponse(erased.error(), request.lang);
    Response response;
    response.status = 204;
    return response;
  });
}

}  // namespace tanzim::web
