#include "audit/sqlite_audit_log.h"

#include <sodium.h>

#include <algorithm>
#include <array>

#include "core/time.h"

namespace tanzim::audit {
namespace {

constexpr size_t kHashBytes = crypto_generichash_BYTES;  // BLAKE2b-256

// BLAKE2b over a sequence of fields, each length-prefixed so that no two
// different sequences hash the same bytes; an absent field differs from "".
class Hasher {
 public:
  Hasher() { crypto_generichash_init(&state_, nullptr, 0, kHashBytes); }

  Hasher& Add(const std::string& field) { return Add(std::string_view(field)); }
  Hasher& Add(std::string_view field) {
    const uint64_t size = field.size();
    std::array<unsigned char, 9> head{1};
    for (int i = 0; i < 8; ++i) head[1 + i] = static_cast<unsigned char>(size >> (8 * i));
    crypto_generichash_update(&state_, head.data(), head.size());
    crypto_generichash_update(&state_, reinterpret_cast<const unsigned char*>(field.data()),
                              field.size());
    return *this;
  }
  Hasher& Add(const std::optional<std::string>& field) {
    if (field) return Add(std::string_view(*field));
    const unsigned char absent = 0;
    crypto_generichash_update(&state_, &absent, 1);
    return *this;
  }

  std::string Finish() {
    std::string out(kHashBytes, '\0');
    crypto_generichash_final(&state_, reinterpret_cast<unsigned char*>(out.data()), out.size());
    return out;
  }

 private:
  crypto_generichash_state state_{};
};

std::string PayloadHash(const std::optional<std::string>& before,
                        const std::optional<std::string>& after) {
  return Hasher().Add(before).Add(after).Finish();
}

std::optional<std::string> IdText(const std::optional<int64_t>& id) {
  if (!id) return std::nullopt;
  return std::to_string(*id);
}

std::string EntryHash(int64_t id, const std::string& at, const Entry& e,
                      const std::string& payload_hash, const std::string& prev_hash) {
  return Hasher()
      .Add(prev_hash)
      .Add(std::to_string(id))
      .Add(at)
      .Add(IdText(e.actor_id))
      .Add(e.actor_login)
      .Add(e.action)
      .Add(e.object_type)
      .Add(std::to_string(e.object_id))
      .Add(payload_hash)
      .Finish();
}

// The highest id ever handed out (AUTOINCREMENT keeps it in sqlite_sequence).
Result<int64_t> LastIssuedId(store::Connection& conn) {
  auto stmt = conn.Prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'");
  if (!stmt.ok()) return std::move(stmt).error();
  auto row = (*stmt)->Step();
  if (!row.ok()) return std::move(row).error();
  return *row ? (*stmt)->Int(0) : int64_t{0};
}

Result<VerifyReport> VerifyOn(store::Connection& conn) {
  VerifyReport report;
  auto stmt = conn.Prepare(
      "SELECT l.id, l.at, l.actor_id, l.actor_login, l.action, l.object_type, l.object_id,"
      " l.payload_hash, l.prev_hash, l.hash, p.before, p.after, p.erased_at IS NOT NULL"
      " FROM audit_log l LEFT JOIN audit_payloads p ON p.id = l.payload_id ORDER BY l.id");
  if (!stmt.ok()) return std::move(stmt).error();
  std::string prev(kHashBytes, '\0');
  int64_t expected_id = 1;
  const auto fail = [&report](int64_t id, std::string problem) {
    report.broken_at = id;
    report.problem = std::move(problem);
  };
  while (!report.broken_at) {
    auto row = (*stmt)->Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    const store::Statement& r = **stmt;
    const int64_t id = r.Int(0);
    const Entry entry{r.OptInt(2), r.Text(3),     r.Text(4),    r.Text(5),
                      r.Int(6),    r.OptText(10), r.OptText(11)};
    const std::string payload_hash = r.Blob(7);
    if (id != expected_id || r.Blob(8) != prev) {
      fail(expected_id, "missing");
    } else if (r.Int(12) == 0 && PayloadHash(entry.before, entry.after) != payload_hash) {
      fail(id, "payload altered");
    } else if (EntryHash(id, r.Text(1), entry, payload_hash, prev) != r.Blob(9)) {
      fail(id, "altered");
    } else {
      prev = r.Blob(9);
      ++report.entries;
      ++expected_id;
    }
  }
  (*stmt)->Reset();
  if (!report.broken_at) {
    auto issued = LastIssuedId(conn);
    if (!issued.ok()) return std::move(issued).error();
    if (*issued != expected_id - 1) fail(expected_id, "tail removed");
  }
  return report;
}

}  // namespace

Result<ChainWriter> ChainWriter::Open(store::Connection& conn) {
  auto last = conn.Prepare("SELECT hash, at FROM audit_log ORDER BY id DESC LIMIT 1");
  if (!last.ok()) return std::move(last).error();
  auto found = (*last)->Step();
  if (!found.ok()) return std::move(found).error();
  std::string head_hash = *found ? (*last)->Blob(0) : std::string(kHashBytes, '\0');
  std::string head_at = *found ? (*last)->Text(1) : std::string();
  (*last)->Reset();
  auto issued = LastIssuedId(conn);
  if (!issued.ok()) return std::move(issued).error();
  return ChainWriter(conn, std::move(head_hash), *issued, std::move(head_at));
}

Status ChainWriter::Append(const Entry& entry) {
  auto payload = conn_->Prepare("INSERT INTO audit_payloads (before, after) VALUES (?, ?)");
  if (!payload.ok()) return std::move(payload).error();
  TANZIM_RETURN_IF_ERROR((*payload)->Bind(1, entry.before).Bind(2, entry.after).Run());
  const int64_t payload_id = conn_->LastInsertId();

  // The id is part of the hash, so it is chosen here: the next one in sequence.
  const int64_t id = last_id_ + 1;
  const std::string at = std::max(UtcNowRfc3339(), last_at_);
  const std::string payload_hash = PayloadHash(entry.before, entry.after);
  std::string hash = EntryHash(id, at, entry, payload_hash, head_hash_);
  auto insert = conn_->Prepare(
      "INSERT INTO audit_log (id, at, actor_id, actor_login, action, object_type, object_id,"
      " payload_id, payload_hash, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!insert.ok()) return std::move(insert).error();
  TANZIM_RETURN_IF_ERROR((*insert)
                             ->Bind(1, id)
                             .Bind(2, at)
                             .Bind(3, entry.actor_id)
                             .Bind(4, entry.actor_login)
                             .Bind(5, entry.action)
                             .Bind(6, entry.object_type)
                             .Bind(7, entry.object_id)
                             .Bind(8, payload_id)
                             .BindBlob(9, payload_hash)
                             .BindBlob(10, head_hash_)
                             .BindBlob(11, hash)
                             .Run());
  // Only a stored entry moves the head: after a failure the caller rolls back.
  last_id_ = id;
  head_hash_ = std::move(hash);
  last_at_ = at;
  return Status::Ok();
}

Status Append(store::Connection& conn, const Entry& entry) {
  auto writer = ChainWriter::Open(conn);
  if (!writer.ok()) return std::move(writer).error();
  return writer->Append(entry);
}

Result<std::vector<Record>> SqliteAuditLog::List(const Query& query) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  // Only the filters given are written into the statement, so that SQLite
  // seeks audit_by_object or audit_by_actor: `(?2 IS NULL OR object_type = ?2)`
  // would make it walk the whole trail by id.
  std::string where;
  if (query.object_type) {
    where = query.object_id ? "l.object_type = ?2 AND l.object_id = ?1" : "l.object_type = ?2";
    // A person's history starts with the import that created them, if one did.
    if (query.object_id && *query.object_type == "person") {
      where = "(" + where + " OR l.id IN (" TANZIM_IMPORT_OF_PERSON "))";
    }
  } else if (query.object_id) {
    where = "l.object_id = ?1";
  }
  if (query.actor_id) {
    // Given an object too, its entries are the fewer: `+` keeps SQLite off the actor's index.
    where += where.empty() ? "l.actor_id = ?4" : " AND +l.actor_id = ?4";
  }
  // Times follow ids (ChainWriter), so a time bound is also an id bound, found
  // in audit_by_at; the walk by id then starts and stops there. SQLite walks
  // from one lower bound only, so the cursor's and `from`'s are one max().
  std::string after = "?3";
  if (query.from) {
    after = "max(?3, (SELECT id FROM audit_log WHERE at >= ?5 ORDER BY at, id LIMIT 1) - 1)";
    where += where.empty() ? "l.at >= ?5" : " AND l.at >= ?5";
  }
  if (query.to) {
    where += where.empty() ? "" : " AND ";
    where +=
        "l.at < ?6 AND l.id <= (SELECT id FROM audit_log WHERE at < ?6"
        " ORDER BY at DESC, id DESC LIMIT 1)";
  }
  auto stmt = (*conn)->Prepare(
      "SELECT l.id, l.at, l.actor_id, l.actor_login, l.action, l.object_type, l.object_id,"
      " p.before, p.after, p.erased_at IS NOT NULL"
      " FROM audit_log l JOIN audit_payloads p ON p.id = l.payload_id WHERE l.id > " +
      after + (where.empty() ? std::string() : " AND " + where) + " ORDER BY l.id LIMIT ?7");
  if (!stmt.ok()) return std::move(stmt).error();
  (*stmt)->Bind(3, query.after_id).Bind(7, int64_t{query.limit});
  if (query.object_id) (*stmt)->Bind(1, *query.object_id);
  if (query.object_type) (*stmt)->Bind(2, *query.object_type);
  if (query.actor_id) (*stmt)->Bind(4, *query.actor_id);
  if (query.from) (*stmt)->Bind(5, *query.from);
  if (query.to) (*stmt)->Bind(6, *query.to);
  std::vector<Record> out;
  while (true) {
    auto row = (*stmt)->Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    const store::Statement& r = **stmt;
    Record record;
    record.id = r.Int(0);
    record.at = r.Text(1);
    record.entry = {r.OptInt(2), r.Text(3),    r.Text(4),   r.Text(5),
                    r.Int(6),    r.OptText(7), r.OptText(8)};
    record.erased = r.Int(9) != 0;
    out.push_back(std::move(record));
  }
  return out;
}

Result<VerifyReport> SqliteAuditLog::Verify() {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  // One read transaction: the chain and its last issued id are judged as of
  // one moment, whatever is appended meanwhile.
  TANZIM_RETURN_IF_ERROR((*conn)->Exec("BEGIN"));
  auto report = VerifyOn(**conn);
  (*conn)->ResetStatements();
  if (!(*conn)->Exec("ROLLBACK").ok() && report.ok()) {
    return Error::Internal("could not end the verify transaction");
  }
  return report;
}

}  // namespace tanzim::audit
