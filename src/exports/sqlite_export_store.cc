#include "exports/sqlite_export_store.h"

#include "audit/sqlite_audit_log.h"

namespace tanzim::exports {

Status SqliteExportStore::Record(const audit::Entry& entry) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto txn = store::Transaction::Begin(**conn);
  if (!txn.ok()) return std::move(txn).error();
  TANZIM_RETURN_IF_ERROR(audit::Append(**conn, entry));
  return txn->Commit();
}

}  // namespace tanzim::exports
