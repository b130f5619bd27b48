#include "people/masking.h"

#include "core/masking.h"

namespace tanzim::people {

Person Masked(Person person, auth::PersonalDetails visible) {
  if (!visible.identity) {
    if (person.cin) person.cin = MaskKeepingTail(*person.cin, 2);
    person.birth_date.reset();
  }
  if (!visible.contact) {
    if (person.phone) person.phone = MaskKeepingTail(*person.phone, 2);
    if (person.email) person.email = MaskEmail(*person.email);
  }
  return person;
}

Person MaskedFor(const auth::Actor& actor, Person person) {
  return Masked(std::move(person), auth::VisibleDetails(actor));
}

}  // namespace tanzim::people
