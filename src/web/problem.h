#pragma once

#include <cstddef>

#include "core/error.h"
#include "i18n/language.h"
#include "web/http_types.h"

namespace tanzim::web {

// How many unknown body fields, or unknown query parameters, one problem
// names. Each named one costs the answer ~100 bytes: a 1 MiB body of tiny
// unknown keys would otherwise be answered with ~10 MB. A client fixes these
// and retries, so the first few tell it enough.
inline constexpr size_t kMaxNamedUnknown = 16;

// The HTTP status for an error code: the one place that mapping lives.
int HttpStatus(ErrorCode code);

// An RFC 9457 application/problem+json response for `error`, its title and
// field messages in `lang`. Internal details are logged here, never sent.
Response ProblemResponse(const Error& error, i18n::Lang lang);

}  // namespace tanzim::web
