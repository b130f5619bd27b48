#pragma once

#include <optional>
#include <string>

#include "audit/audit_log.h"
#include "audit/read_log.h"
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

struct ReadsRequest {
  std::optional<std::string> person;  // a person id
  std::optional<std::string> user;    // a user id
  std::optional<std::string> cursor;
  int limit = kDefaultPageSize;
};

// The audit trail's use cases: reading it and the log of record reads
// (admins and auditors) and verifying its chain (`tanzim audit verify`).
class AuditService {
 public:
  AuditService(AuditLog& log, ReadLog& reads) : log_(log), reads_(reads) {}

  Result<Page<Record>> List(const auth::Actor& actor, const ListRequest& request);
  Result<Page<Read>> ListReads(const auth::Actor& actor, const ReadsRequest& request);
  Result<VerifyReport> Verify() { return log_.Verify(); }

 private:
  AuditLog& log_;
  ReadLog& reads_;
};

}  // namespace tanzim::audit
