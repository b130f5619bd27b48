#pragma once

#include "core/error.h"
#include "i18n/language.h"
#include "web/http_types.h"

namespace tanzim::web {

// The HTTP status for an error code: the one place that mapping lives.
int HttpStatus(ErrorCode code);

// An RFC 9457 application/problem+json response for `error`, its title and
// field messages in `lang`. Internal details are logged here, never sent.
Response ProblemResponse(const Error& error, i18n::Lang lang);

}  // namespace tanzim::web
