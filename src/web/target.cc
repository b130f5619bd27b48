#include "web/target.h"

#include <uriparser/Uri.h>

#include <algorithm>
#include <string>

#include "i18n/text.h"

namespace tanzim::web {
namespace {

// Percent-decodes with uriparser. It decodes "%00" to a NUL like any byte and
// returns where the decoded text ends: that end, not strlen, gives the length,
// so a NUL stays visible to the checks below instead of shortening the text.
std::string Decode(const char* first, const char* after_last, bool plus_is_space) {
  std::string text(first, after_last);
  const char* end =
      uriUnescapeInPlaceExA(text.data(), plus_is_space ? URI_TRUE : URI_FALSE, URI_BR_DONT_TOUCH);
  text.resize(static_cast<size_t>(end - text.data()));
  return text;
}

// Why `text` cannot be read (a message key), or nullptr: it must be valid UTF-8
// without a NUL.
const char* Unreadable(std::string_view text) {
  if (!i18n::CodePointCount(text)) return "field.invalid_utf8";
  if (text.find('\0') != std::string_view::npos) return "field.text_invalid";
  return nullptr;
}

Status ParsePath(const UriUriA& uri, Request& request) {
  for (const UriPathSegmentA* seg = uri.pathHead; seg != nullptr; seg = seg->next) {
    const std::string segment = Decode(seg->text.first, seg->text.afterLast, false);
    if (const char* why = Unreadable(segment)) return Error::Malformed("path", why);
    // An encoded slash would let one segment pose as two.
    if (segment.find('/') != std::string::npos) {
      return Error::Malformed("path", "field.target_invalid");
    }
    request.path += '/';
    request.path += segment;
  }
  if (request.path.empty()) request.path.push_back('/');
  return Status::Ok();
}

// "a=1&b=2": split on '&' and the first '=' (as uriparser's own dissection
// does, '+' meaning a space), each part then decoded. A part without '='
// has the empty value; empty parts ("a=1&&b=2") are skipped.
Status ParseQuery(const char* first, const char* after_last, Request& request) {
  const std::string_view query(first, static_cast<size_t>(after_last - first));
  size_t start = 0;
  while (start <= query.size()) {
    const size_t end = std::min(query.find('&', start), query.size());
    const std::string_view part = query.substr(start, end - start);
    start = end + 1;
    if (part.empty()) continue;
    const size_t eq = std::min(part.find('='), part.size());
    std::string key = Decode(part.data(), part.data() + eq, true);
    if (const char* why = Unreadable(key)) return Error::Malformed("query", why);
    std::string value = eq < part.size()
                            ? Decode(part.data() + eq + 1, part.data() + part.size(), true)
                            : std::string();
    if (const char* why = Unreadable(value)) return Error::Malformed(std::move(key), why);
    if (request.query.contains(key)) return Error::Malformed(std::move(key), "field.repeated");
    request.query.emplace(std::move(key), std::move(value));
  }
  return Status::Ok();
}

}  // namespace

Status ParseTarget(std::string_view target, Request& request) {
  if (target.empty() || target.front() != '/') {
    return Error::Malformed("target", "field.target_invalid");
  }
  UriUriA uri;
  const char* error_pos = nullptr;
  if (uriParseSingleUriExA(&uri, target.data(), target.data() + target.size(), &error_pos) !=
      URI_SUCCESS) {
    return Error::Malformed("target", "field.target_invalid");
  }
  Status parsed = ParsePath(uri, request);
  if (parsed.ok() && uri.query.first != nullptr) {
    parsed = ParseQuery(uri.query.first, uri.query.afterLast, request);
  }
  uriFreeUriMembersA(&uri);
  return parsed;
}

}  // namespace tanzim::web
