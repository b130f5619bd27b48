#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "people/people_service.h"
#include "people/person.h"

namespace tanzim::people {

// A people file as `tanzim import people` reads it, ready for CreateMany.
struct PeopleFile {
  std::vector<PersonDraft> drafts;
  ImportSource source;  // the file's name, digest and each draft's line
};

// Reads CSV (RFC 4180, UTF-8) whose first line names its columns: any of
// name_ar, name_latin, gender, birth_date, cin, phone, email, territory_code,
// each once, in any order, territory_code and a name among them; the fields
// mean what POST /api/v1/people's do, an empty one is not given. Only the
// file's shape is checked here (CreateMany checks the values): a malformed
// file, a bad header or a line with more or fewer fields than the header is an
// error naming every such line ("line 7").
Result<PeopleFile> ReadPeopleCsv(std::string_view csv, std::string file_name);

}  // namespace tanzim::people
