#include "audit/audit.h"

namespace tanzim::audit {

std::string_view Name(ObjectType type) {
  switch (type) {
    case ObjectType::kBody:
      return "body";
    case ObjectType::kConsent:
      return "consent";
    case ObjectType::kConsentText:
      return "consent_text";
    case ObjectType::kDues:
      return "dues";
    case ObjectType::kExport:
      return "export";
    case ObjectType::kMandate:
      return "mandate";
    case ObjectType::kMembership:
      return "membership";
    case ObjectType::kPeople:
      return "people";
    case ObjectType::kPerson:
      return "person";
    case ObjectType::kPosition:
      return "position";
    case ObjectType::kSetting:
      return "setting";
  }
  return {};
}

std::optional<ObjectType> ParseObjectType(std::string_view name) {
  for (const ObjectType type : kAllObjectTypes) {
    if (Name(type) == name) return type;
  }
  return std::nullopt;
}

Entry Change(const auth::Actor& actor, ObjectType object_type, int64_t object_id,
             std::string_view verb) {
  Entry entry;
  if (actor.user_id != 0) entry.actor_id = actor.user_id;
  entry.actor_login = actor.login;
  entry.object_type = Name(object_type);
  entry.action = entry.object_type + "." + std::string(verb);
  entry.object_id = object_id;
  return entry;
}

}  // namespace tanzim::audit
