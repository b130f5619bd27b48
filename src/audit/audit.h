#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auth/actor.h"

namespace tanzim::audit {

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
Entry Change(const auth::Actor& actor, std::string object_type, int64_t object_id,
             std::string verb);

// What `tanzim audit verify` found.
struct VerifyReport {
  int64_t entries = 0;
  // The first entry that does not verify, and why; none when the chain holds.
  std::optional<int64_t> broken_at;
  std::string problem;  // "altered", "missing", "payload altered", "tail removed"
};

}  // namespace tanzim::audit
