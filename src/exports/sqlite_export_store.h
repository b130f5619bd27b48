#pragma once

#include "exports/export_store.h"
#include "store/sqlite.h"

namespace tanzim::exports {

class SqliteExportStore final : public ExportStore {
 public:
  explicit SqliteExportStore(store::Pool& pool) : pool_(pool) {}
  Status Record(const audit::Entry& entry) override;

 private:
  store::Pool& pool_;
};

}  // namespace tanzim::exports
