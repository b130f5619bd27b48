#include "store/sqlite.h"

#include <spdlog/spdlog.h>

namespace tanzim::store {

Error SqliteError(sqlite3* db, int rc, std::string_view what) {
  const int primary = rc & 0xff;
  if (primary == SQLITE_CONSTRAINT) {
    return {ErrorCode::kConflict, "error.conflict"};
  }
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    return {ErrorCode::kUnavailable, "error.unavailable"};
  }
  std::string detail(what);
  detail += ": ";
  detail += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  return Error::Internal(std::move(detail));
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::Bound(int rc) {
  if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  return *this;
}

Statement& Statement::Bind(int index, int64_t value) {
  return Bound(sqlite3_bind_int64(stmt_, index, value));
}

Statement& Statement::Bind(int index, std::string_view text) {
  return Bound(
      sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
}

Statement& Statement::Bind(int index, const std::optional<std::string>& text) {
  return text ? Bind(index, std::string_view(*text)) : BindNull(index);
}

Statement& Statement::Bind(int index, const std::optional<int64_t>& value) {
  return value ? Bind(index, *value) : BindNull(index);
}

Statement& Statement::BindBlob(int index, std::string_view bytes) {
  return Bound(sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT));
}

Statement& Statement::BindNull(int index) { return Bound(sqlite3_bind_null(stmt_, index)); }

Statement& Statement::BindUnowned(int index, const std::string& text) {
  return Bound(
      sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8));
}

Statement& Statement::BindUnowned(int index, const std::optional<std::string>& text) {
  return text ? BindUnowned(index, *text) : BindNull(index);
}

Statement& Statement::BindUnownedBlob(int index, const std::string& bytes) {
  return Bound(sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_STATIC));
}

Result<bool> Statement::Step() {
  // The statement would run with NULL where the value failed to bind.
  if (bind_rc_ != SQLITE_OK) return SqliteError(nullptr, bind_rc_, sqlite3_sql(stmt_));
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteError(db_, rc, sqlite3_sql(stmt_));
}

Status Statement::Run() {
  auto step = Step();
  if (!step.ok()) return std::move(step).error();
  return Status::Ok();
}

int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string Statement::Text(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  return text == nullptr ? std::string() : std::string(text, sqlite3_column_bytes(stmt_, column));
}

std::optional<std::string> Statement::OptText(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Text(column);
}

std::optional<int64_t> Statement::OptInt(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Int(column);
}

std::string Statement::Blob(int column) const {
  const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
  return data == nullptr ? std::string() : std::string(data, sqlite3_column_bytes(stmt_, column));
}

bool Statement::IsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  bind_rc_ = SQLITE_OK;
}

void ConfigureSqliteOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    // Memory statistics take a global mutex on every allocation, which halves
    // read throughput once two threads query at the same time.
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
  });
}

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path) {
  ConfigureSqliteOnce();
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    spdlog::error("{}", SqliteError(db, rc, "open " + path).log_detail());
    sqlite3_close(db);
    return Error(ErrorCode::kUnavailable, "error.store_unopenable");
  }
  std::unique_ptr<Connection> conn(new Connection(db));
  // The wait for a lock comes first: setting the journal mode reads the file,
  // and another process closing it at that moment (its last connection
  // checkpoints) must make this one wait, not fail with "busy".
  sqlite3_busy_timeout(db, 5000);
  // WAL lets readers run beside the one writer; synchronous=FULL because a
  // member's record must survive a power cut once we answered 201.
  const Status set = conn->Exec(std::string("PRAGMA journal_mode=WAL;"
                                            "PRAGMA synchronous=FULL;"
                                            "PRAGMA foreign_keys=ON;") +
                                kDefaultCacheSizePragma + ";" + kDefaultTempStorePragma + ";");
  if (!set.ok()) {
    // A busy store is worth retrying; a file that is no SQLite store (or one
    // this account cannot write) is not, and the operator must hear which.
    if (set.error().code() == ErrorCode::kUnavailable) return set.error();
    spdlog::error("open {}: {}", path, set.error().log_detail());
    return Error(ErrorCode::kUnavailable, "error.store_unopenable");
  }
  return conn;
}

Connection::~Connection() {
  statements_.clear();
  sqlite3_close(db_);
}

Result<Statement*> Connection::Prepare(std::string_view sql) {
  auto it = statements_.find(sql);
  if (it != statements_.end()) {
    it->second->Reset();
    return it->second.get();
  }
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db_, rc, sql);
  auto [pos, inserted] =
      statements_.emplace(std::string(sql), std::make_unique<Statement>(db_, stmt));
  return pos->second.get();
}

Status Connection::Exec(std::string_view sql) {
  const std::string text(sql);
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  sqlite3_free(message);
  if (rc != SQLITE_OK) return SqliteError(db_, rc, sql.substr(0, 80));
  return Status::Ok();
}

int64_t Connection::LastInsertId() const { return sqlite3_last_insert_rowid(db_); }

int Connection::Changes() const { return sqlite3_changes(db_); }

void Connection::ResetStatements() {
  for (sqlite3_stmt* stmt = sqlite3_next_stmt(db_, nullptr); stmt != nullptr;
       stmt = sqlite3_next_stmt(db_, stmt)) {
    if (sqlite3_stmt_busy(stmt)) sqlite3_reset(stmt);
  }
}

Pool::Lease::~Lease() {
  if (conn_ == nullptr) return;
  conn_->ResetStatements();
  std::lock_guard lock(pool_->mu_);
  pool_->idle_.push_back(std::move(conn_));
}

Result<Pool::Lease> Pool::Acquire() {
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(conn));
    }
  }
  auto conn = Connection::Open(path_);
  if (!conn.ok()) return std::move(conn).error();
  return Lease(this, std::move(conn).value());
}

Result<Transaction> Transaction::Begin(Connection& conn) {
  TANZIM_RETURN_IF_ERROR(conn.Exec("BEGIN IMMEDIATE"));
  return Transaction(&conn);
}

Transaction::~Transaction() {
  if (conn_ == nullptr) return;
  if (!conn_->Exec("ROLLBACK").ok()) {
    spdlog::error("rollback failed");
  }
}

Status Transaction::Commit() {
  Connection* conn = conn_;
  TANZIM_RETURN_IF_ERROR(conn->Exec("COMMIT"));
  conn_ = nullptr;
  return Status::Ok();
}

}  // namespace tanzim::store
