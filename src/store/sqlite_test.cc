#include "store/sqlite.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

namespace tanzim::store {
namespace {

namespace fs = std::filesystem;

// A fresh directory under the system temp dir, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = fs::temp_directory_path() /
            ("tanzim-sqlite-" + std::string(info != nullptr ? info->name() : "x") + "-" +
             std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

class SqliteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Connection::Open(dir_.File("test.db"));
    ASSERT_TRUE(opened.ok());
    conn_ = std::move(opened).value();
    ASSERT_TRUE(conn_
                    ->Exec("CREATE TABLE parent (code TEXT PRIMARY KEY);"
                           "CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
                           " note TEXT, data BLOB, qty INTEGER CHECK (qty >= 0),"
                           " parent_code TEXT REFERENCES parent (code));"
                           "INSERT INTO parent VALUES ('MA-03');")
                    .ok());
  }

  int64_t CountItems() { return CountItemsOn(*conn_); }

  static int64_t CountItemsOn(Connection& conn) {
    auto stmt = conn.Prepare("SELECT count(*) FROM item");
    EXPECT_TRUE(stmt.ok());
    if (!stmt.ok()) return -1;
    auto row = (*stmt)->Step();
    EXPECT_TRUE(row.ok() && *row);
    const int64_t count = (*stmt)->Int(0);
    (*stmt)->Reset();
    return count;
  }

  Status Insert(std::string_view name, int64_t qty = 1) {
    auto stmt = conn_->Prepare("INSERT INTO item (name, qty) VALUES (?, ?)");
    if (!stmt.ok()) return std::move(stmt).error();
    return (*stmt)->Bind(1, name).Bind(2, qty).Run();
  }

  TempDir dir_;
  std::unique_ptr<Connection> conn_;
};

TEST_F(SqliteTest, OpenCreatesTheFileWithWalAndForeignKeys) {
  EXPECT_TRUE(fs::exists(dir_.File("test.db")));
  auto mode = conn_->Prepare("PRAGMA journal_mode");
  ASSERT_TRUE(mode.ok());
  ASSERT_TRUE(*(*mode)->Step());
  EXPECT_EQ((*mode)->Text(0), "wal");
  (*mode)->Reset();
  auto fk = conn_->Prepare("PRAGMA foreign_keys");
  ASSERT_TRUE(fk.ok());
  ASSERT_TRUE(*(*fk)->Step());
  EXPECT_EQ((*fk)->Int(0), 1);
  (*fk)->Reset();
}

TEST_F(SqliteTest, OpenInAMissingDirectoryIsUnavailable) {
  auto opened = Connection::Open(dir_.File("no/such/dir/test.db"));
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code(), ErrorCode::kUnavailable);
}

TEST_F(SqliteTest, BindsAndReadsEveryType) {
  const std::string blob("\x00\x01\xFF\x00z", 5);
  auto insert = conn_->Prepare(
      "INSERT INTO item (name, note, data, qty, parent_code) VALUES (?, ?, ?, ?, ?)");
  ASSERT_TRUE(insert.ok());
  ASSERT_TRUE((*insert)
                  ->Bind(1, "سعاد")
                  .Bind(2, std::optional<std::string>())
                  .BindBlob(3, blob)
                  .Bind(4, int64_t{1} << 40)
                  .Bind(5, std::optional<std::string>("MA-03"))
                  .Run()
                  .ok());
  EXPECT_EQ(conn_->Changes(), 1);
  const int64_t id = conn_->LastInsertId();
  EXPECT_GT(id, 0);

  auto select = conn_->Prepare("SELECT name, note, data, qty, parent_code FROM item WHERE id = ?");
  ASSERT_TRUE(select.ok());
  auto row = (*select)->Bind(1, id).Step();
  ASSERT_TRUE(row.ok());
  ASSERT_TRUE(*row);
  Statement& s = **select;
  EXPECT_EQ(s.Text(0), "سعاد");
  EXPECT_TRUE(s.IsNull(1));
  EXPECT_EQ(s.OptText(1), std::nullopt);
  EXPECT_EQ(s.Text(1), "");
  EXPECT_EQ(s.Blob(2), blob);
  EXPECT_EQ(s.Int(3), int64_t{1} << 40);
  EXPECT_EQ(s.OptText(4), "MA-03");
  EXPECT_FALSE(s.IsNull(4));
  auto done = s.Step();
  ASSERT_TRUE(done.ok());
  EXPECT_FALSE(*done);
}

// Whether BindUnowned accepts a `T`: a temporary's bytes would be gone by the
// time the statement runs, so temporaries must not compile.
template <typename T>
concept BindsUnowned = requires(Statement& s, T&& value) {
  s.BindUnowned(1, std::forward<T>(value));
};
static_assert(BindsUnowned<const std::string&>);
static_assert(BindsUnowned<const std::optional<std::string>&>);
static_assert(!BindsUnowned<std::string>);
static_assert(!BindsUnowned<std::optional<std::string>>);

TEST_F(SqliteTest, UnownedBindsStoreWhatTheCallerHolds) {
  const std::string name = "سعاد";
  const std::optional<std::string> none;
  const std::string blob("\x00\x01\xFF\x00z", 5);
  const std::optional<std::string> code = "MA-03";
  auto insert = conn_->Prepare(
      "INSERT INTO item (name, note, data, qty, parent_code) VALUES (?, ?, ?, ?, ?)");
  ASSERT_TRUE(insert.ok());
  ASSERT_TRUE((*insert)
                  ->BindUnowned(1, name)
                  .BindUnowned(2, none)
                  .BindUnownedBlob(3, blob)
                  .Bind(4, int64_t{7})
                  .BindUnowned(5, code)
                  .Run()
                  .ok());
  auto select = conn_->Prepare("SELECT name, note, data, parent_code FROM item WHERE id = ?");
  ASSERT_TRUE(select.ok());
  auto row = (*select)->Bind(1, conn_->LastInsertId()).Step();
  ASSERT_TRUE(row.ok());
  ASSERT_TRUE(*row);
  EXPECT_EQ((*select)->Text(0), name);
  EXPECT_TRUE((*select)->IsNull(1));
  EXPECT_EQ((*select)->Blob(2), blob);
  EXPECT_EQ((*select)->OptText(3), code);
}

TEST_F(SqliteTest, TextWithEmbeddedZeroSurvives) {
  const std::string name("a\0b", 3);
  ASSERT_TRUE(Insert(name).ok());
  auto select = conn_->Prepare("SELECT name, length(CAST(name AS BLOB)) FROM item");
  ASSERT_TRUE(select.ok());
  ASSERT_TRUE(*(*select)->Step());
  EXPECT_EQ((*select)->Text(0), name);
  EXPECT_EQ((*select)->Int(1), 3);
}

TEST_F(SqliteTest, PrepareCachesAndResetsStatements) {
  constexpr std::string_view kSql = "SELECT ?1 IS NULL";
  auto first = conn_->Prepare(kSql);
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(*(*first)->Bind(1, int64_t{5}).Step());
  EXPECT_EQ((*first)->Int(0), 0);
  // Handing the statement out again rewinds it and clears the old binding.
  auto second = conn_->Prepare(kSql);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*second, *first);
  ASSERT_TRUE(*(*second)->Step());
  EXPECT_EQ((*second)->Int(0), 1);
}

TEST_F(SqliteTest, BadSqlIsInternalWithTheDetailForTheLogOnly) {
  auto stmt = conn_->Prepare("SELEKT nothing");
  ASSERT_FALSE(stmt.ok());
  EXPECT_EQ(stmt.error().code(), ErrorCode::kInternal);
  EXPECT_EQ(stmt.error().message_key(), "error.internal");
  EXPECT_NE(stmt.error().log_detail().find("syntax error"), std::string::npos)
      << stmt.error().log_detail();
  EXPECT_TRUE(stmt.error().fields().empty());

  Status exec = conn_->Exec("DROP TABLE no_such_table");
  ASSERT_FALSE(exec.ok());
  EXPECT_EQ(exec.error().code(), ErrorCode::kInternal);
  EXPECT_NE(exec.error().log_detail().find("no such table"), std::string::npos);
}

TEST_F(SqliteTest, AFailedBindStopsTheStatementUntilReset) {
  auto stmt = conn_->Prepare("INSERT INTO item (name, qty) VALUES (?, ?)");
  ASSERT_TRUE(stmt.ok());
  // Index 3 does not exist: SQLITE_RANGE. The statement must not run with
  // what did bind, and the error must say so for the log only.
  Status run = (*stmt)->Bind(1, "half").Bind(3, int64_t{5}).Run();
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.error().code(), ErrorCode::kInternal);
  EXPECT_NE(run.error().log_detail().find("INSERT INTO item"), std::string::npos)
      << run.error().log_detail();
  EXPECT_EQ(CountItems(), 0);

  // The statement comes back clean from the cache.
  EXPECT_TRUE(Insert("whole", 2).ok());
  EXPECT_EQ(CountItems(), 1);
}

TEST_F(SqliteTest, ConstraintViolationsAreConflicts) {
  ASSERT_TRUE(Insert("taken").ok());
  struct Case {
    const char* name;
    const char* sql;
  };
  const Case kCases[] = {
      {"unique", "INSERT INTO item (name) VALUES ('taken')"},
      {"not null", "INSERT INTO item (name) VALUES (NULL)"},
      {"check", "INSERT INTO item (name, qty) VALUES ('x', -1)"},
      {"foreign key", "INSERT INTO item (name, parent_code) VALUES ('y', 'MA-99')"},
      {"primary key", "INSERT INTO parent VALUES ('MA-03')"},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    auto stmt = conn_->Prepare(c.sql);
    ASSERT_TRUE(stmt.ok());
    Status run = (*stmt)->Run();
    ASSERT_FALSE(run.ok());
    EXPECT_EQ(run.error().code(), ErrorCode::kConflict);
    EXPECT_EQ(run.error().message_key(), "error.conflict");
  }
  EXPECT_EQ(CountItems(), 1);
}

TEST_F(SqliteTest, TransactionRollsBackWhenDestroyedUncommitted) {
  {
    auto tx = Transaction::Begin(*conn_);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(Insert("a").ok());
    ASSERT_TRUE(Insert("b").ok());
    EXPECT_EQ(CountItems(), 2);
  }
  EXPECT_EQ(CountItems(), 0);
  // The connection is usable again: no transaction was left open.
  auto tx = Transaction::Begin(*conn_);
  ASSERT_TRUE(tx.ok());
  ASSERT_TRUE(Insert("c").ok());
  ASSERT_TRUE(tx->Commit().ok());
  EXPECT_EQ(CountItems(), 1);
}

TEST_F(SqliteTest, TransactionRollsBackAfterAFailedStatement) {
  ASSERT_TRUE(Insert("taken").ok());
  {
    auto tx = Transaction::Begin(*conn_);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(Insert("new").ok());
    Status dup = Insert("taken");
    ASSERT_FALSE(dup.ok());
    EXPECT_EQ(dup.error().code(), ErrorCode::kConflict);
  }
  EXPECT_EQ(CountItems(), 1);
}

TEST_F(SqliteTest, CommittedTransactionIsKeptAndMovedOneRollsBackOnce) {
  {
    auto tx = Transaction::Begin(*conn_);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(Insert("kept").ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  {
    auto tx = Transaction::Begin(*conn_);
    ASSERT_TRUE(tx.ok());
    Transaction moved = std::move(tx).value();
    ASSERT_TRUE(Insert("dropped").ok());
  }
  EXPECT_EQ(CountItems(), 1);
}

TEST_F(SqliteTest, NestedBeginFails) {
  auto outer = Transaction::Begin(*conn_);
  ASSERT_TRUE(outer.ok());
  auto inner = Transaction::Begin(*conn_);
  ASSERT_FALSE(inner.ok());
  EXPECT_EQ(inner.error().code(), ErrorCode::kInternal);
}

TEST_F(SqliteTest, SecondConnectionSeesOnlyCommittedRows) {
  auto other = Connection::Open(dir_.File("test.db"));
  ASSERT_TRUE(other.ok());
  {
    auto tx = Transaction::Begin(*conn_);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(Insert("pending").ok());
    EXPECT_EQ(CountItemsOn(**other), 0);
    ASSERT_TRUE(tx->Commit().ok());
  }
  EXPECT_EQ(CountItemsOn(**other), 1);
}

TEST(PoolTest, ReusesReturnedConnectionsAndLendsDistinctOnes) {
  TempDir dir;
  Pool pool(dir.File("pool.db"));
  EXPECT_EQ(pool.path(), dir.File("pool.db"));
  Connection* first = nullptr;
  {
    auto lease = pool.Acquire();
    ASSERT_TRUE(lease.ok());
    first = &**lease;
  }
  auto a = pool.Acquire();
  auto b = pool.Acquire();
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(&**a, first);
  EXPECT_NE(&**b, first);
}

// A lease whose connection was left in a state of its own (a load's larger
// cache, say, that could not be set back) is discarded: the next borrower gets
// a fresh connection with the defaults, not the leftover one.
TEST(PoolTest, DiscardedConnectionIsNotLentAgain) {
  TempDir dir;
  Pool pool(dir.File("pool.db"));
  const auto cache_size = [](Connection& conn) {
    auto stmt = conn.Prepare("PRAGMA cache_size");
    EXPECT_TRUE(stmt.ok());
    auto row = (*stmt)->Step();
    EXPECT_TRUE(row.ok() && *row);
    const int64_t size = (*stmt)->Int(0);
    (*stmt)->Reset();
    return size;
  };
  int64_t fresh = 0;
  {
    auto lease = pool.Acquire();
    ASSERT_TRUE(lease.ok());
    fresh = cache_size(**lease);
    ASSERT_TRUE((*lease)->Exec("PRAGMA cache_size=-262144").ok());
    lease->Discard();
  }
  auto next = pool.Acquire();
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(cache_size(**next), fresh);
  EXPECT_NE(fresh, -262144);
}

TEST(PoolTest, UnopenablePathIsUnavailable) {
  TempDir dir;
  Pool pool(dir.File("missing/pool.db"));
  auto lease = pool.Acquire();
  ASSERT_FALSE(lease.ok());
  EXPECT_EQ(lease.error().code(), ErrorCode::kUnavailable);
}

// A lookup by key steps once and leaves its statement there; the connection
// then goes back to the pool. Whoever borrows it next must see the newest
// data and be able to write, not be stuck in the lookup's old snapshot.
TEST(PoolTest, ReturnedConnectionIsNotStuckInAnOldSnapshot) {
  TempDir dir;
  Pool pool(dir.File("pool.db"));
  {
    auto setup = pool.Acquire();
    ASSERT_TRUE(setup.ok());
    ASSERT_TRUE((*setup)->Exec("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2);").ok());
  }
  Connection* reader = nullptr;
  {
    auto a = pool.Acquire();
    auto b = pool.Acquire();
    ASSERT_TRUE(a.ok() && b.ok());
    reader = &**b;
    auto lookup = (*b)->Prepare("SELECT x FROM t WHERE x >= ? ORDER BY x");
    ASSERT_TRUE(lookup.ok());
    auto row = (*lookup)->Bind(1, int64_t{1}).Step();
    ASSERT_TRUE(row.ok() && *row);
  }
  {
    // Someone else writes through the other connection meanwhile.
    auto a = pool.Acquire();
    auto b = pool.Acquire();
    ASSERT_TRUE(a.ok() && b.ok());
    Connection& writer = &**a == reader ? **b : **a;
    ASSERT_NE(&writer, reader);
    ASSERT_TRUE(writer.Exec("INSERT INTO t VALUES (3)").ok());
  }
  auto a = pool.Acquire();
  auto b = pool.Acquire();
  ASSERT_TRUE(a.ok() && b.ok());
  Connection& conn = &**a == reader ? **a : **b;
  ASSERT_EQ(&conn, reader);
  auto count = conn.Prepare("SELECT count(*) FROM t");
  ASSERT_TRUE(count.ok());
  ASSERT_TRUE(*(*count)->Step());
  EXPECT_EQ((*count)->Int(0), 3);
  (*count)->Reset();
  auto tx = Transaction::Begin(conn);
  ASSERT_TRUE(tx.ok()) << tx.error().log_detail();
  EXPECT_TRUE(conn.Exec("INSERT INTO t VALUES (4)").ok());
  EXPECT_TRUE(tx->Commit().ok());
}

TEST(PoolTest, ConcurrentWritersAllSucceed) {
  TempDir dir;
  Pool pool(dir.File("pool.db"));
  {
    auto setup = pool.Acquire();
    ASSERT_TRUE(setup.ok());
    ASSERT_TRUE((*setup)->Exec("CREATE TABLE t (x INTEGER)").ok());
  }
  constexpr int kThreads = 4;
  constexpr int kWrites = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWrites; ++i) {
        auto lease = pool.Acquire();
        if (!lease.ok()) {
          ++failures;
          continue;
        }
        auto tx = Transaction::Begin(**lease);
        if (!tx.ok()) {
          ++failures;
          continue;
        }
        auto stmt = (*lease)->Prepare("INSERT INTO t VALUES (?)");
        if (!stmt.ok() || !(*stmt)->Bind(1, int64_t{t * 1000 + i}).Run().ok() ||
            !tx->Commit().ok()) {
          ++failures;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  auto lease = pool.Acquire();
  ASSERT_TRUE(lease.ok());
  auto count = (*lease)->Prepare("SELECT count(*), count(DISTINCT x) FROM t");
  ASSERT_TRUE(count.ok());
  ASSERT_TRUE(*(*count)->Step());
  EXPECT_EQ((*count)->Int(0), kThreads * kWrites);
  EXPECT_EQ((*count)->Int(1), kThreads * kWrites);
}

TEST(SqliteErrorTest, MapsResultCodes) {
  EXPECT_EQ(SqliteError(nullptr, SQLITE_CONSTRAINT, "x").code(), ErrorCode::kConflict);
  EXPECT_EQ(SqliteError(nullptr, SQLITE_CONSTRAINT_UNIQUE, "x").code(), ErrorCode::kConflict);
  EXPECT_EQ(SqliteError(nullptr, SQLITE_BUSY, "x").code(), ErrorCode::kUnavailable);
  EXPECT_EQ(SqliteError(nullptr, SQLITE_BUSY_SNAPSHOT, "x").code(), ErrorCode::kUnavailable);
  EXPECT_EQ(SqliteError(nullptr, SQLITE_LOCKED, "x").code(), ErrorCode::kUnavailable);
  const Error io = SqliteError(nullptr, SQLITE_IOERR, "write page");
  EXPECT_EQ(io.code(), ErrorCode::kInternal);
  EXPECT_EQ(io.message_key(), "error.internal");
  EXPECT_EQ(io.log_detail(), std::string("write page: ") + sqlite3_errstr(SQLITE_IOERR));
}

}  // namespace
}  // namespace tanzim::store
