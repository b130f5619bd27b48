#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"

// A thin RAII layer over the SQLite C API. Statements are prepared once per
// connection and cached by their (constant) SQL text; values are always bound,
// never spliced into SQL.
namespace tanzim::store {

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Binders take 1-based indexes, as SQLite does. An empty optional binds NULL.
  // A bind that fails (an index the SQL has not, a value over SQLite's size
  // limit) makes the next Step or Run fail without running the statement.
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, const std::string& text) {
    return Bind(index, std::string_view(text));
  }
  Statement& Bind(int index, const char* text) { return Bind(index, std::string_view(text)); }
  Statement& Bind(int index, const std::optional<std::string>& text);
  Statement& Bind(int index, const std::optional<int64_t>& value);
  Statement& BindBlob(int index, std::string_view bytes);
  Statement& BindNull(int index);
  // Binds without copying: the caller keeps `text` alive and unchanged until
  // the statement has run. For hot paths that bind many fields of a row they
  // hold (a bulk load binds 14 per person).
  Statement& BindUnowned(int index, const std::string& text);
  Statement& BindUnowned(int index, const std::optional<std::string>& text);
  Statement& BindUnownedBlob(int index, const std::string& bytes);
  // A temporary would be gone before the statement runs.
  Statement& BindUnowned(int index, std::string&& text) = delete;
  Statement& BindUnowned(int index, std::optional<std::string>&& text) = delete;
  Statement& BindUnownedBlob(int index, std::string&& bytes) = delete;

  // Advances to the next row: true while a row is available, false when done.
  // Failures (constraint, busy, I/O) come back as an Error.
  Result<bool> Step();
  // Runs a statement that returns no rows.
  Status Run();

  int64_t Int(int column) const;
  std::string Text(int column) const;
  std::optional<std::string> OptText(int column) const;
  std::optional<int64_t> OptInt(int column) const;
  std::string Blob(int column) const;
  bool IsNull(int column) const;

  // Clears bindings and rewinds; the cache calls this before handing it out.
  void Reset();

 private:
  // Keeps the first failed bind's code for Step.
  Statement& Bound(int rc);

  sqlite3* db_;
  sqlite3_stmt* stmt_;
  int bind_rc_ = SQLITE_OK;
};

// One SQLite connection. Not thread-safe: a Pool hands each to one thread at a time.
class Connection {
 public:
  // Opens (creating if absent) the database file and applies Tanzim's pragmas.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // Returns the cached, reset statement for `sql`. The cache keeps its own copy
  // of the text, so SQL composed at run time is fine, as long as it comes in a
  // few fixed shapes: values are bound, never written into the SQL.
  Result<Statement*> Prepare(std::string_view sql);
  // Executes one or more statements without results (DDL, pragmas).
  Status Exec(std::string_view sql);
  int64_t LastInsertId() const;
  int Changes() const;
  // Rewinds every statement left mid-result, ending the read transaction it
  // holds open; the pool calls it when a connection comes back, so the next
  // borrower neither reads an old snapshot nor fails to start a write.
  void ResetStatements();

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  // Found by string_view without a copy (std::equal_to<> and a transparent hash).
  struct SqlHash {
    using is_transparent = void;
    size_t operator()(std::string_view sql) const noexcept {
      return std::hash<std::string_view>{}(sql);
    }
  };
  std::unordered_map<std::string, std::unique_ptr<Statement>, SqlHash, std::equal_to<>> statements_;
};

// Maps a failed SQLite call to an Error: constraint → conflict, busy → unavailable,
// anything else → internal with the SQLite text kept for the log only.
Error SqliteError(sqlite3* db, int rc, std::string_view what);

// A set of connections to one file. Acquire() lends one to the calling thread
// until the Lease goes out of scope.
class Pool {
 public:
  class Lease {
   public:
    Lease(Pool* pool, std::unique_ptr<Connection> conn) : pool_(pool), conn_(std::move(conn)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    ~Lease();
    Connection& operator*() { return *conn_; }
    Connection* operator->() { return conn_.get(); }
    // Closes the connection instead of giving it back: for one left in a state
    // the next borrower must not inherit (a setting that could not be undone).
    void Discard() { conn_.reset(); }

   private:
    Pool* pool_;
    std::unique_ptr<Connection> conn_;
  };

  explicit Pool(std::string path) : path_(std::move(path)) {}
  Result<Lease> Acquire();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

// BEGIN IMMEDIATE … COMMIT. Takes the write lock up front so two writers never
// deadlock upgrading read locks; rolls back unless Commit() succeeded.
class Transaction {
 public:
  static Result<Transaction> Begin(Connection& conn);
  Transaction(Transaction&& other) noexcept : conn_(other.conn_) { other.conn_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  ~Transaction();
  Status Commit();

 private:
  explicit Transaction(Connection* conn) : conn_(conn) {}
  Connection* conn_;
};

// The page cache every connection starts with (16 MiB), also what bulk
// operations restore when they are done.
inline constexpr const char* kDefaultCacheSizePragma = "PRAGMA cache_size=-16384";
// Sorts and temporary tables in memory: a server's sorts are small. Bulk
// loads let their index sorts spill to temporary files (unlinked as SQLite
// opens them) for their duration, then restore this.
inline constexpr const char* kDefaultTempStorePragma = "PRAGMA temp_store=MEMORY";

// Process-wide SQLite settings; call once before any connection opens.
void ConfigureSqliteOnce();

}  // namespace tanzim::store
