#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/actor.h"

namespace tanzim::audit {

// What an entry is about. A closed list, so that `GET /api/v1/audit?object=`
// can refuse a type no entry can have rather than answer an empty page.
enum class ObjectType {
  kBody,
  kConsent,
  kConsentText,
  kDues,
  kExport,
  kMandate,
  kMembership,
  kPeople,  // an import: one entry for many people
  kPerson,
  kPosition,
  kSetting,  // the organization's settings as a whole, object id 0
};

inline constexpr std::array kAllObjectTypes = {
    ObjectType::kBody,   ObjectType::kConsent,  ObjectType::kConsentText, ObjectType::kDues,
    ObjectType::kExport, ObjectType::kMandate,  ObjectType::kMembership,  ObjectType::kPeople,
    ObjectType::kPerson, ObjectType::kPosition, ObjectType::kSetting};

// Every type once, in the enum's order: a type inserted above without being
// listed fails here; one appended is caught by ObjectTypeTest, which asks Name().
constexpr bool ListsTheTypesInOrder() {
  for (size_t i = 0; i < kAllObjectTypes.size(); ++i) {
    if (static_cast<size_t>(kAllObjectTypes[i]) != i) return false;
  }
  return true;
}
static_assert(ListsTheTypesInOrder());

// The type as stored and shown: "body", "consent_text", …
std::string_view Name(ObjectType type);
// The type named `name`; none for a name no entry has.
std::optional<ObjectType> ParseObjectType(std::string_view name);

// One change, as the use case that made it describes it.
struct Entry {
  std::optional<int64_t> actor_id;  // none: the operator's command line
  std::string actor_login;
  std::string action;       // "<object_type>.<verb>": "body.found", "position.update"
  std::string object_type;  // "body", "position", …
  int64_t object_id = 0;
  std::optional<std::string> before;  // JSON of the object before; none on create
  std::optional<std::string> after;   // JSON after; none on delete
};

// An entry as stored, with its place in the chain.
struct Record {
  int64_t id = 0;
  std::string at;  // RFC 3339 UTC
  Entry entry;
  bool erased = false;  // the payload was blanked by an erasure
};

// `action` by `actor` on an object: the usual way to start an entry.
Entry Change(const auth::Actor& actor, ObjectType object_type, int64_t object_id,
             std::string_view verb);

// What `tanzim audit verify` found.
struct VerifyReport {
  int64_t entries = 0;
  // The first entry that does not verify, and why; none when the chain holds.
  std::optional<int64_t> broken_at;
  std::string problem;  // "altered", "missing", "payload altered", "tail removed"
};

}  // namespace tanzim::audit
