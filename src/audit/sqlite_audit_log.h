#pragma once

#include <optional>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "audit/audit_log.h"
#include "core/result.h"
#include "store/sqlite.h"

// The id of the `people.import` entry that created person ?1, if an import did.
// Imports cover disjoint, rising id ranges (object `people/<first id>`, the last
// id in the payload), so it is the last import starting at or before the
// person's id, if that one reaches it. A macro, to be embedded in statements:
// `... OR id IN (" TANZIM_IMPORT_OF_PERSON ")`.
#define TANZIM_IMPORT_OF_PERSON                                                \
  "SELECT id FROM (SELECT l.id, json_extract(p.after, '$.last_id') AS last_id" \
  " FROM audit_log l JOIN audit_payloads p ON p.id = l.payload_id"             \
  " WHERE l.object_type = 'people' AND l.object_id <= ?1"                      \
  " ORDER BY l.object_id DESC LIMIT 1) WHERE last_id >= ?1"

// The audit trail on SQLite. Append() runs on the connection of the change it
// records, inside that change's write transaction, so the entry and the change
// commit or roll back together; that transaction also serializes appends, so
// each entry chains onto the true last one.
namespace tanzim::audit {

Status Append(store::Connection& conn, const Entry& entry);

// Appends many entries within one write transaction on `conn`: the chain's
// head (last hash and id) is read once when the writer opens and carried in
// memory after that, so a change of many objects pays one lookup instead of
// one per entry. The transaction's write lock keeps any
// other writer from appending in between; a writer must not outlive it.
class ChainWriter {
 public:
  static Result<ChainWriter> Open(store::Connection& conn);
  Status Append(const Entry& entry);

 private:
  ChainWriter(store::Connection& conn, std::string head_hash, int64_t last_id)
      : conn_(&conn), head_hash_(std::move(head_hash)), last_id_(last_id) {}

  store::Connection* conn_;
  std::string head_hash_;
  int64_t last_id_;
};

class SqliteAuditLog final : public AuditLog {
 public:
  explicit SqliteAuditLog(store::Pool& pool) : pool_(pool) {}

  Result<std::vector<Record>> List(const Query& query) override;
  Result<VerifyReport> Verify() override;

 private:
  store::Pool& pool_;
};

}  // namespace tanzim::audit
