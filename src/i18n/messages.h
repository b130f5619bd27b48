#pragma once

#include <string_view>

#include "i18n/language.h"

namespace tanzim::i18n {

// The text of a message key (see messages.cc) in `lang`. An unknown key comes
// back as itself, so a missing translation shows up in tests, not as a blank.
std::string_view Translate(std::string_view key, Lang lang);

// True when the catalog has the key in all three languages.
bool HasMessage(std::string_view key);

}  // namespace tanzim::i18n
