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
  // The client filtered by a territory beyond the actor's scope. The page is
  // empty, as for a territory with nothing in it, so the answer says nothing
  // of what lies there; the server still logs it as a refusal, for a stream
  // of such filters is someone mapping what they may not see.
  bool out_of_scope = false;
};

// Largest page any list returns, and the default when the client names none.
inline constexpr int kMaxPageSize = 500;
inline constexpr int kDefaultPageSize = 50;

}  // namespace tanzim
