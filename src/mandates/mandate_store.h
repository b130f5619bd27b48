#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "core/result.h"
#include "mandates/mandate.h"
#include "territory/territory.h"

namespace tanzim::mandates {

// A stored mandate with its territory (kind and path), which is what
// authorization needs to decide who may see and change it.
struct MandateRow {
  Mandate mandate;
  territory::Territory place;
};

struct MandateQuery {
  // Only mandates whose territory path starts with this ("/MA-03/"); none: nationwide.
  std::optional<std::string> within_path;
  std::optional<std::string> institution;
  std::optional<std::string> current_on;  // YYYY-MM-DD: to is null or not before it
  std::optional<int64_t> person_id;       // one person's mandates
  int64_t after_id = 0;                   // keyset cursor: ids strictly greater
  int limit = 50;
};

// Builds the audit entry of one change from the mandate before it (none: a
// creation) and after it (none: a deletion), both as read from the store. The
// store appends the entry in the change's own transaction, so the change and
// its entry commit or roll back together.
using DescribeChange = std::function<audit::Entry(const std::optional<Mandate>& before,
                                                  const std::optional<Mandate>& after)>;

// Where mandates are kept. Implemented per backend (sqlite_mandate_store.h).
class MandateStore {
 public:
  virtual ~MandateStore() = default;

  // Mandate `id` with the holder's names and its territory, or nullopt.
  virtual Result<std::optional<MandateRow>> Find(int64_t id) = 0;

  // Stores a new mandate with its audit entry and returns it, read back with
  // the holder's names. A person deleted meanwhile is a kInvalidArgument
  // naming "person_id".
  virtual Result<Mandate> Insert(const Mandate& mandate, const DescribeChange& describe) = 0;

  // Reads mandate `id`, lets `change` compute the new one and writes it with
  // its audit entry, all under the write lock. `change` may refuse with an
  // Error: nothing is written.
  virtual Result<Mandate> Update(int64_t id,
                                 const std::function<Result<Mandate>(const MandateRow&)>& change,
                                 const DescribeChange& describe) = 0;

  // Deletes mandate `id` after `check` accepts it, with its audit entry;
  // kNotFound when absent.
  virtual Status Remove(int64_t id, const std::function<Status(const MandateRow&)>& check,
                        const DescribeChange& describe) = 0;

  // Up to `limit` mandates matching `query`, in id order after the cursor.
  virtual Result<std::vector<Mandate>> List(const MandateQuery& query) = 0;
};

}  // namespace tanzim::mandates
