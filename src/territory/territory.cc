#include "territory/territory.h"

#include <array>
#include <utility>

namespace tanzim::territory {
namespace {

constexpr std::array<std::pair<Kind, std::string_view>, 4> kKindNames{{
    {Kind::kRegion, "region"},
    {Kind::kProvince, "province"},
    {Kind::kPrefecture, "prefecture"},
    {Kind::kCommune, "commune"},
}};

}  // namespace

std::string_view KindName(Kind kind) {
  for (const auto& [k, name] : kKindNames) {
    if (k == kind) return name;
  }
  return "commune";
}

std::optional<Kind> ParseKind(std::string_view name) {
  for (const auto& [k, n] : kKindNames) {
    if (n == name) return k;
  }
  return std::nullopt;
}

std::string ChildPath(std::string_view parent_path, std::string_view code) {
  std::string path(parent_path.empty() ? "/" : parent_path);
  path += code;
  path += '/';
  return path;
}

}  // namespace tanzim::territory
