#include "privacy/privacy_service.h"

#include <algorithm>

#include "auth/authorization.h"
#include "core/time.h"
#include "i18n/text.h"

namespace tanzim::privacy {
namespace {

constexpr size_t kMaxPurposeLength = 50;
constexpr size_t kMaxConsentTextLength = 20000;
// What a detail the actor may not see reads as in an export.
constexpr const char* kMasked = "***";

bool IsChannel(std::string_view channel) {
  return std::find(kChannels.begin(), kChannels.end(), channel) != kChannels.end();
}

// Lower-case ASCII letters, digits and '_', starting with a letter.
bool IsPurpose(std::string_view purpose) {
  if (purpose.empty() || purpose.size() > kMaxPurposeLength) return false;
  if (purpose.front() < 'a' || purpose.front() > 'z') return false;
  return std::all_of(purpose.begin(), purpose.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// A consent text: required, valid UTF-8, paragraphs allowed (new lines), no
// other control characters.
std::string CheckText(const Patch<std::string>& raw, const char* field,
                      std::vector<FieldError>& errors) {
  std::string text = raw && *raw ? **raw : std::string();
  const auto length = i18n::CodePointCount(text);
  if (!length) {
    errors.push_back({field, "field.invalid_utf8"});
  } else if (i18n::NormalizeSpaces(text).empty()) {
    errors.push_back({field, "field.required"});
  } else if (*length > kMaxConsentTextLength) {
    errors.push_back({field, "field.too_long"});
  } else if (std::any_of(text.begin(), text.end(), [](char c) {
               const auto u = static_cast<unsigned char>(c);
               return (u < 0x20 && c != '\n' && c != '\t') || u == 0x7f;
             })) {
    errors.push_back({field, "field.text_invalid"});
  }
  return text;
}

Error Invalid(std::vector<FieldError> errors) {
  return {ErrorCode::kInvalidArgument, "error.invalid", std::move(errors)};
}

}  // namespace

PrivacyService::PrivacyService(PrivacyStore& store, Today today, audit::ReadLog* reads)
    : store_(store), today_(today ? std::move(today) : UtcToday), reads_(reads) {}

Result<PersonRef> PrivacyService::ReadablePerson(const auth::Actor& actor, int64_t person_id) {
  auto person = store_.FindPerson(person_id);
  if (!person.ok()) return std::move(person).error();
  // Out of scope reads as absent, as for people.
  if (!person->has_value()) return Error::NotFound();
  TANZIM_RETURN_IF_ERROR(auth::CheckVisible(actor, (*person)->place));
  return std::move(**person);
}

Result<std::vector<ConsentText>> PrivacyService::ListConsentTexts(const auth::Actor&) {
  return store_.ListConsentTexts();
}

Result<ConsentText> PrivacyService::PublishConsentText(const auth::Actor& actor,
                                                       const ConsentTextDraft& draft) {
  std::vector<FieldError> errors;
  ConsentText text;
  text.purpose = draft.purpose && *draft.purpose ? **draft.purpose : std::string();
  if (text.purpose.empty()) {
    errors.push_back({"purpose", "field.required"});
  } else if (!IsPurpose(text.purpose)) {
    errors.push_back({"purpose", "field.purpose_invalid"});
  }
  text.text_ar = CheckText(draft.text_ar, "text_ar", errors);
  text.text_fr = CheckText(draft.text_fr, "text_fr", errors);
  text.text_en = CheckText(draft.text_en, "text_en", errors);
  if (!errors.empty()) return Invalid(std::move(errors));
  // Texts hold for the whole organization: the national level publishes them.
  TANZIM_RETURN_IF_ERROR(auth::CheckAccess(actor, auth::Action::kGovern,
                                           std::optional<territory::Territory>(), "purpose"));
  text.published_at = UtcNowRfc3339();
  return store_.PublishConsentText(actor, text);
}

Result<std::vector<Consent>> PrivacyService::ListConsents(const auth::Actor& actor,
                                                          int64_t person_id) {
  auto person = ReadablePerson(actor, person_id);
  if (!person.ok()) return std::move(person).error();
  return store_.ListConsents(person_id);
}

Result<Consent> PrivacyService::GiveConsent(const auth::Actor& actor, int64_t person_id,
                                            const ConsentDraft& draft) {
  auto person = ReadablePerson(actor, person_id);
  if (!person.ok()) return std::move(person).error();
  std::vector<FieldError> errors;
  Consent consent;
  consent.person_id = person_id;
  if (!draft.text_id || !*draft.text_id) {
    errors.push_back({"text_id", "field.required"});
  } else {
    auto text = store_.FindConsentText(**draft.text_id);
    if (!text.ok()) return std::move(text).error();
    if (!text->has_value()) {
      errors.push_back({"text_id", "field.consent_text_unknown"});
    } else {
      consent.text_id = (*text)->id;
    }
  }
  consent.channel = draft.channel && *draft.channel ? **draft.channel : std::string();
  if (consent.channel.empty()) {
    errors.push_back({"channel", "field.required"});
  } else if (!IsChannel(consent.channel)) {
    errors.push_back({"channel", "field.channel_invalid"});
  }
  if (!errors.empty()) return Invalid(std::move(errors));
  TANZIM_RETURN_IF_ERROR(auth::CheckAccess(actor, auth::Action::kWrite, person->place, "id"));
  consent.given_at = UtcNowRfc3339();
  if (actor.user_id != 0) consent.given_by = actor.user_id;
  return store_.GiveConsent(actor, consent);
}

Result<Consent> PrivacyService::WithdrawConsent(const auth::Actor& actor, int64_t person_id,
                                                int64_t consent_id,
                                                const std::optional<std::string>& channel) {
  auto person = ReadablePerson(actor, person_id);
  if (!person.ok()) return std::move(person).error();
  if (channel && !IsChannel(*channel)) {
    return Error::Invalid("channel", "field.channel_invalid");
  }
  TANZIM_RETURN_IF_ERROR(auth::CheckAccess(actor, auth::Action::kWrite, person->place, "id"));
  return store_.WithdrawConsent(actor, person_id, consent_id, channel, UtcNowRfc3339());
}

Result<nlohmann::json> PrivacyService::Export(const auth::Actor& actor, int64_t person_id) {
  auto person = ReadablePerson(actor, person_id);
  if (!person.ok()) return std::move(person).error();
  if (!auth::MayExport(actor)) return Error::Denied();
  // As for any full record: a read that cannot be noted is refused.
  if (reads_ != nullptr && actor.user_id > 0) {
    TANZIM_RETURN_IF_ERROR(reads_->Note(actor.user_id, person_id, "export"));
  }
  auto doc = store_.Export(actor, person_id);
  if (!doc.ok()) return doc;
  // The export shows what the actor may see of the person, no more.
  const auth::PersonalDetails visible = auth::VisibleDetails(actor);
  nlohmann::json& held = (*doc)["person"];
  for (const char* field : {"cin", "birth_date"}) {
    if (!visible.identity && !held[field].is_null()) held[field] = kMasked;
  }
  for (const char* field : {"phone", "email"}) {
    if (!visible.contact && !held[field].is_null()) held[field] = kMasked;
  }
  (*doc)["exported_at"] = UtcNowRfc3339();
  return doc;
}

Status PrivacyService::Erase(const auth::Actor& actor, int64_t person_id) {
  return store_.Erase(actor, person_id, [&actor](const PersonRef& person) -> Status {
    TANZIM_RETURN_IF_ERROR(auth::CheckVisible(actor, person.place));
    if (!auth::MayErase(actor)) return Error::Denied();
    if (person.erased_at) {
      return Error(ErrorCode::kConflict, "error.conflict", {{"id", "field.person_erased"}});
    }
    return Status::Ok();
  });
}

Result<int64_t> PrivacyService::RetentionYears(const auth::Actor& actor) {
  if (!auth::MayAccess(actor, auth::Action::kRead, std::optional<territory::Territory>())) {
    return Error::Denied();
  }
  return store_.ReadRetentionYears();
}

Result<int64_t> PrivacyService::SetRetentionYears(const auth::Actor& actor, int64_t years) {
  if (years < 0 || years > kMaxRetentionYears) {
    return Error::Invalid(kRetentionYearsKey, "field.retention_years_invalid");
  }
  TANZIM_RETURN_IF_ERROR(auth::CheckAccess(
      actor, auth::Action::kGovern, std::optional<territory::Territory>(), kRetentionYearsKey));
  TANZIM_RETURN_IF_ERROR(store_.WriteRetentionYears(actor, years));
  return years;
}

Result<RetentionReport> PrivacyService::RunRetention(
    const auth::Actor& actor, std::optional<std::chrono::year_month_day> today) {
  TANZIM_RETURN_IF_ERROR(auth::CheckAccess(actor, auth::Action::kGovern,
                                           std::optional<territory::Territory>(), "retention"));
  auto years = store_.ReadRetentionYears();
  if (!years.ok()) return std::move(years).error();
  RetentionReport report;
  report.years = *years;
  if (*years == 0) return report;
  const auto day = today.value_or(today_());
  auto cutoff = day - std::chrono::years(*years);
  // 29 February minus whole years lands on 1 March's eve: take the last valid day.
  if (!cutoff.ok()) cutoff = cutoff.year() / cutoff.month() / std::chrono::last;
  const std::string ended_before = FormatDate(cutoff);
  const std::string today_text = FormatDate(day);
  auto candidates = store_.RetentionCandidates(ended_before, today_text);
  if (!candidates.ok()) return std::move(candidates).error();
  for (const int64_t id : *candidates) {
    auto erased = store_.EraseIfRetainable(actor, id, ended_before, today_text);
    if (!erased.ok()) return std::move(erased).error();
    if (*erased) ++report.erased;
  }
  return report;
}

}  // namespace tanzim::privacy
