#pragma once

#include <optional>
#include <string>

#include "bodies/body.h"
#include "territory/territory.h"

namespace tanzim::bodies {

struct DisplayNames {
  std::string ar;
  std::string fr;
};

// The name a body goes by when none was given, from its kind and territory:
// "الأمانة الإقليمية بإقليم مولاي يعقوب" / "Secrétariat provincial de Moulay Yacoub".
// A preparatory committee is named after what it founds. Poles and generic
// committees have no derivable name (nullopt): they must be named.
std::optional<DisplayNames> DeriveNames(Kind kind, const std::optional<territory::Territory>& where,
                                        std::optional<Kind> founds_kind = std::nullopt);

}  // namespace tanzim::bodies
