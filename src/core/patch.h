#pragma once

#include <optional>

namespace tanzim {

// A field of a partial update (JSON merge patch): the outer optional is empty
// when the field was absent (leave as is); the inner one is empty when the
// client sent null (clear it).
template <typename T>
using Patch = std::optional<std::optional<T>>;

// Whether a patch applied to `before` gave back the same record but for the
// time stamp its building set. Such a patch writes nothing: no row, no audit
// entry, no new `updated_at`, so the trail holds only what changed.
template <typename Record>
bool ChangesNothing(const Record& before, Record after) {
  after.updated_at = before.updated_at;
  return after == before;
}

}  // namespace tanzim
