#include "audit/audit.h"

namespace tanzim::audit {

Entry Change(const auth::Actor& actor, std::string object_type, int64_t object_id,
             std::string verb) {
  Entry entry;
  if (actor.user_id != 0) entry.actor_id = actor.user_id;
  entry.actor_login = actor.login;
  entry.action = object_type + "." + std::move(verb);
  entry.object_type = std::move(object_type);
  entry.object_id = object_id;
  return entry;
}

}  // namespace tanzim::audit
