#pragma once

#include <string_view>

#include "core/result.h"
#include "web/http_types.h"

namespace tanzim::web {

// Reads an origin-form request target ("/api/v1/people?q=…") into the
// request's percent-decoded path and query parameters. Refuses, with a 400
// naming what is at fault, rather than guess:
//   - "target": not a URI reference (raw bytes, "%ZZ"), or not starting with "/";
//   - "path": a segment that decodes to invalid UTF-8, a NUL, or a "/" ("%2F");
//   - a parameter's name: its value decodes to invalid UTF-8 or holds a NUL, or
//     the parameter is given twice (which one would count is anyone's guess);
//   - "query": a parameter name that decodes to invalid UTF-8 or holds a NUL.
// A NUL is refused, not cut at: "/people/1%00x" is not person 1.
Status ParseTarget(std::string_view target, Request& request);

}  // namespace tanzim::web
