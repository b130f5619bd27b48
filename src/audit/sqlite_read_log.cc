#include "audit/sqlite_read_log.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <tuple>

#include "core/time.h"

namespace tanzim::audit {

SqliteReadLog::SqliteReadLog(store::Pool& pool, std::chrono::milliseconds flush_every,
                             size_t max_pending)
    : pool_(pool), flush_every_(flush_every), max_pending_(max_pending) {
  thread_ = std::thread([this] { Loop(); });
}

SqliteReadLog::~SqliteReadLog() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
  if (const Status flushed = Flush(); !flushed.ok()) {
    spdlog::error("read log: {} notes lost at shutdown: {}", pending_.size(),
                  flushed.error().log_detail());
  }
}

Status SqliteReadLog::Note(int64_t user_id, int64_t person_id, std::string_view what) {
  std::lock_guard lock(mu_);
  if (pending_.size() >= max_pending_) {
    spdlog::error("read log: {} notes queued and the store refuses them; refusing reads",
                  pending_.size());
    return Error(ErrorCode::kUnavailable, "error.unavailable");
  }
  pending_.push_back({std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()),
                      user_id, person_id, std::string(what)});
  return Status::Ok();
}

Status SqliteReadLog::Flush() {
  std::lock_guard flushing(flush_mu_);
  std::vector<Pending> batch;
  {
    std::lock_guard lock(mu_);
    batch.swap(pending_);
    // The next second's reads will likely be as many: grow once, not on the read path.
    pending_.reserve(batch.size());
  }
  if (batch.empty()) return Status::Ok();
  // Within a second, in person order: consecutive inserts then land on the same
  // or the next page of person_reads_by_person instead of all over it, which
  // at tens of thousands of reads a second is about a fifth of a flush's cost.
  // Times are kept to the second, so no order anyone can see is lost.
  std::stable_sort(batch.begin(), batch.end(), [](const Pending& a, const Pending& b) {
    return std::tie(a.at, a.person_id) < std::tie(b.at, b.person_id);
  });
  const auto write = [&]() -> Status {
    if (writer_ == nullptr) {
      auto opened = store::Connection::Open(pool_.path());
      if (!opened.ok()) return std::move(opened).error();
      TANZIM_RETURN_IF_ERROR((*opened)->Exec("PRAGMA cache_size=-65536"));  // 64 MiB
      writer_ = std::move(opened).value();
    }
    auto txn = store::Transaction::Begin(*writer_);
    if (!txn.ok()) return std::move(txn).error();
    auto stmt = writer_->Prepare(
        "INSERT INTO person_reads (at, user_id, person_id, what) VALUES (?, ?, ?, ?)");
    if (!stmt.ok()) return std::move(stmt).error();
    // Notes come in time order: format each second once.
    std::string at;
    std::optional<std::chrono::sys_seconds> formatted;
    for (const Pending& read : batch) {
      if (formatted != read.at) {
        at = FormatRfc3339(read.at);
        formatted = read.at;
      }
      (*stmt)->Reset();  // binding needs a statement rewound from its last run
      TANZIM_RETURN_IF_ERROR((*stmt)
                                 ->Bind(1, at)
                                 .Bind(2, read.user_id)
                                 .Bind(3, read.person_id)
                                 .Bind(4, read.what)
                                 .Run());
    }
    return txn->Commit();
  };
  Status written = write();
  if (!written.ok()) {
    // Put the batch back in front of what came since, to keep the order.
    std::lock_guard lock(mu_);
    batch.insert(batch.end(), std::make_move_iterator(pending_.begin()),
                 std::make_move_iterator(pending_.end()));
    pending_.swap(batch);
  }
  return written;
}

Result<std::vector<Read>> SqliteReadLog::List(const ReadQuery& query) {
  TANZIM_RETURN_IF_ERROR(Flush());
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  // Only the filters given are written into the statement: `(?2 IS NULL OR
  // person_id = ?2)` would make SQLite walk the whole log by id instead of
  // seeking person_reads_by_person or person_reads_by_user. Given both, the
  // person's reads are the fewer: `+` keeps SQLite off the user's index.
  std::string sql = "SELECT id, at, user_id, person_id, what FROM person_reads WHERE id > ?1";
  if (query.person_id) sql += " AND person_id = ?2";
  if (query.user_id) sql += query.person_id ? " AND +user_id = ?3" : " AND user_id = ?3";
  sql += " ORDER BY id LIMIT ?4";
  auto stmt = (*conn)->Prepare(sql);
  if (!stmt.ok()) return std::move(stmt).error();
  (*stmt)->Bind(1, query.after_id).Bind(4, int64_t{query.limit});
  if (query.person_id) (*stmt)->Bind(2, *query.person_id);
  if (query.user_id) (*stmt)->Bind(3, *query.user_id);
  std::vector<Read> out;
  while (true) {
    auto row = (*stmt)->Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    out.push_back(
        {(*stmt)->Int(0), (*stmt)->Text(1), (*stmt)->Int(2), (*stmt)->Int(3), (*stmt)->Text(4)});
  }
  return out;
}

void SqliteReadLog::Loop() {
  // Flushes on a fixed beat, not after a fixed pause: at tens of thousands of
  // reads a second a flush takes much of the period, and pausing a whole
  // period after it would let each batch outgrow the last until the queue is
  // full and reads are refused. A flush that overran the beat is followed at once.
  auto next = std::chrono::steady_clock::now() + flush_every_;
  std::unique_lock lock(mu_);
  while (!stopping_) {
    wake_.wait_until(lock, next, [this] { return stopping_; });
    if (stopping_) break;
    lock.unlock();
    if (const Status flushed = Flush(); !flushed.ok()) {
      spdlog::warn("read log: flush failed, will retry: {}", flushed.error().log_detail());
    }
    next = std::max(next + flush_every_, std::chrono::steady_clock::now());
    lock.lock();
  }
}

}  // namespace tanzim::audit
