// libFuzzer target: decoding a JSON request body as every handler does
// (web/json_io.h): parse, refuse non-objects and deep nesting, read typed
// fields. Any input must give a value or an error, never a crash, and an
// accepted body must survive a round trip.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "web/http_types.h"
#include "web/json_io.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  tanzim::web::Request request;
  request.body.assign(reinterpret_cast<const char*>(data), size);
  auto object = tanzim::web::ParseJsonObject(request);
  if (!object.ok()) return 0;

  tanzim::web::ObjectReader read(*object, {"name_ar", "name_latin", "territory_code", "person_id",
                                           "body_id", "parent_id", "from", "to", "on"});
  for (const char* name : {"name_ar", "name_latin", "territory_code", "from", "to", "on"}) {
    (void)read.String(name);
  }
  for (const char* name : {"person_id", "body_id", "parent_id"}) (void)read.Int(name);
  (void)read.Finish();

  // What was accepted is valid UTF-8 JSON: it prints and parses back equal.
  const std::string printed = object->dump();
  tanzim::web::Request again;
  again.body = printed;
  auto reparsed = tanzim::web::ParseJsonObject(again);
  if (!reparsed.ok() || *reparsed != *object) std::abort();
  return 0;
}
