#include "memberships/sqlite_membership_store.h"

#include <charconv>

#include "audit/sqlite_audit_log.h"

namespace tanzim::memberships {
namespace {

#define TANZIM_MEMBERSHIP_COLUMNS                                                             \
  "m.id, m.person_id, m.body_id, m.status, m.number, m.joined_on, m.approved_on, m.left_on, " \
  "m.dues_paid_until, m.territory_code, m.created_at, m.updated_at"

constexpr const char* kGraceDaysKey = "dues_grace_days";

Membership ReadMembership(const store::Statement& row) {
  Membership m;
  m.id = row.Int(0);
  m.person_id = row.Int(1);
  m.body_id = row.Int(2);
  m.status = ParseStatus(row.Text(3)).value_or(MembershipStatus::kApplicant);
  m.number = row.OptText(4);
  m.joined_on = row.Text(5);
  m.approved_on = row.OptText(6);
  m.left_on = row.OptText(7);
  m.dues_paid_until = row.OptText(8);
  m.territory_code = row.OptText(9);
  m.created_at = row.Text(10);
  m.updated_at = row.Text(11);
  return m;
}

// A territory read from columns first…first+4: kind, name_ar, name_fr,
// parent_code, path; none when `code` is NULL (a national body).
std::optional<territory::Territory> ReadPlace(const store::Statement& row,
                                              const std::optional<std::string>& code, int first) {
  if (!code || row.IsNull(first + 4)) return std::nullopt;
  territory::Territory t;
  t.code = *code;
  t.kind = territory::ParseKind(row.Text(first)).value_or(territory::Kind::kCommune);
  t.name_ar = row.Text(first + 1);
  t.name_fr = row.Text(first + 2);
  t.parent_code = row.OptText(first + 3);
  t.path = row.Text(first + 4);
  return t;
}

// The one constraint a membership write can break in practice is the partial
// unique index memberships_one_current.
Error WithPersonField(Error error) {
  if (error.code() != ErrorCode::kConflict) return error;
  return {ErrorCode::kConflict, "error.conflict", {{"person_id", "field.membership_current"}}};
}

void BindOptInt(store::Statement& s, int index, const std::optional<int64_t>& value) {
  if (value) {
    s.Bind(index, *value);
  } else {
    s.BindNull(index);
  }
}

// BEGIN IMMEDIATE waits busy_timeout for the write lock; a writer that still
// finds it taken tries again a few times before reporting kUnavailable.
Result<store::Transaction> BeginWrite(store::Connection& conn) {
  constexpr int kAttempts = 3;
  for (int attempt = 1;; ++attempt) {
    auto tx = store::Transaction::Begin(conn);
    if (tx.ok() || tx.error().code() != ErrorCode::kUnavailable || attempt == kAttempts) return tx;
  }
}

Result<std::optional<StoredMembership>> FindOn(store::Connection& conn, int64_t id) {
  auto stmt = conn.Prepare(
      "SELECT " TANZIM_MEMBERSHIP_COLUMNS
      ", t.kind, t.name_ar, t.name_fr, t.parent_code, t.path,"
      " (SELECT MAX(e.on_date) FROM membership_events e WHERE e.membership_id = m.id),"
      " (SELECT b.kind FROM bodies b WHERE b.id = m.body_id)"
      " FROM memberships m LEFT JOIN territories t ON t.code = m.territory_code WHERE m.id = ?");
  if (!stmt.ok()) return std::move(stmt).error();
  auto row = (*stmt)->Bind(1, id).Step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return std::optional<StoredMembership>();
  StoredMembership stored;
  stored.membership = ReadMembership(**stmt);
  stored.place = ReadPlace(**stmt, stored.membership.territory_code, 12);
  stored.last_event_on = (*stmt)->OptText(17).value_or(stored.membership.joined_on);
  stored.body_kind = (*stmt)->Text(18);
  return std::optional<StoredMembership>(std::move(stored));
}

Status InsertEvent(store::Connection& conn, int64_t membership_id, const MembershipEvent& e) {
  auto stmt = conn.Prepare(
      "INSERT INTO membership_events (membership_id, action, on_date, reason, actor_id, at)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!stmt.ok()) return std::move(stmt).error();
  store::Statement& s = **stmt;
  s.Bind(1, membership_id).Bind(2, e.action).Bind(3, e.on).Bind(4, e.reason).Bind(6, e.at);
  BindOptInt(s, 5, e.actor_id);
  return s.Run();
}

// Bumps the sequence of `prefix` and returns the number it hands out.
Result<int64_t> NextSequence(store::Connection& conn, const std::string& prefix) {
  auto stmt = conn.Prepare(
      "INSERT INTO membership_sequences (prefix, last) VALUES (?1, 1)"
      " ON CONFLICT (prefix) DO UPDATE SET last = last + 1 RETURNING last");
  if (!stmt.ok()) return std::move(stmt).error();
  auto row = (*stmt)->Bind(1, prefix).Step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return Error::Internal("membership_sequences returned no row");
  const int64_t last = (*stmt)->Int(0);
  // Finish the statement so that COMMIT finds no write in progress.
  auto done = (*stmt)->Step();
  if (!done.ok()) return std::move(done).error();
  return last;
}

// Keyset pages in id order. Each variant leads with the equality an index can
// answer; every filter is repeated so any variant returns the same rows.
// ?1 after_id, ?2 status, ?3 person_id, ?4 body_id, ?5 path LIKE pattern, ?6 limit,
// ?7 body kind (a sector coordinator's sector).
#define TANZIM_MEMBERSHIP_FILTERS                                                     \
  " m.id > ?1 AND (?2 IS NULL OR m.status = ?2) AND (?3 IS NULL OR m.person_id = ?3)" \
  " AND (?4 IS NULL OR m.body_id = ?4) AND (?5 IS NULL OR m.territory_code IN"        \
  " (SELECT code FROM territories WHERE path LIKE ?5 ESCAPE '\\'))"                   \
  " AND (?7 IS NULL OR m.body_id IN (SELECT id FROM bodies WHERE kind = ?7))"         \
  " ORDER BY m.id LIMIT ?6"

constexpr const char* kListAll =
    "SELECT " TANZIM_MEMBERSHIP_COLUMNS " FROM memberships m WHERE" TANZIM_MEMBERSHIP_FILTERS;
constexpr const char* kListByPerson = "SELECT " TANZIM_MEMBERSHIP_COLUMNS
                                      " FROM memberships m INDEXED BY memberships_by_person"
                                      " WHERE m.person_id = ?3 AND" TANZIM_MEMBERSHIP_FILTERS;
constexpr const char* kListByBodyAndStatus =
    "SELECT " TANZIM_MEMBERSHIP_COLUMNS
    " FROM memberships m INDEXED BY memberships_by_body"
    " WHERE m.body_id = ?4 AND m.status = ?2 AND" TANZIM_MEMBERSHIP_FILTERS;
constexpr const char* kListByBody = "SELECT " TANZIM_MEMBERSHIP_COLUMNS
                                    " FROM memberships m INDEXED BY memberships_by_body"
                                    " WHERE m.body_id = ?4 AND" TANZIM_MEMBERSHIP_FILTERS;

const char* ListSql(const MembershipQuery& q) {
  if (q.person_id) return kListByPerson;
  if (q.body_id) return q.status ? kListByBodyAndStatus : kListByBody;
  return kListAll;
}

// 'prefix%' with LIKE's wildcards in the prefix escaped.
std::string LikePrefix(std::string_view prefix) {
  std::string pattern;
  for (const char c : prefix) {
    if (c == '%' || c == '_' || c == '\\') pattern.push_back('\\');
    pattern.push_back(c);
  }
  pattern.push_back('%');
  return pattern;
}

// The settings as stored, defaults for those never set.
Result<Settings> ReadSettingsOn(store::Connection& conn) {
  auto stmt = conn.Prepare("SELECT value FROM settings WHERE key = ?");
  if (!stmt.ok()) return std::move(stmt).error();
  auto row = (*stmt)->Bind(1, kGraceDaysKey).Step();
  if (!row.ok()) return std::move(row).error();
  Settings settings;
  if (*row) {
    const std::string text = (*stmt)->Text(0);
    (*stmt)->Reset();
    int days = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), days);
    if (ec != std::errc() || end != text.data() + text.size() || days < 0 ||
        days > kMaxDuesGraceDays) {
      return Error::Internal("settings: bad dues_grace_days '" + text + "'");
    }
    settings.dues_grace_days = days;
  }
  return settings;
}

}  // namespace

Result<std::optional<BodyRef>> SqliteMembershipStore::FindBody(int64_t id) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto stmt = (*conn)->Prepare(
      "SELECT b.id, b.kind, b.status, b.territory_code, t.kind, t.name_ar, t.name_fr,"
      " t.parent_code, t.path FROM bodies b LEFT JOIN territories t ON t.code = b.territory_code"
      " WHERE b.id = ?");
  if (!stmt.ok()) return std::move(stmt).error();
  auto row = (*stmt)->Bind(1, id).Step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return std::optional<BodyRef>();
  BodyRef body;
  body.id = (*stmt)->Int(0);
  body.kind = (*stmt)->Text(1);
  body.status = (*stmt)->Text(2);
  body.place = ReadPlace(**stmt, (*stmt)->OptText(3), 4);
  return std::optional<BodyRef>(std::move(body));
}

Result<std::optional<StoredMembership>> SqliteMembershipStore::Find(int64_t id) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  return FindOn(**conn, id);
}

Result<Membership> SqliteMembershipStore::Insert(const NewMembership& n,
                                                 const DescribeChange& describe) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto tx = BeginWrite(**conn);
  if (!tx.ok()) return std::move(tx).error();
  auto stmt = (*conn)->Prepare(
      "INSERT INTO memberships (person_id, body_id, status, joined_on, territory_code, gender,"
      " birth_date, created_at, updated_at)"
      " SELECT ?1, ?2, 'applicant', ?3, ?4, gender, birth_date, ?5, ?5 FROM people WHERE id = ?1");
  if (!stmt.ok()) return std::move(stmt).error();
  store::Statement& s = **stmt;
  s.Bind(1, n.person_id).Bind(2, n.body.id).Bind(3, n.joined_on).Bind(5, n.at);
  if (n.body.place) s.Bind(4, n.body.place->code);
  auto done = s.Run();
  if (!done.ok()) return WithPersonField(std::move(done).error());
  if ((*conn)->Changes() == 0) return Error::Invalid("person_id", "field.person_unknown");
  const int64_t id = (*conn)->LastInsertId();
  MembershipEvent apply;
  apply.action = "apply";
  apply.on = n.joined_on;
  apply.actor_id = n.actor_id;
  apply.at = n.at;
  TANZIM_RETURN_IF_ERROR(InsertEvent(**conn, id, apply));
  auto stored = FindOn(**conn, id);
  if (!stored.ok()) return std::move(stored).error();
  if (!stored->has_value()) return Error::Internal("inserted membership not found");
  TANZIM_RETURN_IF_ERROR(audit::Append(**conn, describe(std::nullopt, (*stored)->membership)));
  TANZIM_RETURN_IF_ERROR(tx->Commit());
  return std::move((*stored)->membership);
}

Result<Membership> SqliteMembershipStore::ChangeStatus(
    int64_t id, const std::function<Result<StatusChange>(const StoredMembership&)>& decide,
    const DescribeChange& describe) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto tx = BeginWrite(**conn);
  if (!tx.ok()) return std::move(tx).error();
  auto current = FindOn(**conn, id);
  if (!current.ok()) return std::move(current).error();
  if (!current->has_value()) return Error::NotFound();
  auto change = decide(**current);
  if (!change.ok()) return std::move(change).error();

  std::optional<std::string> number;
  if (change->assign_number && !(*current)->membership.number) {
    const std::string prefix = NumberPrefix((*current)->place, change->number_year);
    auto sequence = NextSequence(**conn, prefix);
    if (!sequence.ok()) return std::move(sequence).error();
    number = FormatNumber(prefix, *sequence);
  }
  auto stmt = (*conn)->Prepare(
      "UPDATE memberships SET status = ?1, number = COALESCE(number, ?2),"
      " approved_on = COALESCE(?3, approved_on), left_on = ?4, updated_at = ?5 WHERE id = ?6");
  if (!stmt.ok()) return std::move(stmt).error();
  auto done = (*stmt)
                  ->Bind(1, StatusName(change->status))
                  .Bind(2, number)
                  .Bind(3, change->approved_on)
                  .Bind(4, change->left_on)
                  .Bind(5, change->event.at)
                  .Bind(6, id)
                  .Run();
  if (!done.ok()) return WithPersonField(std::move(done).error());
  TANZIM_RETURN_IF_ERROR(InsertEvent(**conn, id, change->event));
  auto stored = FindOn(**conn, id);
  if (!stored.ok()) return std::move(stored).error();
  if (!stored->has_value()) return Error::Internal("changed membership not found");
  TANZIM_RETURN_IF_ERROR(
      audit::Append(**conn, describe((*current)->membership, (*stored)->membership)));
  TANZIM_RETURN_IF_ERROR(tx->Commit());
  return std::move((*stored)->membership);
}

Result<std::vector<MembershipEvent>> SqliteMembershipStore::Events(int64_t id) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto stmt = (*conn)->Prepare(
      "SELECT id, action, on_date, reason, actor_id, at FROM membership_events"
      " WHERE membership_id = ? ORDER BY id");
  if (!stmt.ok()) return std::move(stmt).error();
  store::Statement& s = **stmt;
  s.Bind(1, id);
  std::vector<MembershipEvent> events;
  while (true) {
    auto row = s.Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    MembershipEvent e;
    e.id = s.Int(0);
    e.action = s.Text(1);
    e.on = s.Text(2);
    e.reason = s.OptText(3);
    if (!s.IsNull(4)) e.actor_id = s.Int(4);
    e.at = s.Text(5);
    events.push_back(std::move(e));
  }
  return events;
}

Result<std::vector<DuesPayment>> SqliteMembershipStore::Dues(int64_t id) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto stmt = (*conn)->Prepare(
      "SELECT id, membership_id, amount_centimes, period_from, period_to, paid_on, actor_id,"
      " created_at FROM dues_payments WHERE membership_id = ? ORDER BY period_to, id");
  if (!stmt.ok()) return std::move(stmt).error();
  store::Statement& s = **stmt;
  s.Bind(1, id);
  std::vector<DuesPayment> payments;
  while (true) {
    auto row = s.Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    DuesPayment p;
    p.id = s.Int(0);
    p.membership_id = s.Int(1);
    p.amount_centimes = s.Int(2);
    p.period_from = s.Text(3);
    p.period_to = s.Text(4);
    p.paid_on = s.Text(5);
    if (!s.IsNull(6)) p.actor_id = s.Int(6);
    p.created_at = s.Text(7);
    payments.push_back(std::move(p));
  }
  return payments;
}

Result<DuesPayment> SqliteMembershipStore::AddDues(
    int64_t id, const DuesPayment& payment,
    const std::function<Status(const StoredMembership&)>& check,
    const DescribePayment& describe_payment, const DescribeChange& describe_change) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto tx = BeginWrite(**conn);
  if (!tx.ok()) return std::move(tx).error();
  auto current = FindOn(**conn, id);
  if (!current.ok()) return std::move(current).error();
  if (!current->has_value()) return Error::NotFound();
  TANZIM_RETURN_IF_ERROR(check(**current));
  auto insert = (*conn)->Prepare(
      "INSERT INTO dues_payments (membership_id, amount_centimes, period_from, period_to,"
      " paid_on, actor_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!insert.ok()) return std::move(insert).error();
  store::Statement& s = **insert;
  s.Bind(1, id)
      .Bind(2, payment.amount_centimes)
      .Bind(3, payment.period_from)
      .Bind(4, payment.period_to)
      .Bind(5, payment.paid_on)
      .Bind(7, payment.created_at);
  BindOptInt(s, 6, payment.actor_id);
  TANZIM_RETURN_IF_ERROR(s.Run());
  DuesPayment stored = payment;
  stored.id = (*conn)->LastInsertId();
  stored.membership_id = id;
  auto update = (*conn)->Prepare(
      "UPDATE memberships SET updated_at = ?2, dues_paid_until = CASE"
      " WHEN dues_paid_until IS NULL OR dues_paid_until < ?1 THEN ?1 ELSE dues_paid_until END"
      " WHERE id = ?3");
  if (!update.ok()) return std::move(update).error();
  TANZIM_RETURN_IF_ERROR(
      (*update)->Bind(1, payment.period_to).Bind(2, payment.created_at).Bind(3, id).Run());
  auto after = FindOn(**conn, id);
  if (!after.ok()) return std::move(after).error();
  if (!after->has_value()) return Error::Internal("paid membership not found");
  TANZIM_RETURN_IF_ERROR(audit::Append(**conn, describe_payment(stored)));
  TANZIM_RETURN_IF_ERROR(
      audit::Append(**conn, describe_change((*current)->membership, (*after)->membership)));
  TANZIM_RETURN_IF_ERROR(tx->Commit());
  return stored;
}

Result<std::vector<Membership>> SqliteMembershipStore::List(const MembershipQuery& query) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto stmt = (*conn)->Prepare(ListSql(query));
  if (!stmt.ok()) return std::move(stmt).error();
  store::Statement& s = **stmt;
  s.Bind(1, query.after_id).Bind(6, int64_t{query.limit});
  if (query.status) s.Bind(2, StatusName(*query.status));
  if (query.person_id) s.Bind(3, *query.person_id);
  if (query.body_id) s.Bind(4, *query.body_id);
  if (query.within_path) s.Bind(5, LikePrefix(*query.within_path));
  if (query.body_kind) s.Bind(7, *query.body_kind);
  std::vector<Membership> rows;
  while (true) {
    auto row = s.Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    rows.push_back(ReadMembership(s));
  }
  return rows;
}

// A check dated before a membership's latest event (an operator's --today in
// the past) leaves it alone: history stays in date order.
#define TANZIM_NO_LATER_EVENT                                                  \
  "NOT EXISTS (SELECT 1 FROM membership_events e WHERE e.membership_id = m.id" \
  " AND e.on_date > ?2)"

Result<int> SqliteMembershipStore::LapseOverdue(const std::string& cutoff, const std::string& today,
                                                const std::string& at,
                                                const DescribeChange& describe) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto tx = BeginWrite(**conn);
  if (!tx.ok()) return std::move(tx).error();
  // The ids first, then one membership at a time: each gets its event and its
  // audit entry, and memory stays small however many lapse.
  auto select = (*conn)->Prepare(
      "SELECT id FROM memberships m"
      " WHERE status = 'active' AND COALESCE(dues_paid_until, approved_on) < ?1"
      " AND " TANZIM_NO_LATER_EVENT " ORDER BY id");
  if (!select.ok()) return std::move(select).error();
  (*select)->Bind(1, cutoff).Bind(2, today);
  std::vector<int64_t> ids;
  while (true) {
    auto row = (*select)->Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    ids.push_back((*select)->Int(0));
  }
  const MembershipEvent lapse{.action = "lapse", .on = today, .reason = "dues", .at = at};
  for (const int64_t id : ids) {
    auto before = FindOn(**conn, id);
    if (!before.ok()) return std::move(before).error();
    if (!before->has_value()) return Error::Internal("lapsing membership not found");
    auto update = (*conn)->Prepare(
        "UPDATE memberships SET status = 'lapsed', left_on = ?2, updated_at = ?3 WHERE id = ?1");
    if (!update.ok()) return std::move(update).error();
    TANZIM_RETURN_IF_ERROR((*update)->Bind(1, id).Bind(2, today).Bind(3, at).Run());
    TANZIM_RETURN_IF_ERROR(InsertEvent(**conn, id, lapse));
    auto after = FindOn(**conn, id);
    if (!after.ok()) return std::move(after).error();
    if (!after->has_value()) return Error::Internal("lapsed membership not found");
    TANZIM_RETURN_IF_ERROR(
        audit::Append(**conn, describe((*before)->membership, (*after)->membership)));
  }
  TANZIM_RETURN_IF_ERROR(tx->Commit());
  return static_cast<int>(ids.size());
}

Result<Settings> SqliteMembershipStore::ReadSettings() {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  return ReadSettingsOn(**conn);
}

Result<Settings> SqliteMembershipStore::WriteGraceDays(std::optional<int> days,
                                                       const std::string& at,
                                                       const DescribeSettings& describe) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto tx = BeginWrite(**conn);
  if (!tx.ok()) return std::move(tx).error();
  auto before = ReadSettingsOn(**conn);
  if (!before.ok()) return before;
  auto stmt =
      (*conn)->Prepare(days ? "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3)"
                              " ON CONFLICT (key) DO UPDATE SET value = excluded.value,"
                              " updated_at = excluded.updated_at"
                            : "DELETE FROM settings WHERE key = ?1");
  if (!stmt.ok()) return std::move(stmt).error();
  (*stmt)->Bind(1, kGraceDaysKey);
  if (days) (*stmt)->Bind(2, std::to_string(*days)).Bind(3, at);
  TANZIM_RETURN_IF_ERROR((*stmt)->Run());
  auto after = ReadSettingsOn(**conn);
  if (!after.ok()) return after;
  TANZIM_RETURN_IF_ERROR(audit::Append(**conn, describe(*before, *after)));
  TANZIM_RETURN_IF_ERROR(tx->Commit());
  return after;
}

}  // namespace tanzim::memberships
