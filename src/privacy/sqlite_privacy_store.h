#pragma once

#include "privacy/privacy_store.h"
#include "store/sqlite.h"

namespace tanzim::privacy {

// PrivacyStore on SQLite: reads and writes the tables of every module that
// hold something about a person, in one transaction per use case.
class SqlitePrivacyStore final : public PrivacyStore {
 public:
  explicit SqlitePrivacyStore(store::Pool& pool) : pool_(pool) {}

  Result<std::optional<PersonRef>> FindPerson(int64_t id) override;
  Result<std::vector<ConsentText>> ListConsentTexts() override;
  Result<std::optional<ConsentText>> FindConsentText(int64_t id) override;
  Result<ConsentText> PublishConsentText(const auth::Actor& actor,
                                         const ConsentText& text) override;
  Result<std::vector<Consent>> ListConsents(int64_t person_id) override;
  Result<Consent> GiveConsent(const auth::Actor& actor, const Consent& consent) override;
  Result<Consent> WithdrawConsent(const auth::Actor& actor, int64_t person_id, int64_t consent_id,
                                  const std::optional<std::string>& channel,
                                  const std::string& at) override;
  Result<nlohmann::json> Export(const auth::Actor& actor, int64_t id) override;
  Status Erase(const auth::Actor& actor, int64_t id,
               const std::function<Status(const PersonRef&)>& check) override;
  Result<std::vector<int64_t>> RetentionCandidates(const std::string& ended_before,
                                                   const std::string& today) override;
  Result<bool> EraseIfRetainable(const auth::Actor& actor, int64_t id,
                                 const std::string& ended_before,
                                 const std::string& today) override;
  Result<int64_t> ReadRetentionYears() override;
  Status WriteRetentionYears(const auth::Actor& actor, int64_t years) override;

 private:
  store::Pool& pool_;
};

}  // namespace tanzim::privacy
