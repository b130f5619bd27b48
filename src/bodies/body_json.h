#pragma once

#include <nlohmann/json.hpp>

#include "bodies/body.h"

// The JSON form of bodies and positions: what the API answers and what the
// audit trail keeps as "before" and "after", written once.
namespace tanzim::bodies {

nlohmann::json ToJson(const Body& body);
nlohmann::json ToJson(const BodyEvent& event);
nlohmann::json ToJson(const Position& position);

}  // namespace tanzim::bodies
