#include "audit/audit_service.h"

#include <chrono>
#include <nlohmann/json.hpp>

#include "auth/authorization.h"
#include "core/ids.h"
#include "core/masking.h"

namespace tanzim::audit {
namespace {

bool IsDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  const auto y = ParsePositiveId(text.substr(0, 4));
  const auto m = ParsePositiveId(text.substr(5, 2));
  const auto d = ParsePositiveId(text.substr(8, 2));
  if (!y || !m || !d) return false;
  return std::chrono::year_month_day(std::chrono::year(static_cast<int>(*y)),
                                     std::chrono::month(static_cast<unsigned>(*m)),
                                     std::chrono::day(static_cast<unsigned>(*d)))
      .ok();
}

// A bound of the time filter: a date, or a full RFC 3339 UTC time as stored.
bool IsTimeBound(std::string_view text) {
  return IsDate(text) ||
         (text.size() == 20 && IsDate(text.substr(0, 10)) && text[10] == 'T' && text.back() == 'Z');
}

// Masks, anywhere in `payload`, the personal details `visible` leaves out,
// as people/masking.h does for a person: an auditor reads the trail without
// the CINs a secretary sees.
void MaskPayload(nlohmann::json& payload, auth::PersonalDetails visible) {
  if (payload.is_array()) {
    for (auto& item : payload) MaskPayload(item, visible);
    return;
  }
  if (!payload.is_object()) return;
  for (auto& [key, value] : payload.items()) {
    if (value.is_string()) {
      const auto& text = value.get_ref<const std::string&>();
      if (!visible.identity && key == "cin") value = MaskKeepingTail(text, 2);
      if (!visible.identity && key == "birth_date") value = nullptr;
      if (!visible.contact && key == "phone") value = MaskKeepingTail(text, 2);
      if (!visible.contact && key == "email") value = MaskEmail(text);
    } else {
      MaskPayload(value, visible);
    }
  }
}

void MaskPayload(std::optional<std::string>& text, auth::PersonalDetails visible) {
  if (!text) return;
  auto payload = nlohmann::json::parse(*text, nullptr, false);
  if (payload.is_discarded()) return;
  MaskPayload(payload, visible);
  *text = payload.dump();
}

// Reads an optional id filter into `out`, or notes why `field` is refused.
void ReadIdFilter(const std::optional<std::string>& text, const char* field,
                  std::optional<int64_t>& out, std::vector<FieldError>& errors) {
  if (!text) return;
  out = ParsePositiveId(*text);
  if (!out) errors.push_back({field, "field.id_invalid"});
}

// Reads an optional keyset cursor into `after_id`, or notes why it is refused.
void ReadCursor(const std::optional<std::string>& cursor, int64_t& after_id,
                std::vector<FieldError>& errors) {
  if (!cursor) return;
  if (const auto last = DecodeIdCursor(*cursor)) {
    after_id = *last;
  } else {
    errors.push_back({"cursor", "field.cursor_invalid"});
  }
}

// The id of an `object` filter: positive, or 0 for the objects that are one of
// a kind (setting/0, the organization's settings as a whole).
std::optional<int64_t> ObjectId(std::string_view text) {
  return text == "0" ? std::optional<int64_t>(0) : ParsePositiveId(text);
}

// The page of `rows`, fetched with one row more than asked (`fetched`) so that
// a full fetch tells a next page exists.
template <typename T>
Result<Page<T>> PageOf(Result<std::vector<T>> rows, int fetched) {
  if (!rows.ok()) return std::move(rows).error();
  Page<T> page;
  if (static_cast<int>(rows->size()) == fetched) {
    rows->pop_back();
    page.next_cursor = EncodeIdCursor(rows->back().id);
  }
  page.items = std::move(*rows);
  return page;
}

}  // namespace

Result<Page<Record>> AuditService::List(const auth::Actor& actor, const ListRequest& request) {
  // The trail names people and changes across the whole country.
  if (!auth::MayReadAudit(actor)) return Error::Denied();
  Query query;
  query.limit = request.limit;
  std::vector<FieldError> errors;
  if (request.object) {
    const std::string& object = *request.object;
    const auto slash = object.find('/');
    query.object_type = object.substr(0, slash);
    if (!ParseObjectType(*query.object_type)) {
      errors.push_back({"object", "field.audit_object_invalid"});
    }
    if (slash != std::string::npos) {
      query.object_id = ObjectId(std::string_view(object).substr(slash + 1));
      if (!query.object_id) errors.push_back({"object", "field.audit_object_invalid"});
    }
  }
  ReadIdFilter(request.actor, "actor", query.actor_id, errors);
  if (request.from) {
    if (IsTimeBound(*request.from)) {
      query.from = *request.from;
    } else {
      errors.push_back({"from", "field.date_invalid"});
    }
  }
  if (request.to) {
    if (IsTimeBound(*request.to)) {
      // A date means the whole day: '~' sorts after every time written that day.
      query.to = IsDate(*request.to) ? *request.to + "~" : *request.to;
    } else {
      errors.push_back({"to", "field.date_invalid"});
    }
  }
  // The bounds compare as text: a date sorts before every time of its day,
  // and `to`'s '~' after them.
  if (query.from && query.to && *query.to < *query.from) {
    errors.push_back({"to", "field.date_before_from"});
  }
  ReadCursor(request.cursor, query.after_id, errors);
  if (!errors.empty()) return Error(ErrorCode::kInvalidArgument, "error.invalid", errors);

  ++query.limit;  // one more tells whether a next page exists
  auto page = PageOf(log_.List(query), query.limit);
  if (!page.ok()) return page;
  const auth::PersonalDetails visible = auth::VisibleDetails(actor);
  if (!visible.identity || !visible.contact) {
    for (Record& record : page->items) {
      MaskPayload(record.entry.before, visible);
      MaskPayload(record.entry.after, visible);
    }
  }
  return page;
}

Result<Page<Read>> AuditService::ListReads(const auth::Actor& actor, const ReadsRequest& request) {
  // Who read whom is as sensitive as the trail itself.
  if (!auth::MayReadAudit(actor)) return Error::Denied();
  ReadQuery query;
  query.limit = request.limit;
  std::vector<FieldError> errors;
  ReadIdFilter(request.person, "person", query.person_id, errors);
  ReadIdFilter(request.user, "user", query.user_id, errors);
  ReadCursor(request.cursor, query.after_id, errors);
  if (!errors.empty()) return Error(ErrorCode::kInvalidArgument, "error.invalid", errors);

  ++query.limit;  // one more tells whether a next page exists
  return PageOf(reads_.List(query), query.limit);
}

}  // namespace tanzim::audit
