#pragma once

#include "auth/authorization.h"
#include "people/person.h"

// Personal details a role does not need are masked before they leave the
// service layer (issue #4): the API, CSV exports and every other rendering
// show the same masked person. The kept tail lets an organizer tell two
// records apart on the phone without seeing the whole number.
namespace tanzim::people {

// `person` with what `visible` does not cover masked: the CIN and phone keep
// their last two characters, the email its first character and domain, and
// the birth date is removed. Masked characters are "•" (U+2022), which no
// validator accepts, so a masked value sent back is refused, never stored.
Person Masked(Person person, auth::PersonalDetails visible);

// The same, with what `actor` may see.
Person MaskedFor(const auth::Actor& actor, Person person);

}  // namespace tanzim::people
