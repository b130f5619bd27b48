#include "exports/export_service.h"

#include <nlohmann/json.hpp>

#include "audit/audit.h"
#include "auth/authorization.h"
#include "exports/csv.h"

namespace tanzim::exports {

Result<std::string> ExportService::People(const auth::Actor& actor,
                                          const PeopleExportRequest& request) {
  if (!auth::MayExport(actor)) return Error::Denied();
  std::string out(kUtf8Bom);
  AppendCsvRow(out, {"id", "name_ar", "name_latin", "gender", "birth_date", "cin", "phone", "email",
                     "territory_code"});
  people::ListRequest page_request;
  page_request.territory = request.territory;
  page_request.q = request.q;
  page_request.limit = kMaxPageSize;
  int64_t rows = 0;
  while (true) {
    auto page = people_.List(actor, page_request);
    if (!page.ok()) return std::move(page).error();
    rows += static_cast<int64_t>(page->items.size());
    if (rows > kMaxRows) return Error::Invalid("territory", "field.export_too_large");
    for (const people::Person& p : page->items) {
      const std::string id = std::to_string(p.id);
      AppendCsvRow(out, {id, p.name_ar.value_or(""), p.name_latin.value_or(""),
                         p.gender.value_or(""), p.birth_date.value_or(""), p.cin.value_or(""),
                         p.phone.value_or(""), p.email.value_or(""), p.territory_code});
    }
    if (!page->next_cursor) break;
    page_request.cursor = std::move(page->next_cursor);
  }

  // The trail keeps what was taken and by whom, not the data itself.
  audit::Entry entry = audit::Change(actor, audit::ObjectType::kExport, 0, "people");
  nlohmann::json filter = {{"rows", rows}};
  if (request.territory) filter["territory"] = *request.territory;
  if (request.q) filter["q"] = *request.q;
  entry.after = filter.dump();
  TANZIM_RETURN_IF_ERROR(store_.Record(entry));
  return out;
}

}  // namespace tanzim::exports
