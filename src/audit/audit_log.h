#pragma once

#include <optional>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "core/result.h"

namespace tanzim::audit {

struct Query {
  std::optional<std::string> object_type;
  std::optional<int64_t> object_id;
  std::optional<int64_t> actor_id;
  std::optional<std::string> from;  // entries at or after (RFC 3339 text order)
  std::optional<std::string> to;    // entries before
  int64_t after_id = 0;             // keyset cursor
  int limit = 50;
};

// Reading the trail. Writing is backend-specific and happens inside each
// store's own transaction (sqlite_audit_log.h: Append).
class AuditLog {
 public:
  virtual ~AuditLog() = default;
  virtual Result<std::vector<Record>> List(const Query& query) = 0;
  // Walks the whole chain in order and recomputes every hash.
  virtual Result<VerifyReport> Verify() = 0;
};

}  // namespace tanzim::audit
