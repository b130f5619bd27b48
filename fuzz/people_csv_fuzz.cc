// libFuzzer target: the file of `tanzim import people` (people::ReadPeopleCsv)
// over arbitrary bytes. Whatever the input, the reader answers drafts or an
// error naming where, never a half-read file: each draft has its line, lines
// rise, no field is given empty, and the digest is always the file's.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "people/people_csv.h"

namespace {

using tanzim::people::PersonDraft;

bool GivenEmpty(const PersonDraft& d) {
  for (const auto* field : {&d.name_ar, &d.name_latin, &d.gender, &d.birth_date, &d.cin, &d.phone,
                            &d.email, &d.territory_code}) {
    if (field->has_value() && (!field->value() || field->value()->empty())) return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view csv(reinterpret_cast<const char*>(data), size);
  auto file = tanzim::people::ReadPeopleCsv(csv, "fuzz.csv");
  if (!file.ok()) {
    if (file.error().fields().empty()) std::abort();  // an error names a line
    return 0;
  }
  if (file->drafts.size() != file->source.lines.size()) std::abort();
  if (file->source.sha256.size() != 64) std::abort();
  for (size_t i = 0; i < file->drafts.size(); ++i) {
    if (file->source.lines[i] < 2) std::abort();  // line 1 is the header
    if (i > 0 && file->source.lines[i] <= file->source.lines[i - 1]) std::abort();
    if (GivenEmpty(file->drafts[i])) std::abort();
  }
  return 0;
}
