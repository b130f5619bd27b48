#pragma once

#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "store/migrations.h"
#include "store/sqlite.h"

namespace tanzim::store::testing {

// A migrated SQLite store in a fresh temporary directory, for tests. The
// directory and its files are removed when the object dies.
class TempStore {
 public:
  explicit TempStore(std::string_view name) {
    static std::atomic<int> counter{0};
    dir_ = std::filesystem::temp_directory_path() /
           ("tanzim-" + std::string(name) + "-" + std::to_string(::getpid()) + "-" +
            std::to_string(counter++));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    pool_ = std::make_unique<Pool>((dir_ / "test.db").string());
    auto conn = pool_->Acquire();
    if (!conn.ok() || !Migrate(**conn).ok()) throw std::runtime_error("cannot migrate test store");
  }
  TempStore(const TempStore&) = delete;
  TempStore& operator=(const TempStore&) = delete;
  ~TempStore() {
    pool_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  Pool& pool() { return *pool_; }
  const std::filesystem::path& dir() const { return dir_; }

  // The first column of the first row of `sql` as text ("" for none or NULL;
  // "<error: …>" when SQLite refuses it), read through a read-only connection
  // of its own: the pool's connections cache statements by their text, and a
  // test's ad hoc queries must not fill that cache.
  std::string QueryText(const std::string& sql) const {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2((dir_ / "test.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr) !=
        SQLITE_OK) {
      sqlite3_close(db);
      return "<cannot open>";
    }
    sqlite3_stmt* stmt = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      out = std::string("<error: ") + sqlite3_errmsg(db) + ">";
    } else if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0) != nullptr) {
      out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return out;
  }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<Pool> pool_;
};

}  // namespace tanzim::store::testing
