#pragma once

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

 private:
  std::filesystem::path dir_;
  std::unique_ptr<Pool> pool_;
};

}  // namespace tanzim::store::testing
