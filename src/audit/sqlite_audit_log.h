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
// head (last hash, id and time) is read once when the writer opens and carried
// in memory after that, so a change of many objects pays one lookup instead of
// one per entry. The transaction's write lock keeps any
// other writer from appending in between; a writer must not outlive it.
//
// An entry's time is now, or the head's time if the clock reads earlier (set
// back, or another server's a little behind): times never go backwards along
// the chain, which is what lets the time filters bound ids (migration 0010).
class ChainWriter {
 public:
  static Result<ChainWriter> Open(store::Connection& conn);
  Status Append(const Entry& entry);

 private:
  ChainWriter(store::Connection& conn, std::string head_hash, int64_t last_id, std::string last_at)
      : conn_(&conn),
        head_hash_(std::move(head_hash)),
        last_id_(last_id),
        last_at_(std::move(last_at)) {}

  store::Connection* conn_;
  std::string head_hash_;
  int64_t last_id_;
  std::string last_at_;  // RFC 3339 UTC, which orders as text; empty before the first entry
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
