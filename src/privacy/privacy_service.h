#pragma once

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "audit/read_log.h"
#include "auth/actor.h"
#include "core/result.h"
#include "privacy/privacy.h"
#include "privacy/privacy_store.h"

namespace tanzim::privacy {

// Personal-data rights: the consent ledger, export, erasure and retention.
// Each use case takes the acting user and asks auth/authorization.h about the
// person's territory: reading (the ledger, the export) needs read scope and
// out of scope reads as absent, and the export also needs auth::MayExport
// and masks what auth::VisibleDetails hides; recording consents needs write
// scope; erasure needs auth::MayErase (national). Consent texts and the
// retention setting are national decisions: anyone signed in reads the
// texts, only national governing accounts publish them.
class PrivacyService {
 public:
  using Today = std::function<std::chrono::year_month_day()>;

  // `reads` (optional) notes every export, like any read of a full record.
  explicit PrivacyService(PrivacyStore& store, Today today = {}, audit::ReadLog* reads = nullptr);

  Result<std::vector<ConsentText>> ListConsentTexts(const auth::Actor& actor);
  // Publishes the next version of the draft's purpose.
  Result<ConsentText> PublishConsentText(const auth::Actor& actor, const ConsentTextDraft& draft);

  // Person `person_id`'s consent ledger, oldest first.
  Result<std::vector<Consent>> ListConsents(const auth::Actor& actor, int64_t person_id);
  // Records a consent to a published text through a channel, given now.
  Result<Consent> GiveConsent(const auth::Actor& actor, int64_t person_id,
                              const ConsentDraft& draft);
  // Withdraws it now; `channel` (optional) says how the person asked.
  // Withdrawing twice is a kConflict naming "consent_id".
  Result<Consent> WithdrawConsent(const auth::Actor& actor, int64_t person_id, int64_t consent_id,
                                  const std::optional<std::string>& channel);

  // Everything held on the person (see PrivacyStore::Export), recorded as a
  // `person.export` audit entry and noted in the read log.
  Result<nlohmann::json> Export(const auth::Actor& actor, int64_t person_id);

  // Anonymizes the person everywhere; a second erasure is a kConflict naming "id".
  Status Erase(const auth::Actor& actor, int64_t person_id);

  // The retention setting in years (0: off); national accounts only.
  Result<int64_t> RetentionYears(const auth::Actor& actor);
  Result<int64_t> SetRetentionYears(const auth::Actor& actor, int64_t years);
  // Erases the former members whose memberships all ended more than the
  // setting's years before `today` (default: today, UTC) and who hold no
  // current position or mandate. Each person is one transaction.
  Result<RetentionReport> RunRetention(
      const auth::Actor& actor, std::optional<std::chrono::year_month_day> today = std::nullopt);

 private:
  // The person, or kNotFound when absent or outside the actor's read scope.
  Result<PersonRef> ReadablePerson(const auth::Actor& actor, int64_t person_id);

  PrivacyStore& store_;
  Today today_;
  audit::ReadLog* reads_;
};

}  // namespace tanzim::privacy
