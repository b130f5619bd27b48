#include "store/migrations.h"

#include <array>
#include <string_view>

#include "core/time.h"

namespace tanzim::store {

// Embedded from store/migrations/*.sql by CMake.
std::string_view Migration0001();
std::string_view Migration0002();
std::string_view Migration0003();
std::string_view Migration0004();
std::string_view Migration0005();
std::string_view Migration0006();
std::string_view Migration0007();
std::string_view Migration0008();
std::string_view Migration0009();
std::string_view Migration0010();
std::string_view Migration0011();
std::string_view Migration0012();

namespace {

struct Migration {
  int version;
  std::string_view name;
  std::string_view (*sql)();
};

// Append only: a released migration never changes; a new one gets the next number.
// One migration per line reads as the history it is.
// clang-format off
constexpr std::array kMigrations{
    Migration{1, "foundation", &Migration0001},
    Migration{2, "organization", &Migration0002},
    Migration{3, "audit", &Migration0003},
    Migration{4, "sessions", &Migration0004},
    Migration{5, "privacy", &Migration0005},
    Migration{6, "access", &Migration0006},
    Migration{7, "totp", &Migration0007},
    Migration{8, "token_expiry", &Migration0008},
    Migration{9, "log_indexes", &Migration0009},
    Migration{10, "audit_by_time", &Migration0010},
    Migration{11, "token_last_use", &Migration0011},
    Migration{12, "totp_sealed", &Migration0012},
};
// clang-format on

}  // namespace

int LatestSchemaVersion() { return kMigrations.back().version; }

Status Migrate(Connection& conn) {
  TANZIM_RETURN_IF_ERROR(
      conn.Exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
                " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"));
  {
    auto newest = conn.Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (!newest.ok()) return std::move(newest).error();
    auto row = (*newest)->Step();
    if (!row.ok()) return std::move(row).error();
    const int64_t version = (*newest)->Int(0);
    (*newest)->Reset();
    if (version > LatestSchemaVersion()) {
      // Running older code on a newer schema could silently corrupt data.
      return Error::Internal("the store has schema version " + std::to_string(version) +
                             ", newer than this program's " +
                             std::to_string(LatestSchemaVersion()) + "; upgrade tanzim");
    }
  }
  for (const Migration& m : kMigrations) {
    auto tx = Transaction::Begin(conn);
    if (!tx.ok()) return std::move(tx).error();
    auto applied = conn.Prepare("SELECT 1 FROM schema_migrations WHERE version = ?");
    if (!applied.ok()) return std::move(applied).error();
    auto found = (*applied)->Bind(1, int64_t{m.version}).Step();
    if (!found.ok()) return std::move(found).error();
    (*applied)->Reset();
    if (*found) continue;
    TANZIM_RETURN_IF_ERROR(conn.Exec(m.sql()));
    auto record =
        conn.Prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
    if (!record.ok()) return std::move(record).error();
    TANZIM_RETURN_IF_ERROR(
        (*record)->Bind(1, int64_t{m.version}).Bind(2, m.name).Bind(3, UtcNowRfc3339()).Run());
    TANZIM_RETURN_IF_ERROR(tx->Commit());
  }
  return Status::Ok();
}

}  // namespace tanzim::store
