#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace tanzim::audit {

// One read of a person's full record: who, whom, when; never what was seen.
struct Read {
  int64_t id = 0;
  std::string at;  // RFC 3339 UTC
  int64_t user_id = 0;
  int64_t person_id = 0;
  std::string what;  // "record" or "export"
};

struct ReadQuery {
  std::optional<int64_t> person_id;
  std::optional<int64_t> user_id;
  int64_t after_id = 0;  // keyset cursor
  int limit = 50;
};

// The log of who read whose full record (issue #4). Reads are frequent, so a
// backend may note them in memory and store them in batches; it must refuse
// (and so fail the read) rather than lose notes it cannot store.
class ReadLog {
 public:
  virtual ~ReadLog() = default;
  // Notes that `user_id` read `person_id`'s record. An error means the note
  // cannot be kept, and the read must not be answered.
  virtual Status Note(int64_t user_id, int64_t person_id, std::string_view what) = 0;
  // Reads stored so far, oldest first; notes not yet stored are written first.
  virtual Result<std::vector<Read>> List(const ReadQuery& query) = 0;
};

}  // namespace tanzim::audit
