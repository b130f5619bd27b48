#include "people/people_service.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "auth/authorization.h"
#include "core/base64.h"
#include "core/ordered_parts.h"
#include "core/time.h"
#include "i18n/text.h"
#include "people/masking.h"
#include "people/person_json.h"
#include "people/validators.h"

namespace tanzim::people {
namespace {

constexpr size_t kMaxNameLength = 200;
constexpr size_t kMaxQueryLength = 100;

// Applies one patch field: absent keeps, null clears, a value replaces.
void Apply(std::optional<std::string>& field, const Patch<std::string>& patch) {
  if (patch) field = *patch;
}

// A name: spaces normalized, empty means none; adds an error if unacceptable.
std::optional<std::string> CheckName(const std::optional<std::string>& raw, const char* field,
                                     std::vector<FieldError>& errors) {
  if (!raw) return std::nullopt;
  std::string name = i18n::NormalizeSpaces(*raw);
  if (name.empty()) return std::nullopt;
  if (i18n::HasControlCharacters(name)) {
    errors.push_back({field, "field.text_invalid"});
  } else if (i18n::CodePointCount(name).value_or(0) > kMaxNameLength) {
    errors.push_back({field, "field.too_long"});
  }
  return name;
}

// Normalizes an optional identifying field with `normalize`; a value it refuses
// adds `message_key` for `field`.
template <typename Normalize>
std::optional<std::string> CheckField(const std::optional<std::string>& raw, const char* field,
                                      const char* message_key, Normalize normalize,
                                      std::vector<FieldError>& errors) {
  if (!raw) return std::nullopt;
  auto normal = normalize(*raw);
  if (!normal) errors.push_back({field, message_key});
  return normal;
}

// "/MA-03/MA-MOU/12345/" → {"MA-03", "MA-MOU"}: a person's region and province.
std::pair<std::string, std::string> RegionAndProvince(const std::string& path) {
  const auto second = path.find('/', 1);
  const auto third = path.find('/', second + 1);
  return {path.substr(1, second - 1), path.substr(second + 1, third - second - 1)};
}

// Where a stored person lives, as authorization needs it, rebuilt from the
// ancestors copied into the row: no territory lookup on the read path.
territory::Territory PlaceOf(const PersonRow& row) {
  territory::Territory place;
  place.code = row.person.territory_code;
  const bool in_commune = row.person.territory_code != row.province_code;
  place.kind = in_commune ? territory::Kind::kCommune : territory::Kind::kProvince;
  place.parent_code = in_commune ? row.province_code : row.region_code;
  place.path = territory::ChildPath(territory::ChildPath("", row.region_code), row.province_code);
  if (in_commune) place.path = territory::ChildPath(place.path, row.person.territory_code);
  return place;
}

// The audit trail's description of a change to a person made by `actor`:
// action "person.<verb>", the person before and after as the API shows it.
DescribeChange Describe(const auth::Actor& actor, const char* verb) {
  return [&actor, verb](const std::optional<Person>& before, const std::optional<Person>& after) {
    audit::Entry entry =
        audit::Change(actor, audit::ObjectType::kPerson, after ? after->id : before->id, verb);
    if (before) entry.before = ToJson(*before);
    if (after) entry.after = ToJson(*after);
    return entry;
  };
}

// The audit trail's one entry for a bulk creation: action "people.import",
// object "people/<first id>", and as payload where the people came from and
// which ids they got (no personal data: nothing to erase later).
DescribeImport ImportEntry(const auth::Actor& actor, const ImportSource& source) {
  return [&actor, &source](const IdRange& ids) {
    audit::Entry entry = audit::Change(actor, audit::ObjectType::kPeople, ids.first_id, "import");
    nlohmann::json after = {
        {"count", ids.count}, {"first_id", ids.first_id}, {"last_id", ids.last_id}};
    if (!source.file.empty()) after["file"] = source.file;
    if (!source.sha256.empty()) after["sha256"] = source.sha256;
    entry.after = after.dump();
    return entry;
  };
}

std::string EncodeCursor(const PersonRow& last) {
  std::string bytes(8, '\0');
  for (int i = 0; i < 8; ++i) {
    bytes[i] = static_cast<char>((static_cast<uint64_t>(last.person.id) >> (56 - 8 * i)) & 0xff);
  }
  return Base64UrlEncode(bytes + last.sort_key);
}

bool DecodeCursor(const std::string& cursor, PeopleQuery& query) {
  auto bytes = Base64UrlDecode(cursor);
  if (!bytes || bytes->size() < 9) return false;
  uint64_t id = 0;
  for (int i = 0; i < 8; ++i) id = (id << 8) | static_cast<unsigned char>((*bytes)[i]);
  if (id == 0 || id > static_cast<uint64_t>(INT64_MAX)) return false;
  query.after_id = static_cast<int64_t>(id);
  query.after_sort_key = bytes->substr(8);
  return true;
}

}  // namespace

PeopleService::PeopleService(PeopleStore& people, territory::TerritoryStore& territories,
                             Today today, audit::ReadLog* reads)
    : people_(people),
      territories_(territories),
      today_(today ? std::move(today) : UtcToday),
      reads_(reads) {}

PeopleService::TerritoryLookup PeopleService::StoreLookup() {
  return [this](const std::string& code) -> Result<std::shared_ptr<const territory::Territory>> {
    auto found = territories_.Find(code);
    if (!found.ok()) return std::move(found).error();
    if (!*found) return std::shared_ptr<const territory::Territory>();
    return std::make_shared<const territory::Territory>(std::move(**found));
  };
}

Result<territory::Territory> PeopleService::FindTerritory(const std::string& code,
                                                          const std::string& field) {
  auto found = territories_.Find(code);
  if (!found.ok()) return std::move(found).error();
  if (!found->has_value()) return Error::Invalid(field, "field.territory_unknown");
  return std::move(**found);
}

Result<PersonRow> PeopleService::Build(const auth::Actor& actor, const Person& base,
                                       const PersonDraft& draft, const TerritoryLookup& lookup,
                                       const std::string& now) {
  Person p = base;
  Apply(p.name_ar, draft.name_ar);
  Apply(p.name_latin, draft.name_latin);
  Apply(p.gender, draft.gender);
  Apply(p.birth_date, draft.birth_date);
  Apply(p.cin, draft.cin);
  Apply(p.phone, draft.phone);
  Apply(p.email, draft.email);
  std::optional<std::string> territory_code;
  if (!p.territory_code.empty()) territory_code = p.territory_code;
  Apply(territory_code, draft.territory_code);

  // A form's empty field means "not given", as null does.
  for (auto* field : {&p.gender, &p.birth_date, &p.cin, &p.phone, &p.email}) {
    if (*field && i18n::IsBlank(**field)) field->reset();
  }

  std::vector<FieldError> errors;
  p.name_ar = CheckName(p.name_ar, "name_ar", errors);
  p.name_latin = CheckName(p.name_latin, "name_latin", errors);
  if (!p.name_ar && !p.name_latin) {
    errors.push_back({"name_ar", "field.name_required"});
    errors.push_back({"name_latin", "field.name_required"});
  }
  if (p.gender && *p.gender != "f" && *p.gender != "m") {
    errors.push_back({"gender", "field.gender_invalid"});
  }
  if (p.birth_date) {
    switch (CheckBirthDate(*p.birth_date, today_())) {
      case BirthDateCheck::kOk:
        break;
      case BirthDateCheck::kInvalid:
        errors.push_back({"birth_date", "field.date_invalid"});
        break;
      case BirthDateCheck::kFuture:
        errors.push_back({"birth_date", "field.date_future"});
        break;
    }
  }
  p.cin = CheckField(p.cin, "cin", "field.cin_invalid", NormalizeCin, errors);
  p.phone = CheckField(p.phone, "phone", "field.phone_invalid", NormalizePhone, errors);
  p.email = CheckField(p.email, "email", "field.email_invalid", NormalizeEmail, errors);

  std::shared_ptr<const territory::Territory> where;
  if (!territory_code) {
    errors.push_back({"territory_code", "field.required"});
  } else {
    auto found = lookup(*territory_code);
    if (!found.ok()) return std::move(found).error();
    if (!*found) {
      errors.push_back({"territory_code", "field.territory_unknown"});
    } else if ((*found)->kind == territory::Kind::kRegion) {
      errors.push_back({"territory_code", "field.territory_kind"});
    } else {
      where = std::move(found).value();
    }
  }
  if (!errors.empty())
    return Error(ErrorCode::kInvalidArgument, "error.invalid", std::move(errors));
  TANZIM_RETURN_IF_ERROR(auth::CheckAccess(actor, auth::Action::kWrite, *where, "territory_code"));

  PersonRow row;
  p.territory_code = where->code;
  std::tie(row.region_code, row.province_code) = RegionAndProvince(where->path);
  const std::string& display = p.name_ar ? *p.name_ar : *p.name_latin;
  row.sort_key = i18n::ArabicSortKey(display);
  // Folded name by name, as one text around U+001F would be (i18n/text.h):
  // an ASCII Latin name then skips ICU.
  row.search_text = i18n::FoldForSearch(p.name_ar.value_or("")) + "\x1f" +
                    i18n::FoldForSearch(p.name_latin.value_or(""));
  p.updated_at = now;
  if (p.created_at.empty()) p.created_at = now;
  row.person = std::move(p);
  return row;
}

Result<Person> PeopleService::Create(const auth::Actor& actor, const PersonDraft& draft) {
  if (!auth::RoleMay(actor, auth::Action::kWrite)) return Error::Denied();
  auto row = Build(actor, Person{}, draft, StoreLookup(), UtcNowRfc3339());
  if (!row.ok()) return std::move(row).error();
  auto created = people_.Insert(*row, Describe(actor, "create"));
  if (!created.ok()) return created;
  return MaskedFor(actor, std::move(created).value());
}

struct PeopleService::CheckedPart {
  // The part's drafts as rows if all are good, freed once stored: a load's
  // rows are as large as its drafts, and memory freed is memory reused
  // without a page fault by the parts checked later.
  std::vector<PersonRow> rows;
  std::vector<std::optional<std::string>> cins;  // one per draft, kept to name conflicts
  std::vector<std::pair<size_t, Error>> bad;     // by the draft's position in the load
};

Result<IdRange> PeopleService::CreateMany(const auth::Actor& actor,
                                          const std::vector<PersonDraft>& drafts,
                                          const ImportSource& source) {
  if (!auth::RoleMay(actor, auth::Action::kWrite)) return Error::Denied();
  // Bulk loads name a few thousand communes for a million people: look each up
  // once, before any draft is checked, so the checks below only read the map
  // and can run on several threads.
  const TerritoryLookup from_store = StoreLookup();
  std::unordered_map<std::string, std::shared_ptr<const territory::Territory>> seen;
  for (const PersonDraft& draft : drafts) {
    if (!draft.territory_code || !*draft.territory_code) continue;
    const std::string& code = **draft.territory_code;
    if (seen.contains(code)) continue;
    auto found = from_store(code);
    if (!found.ok()) return std::move(found).error();
    seen.emplace(code, std::move(found).value());
  }
  const TerritoryLookup cached =
      [&](const std::string& code) -> Result<std::shared_ptr<const territory::Territory>> {
    auto it = seen.find(code);
    if (it != seen.end()) return it->second;
    return from_store(code);  // not reached: every draft's code is in `seen`
  };

  // Checking a draft (phone numbers, collation and search keys) is pure CPU
  // and costs about half of storing it: the other cores check the drafts
  // part by part, ahead of this thread, which stores the parts checked so far
  // in one transaction. A bad draft stops the storing, not the checking, so
  // that the error names every bad draft; only an error that is not about the
  // draft's fields (out of scope, a failing store) ends the checks.
  // One import, one moment: every person it creates has the same created_at.
  const std::string now = UtcNowRfc3339();
  constexpr size_t kPartSize = 2'000;
  // Each part's rows are allocated by the thread that checks it: a million
  // rows made up front (half a gigabyte) cost this thread over a second
  // before the first insert.
  std::vector<CheckedPart> checked((drafts.size() + kPartSize - 1) / kPartSize);
  const size_t helpers = std::max(1u, std::thread::hardware_concurrency()) - 1;
  OrderedParts parts(drafts.size(), kPartSize, helpers,
                     [&](size_t begin, size_t end) -> std::optional<Error> {
                       CheckedPart& part = checked[begin / kPartSize];
                       part.rows.reserve(end - begin);
                       part.cins.reserve(end - begin);
                       for (size_t i = begin; i < end; ++i) {
                         auto row = Build(actor, Person{}, drafts[i], cached, now);
                         if (row.ok()) {
                           part.cins.push_back(row->person.cin);
                           part.rows.push_back(std::move(row).value());
                           continue;
                         }
                         if (row.error().code() != ErrorCode::kInvalidArgument) {
                           return std::move(row).error();
                         }
                         part.cins.emplace_back();
                         part.bad.emplace_back(i, std::move(row).error());
                       }
                       return std::nullopt;
                     });
  bool stopped = false;  // a part had bad drafts: nothing more is stored
  CheckedPart* stored_last = nullptr;
  const NextRows next = [&]() -> Result<std::span<const PersonRow>> {
    if (stored_last != nullptr) std::vector<PersonRow>().swap(stored_last->rows);
    auto range = parts.Next();
    if (!range.ok()) return std::move(range).error();
    if (range->empty()) return std::span<const PersonRow>();
    CheckedPart& part = checked[range->begin / kPartSize];
    stored_last = &part;
    if (!part.bad.empty()) {
      stopped = true;
      return Error(ErrorCode::kInvalidArgument, "error.invalid");  // Rejected() tells which
    }
    return std::span<const PersonRow>(part.rows);
  };
  // A program's load (no file, no digest) is never a repeat.
  const std::string_view refused_digest = source.again ? std::string_view() : source.sha256;
  auto stored = people_.InsertMany(drafts.size(), next, ImportEntry(actor, source), refused_digest);
  if (stored.ok() || (!stopped && stored.error().code() != ErrorCode::kConflict) ||
      stored.error().message_key() == "error.file_imported") {
    return stored;
  }

  // Something in the drafts: check the rest of them and name every bad one.
  while (true) {
    auto range = parts.Next();
    if (!range.ok()) return std::move(range).error();
    if (range->empty()) break;
  }
  return Rejected(std::move(checked), source, std::move(stored).error());
}

Result<std::optional<PastImport>> PeopleService::FindImport(const auth::Actor& actor,
                                                            std::string_view sha256) {
  if (!auth::RoleMay(actor, auth::Action::kWrite)) return Error::Denied();
  return people_.FindImport(sha256);
}

Error PeopleService::Rejected(std::vector<CheckedPart> checked, const ImportSource& source,
                              Error stopped) {
  std::vector<std::pair<size_t, FieldError>> found;
  bool invalid = false;
  for (const CheckedPart& part : checked) {
    for (const auto& [i, error] : part.bad) {
      invalid = true;
      for (const FieldError& field : error.fields()) found.emplace_back(i, field);
    }
  }
  // CINs: a good draft repeating an earlier one's, or one a stored person
  // holds (bad drafts have no CIN here), asked of the store in one call.
  size_t drafts = 0;
  for (const CheckedPart& part : checked) drafts += part.cins.size();
  std::vector<std::optional<std::string>> cins;
  cins.reserve(drafts);
  for (CheckedPart& part : checked) std::ranges::move(part.cins, std::back_inserter(cins));
  std::unordered_set<std::string_view> seen;
  for (size_t i = 0; i < cins.size(); ++i) {
    if (cins[i] && !seen.insert(*cins[i]).second)
      found.emplace_back(i, FieldError{"cin", "field.duplicate"});
  }
  auto held = people_.CinsOnFile(cins);
  if (!held.ok()) return std::move(held).error();
  for (const size_t i : *held) found.emplace_back(i, FieldError{"cin", "field.cin_taken"});
  if (found.empty()) return stopped;  // a conflict that is no longer there: a concurrent change

  std::stable_sort(found.begin(), found.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<FieldError> fields;
  fields.reserve(found.size());
  for (auto& [i, field] : found) {
    const std::string where = source.lines.empty() ? "row " + std::to_string(i + 1)
                                                   : "line " + std::to_string(source.lines[i]);
    fields.push_back({where + ": " + field.field, std::move(field.message_key)});
  }
  if (invalid) return {ErrorCode::kInvalidArgument, "error.invalid", std::move(fields)};
  return {ErrorCode::kConflict, "error.conflict", std::move(fields)};
}

Result<std::string> PeopleService::SectorFor(const auth::Actor& actor, const PersonRow& row) {
  const std::string_view sector = auth::SectorRestriction(actor);
  if (sector.empty() || !actor.scope) return std::string();
  auto member = people_.InSector(row.person.id, sector, actor.scope->path);
  if (!member.ok()) return std::move(member).error();
  return *member ? std::string(sector) : std::string();
}

Result<PersonRow> PeopleService::Readable(const auth::Actor& actor, int64_t id) {
  auto found = people_.Find(id);
  if (!found.ok()) return std::move(found).error();
  if (!found->has_value()) return Error::NotFound();
  auto sector = SectorFor(actor, **found);
  if (!sector.ok()) return std::move(sector).error();
  // Out of scope reads as absent: ids must not reveal who is on file elsewhere.
  TANZIM_RETURN_IF_ERROR(auth::CheckVisible(actor, PlaceOf(**found), *sector));
  return std::move(**found);
}

Status PeopleService::Reach(const auth::Actor& actor, int64_t id) {
  auto found = Readable(actor, id);
  if (!found.ok()) return std::move(found).error();
  return Status::Ok();
}

Result<Person> PeopleService::Get(const auth::Actor& actor, int64_t id) {
  auto found = Readable(actor, id);
  if (!found.ok()) return std::move(found).error();
  // The read is noted before it is answered: a read that cannot be noted is refused.
  if (reads_ != nullptr && actor.user_id > 0) {
    TANZIM_RETURN_IF_ERROR(reads_->Note(actor.user_id, id, "record"));
  }
  return MaskedFor(actor, std::move(found->person));
}

Result<Person> PeopleService::Update(const auth::Actor& actor, int64_t id,
                                     const PersonDraft& patch) {
  auto updated = people_.Update(
      id,
      [&](const PersonRow& current) -> Result<PersonRow> {
        const territory::Territory where = PlaceOf(current);
        auto sector = SectorFor(actor, current);
        if (!sector.ok()) return std::move(sector).error();
        TANZIM_RETURN_IF_ERROR(auth::CheckVisible(actor, where, *sector));
        TANZIM_RETURN_IF_ERROR(auth::CheckAccess(actor, auth::Action::kWrite, where, "id"));
        if (current.erased) {
          return Error(ErrorCode::kConflict, "error.conflict", {{"id", "field.person_erased"}});
        }
        return Build(actor, current.person, patch, StoreLookup(), UtcNowRfc3339());
      },
      Describe(actor, "update"));
  if (!updated.ok()) return updated;
  return MaskedFor(actor, std::move(updated).value());
}

Status PeopleService::Remove(const auth::Actor& actor, int64_t id) {
  return people_.Remove(
      id,
      [&](const PersonRow& current) -> Status {
        const territory::Territory where = PlaceOf(current);
        auto sector = SectorFor(actor, current);
        if (!sector.ok()) return std::move(sector).error();
        TANZIM_RETURN_IF_ERROR(auth::CheckVisible(actor, where, *sector));
        return auth::CheckAccess(actor, auth::Action::kWrite, where, "id");
      },
      Describe(actor, "delete"));
}

Result<Page<Person>> PeopleService::List(const auth::Actor& actor, const ListRequest& request) {
  if (request.limit < 1 || request.limit > kMaxPageSize) {
    return Error::Invalid("limit", "field.limit_invalid");
  }
  std::optional<territory::Territory> requested;
  if (request.territory) {
    auto found = FindTerritory(*request.territory, "territory");
    if (!found.ok()) return std::move(found).error();
    requested = std::move(found).value();
  }
  PeopleQuery query;
  query.limit = request.limit + 1;  // one more tells whether a next page exists
  if (request.cursor && !DecodeCursor(*request.cursor, query)) {
    return Error::Invalid("cursor", "field.cursor_invalid");
  }
  if (request.q) {
    if (i18n::HasControlCharacters(*request.q)) return Error::Invalid("q", "field.text_invalid");
    if (i18n::CodePointCount(*request.q).value_or(0) > kMaxQueryLength) {
      return Error::Invalid("q", "field.too_long");
    }
    std::string folded = i18n::FoldForSearch(i18n::NormalizeSpaces(*request.q));
    if (!folded.empty()) query.search = std::move(folded);
  }
  const auth::ListScope scope = auth::NarrowToScope(actor, requested);
  Page<Person> page;
  page.out_of_scope = scope.out_of_scope;
  if (scope.empty) return page;
  if (!scope.sector.empty()) {
    query.sector_kind = scope.sector;
    query.sector_path = actor.scope ? actor.scope->path : std::string("/");
  }
  if (scope.within) {
    const territory::Territory& t = *scope.within;
    query.territory_code = t.code;
    if (t.kind == territory::Kind::kRegion) {
      query.level = TerritoryLevel::kRegion;
    } else if (territory::IsProvinceLevel(t.kind)) {
      query.level = TerritoryLevel::kProvince;
    } else {
      query.level = TerritoryLevel::kCommune;
      query.province_code = t.parent_code.value_or("");
    }
  }
  auto rows = people_.List(query);
  if (!rows.ok()) return std::move(rows).error();
  if (static_cast<int>(rows->size()) > request.limit) {
    rows->resize(request.limit);
    page.next_cursor = EncodeCursor(rows->back());
  }
  page.items.reserve(rows->size());
  for (PersonRow& row : *rows) page.items.push_back(MaskedFor(actor, std::move(row.person)));
  return page;
}

}  // namespace tanzim::people
