#include "app/app.h"

#include <spdlog/spdlog.h>

#include "auth/sqlite_account_store.h"
#include "people/sqlite_people_store.h"
#include "store/migrations.h"
#include "store/sqlite.h"
#include "territory/sqlite_territory_store.h"

namespace tanzim::app {
namespace {

class SqliteApp final : public App {
 public:
  explicit SqliteApp(const std::string& path)
      : pool_(path),
        territory_store_(pool_),
        people_store_(pool_),
        account_store_(pool_),
        territories_(territory_store_),
        people_(people_store_, territory_store_),
        accounts_(account_store_, territory_store_) {}

  Status Migrate() {
    auto conn = pool_.Acquire();
    if (!conn.ok()) return std::move(conn).error();
    return store::Migrate(**conn);
  }

  territory::TerritoryService& territories() override { return territories_; }
  people::PeopleService& people() override { return people_; }
  auth::AccountService& accounts() override { return accounts_; }

 private:
  store::Pool pool_;
  territory::SqliteTerritoryStore territory_store_;
  people::SqlitePeopleStore people_store_;
  auth::SqliteAccountStore account_store_;
  territory::TerritoryService territories_;
  people::PeopleService people_;
  auth::AccountService accounts_;
};

}  // namespace

Result<std::unique_ptr<App>> App::Open(const std::string& db) {
  if (db.starts_with("postgresql://") || db.starts_with("postgres://")) {
    spdlog::error("PostgreSQL is not supported yet; pass a file path to --db");
    return Error::Invalid("db", "field.db_unsupported");
  }
  auto app = std::make_unique<SqliteApp>(db);
  TANZIM_RETURN_IF_ERROR(app->Migrate());
  return std::unique_ptr<App>(std::move(app));
}

Status Init(App& app, const std::string& iso_json_path) {
  auto counts = app.territories().LoadMorocco(iso_json_path);
  if (!counts.ok()) return std::move(counts).error();
  spdlog::info("territories: {} added, {} updated, {} unchanged", counts->inserted, counts->updated,
               counts->unchanged);
  return Status::Ok();
}

}  // namespace tanzim::app
