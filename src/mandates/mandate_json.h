#pragma once

#include <nlohmann/json.hpp>

#include "mandates/mandate.h"

// The JSON form of a mandate: what the API answers and what the audit trail
// keeps as "before" and "after", written once.
namespace tanzim::mandates {

nlohmann::json ToJson(const Mandate& mandate);

}  // namespace tanzim::mandates
