#pragma once

#include <optional>
#include <string>

#include "audit/audit_log.h"
#include "auth/actor.h"
#include "core/page.h"
#include "core/result.h"

namespace tanzim::audit {

struct ListRequest {
  std::optional<std::string> object;  // "body" or "body/12"
  std::optional<std::string> actor;   // a user id
  std::optional<std::string> from;    // YYYY-MM-DD or RFC 3339, inclusive
  std::optional<std::string> to;      // YYYY-MM-DD (the whole day) or RFC 3339, exclusive
  std::optional<std::string> cursor;
  int limit = kDefaultPageSize;
};

// The audit trail's use cases: reading it (national accounts only) and
// verifying its chain (the operator's `tanzim audit verify`).
class AuditService {
 public:
  explicit AuditService(AuditLog& log) : log_(log) {}

  Result<Page<Record>> List(const auth::Actor& actor, const ListRequest& request);
  Result<VerifyReport> Verify() { return log_.Verify(); }

 private:
  AuditLog& log_;
};

}  // namespace tanzim::audit
