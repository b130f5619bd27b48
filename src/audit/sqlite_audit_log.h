#pragma once

#include <optional>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "audit/audit_log.h"
#include "core/result.h"
#include "store/sqlite.h"

// The audit trail on SQLite. Append() runs on the connection of the change it
// records, inside that change's write transaction, so the entry and the change
// commit or roll back together; that transaction also serializes appends, so
// each entry chains onto the true last one.
namespace tanzim::audit {

Status Append(store::Connection& conn, const Entry& entry);

class SqliteAuditLog final : public AuditLog {
 public:
  explicit SqliteAuditLog(store::Pool& pool) : pool_(pool) {}

  Result<std::vector<Record>> List(const Query& query) override;
  Result<VerifyReport> Verify() override;

 private:
  store::Pool& pool_;
};

}  // namespace tanzim::audit
