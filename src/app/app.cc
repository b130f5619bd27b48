#include "app/app.h"

#include <spdlog/spdlog.h>

#include <optional>
#include <string>
#include <vector>

#include "audit/sqlite_audit_log.h"
#include "audit/sqlite_read_log.h"
#include "auth/sealing_key.h"
#include "auth/sqlite_account_store.h"
#include "auth/sqlite_session_store.h"
#include "bodies/sqlite_body_store.h"
#include "exports/sqlite_export_store.h"
#include "mandates/sqlite_mandate_store.h"
#include "memberships/sqlite_membership_store.h"
#include "people/sqlite_people_store.h"
#include "privacy/sqlite_privacy_store.h"
#include "stats/sqlite_stats_store.h"
#include "store/migrations.h"
#include "store/sqlite.h"
#include "territory/sqlite_territory_store.h"

namespace tanzim::app {
namespace {

// How many logins the message about a missing key names.
constexpr size_t kLoginsNamed = 10;

void LogMissingKey(const std::string& key_path, const std::vector<std::string>& logins) {
  std::string named;
  for (size_t i = 0; i < logins.size() && i < kLoginsNamed; ++i) {
    named += (i == 0 ? "" : ", ") + logins[i];
  }
  if (logins.size() > kLoginsNamed) {
    named += fmt::format(" and {} more", logins.size() - kLoginsNamed);
  }
  spdlog::error(
      "the key file {} is missing, and the TOTP secrets of {} account(s) are sealed with it "
      "({}): restore it from its copy, or remove their second factor with "
      "`tanzim user totp-reset --db … LOGIN` (docs/operations.md, Keys)",
      key_path, logins.size(), named);
}

class SqliteApp final : public App {
 public:
  explicit SqliteApp(const std::string& path)
      : pool_(path),
        territory_store_(pool_),
        people_store_(pool_),
        body_store_(pool_),
        audit_log_(pool_),
        read_log_(pool_),
        account_store_(pool_),
        session_store_(pool_, totp_key_),
        membership_store_(pool_),
        mandate_store_(pool_),
        stats_store_(pool_),
        export_store_(pool_),
        privacy_store_(pool_),
        territories_(territory_store_),
        people_(people_store_, territory_store_, {}, &read_log_),
        audit_(audit_log_, read_log_),
        bodies_(body_store_, territory_store_),
        positions_(body_store_, bodies_, people_),
        accounts_(account_store_, territory_store_),
        sessions_(session_store_),
        memberships_(membership_store_, people_),
        mandates_(mandate_store_, people_, territory_store_),
        stats_(stats_store_, territory_store_),
        exports_(people_, export_store_),
        privacy_(privacy_store_, {}, &read_log_) {}

  Status Migrate() {
    auto conn = pool_.Acquire();
    if (!conn.ok()) return std::move(conn).error();
    return store::Migrate(**conn);
  }

  // Loads the key that seals TOTP secrets, creating it for a store with no
  // sealed secret yet, then seals the secrets an older version left in clear.
  // A missing key is never replaced while secrets sealed with it remain: a
  // new key would not open them, and the old one (restored from a backup)
  // would not open the secrets sealed after.
  Status OpenTotpKey(const std::string& key_path, bool without_key) {
    auto key = auth::SealingKey::Load(key_path);
    if (!key.ok()) return std::move(key).error();
    if (!*key) {
      auto sealed = session_store_.LoginsWithSealedTotp();
      if (!sealed.ok()) return std::move(sealed).error();
      if (!sealed->empty()) {
        // `tanzim user totp-reset` is the way out of this very state: no alarm there.
        if (without_key) return Status::Ok();
        LogMissingKey(key_path, *sealed);
        return Error(ErrorCode::kUnavailable, "error.totp_key_missing");
      }
      auto created = auth::SealingKey::LoadOrCreate(key_path);
      if (!created.ok()) return std::move(created).error();
      *key = *created;
    }
    totp_key_ = **key;
    auto sealed = session_store_.SealClearTotpSecrets();
    if (!sealed.ok()) return std::move(sealed).error();
    if (*sealed > 0) spdlog::info("sealed {} TOTP secret(s) stored in clear", *sealed);
    return Status::Ok();
  }

  territory::TerritoryService& territories() override { return territories_; }
  people::PeopleService& people() override { return people_; }
  audit::AuditService& audit() override { return audit_; }
  bodies::BodyService& bodies() override { return bodies_; }
  bodies::PositionService& positions() override { return positions_; }
  auth::AccountService& accounts() override { return accounts_; }
  auth::SessionService& sessions() override { return sessions_; }
  memberships::MembershipService& memberships() override { return memberships_; }
  mandates::MandateService& mandates() override { return mandates_; }
  stats::StatsService& stats() override { return stats_; }
  exports::ExportService& exports() override { return exports_; }
  privacy::PrivacyService& privacy() override { return privacy_; }

 private:
  store::Pool pool_;
  std::optional<auth::SealingKey> totp_key_;  // before session_store_, which reads it
  territory::SqliteTerritoryStore territory_store_;
  people::SqlitePeopleStore people_store_;
  bodies::SqliteBodyStore body_store_;
  audit::SqliteAuditLog audit_log_;
  audit::SqliteReadLog read_log_;  // writes its queue before the pool closes
  auth::SqliteAccountStore account_store_;
  auth::SqliteSessionStore session_store_;
  memberships::SqliteMembershipStore membership_store_;
  mandates::SqliteMandateStore mandate_store_;
  stats::SqliteStatsStore stats_store_;
  exports::SqliteExportStore export_store_;
  privacy::SqlitePrivacyStore privacy_store_;
  territory::TerritoryService territories_;
  people::PeopleService people_;
  audit::AuditService audit_;
  bodies::BodyService bodies_;
  bodies::PositionService positions_;
  auth::AccountService accounts_;
  auth::SessionService sessions_;
  memberships::MembershipService memberships_;
  mandates::MandateService mandates_;
  stats::StatsService stats_;
  exports::ExportService exports_;
  privacy::PrivacyService privacy_;
};

}  // namespace

Result<std::unique_ptr<App>> App::Open(const std::string& db, OpenOptions options) {
  if (db.starts_with("postgresql://") || db.starts_with("postgres://")) {
    spdlog::error("PostgreSQL is not supported yet; pass a file path to --db");
    return Error::Invalid("db", "field.db_unsupported");
  }
  auto app = std::make_unique<SqliteApp>(db);
  TANZIM_RETURN_IF_ERROR(app->Migrate());
  TANZIM_RETURN_IF_ERROR(app->OpenTotpKey(TotpKeyPath(db), options.without_totp_key));
  return std::unique_ptr<App>(std::move(app));
}

Status Init(App& app, const std::string& iso_json_path) {
  auto counts = app.territories().LoadMorocco(iso_json_path);
  if (!counts.ok()) return std::move(counts).error();
  spdlog::info("territories: {} added, {} updated, {} unchanged", counts->inserted, counts->updated,
               counts->unchanged);
  return Status::Ok();
}

}  // namespace tanzim::app
