#pragma once

#include <string>

#include "core/json_writer.h"
#include "people/person.h"

// The JSON form of a person: what the API answers and what the audit trail
// keeps as "before" and "after", written once. Members come in alphabetical
// order, as the audit trail has always stored them.
namespace tanzim::people {

void WriteJson(JsonWriter& out, const Person& person);

// The same, as a string of its own.
std::string ToJson(const Person& person);

}  // namespace tanzim::people
