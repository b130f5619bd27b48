#pragma once

#include <nlohmann/json.hpp>

#include "people/person.h"

// The JSON form of a person: what the API answers and what the audit trail
// keeps as "before" and "after", written once.
namespace tanzim::people {

nlohmann::json ToJson(const Person& person);

}  // namespace tanzim::people
