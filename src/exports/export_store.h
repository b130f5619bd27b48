#pragma once

#include "audit/audit.h"
#include "core/result.h"

namespace tanzim::exports {

// Where exports leave their trace. Implemented per backend.
class ExportStore {
 public:
  virtual ~ExportStore() = default;
  // Appends `entry` to the audit trail in a transaction of its own.
  virtual Status Record(const audit::Entry& entry) = 0;
};

}  // namespace tanzim::exports
