#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/patch.h"

namespace tanzim::people {

// A person as stored and shown. Memberships, positions and mandates refer to
// a person by `id` and live in their own modules.
struct Person {
  int64_t id = 0;
  std::optional<std::string> name_ar;
  std::optional<std::string> name_latin;
  std::optional<std::string> gender;      // "f" | "m"
  std::optional<std::string> birth_date;  // YYYY-MM-DD
  std::optional<std::string> cin;         // upper-case, no spaces
  std::optional<std::string> phone;       // E.164
  std::optional<std::string> email;
  std::string territory_code;  // where the person lives: a commune or a province
  std::string created_at;      // RFC 3339 UTC
  std::string updated_at;

  bool operator==(const Person&) const = default;
};

// What a client sends to create (absent = null) or to patch a person.
struct PersonDraft {
  Patch<std::string> name_ar;
  Patch<std::string> name_latin;
  Patch<std::string> gender;
  Patch<std::string> birth_date;
  Patch<std::string> cin;
  Patch<std::string> phone;
  Patch<std::string> email;
  Patch<std::string> territory_code;
};

}  // namespace tanzim::people
