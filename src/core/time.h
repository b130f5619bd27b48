#pragma once

#include <string>

namespace tanzim {

// The current UTC time as RFC 3339 with seconds, e.g. "2026-11-29T11:15:21Z".
std::string UtcNowRfc3339();

}  // namespace tanzim
