#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tanzim::territory {

// Levels of Morocco's territorial organization that Tanzim records.
enum class Kind { kRegion, kProvince, kPrefecture, kCommune };

std::string_view KindName(Kind kind);
std::optional<Kind> ParseKind(std::string_view name);

// A province and a prefecture sit at the same level (إقليم / عمالة).
inline bool IsProvinceLevel(Kind kind) {
  return kind == Kind::kProvince || kind == Kind::kPrefecture;
}

struct Territory {
  std::string
      code;  // ISO 3166-2 for regions and provinces ("MA-03", "MA-MOU"), imported for communes
  Kind kind = Kind::kCommune;
  std::string name_ar;
  std::string name_fr;
  std::optional<std::string> parent_code;
  // "/MA-03/MA-MOU/": the codes from the top down to this one (see migration 0001).
  std::string path;

  bool operator==(const Territory&) const = default;
};

// The path of a territory whose parent has `parent_path` ("" for a region).
std::string ChildPath(std::string_view parent_path, std::string_view code);

// True when `inner` is `outer` or lies anywhere below it.
inline bool Within(const Territory& inner, std::string_view outer_path) {
  return std::string_view(inner.path).starts_with(outer_path);
}

}  // namespace tanzim::territory
