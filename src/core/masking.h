#pragma once

#include <string>
#include <string_view>

// The masking of personal details for roles that do not need them (issue #4),
// as text: people/masking.h applies it to a person, the audit service to the
// people in its payloads. The mask is "•" (U+2022), which no validator
// accepts, so a masked value sent back is refused, never stored.
namespace tanzim {

// Every byte but the last `keep` replaced by the mask; for ASCII values
// (CINs, E.164 numbers), where bytes are characters.
std::string MaskKeepingTail(std::string_view value, size_t keep);

// "amina@example.ma" → "a•••@example.ma"; without a local part, all masked.
std::string MaskEmail(std::string_view email);

}  // namespace tanzim
