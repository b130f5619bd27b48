#pragma once

#include <optional>
#include <string>

#include "auth/actor.h"
#include "core/result.h"
#include "exports/export_store.h"
#include "people/people_service.h"

namespace tanzim::exports {

struct PeopleExportRequest {
  std::optional<std::string> territory;  // include everything below it
  std::optional<std::string> q;          // text the names contain
};

// Lists taken out as CSV files. An export reads through the same use case as
// the API list, so it holds exactly what the caller may see, masked as the
// caller sees it; it is refused to roles that may not export (clerks), and
// each one is recorded in the audit trail with its filter and row count.
class ExportService {
 public:
  ExportService(people::PeopleService& people, ExportStore& store)
      : people_(people), store_(store) {}

  // The people the actor may read, in name order, as UTF-8 CSV with a header row.
  Result<std::string> People(const auth::Actor& actor, const PeopleExportRequest& request);

  // Larger exports are refused (422 naming `territory`) rather than cut short:
  // the client narrows by territory instead.
  static constexpr int kMaxRows = 200'000;

 private:
  people::PeopleService& people_;
  ExportStore& store_;
};

}  // namespace tanzim::exports
