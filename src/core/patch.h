#pragma once

#include <optional>

namespace tanzim {

// A field of a partial update (JSON merge patch): the outer optional is empty
// when the field was absent (leave as is); the inner one is empty when the
// client sent null (clear it).
template <typename T>
using Patch = std::optional<std::optional<T>>;

}  // namespace tanzim
