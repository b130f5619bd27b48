#include "privacy/sqlite_privacy_store.h"

#include <charconv>
#include <initializer_list>

#include "audit/sqlite_audit_log.h"
#include "core/time.h"

namespace tanzim::privacy {
namespace {

// What an erased person's names become: the CHECK of migration 0001 wants one
// name, and readers should see at once that the record was erased.
constexpr const char* kErasedNameAr = "محذوف";
constexpr const char* kErasedNameLatin = "erased";
// Sorts after every ICU collation key, so erased records end name-ordered lists.
constexpr std::string_view kErasedSortKey = "\xff";

// A column of an exported row: its JSON name and whether it holds an integer.
struct Column {
  const char* name;
  bool integer = false;
};

nlohmann::json RowJson(const store::Statement& row, std::initializer_list<Column> columns) {
  nlohmann::json out = nlohmann::json::object();
  int i = 0;
  for (const Column& c : columns) {
    if (row.IsNull(i)) {
      out[c.name] = nullptr;
    } else if (c.integer) {
      out[c.name] = row.Int(i);
    } else {
      out[c.name] = row.Text(i);
    }
    ++i;
  }
  return out;
}

Result<std::optional<PersonRef>> FindPersonOn(store::Connection& conn, int64_t id) {
  auto stmt = conn.Prepare(
      "SELECT p.id, p.erased_at, t.code, t.kind, t.path FROM people p"
      " JOIN territories t ON t.code = p.territory_code WHERE p.id = ?");
  if (!stmt.ok()) return std::move(stmt).error();
  auto row = (*stmt)->Bind(1, id).Step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return std::optional<PersonRef>();
  const store::Statement& r = **stmt;
  PersonRef ref;
  ref.id = r.Int(0);
  ref.erased_at = r.OptText(1);
  ref.place.code = r.Text(2);
  ref.place.kind = territory::ParseKind(r.Text(3)).value_or(territory::Kind::kCommune);
  ref.place.path = r.Text(4);
  (*stmt)->Reset();
  return std::optional<PersonRef>(std::move(ref));
}

#define TANZIM_TEXT_COLUMNS "id, purpose, version, text_ar, text_fr, text_en, published_at"

ConsentText ReadText(const store::Statement& r) {
  return {r.Int(0), r.Text(1), r.Int(2), r.Text(3), r.Text(4), r.Text(5), r.Text(6)};
}

#define TANZIM_CONSENT_COLUMNS                                                             \
  "c.id, c.person_id, c.text_id, t.purpose, t.version, c.channel, c.given_at, c.given_by," \
  " c.withdrawn_at, c.withdrawal_channel, c.withdrawn_by"
#define TANZIM_CONSENT_FROM " FROM consents c JOIN consent_texts t ON t.id = c.text_id"

Consent ReadConsent(const store::Statement& r) {
  Consent c;
  c.id = r.Int(0);
  c.person_id = r.Int(1);
  c.text_id = r.Int(2);
  c.purpose = r.Text(3);
  c.version = r.Int(4);
  c.channel = r.Text(5);
  c.given_at = r.Text(6);
  c.given_by = r.OptInt(7);
  c.withdrawn_at = r.OptText(8);
  c.withdrawal_channel = r.OptText(9);
  c.withdrawn_by = r.OptInt(10);
  return c;
}

// A consent as the audit trail keeps it: ids, channel and times only.
std::string AuditJson(const Consent& c) {
  nlohmann::json j = {{"person_id", c.person_id}, {"text_id", c.text_id},
                      {"channel", c.channel},     {"given_at", c.given_at},
                      {"withdrawn_at", nullptr},  {"withdrawal_channel", nullptr}};
  if (c.withdrawn_at) j["withdrawn_at"] = *c.withdrawn_at;
  if (c.withdrawal_channel) j["withdrawal_channel"] = *c.withdrawal_channel;
  return j.dump();
}

Result<std::optional<Consent>> FindConsentOn(store::Connection& conn, int64_t id) {
  auto stmt = conn.Prepare("SELECT " TANZIM_CONSENT_COLUMNS TANZIM_CONSENT_FROM " WHERE c.id = ?");
  if (!stmt.ok()) return std::move(stmt).error();
  auto row = (*stmt)->Bind(1, id).Step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return std::optional<Consent>();
  Consent c = ReadConsent(**stmt);
  (*stmt)->Reset();
  return std::optional<Consent>(std::move(c));
}

Result<std::vector<Consent>> ListConsentsOn(store::Connection& conn, int64_t person_id) {
  auto stmt = conn.Prepare("SELECT " TANZIM_CONSENT_COLUMNS TANZIM_CONSENT_FROM
                           " WHERE c.person_id = ? ORDER BY c.id");
  if (!stmt.ok()) return std::move(stmt).error();
  (*stmt)->Bind(1, person_id);
  std::vector<Consent> out;
  while (true) {
    auto row = (*stmt)->Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    out.push_back(ReadConsent(**stmt));
  }
  return out;
}

// The audit entries about person ?1: the person's own and those about their
// memberships, dues, positions, mandates and consents, whose before/after name
// them. The export lists them and an erasure blanks their payloads.
#define TANZIM_ABOUT_PERSON                                                      \
  " ((object_type = 'person' AND object_id = ?1)"                                \
  " OR (object_type = 'membership' AND object_id IN"                             \
  "     (SELECT id FROM memberships WHERE person_id = ?1))"                      \
  " OR (object_type = 'dues' AND object_id IN (SELECT d.id FROM dues_payments d" \
  "     JOIN memberships m ON m.id = d.membership_id WHERE m.person_id = ?1))"   \
  " OR (object_type = 'position' AND object_id IN"                               \
  "     (SELECT id FROM positions WHERE person_id = ?1))"                        \
  " OR (object_type = 'mandate' AND object_id IN"                                \
  "     (SELECT id FROM mandates WHERE person_id = ?1))"                         \
  " OR (object_type = 'consent' AND object_id IN"                                \
  "     (SELECT id FROM consents WHERE person_id = ?1)))"

// Runs `sql` (bound to ?1 = `id`) and appends every row as JSON to `out`.
Status AppendRows(store::Connection& conn, std::string_view sql, int64_t id,
                  std::initializer_list<Column> columns, nlohmann::json& out) {
  auto stmt = conn.Prepare(sql);
  if (!stmt.ok()) return std::move(stmt).error();
  (*stmt)->Bind(1, id);
  while (true) {
    auto row = (*stmt)->Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    out.push_back(RowJson(**stmt, columns));
  }
  return Status::Ok();
}

Result<nlohmann::json> ExportOn(store::Connection& conn, int64_t id) {
  nlohmann::json doc = nlohmann::json::object();
  {
    auto stmt = conn.Prepare(
        "SELECT id, name_ar, name_latin, gender, birth_date, cin, phone, email, territory_code,"
        " created_at, updated_at, erased_at FROM people WHERE id = ?");
    if (!stmt.ok()) return std::move(stmt).error();
    auto row = (*stmt)->Bind(1, id).Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) return Error::NotFound();
    doc["person"] = RowJson(**stmt, {{"id", true},
                                     {"name_ar"},
                                     {"name_latin"},
                                     {"gender"},
                                     {"birth_date"},
                                     {"cin"},
                                     {"phone"},
                                     {"email"},
                                     {"territory_code"},
                                     {"created_at"},
                                     {"updated_at"},
                                     {"erased_at"}});
    (*stmt)->Reset();
  }
  nlohmann::json memberships = nlohmann::json::array();
  TANZIM_RETURN_IF_ERROR(AppendRows(
      conn,
      "SELECT id, body_id, status, number, joined_on, approved_on, left_on, dues_paid_until,"
      " territory_code, created_at, updated_at FROM memberships WHERE person_id = ?1 ORDER BY id",
      id,
      {{"id", true},
       {"body_id", true},
       {"status"},
       {"number"},
       {"joined_on"},
       {"approved_on"},
       {"left_on"},
       {"dues_paid_until"},
       {"territory_code"},
       {"created_at"},
       {"updated_at"}},
      memberships));
  for (auto& m : memberships) {
    const int64_t membership_id = m["id"].get<int64_t>();
    m["events"] = nlohmann::json::array();
    TANZIM_RETURN_IF_ERROR(AppendRows(
        conn,
        "SELECT id, action, on_date, reason, at FROM membership_events"
        " WHERE membership_id = ?1 ORDER BY id",
        membership_id, {{"id", true}, {"action"}, {"on_date"}, {"reason"}, {"at"}}, m["events"]));
    m["dues"] = nlohmann::json::array();
    TANZIM_RETURN_IF_ERROR(
        AppendRows(conn,
                   "SELECT id, amount_centimes, period_from, period_to, paid_on, created_at"
                   " FROM dues_payments WHERE membership_id = ?1 ORDER BY id",
                   membership_id,
                   {{"id", true},
                    {"amount_centimes", true},
                    {"period_from"},
                    {"period_to"},
                    {"paid_on"},
                    {"created_at"}},
                   m["dues"]));
  }
  doc["memberships"] = std::move(memberships);
  doc["positions"] = nlohmann::json::array();
  TANZIM_RETURN_IF_ERROR(AppendRows(
      conn,
      "SELECT x.id, x.body_id, b.name_ar, b.name_fr, x.role, x.from_date, x.to_date"
      " FROM positions x JOIN bodies b ON b.id = x.body_id WHERE x.person_id = ?1 ORDER BY x.id",
      id,
      {{"id", true},
       {"body_id", true},
       {"body_name_ar"},
       {"body_name_fr"},
       {"role"},
       {"from"},
       {"to"}},
      doc["positions"]));
  doc["mandates"] = nlohmann::json::array();
  TANZIM_RETURN_IF_ERROR(AppendRows(
      conn,
      "SELECT id, institution, territory_code, role, committee, constituency, from_date, to_date"
      " FROM mandates WHERE person_id = ?1 ORDER BY id",
      id,
      {{"id", true},
       {"institution"},
       {"territory_code"},
       {"role"},
       {"committee"},
       {"constituency"},
       {"from"},
       {"to"}},
      doc["mandates"]));
  doc["consents"] = nlohmann::json::array();
  TANZIM_RETURN_IF_ERROR(
      AppendRows(conn,
                 "SELECT c.id, t.purpose, t.version, c.channel, c.given_at, c.withdrawn_at,"
                 " c.withdrawal_channel FROM consents c JOIN consent_texts t ON t.id = c.text_id"
                 " WHERE c.person_id = ?1 ORDER BY c.id",
                 id,
                 {{"id", true},
                  {"purpose"},
                  {"version", true},
                  {"channel"},
                  {"given_at"},
                  {"withdrawn_at"},
                  {"withdrawal_channel"}},
                 doc["consents"]));
  // Who acted is left out: staff logins are other people's data. Besides the
  // entries about the person, the import that created them if one did. It
  // names no one, so an erasure leaves it be (kBlankAuditSql).
  doc["audit"] = nlohmann::json::array();
  TANZIM_RETURN_IF_ERROR(AppendRows(
      conn,
      "SELECT id, at, action, object_type, object_id FROM audit_log"
      " WHERE" TANZIM_ABOUT_PERSON " OR id IN (" TANZIM_IMPORT_OF_PERSON ") ORDER BY id",
      id, {{"id", true}, {"at"}, {"action"}, {"object_type"}, {"object_id", true}}, doc["audit"]));
  return doc;
}

// The audit payloads an erasure blanks: those of the entries about the person.
// The chain still verifies: payloads are
// covered by a hash stored in audit_log, which a blanked payload is not
// checked against (sqlite_audit_log.cc).
constexpr const char* kBlankAuditSql =
    "UPDATE audit_payloads SET before = NULL, after = NULL, erased_at = ?2"
    " WHERE erased_at IS NULL AND id IN (SELECT payload_id FROM audit_log"
    " WHERE" TANZIM_ABOUT_PERSON ")";

// The erasure proper, inside the caller's transaction. What stays: the
// person's row and territory (scope, and what memberships, positions and
// mandates point at), memberships with status, dates, territory, gender and
// birth month (the figures of member_stats_monthly read no more), dues,
// events without their reasons, positions, mandates and the consent ledger.
Status EraseOn(store::Connection& conn, const auth::Actor& actor, int64_t id) {
  const std::string now = UtcNowRfc3339();
  {
    auto stmt = conn.Prepare(kBlankAuditSql);
    if (!stmt.ok()) return std::move(stmt).error();
    TANZIM_RETURN_IF_ERROR((*stmt)->Bind(1, id).Bind(2, now).Run());
  }
  {
    auto stmt = conn.Prepare(
        "UPDATE membership_events SET reason = NULL"
        " WHERE membership_id IN (SELECT id FROM memberships WHERE person_id = ?1)");
    if (!stmt.ok()) return std::move(stmt).error();
    TANZIM_RETURN_IF_ERROR((*stmt)->Bind(1, id).Run());
  }
  {
    // The figures read only the year and month of a birth date (migration
    // 0002), so cutting the day leaves every count as it was.
    auto stmt = conn.Prepare(
        "UPDATE memberships SET number = NULL,"
        " birth_date = substr(birth_date, 1, 7) || '-01', updated_at = ?2 WHERE person_id = ?1");
    if (!stmt.ok()) return std::move(stmt).error();
    TANZIM_RETURN_IF_ERROR((*stmt)->Bind(1, id).Bind(2, now).Run());
  }
  {
    auto stmt = conn.Prepare(
        "UPDATE people SET name_ar = ?3, name_latin = ?4, gender = NULL, birth_date = NULL,"
        " cin = NULL, phone = NULL, email = NULL, sort_key = ?5, search_text = '',"
        " updated_at = ?2, erased_at = ?2 WHERE id = ?1");
    if (!stmt.ok()) return std::move(stmt).error();
    TANZIM_RETURN_IF_ERROR((*stmt)
                               ->Bind(1, id)
                               .Bind(2, now)
                               .Bind(3, kErasedNameAr)
                               .Bind(4, kErasedNameLatin)
                               .BindBlob(5, kErasedSortKey)
                               .Run());
  }
  // The entry says who erased whom and when, and nothing of what was erased.
  return audit::Append(conn, audit::Change(actor, audit::ObjectType::kPerson, id, "erase"));
}

// People whose every membership ended before ?1 and who hold no position or
// mandate on ?2 (to_date NULL or not before it).
#define TANZIM_RETAINABLE                                                 \
  " p.erased_at IS NULL"                                                  \
  " AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.person_id = p.id" \
  "     AND (m.status IN ('applicant', 'active', 'suspended')"            \
  "          OR coalesce(m.left_on, m.joined_on) >= ?1))"                 \
  " AND NOT EXISTS (SELECT 1 FROM positions x WHERE x.person_id = p.id"   \
  "     AND (x.to_date IS NULL OR x.to_date >= ?2))"                      \
  " AND NOT EXISTS (SELECT 1 FROM mandates x WHERE x.person_id = p.id"    \
  "     AND (x.to_date IS NULL OR x.to_date >= ?2))"

}  // namespace

Result<std::optional<PersonRef>> SqlitePrivacyStore::FindPerson(int64_t id) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  return FindPersonOn(**conn, id);
}

Result<std::vector<ConsentText>> SqlitePrivacyStore::ListConsentTexts() {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto stmt = (*conn)->Prepare("SELECT " TANZIM_TEXT_COLUMNS
                               " FROM consent_texts ORDER BY purpose, version");
  if (!stmt.ok()) return std::move(stmt).error();
  std::vector<ConsentText> out;
  while (true) {
    auto row = (*stmt)->Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    out.push_back(ReadText(**stmt));
  }
  return out;
}

Result<std::optional<ConsentText>> SqlitePrivacyStore::FindConsentText(int64_t id) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto stmt = (*conn)->Prepare("SELECT " TANZIM_TEXT_COLUMNS " FROM consent_texts WHERE id = ?");
  if (!stmt.ok()) return std::move(stmt).error();
  auto row = (*stmt)->Bind(1, id).Step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return std::optional<ConsentText>();
  ConsentText text = ReadText(**stmt);
  (*stmt)->Reset();
  return std::optional<ConsentText>(std::move(text));
}

Result<ConsentText> SqlitePrivacyStore::PublishConsentText(const auth::Actor& actor,
                                                           const ConsentText& text) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto tx = store::Transaction::Begin(**conn);
  if (!tx.ok()) return std::move(tx).error();
  ConsentText stored = text;
  {
    auto stmt = (*conn)->Prepare(
        "SELECT coalesce(max(version), 0) + 1 FROM consent_texts WHERE purpose = ?");
    if (!stmt.ok()) return std::move(stmt).error();
    auto row = (*stmt)->Bind(1, text.purpose).Step();
    if (!row.ok()) return std::move(row).error();
    stored.version = (*stmt)->Int(0);
    (*stmt)->Reset();
  }
  auto insert = (*conn)->Prepare(
      "INSERT INTO consent_texts (purpose, version, text_ar, text_fr, text_en, published_at)"
      " VALUES (?, ?, ?, ?, ?, ?)");
  if (!insert.ok()) return std::move(insert).error();
  TANZIM_RETURN_IF_ERROR((*insert)
                             ->Bind(1, stored.purpose)
                             .Bind(2, stored.version)
                             .Bind(3, stored.text_ar)
                             .Bind(4, stored.text_fr)
                             .Bind(5, stored.text_en)
                             .Bind(6, stored.published_at)
                             .Run());
  stored.id = (*conn)->LastInsertId();
  audit::Entry entry = audit::Change(actor, audit::ObjectType::kConsentText, stored.id, "create");
  entry.after = nlohmann::json{{"purpose", stored.purpose}, {"version", stored.version},
                               {"text_ar", stored.text_ar}, {"text_fr", stored.text_fr},
                               {"text_en", stored.text_en}, {"published_at", stored.published_at}}
                    .dump();
  TANZIM_RETURN_IF_ERROR(audit::Append(**conn, entry));
  TANZIM_RETURN_IF_ERROR(tx->Commit());
  return stored;
}

Result<std::vector<Consent>> SqlitePrivacyStore::ListConsents(int64_t person_id) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  return ListConsentsOn(**conn, person_id);
}

Result<Consent> SqlitePrivacyStore::GiveConsent(const auth::Actor& actor, const Consent& consent) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto tx = store::Transaction::Begin(**conn);
  if (!tx.ok()) return std::move(tx).error();
  auto person = FindPersonOn(**conn, consent.person_id);
  if (!person.ok()) return std::move(person).error();
  if (!person->has_value()) return Error::NotFound();
  if ((*person)->erased_at) {
    return Error(ErrorCode::kConflict, "error.conflict", {{"id", "field.person_erased"}});
  }
  {
    auto live = (*conn)->Prepare(
        "SELECT 1 FROM consents WHERE person_id = ? AND text_id = ? AND withdrawn_at IS NULL");
    if (!live.ok()) return std::move(live).error();
    auto row = (*live)->Bind(1, consent.person_id).Bind(2, consent.text_id).Step();
    if (!row.ok()) return std::move(row).error();
    (*live)->Reset();
    if (*row) {
      return Error(ErrorCode::kConflict, "error.conflict", {{"text_id", "field.consent_given"}});
    }
  }
  auto insert = (*conn)->Prepare(
      "INSERT INTO consents (person_id, text_id, channel, given_at, given_by)"
      " VALUES (?, ?, ?, ?, ?)");
  if (!insert.ok()) return std::move(insert).error();
  auto done = (*insert)
                  ->Bind(1, consent.person_id)
                  .Bind(2, consent.text_id)
                  .Bind(3, consent.channel)
                  .Bind(4, consent.given_at)
                  .Bind(5, consent.given_by)
                  .Run();
  if (!done.ok()) {
    // The text was checked by the service; only its removal meanwhile lands here.
    if (done.error().code() == ErrorCode::kConflict) {
      return Error::Invalid("text_id", "field.consent_text_unknown");
    }
    return std::move(done).error();
  }
  auto stored = FindConsentOn(**conn, (*conn)->LastInsertId());
  if (!stored.ok()) return std::move(stored).error();
  if (!stored->has_value()) return Error::Internal("consent vanished after its write");
  audit::Entry entry = audit::Change(actor, audit::ObjectType::kConsent, (*stored)->id, "create");
  entry.after = AuditJson(**stored);
  TANZIM_RETURN_IF_ERROR(audit::Append(**conn, entry));
  TANZIM_RETURN_IF_ERROR(tx->Commit());
  return std::move(**stored);
}

Result<Consent> SqlitePrivacyStore::WithdrawConsent(const auth::Actor& actor, int64_t person_id,
                                                    int64_t consent_id,
                                                    const std::optional<std::string>& channel,
                                                    const std::string& at) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto tx = store::Transaction::Begin(**conn);
  if (!tx.ok()) return std::move(tx).error();
  auto before = FindConsentOn(**conn, consent_id);
  if (!before.ok()) return std::move(before).error();
  if (!before->has_value() || (*before)->person_id != person_id) return Error::NotFound();
  if ((*before)->withdrawn_at) {
    return Error(ErrorCode::kConflict, "error.conflict",
                 {{"consent_id", "field.consent_withdrawn"}});
  }
  auto update = (*conn)->Prepare(
      "UPDATE consents SET withdrawn_at = ?2, withdrawal_channel = ?3, withdrawn_by = ?4"
      " WHERE id = ?1 AND withdrawn_at IS NULL");
  if (!update.ok()) return std::move(update).error();
  std::optional<int64_t> by;
  if (actor.user_id != 0) by = actor.user_id;
  TANZIM_RETURN_IF_ERROR(
      (*update)->Bind(1, consent_id).Bind(2, at).Bind(3, channel).Bind(4, by).Run());
  auto after = FindConsentOn(**conn, consent_id);
  if (!after.ok()) return std::move(after).error();
  if (!after->has_value()) return Error::Internal("consent vanished after its write");
  audit::Entry entry = audit::Change(actor, audit::ObjectType::kConsent, consent_id, "withdraw");
  entry.before = AuditJson(**before);
  entry.after = AuditJson(**after);
  TANZIM_RETURN_IF_ERROR(audit::Append(**conn, entry));
  TANZIM_RETURN_IF_ERROR(tx->Commit());
  return std::move(**after);
}

Result<nlohmann::json> SqlitePrivacyStore::Export(const auth::Actor& actor, int64_t id) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  // A write transaction: the export and the entry that records it commit together.
  auto tx = store::Transaction::Begin(**conn);
  if (!tx.ok()) return std::move(tx).error();
  auto doc = ExportOn(**conn, id);
  if (!doc.ok()) return doc;
  TANZIM_RETURN_IF_ERROR(
      audit::Append(**conn, audit::Change(actor, audit::ObjectType::kPerson, id, "export")));
  TANZIM_RETURN_IF_ERROR(tx->Commit());
  return doc;
}

Status SqlitePrivacyStore::Erase(const auth::Actor& actor, int64_t id,
                                 const std::function<Status(const PersonRef&)>& check) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto tx = store::Transaction::Begin(**conn);
  if (!tx.ok()) return std::move(tx).error();
  auto person = FindPersonOn(**conn, id);
  if (!person.ok()) return std::move(person).error();
  if (!person->has_value()) return Error::NotFound();
  TANZIM_RETURN_IF_ERROR(check(**person));
  TANZIM_RETURN_IF_ERROR(EraseOn(**conn, actor, id));
  return tx->Commit();
}

Result<std::vector<int64_t>> SqlitePrivacyStore::RetentionCandidates(
    const std::string& ended_before, const std::string& today) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  // Driven by the memberships that ended long enough ago; a person who never
  // was a member is not a former member.
  auto stmt = (*conn)->Prepare(
      "SELECT p.id FROM people p WHERE p.id IN (SELECT person_id FROM memberships"
      " WHERE status NOT IN ('applicant', 'active', 'suspended')"
      " AND coalesce(left_on, joined_on) < ?1) AND" TANZIM_RETAINABLE " ORDER BY p.id");
  if (!stmt.ok()) return std::move(stmt).error();
  (*stmt)->Bind(1, ended_before).Bind(2, today);
  std::vector<int64_t> ids;
  while (true) {
    auto row = (*stmt)->Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    ids.push_back((*stmt)->Int(0));
  }
  return ids;
}

Result<bool> SqlitePrivacyStore::EraseIfRetainable(const auth::Actor& actor, int64_t id,
                                                   const std::string& ended_before,
                                                   const std::string& today) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto tx = store::Transaction::Begin(**conn);
  if (!tx.ok()) return std::move(tx).error();
  {
    // Checked again under the write lock: the person may have rejoined since.
    auto stmt = (*conn)->Prepare(
        "SELECT 1 FROM people p WHERE p.id = ?3 AND EXISTS (SELECT 1 FROM memberships"
        " WHERE person_id = p.id) AND" TANZIM_RETAINABLE);
    if (!stmt.ok()) return std::move(stmt).error();
    auto row = (*stmt)->Bind(1, ended_before).Bind(2, today).Bind(3, id).Step();
    if (!row.ok()) return std::move(row).error();
    (*stmt)->Reset();
    if (!*row) return false;
  }
  TANZIM_RETURN_IF_ERROR(EraseOn(**conn, actor, id));
  TANZIM_RETURN_IF_ERROR(tx->Commit());
  return true;
}

Result<int64_t> SqlitePrivacyStore::ReadRetentionYears() {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto stmt = (*conn)->Prepare("SELECT value FROM settings WHERE key = ?");
  if (!stmt.ok()) return std::move(stmt).error();
  auto row = (*stmt)->Bind(1, kRetentionYearsKey).Step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return kDefaultRetentionYears;
  const std::string text = (*stmt)->Text(0);
  (*stmt)->Reset();
  int64_t years = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), years);
  if (ec != std::errc() || end != text.data() + text.size() || years < 0 ||
      years > kMaxRetentionYears) {
    return Error::Internal(std::string("settings: bad ") + kRetentionYearsKey + " '" + text + "'");
  }
  return years;
}

Status SqlitePrivacyStore::WriteRetentionYears(const auth::Actor& actor, int64_t years) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto tx = store::Transaction::Begin(**conn);
  if (!tx.ok()) return std::move(tx).error();
  std::optional<std::string> before;
  {
    auto read = (*conn)->Prepare("SELECT value FROM settings WHERE key = ?");
    if (!read.ok()) return std::move(read).error();
    auto row = (*read)->Bind(1, kRetentionYearsKey).Step();
    if (!row.ok()) return std::move(row).error();
    if (*row) before = (*read)->Text(0);
    (*read)->Reset();
  }
  auto stmt = (*conn)->Prepare(
      "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3)"
      " ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at");
  if (!stmt.ok()) return std::move(stmt).error();
  TANZIM_RETURN_IF_ERROR((*stmt)
                             ->Bind(1, kRetentionYearsKey)
                             .Bind(2, std::to_string(years))
                             .Bind(3, UtcNowRfc3339())
                             .Run());
  // Object setting/0, as the memberships module records its settings.
  audit::Entry entry = audit::Change(actor, audit::ObjectType::kSetting, 0, "update");
  if (before) {
    int64_t old_years = 0;
    const auto [end, ec] =
        std::from_chars(before->data(), before->data() + before->size(), old_years);
    entry.before = (ec == std::errc() && end == before->data() + before->size()
                        ? nlohmann::json{{kRetentionYearsKey, old_years}}
                        : nlohmann::json{{kRetentionYearsKey, *before}})
                       .dump();
  }
  entry.after = nlohmann::json{{kRetentionYearsKey, years}}.dump();
  TANZIM_RETURN_IF_ERROR(audit::Append(**conn, entry));
  return tx->Commit();
}

}  // namespace tanzim::privacy
