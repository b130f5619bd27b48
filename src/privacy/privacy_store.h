#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "auth/actor.h"
#include "core/result.h"
#include "privacy/privacy.h"

namespace tanzim::privacy {

// Where consents live, and the queries and writes that span every module's
// tables about one person (export, erasure). Each write is one transaction
// with its audit entry. Implemented per backend (sqlite_privacy_store.h).
class PrivacyStore {
 public:
  virtual ~PrivacyStore() = default;

  // Person `id` with their territory, or nullopt.
  virtual Result<std::optional<PersonRef>> FindPerson(int64_t id) = 0;

  // Every published text, by purpose then version.
  virtual Result<std::vector<ConsentText>> ListConsentTexts() = 0;
  virtual Result<std::optional<ConsentText>> FindConsentText(int64_t id) = 0;
  // Stores `text` as the next version of its purpose (its id and version are
  // assigned) with a `consent_text.create` audit entry by `actor`.
  virtual Result<ConsentText> PublishConsentText(const auth::Actor& actor,
                                                 const ConsentText& text) = 0;

  // Person `person_id`'s ledger, oldest first.
  virtual Result<std::vector<Consent>> ListConsents(int64_t person_id) = 0;
  // Records `consent` with a `consent.create` audit entry. A live consent to
  // the same text is kConflict naming "text_id"; an erased person is
  // kConflict naming "id".
  virtual Result<Consent> GiveConsent(const auth::Actor& actor, const Consent& consent) = 0;
  // Withdraws consent `consent_id` of `person_id` at `at`, with a
  // `consent.withdraw` audit entry. kNotFound when the person has no such
  // consent; kConflict naming "consent_id" when it was already withdrawn.
  virtual Result<Consent> WithdrawConsent(const auth::Actor& actor, int64_t person_id,
                                          int64_t consent_id,
                                          const std::optional<std::string>& channel,
                                          const std::string& at) = 0;

  // Everything held on person `id`, read in one transaction that also appends
  // the `person.export` audit entry. kNotFound when absent.
  virtual Result<nlohmann::json> Export(const auth::Actor& actor, int64_t id) = 0;

  // Anonymizes person `id` everywhere in one transaction, after `check`
  // accepts the person as read inside it; see sqlite_privacy_store.cc for
  // what is blanked. kNotFound when absent.
  virtual Status Erase(const auth::Actor& actor, int64_t id,
                       const std::function<Status(const PersonRef&)>& check) = 0;

  // People not erased, with at least one membership, every one of them ended
  // before `ended_before`, and no position or mandate held on `today`.
  virtual Result<std::vector<int64_t>> RetentionCandidates(const std::string& ended_before,
                                                           const std::string& today) = 0;
  // Erases person `id` if they are still a candidate (checked in the erasing
  // transaction); false when they no longer are.
  virtual Result<bool> EraseIfRetainable(const auth::Actor& actor, int64_t id,
                                         const std::string& ended_before,
                                         const std::string& today) = 0;

  // The retention setting; kDefaultRetentionYears when never set.
  virtual Result<int64_t> ReadRetentionYears() = 0;
  // Stores the setting with a `setting.update` audit entry by `actor`.
  virtual Status WriteRetentionYears(const auth::Actor& actor, int64_t years) = 0;
};

}  // namespace tanzim::privacy
