#pragma once

#include <optional>
#include <string>
#include <vector>

namespace tanzim {

// One page of a keyset-paginated list. `next_cursor` is opaque to clients and
// absent on the last page.
template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<std::string> next_cursor;
};

// Largest page any list returns, and the default when the client names none.
inline constexpr int kMaxPageSize = 500;
inline constexpr int kDefaultPageSize = 50;

}  // namespace tanzim
