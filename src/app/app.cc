#include "app/app.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "audit/sqlite_audit_log.h"
#include "audit/sqlite_read_log.h"
#include "auth/key_file_lock.h"
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
  // would not open the secrets sealed after. Holds the key file's lock shared
  // from here on (auth/key_file_lock.h), finishing or undoing first a
  // rotation that was interrupted.
  Status OpenTotpKey(const std::string& key_path, bool without_key) {
    key_path_ = key_path;
    while (true) {
      TANZIM_RETURN_IF_ERROR(SettleInterruptedRotation());
      auto lock = auth::KeyFileLock::Shared(key_path);
      if (!lock.ok()) return std::move(lock).error();
      if (*lock) {
        // A rotation may have started and died between the two calls above.
        if (Exists(NextKeyPath())) continue;
        key_lock_ = std::move(**lock);
        break;
      }
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
    }
    auto key = auth::SealingKey::Load(key_path);
    if (!key.ok()) return std::move(key).error();
    if (!*key) return Error::Internal("key file " + key_path + " vanished while locked");
    totp_key_ = **key;
    auto sealed = session_store_.SealClearTotpSecrets();
    if (!sealed.ok()) return std::move(sealed).error();
    if (*sealed > 0) spdlog::info("sealed {} TOTP secret(s) stored in clear", *sealed);
    return Status::Ok();
  }

  Result<int64_t> RotateTotpKey() override {
    if (!key_lock_ || !totp_key_) return Error::Internal("no TOTP key to rotate");
    auto alone = key_lock_->TryExclusive();
    if (!alone.ok()) return std::move(alone).error();
    if (!*alone) {
      key_lock_.reset();  // the failed conversion let go of it anyway
      return Error(ErrorCode::kConflict, "error.totp_key_in_use");
    }
    // The steps, each durable before the next, and what an interruption
    // leaves (settled by the next open, SettleInterruptedRotation): the new
    // key in its own file (the secrets still under the old one); the secrets
    // resealed in one transaction (under the new key, the old one still at
    // key_path_); the new key moved over the old.
    auto next = auth::SealingKey::Create(NextKeyPath());
    if (!next.ok()) return std::move(next).error();
    // On failure `.next` stays: whether the commit landed is for the next
    // open to find out, not for a guess here.
    auto resealed = session_store_.ResealTotpSecrets(*next);
    if (!resealed.ok()) return std::move(resealed).error();
    // flock belongs to the file, not its name: locked shared before the move,
    // the new key is this process's from the moment it is at key_path_, and
    // the exclusive lock on the old (unlinked) file goes with the assignment.
    auto next_lock = auth::KeyFileLock::Shared(NextKeyPath());
    if (!next_lock.ok()) return std::move(next_lock).error();
    if (!*next_lock) return Error::Internal("key file " + NextKeyPath() + " vanished while locked");
    TANZIM_RETURN_IF_ERROR(auth::SealingKey::Replace(NextKeyPath(), key_path_));
    key_lock_ = std::move(**next_lock);
    totp_key_ = *next;
    spdlog::info("TOTP key rotated: {} secret(s) resealed", *resealed);
    return *resealed;
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
  std::string NextKeyPath() const { return key_path_ + ".next"; }

  static bool Exists(const std::string& path) {
    std::error_code ignored;
    return std::filesystem::exists(path, ignored);
  }

  // A rotation killed before it finished leaves the new key at NextKeyPath().
  // The secrets tell which key sealed them: when the new one opens them the
  // transaction committed and the file move is all that is left; otherwise
  // nothing was resealed and the new key goes. Waits, under the exclusive
  // lock, for a rotation still running, which removes the file itself.
  Status SettleInterruptedRotation() {
    if (!Exists(NextKeyPath())) return Status::Ok();
    // A rotation takes well under a second; a longer hold is a server
    // running beside a stray file, which waiting would not end.
    auto lock = auth::KeyFileLock::Exclusive(key_path_, std::chrono::seconds(10));
    if (!lock.ok()) return std::move(lock).error();
    if (!Exists(NextKeyPath())) return Status::Ok();
    auto next = auth::SealingKey::Load(NextKeyPath());
    if (!next.ok()) return std::move(next).error();
    if (!*next) return Status::Ok();
    auto opens = session_store_.SealedTotpOpensWith(**next);
    if (!opens.ok()) return std::move(opens).error();
    if (opens->value_or(false)) {
      spdlog::warn("finishing a TOTP key rotation that was interrupted: {} replaces {}",
                   NextKeyPath(), key_path_);
      return auth::SealingKey::Replace(NextKeyPath(), key_path_);
    }
    spdlog::warn(
        "removing {}, the new key of a TOTP key rotation interrupted before it "
        "resealed anything",
        NextKeyPath());
    if (::unlink(NextKeyPath().c_str()) != 0 && errno != ENOENT) {
      return Error::Internal(
          fmt::format("cannot remove {}: {}", NextKeyPath(), std::strerror(errno)));
    }
    return Status::Ok();
  }

  store::Pool pool_;
  std::string key_path_;
  std::optional<auth::KeyFileLock> key_lock_;  // shared while this process may use the key
  std::optional<auth::SealingKey> totp_key_;   // before session_store_, which reads it
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
