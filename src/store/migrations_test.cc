#include "store/migrations.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "store/sqlite.h"

namespace tanzim::store {
namespace {

namespace fs = std::filesystem;

class MigrationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    dir_ = fs::temp_directory_path() /
           ("tanzim-migrations-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto opened = Connection::Open((dir_ / "test.db").string());
    ASSERT_TRUE(opened.ok());
    conn_ = std::move(opened).value();
  }
  void TearDown() override {
    conn_.reset();
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  // (version, name, applied_at) of every recorded migration.
  std::vector<std::tuple<int64_t, std::string, std::string>> Recorded() {
    std::vector<std::tuple<int64_t, std::string, std::string>> out;
    auto stmt =
        conn_->Prepare("SELECT version, name, applied_at FROM schema_migrations ORDER BY version");
    EXPECT_TRUE(stmt.ok());
    if (!stmt.ok()) return out;
    while (true) {
      auto row = (*stmt)->Step();
      EXPECT_TRUE(row.ok());
      if (!row.ok() || !*row) break;
      out.emplace_back((*stmt)->Int(0), (*stmt)->Text(1), (*stmt)->Text(2));
    }
    return out;
  }

  std::set<std::string> Tables() {
    std::set<std::string> out;
    auto stmt = conn_->Prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    EXPECT_TRUE(stmt.ok());
    if (!stmt.ok()) return out;
    while (true) {
      auto row = (*stmt)->Step();
      if (!row.ok() || !*row) break;
      out.insert((*stmt)->Text(0));
    }
    return out;
  }

  fs::path dir_;
  std::unique_ptr<Connection> conn_;
};

TEST_F(MigrationsTest, CreatesEveryTableInOrder) {
  ASSERT_TRUE(Migrate(*conn_).ok());
  EXPECT_EQ(Tables(), (std::set<std::string>{"api_tokens",
                                             "audit_log",
                                             "audit_payloads",
                                             "auth_events",
                                             "bodies",
                                             "body_events",
                                             "consent_texts",
                                             "consents",
                                             "dues_payments",
                                             "mandates",
                                             "member_stats_monthly",
                                             "membership_events",
                                             "membership_sequences",
                                             "memberships",
                                             "people",
                                             "person_reads",
                                             "positions",
                                             "schema_migrations",
                                             "sessions",
                                             "settings",
                                             "sign_in_throttle",
                                             "territories",
                                             "totp",
                                             "users"}));
  const auto recorded = Recorded();
  ASSERT_EQ(recorded.size(), 12u);
  EXPECT_EQ(std::get<0>(recorded[0]), 1);
  EXPECT_EQ(std::get<1>(recorded[0]), "foundation");
  EXPECT_EQ(std::get<2>(recorded[0]).size(), 20u);  // 2026-11-29T11:15:21Z
  EXPECT_EQ(std::get<0>(recorded[1]), 2);
  EXPECT_EQ(std::get<1>(recorded[1]), "organization");
  EXPECT_EQ(std::get<1>(recorded[2]), "audit");
  EXPECT_EQ(std::get<1>(recorded[4]), "privacy");
  EXPECT_EQ(LatestSchemaVersion(), 12);
}

TEST_F(MigrationsTest, MigratingTwiceChangesNothing) {
  ASSERT_TRUE(Migrate(*conn_).ok());
  ASSERT_TRUE(conn_
                  ->Exec("INSERT INTO territories (code, kind, name_ar, name_fr, path)"
                         " VALUES ('MA-03', 'region', 'فاس مكناس', 'Fès-Meknès', '/MA-03/')")
                  .ok());
  const auto before = Recorded();
  ASSERT_TRUE(Migrate(*conn_).ok());
  EXPECT_EQ(Recorded(), before);
  auto count = conn_->Prepare("SELECT count(*) FROM territories");
  ASSERT_TRUE(count.ok());
  ASSERT_TRUE(*(*count)->Step());
  EXPECT_EQ((*count)->Int(0), 1);
  (*count)->Reset();
}

TEST_F(MigrationsTest, MigratingFromAnotherConnectionIsANoOp) {
  ASSERT_TRUE(Migrate(*conn_).ok());
  auto other = Connection::Open((dir_ / "test.db").string());
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(Migrate(**other).ok());
  EXPECT_EQ(Recorded().size(), 12u);
}

TEST_F(MigrationsTest, RefusesASchemaNewerThanTheProgram) {
  ASSERT_TRUE(Migrate(*conn_).ok());
  ASSERT_TRUE(conn_->Exec("INSERT INTO schema_migrations VALUES (99, 'future', 't')").ok());
  Status status = Migrate(*conn_);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code(), ErrorCode::kInternal);
  EXPECT_NE(status.error().log_detail().find("99"), std::string::npos);
}

TEST_F(MigrationsTest, AFailedMigrationLeavesNoTrace) {
  // A clashing table makes migration 1 fail part way through.
  ASSERT_TRUE(conn_->Exec("CREATE TABLE users (id INTEGER PRIMARY KEY)").ok());
  Status status = Migrate(*conn_);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code(), ErrorCode::kInternal);
  EXPECT_TRUE(Recorded().empty());
  // Tables created before the failing statement were rolled back too.
  EXPECT_EQ(Tables(), (std::set<std::string>{"schema_migrations", "users"}));
  // The connection is not left inside a transaction.
  auto tx = Transaction::Begin(*conn_);
  EXPECT_TRUE(tx.ok());
}

TEST_F(MigrationsTest, SchemaEnforcesItsRules) {
  ASSERT_TRUE(Migrate(*conn_).ok());
  ASSERT_TRUE(conn_
                  ->Exec("INSERT INTO territories (code, kind, name_ar, name_fr, path)"
                         " VALUES ('MA-03', 'region', 'فاس مكناس', 'Fès-Meknès', '/MA-03/')")
                  .ok());
  struct Case {
    const char* name;
    const char* sql;
  };
  const Case kRefused[] = {
      {"person without a name",
       "INSERT INTO people (territory_code, province_code, region_code, sort_key, search_text,"
       " created_at, updated_at) VALUES ('MA-03', '', 'MA-03', x'01', '', 't', 't')"},
      {"person in an unknown territory",
       "INSERT INTO people (name_latin, territory_code, province_code, region_code, sort_key,"
       " search_text, created_at, updated_at) VALUES ('A', 'MA-99', '', '', x'01', '', 't', 't')"},
      {"territory with an unknown parent",
       "INSERT INTO territories (code, kind, name_ar, name_fr, parent_code, path)"
       " VALUES ('MA-X', 'province', 'x', 'x', 'MA-98', '/MA-98/MA-X/')"},
      {"user with an unknown scope",
       "INSERT INTO users (login, password_hash, role, scope_code, created_at)"
       " VALUES ('amina', 'h', 'viewer', 'MA-99', 't')"},
  };
  for (const auto& c : kRefused) {
    SCOPED_TRACE(c.name);
    Status status = conn_->Exec(c.sql);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code(), ErrorCode::kConflict);
  }
  // Two people may both have no CIN, but not the same one.
  const char* kPerson =
      "INSERT INTO people (name_latin, cin, territory_code, province_code, region_code, sort_key,"
      " search_text, created_at, updated_at) VALUES ('A', %s, 'MA-03', '', 'MA-03', x'01', '',"
      " 't', 't')";
  auto with_cin = [&](const char* cin) {
    char sql[512];
    std::snprintf(sql, sizeof sql, kPerson, cin);
    return conn_->Exec(sql);
  };
  EXPECT_TRUE(with_cin("NULL").ok());
  EXPECT_TRUE(with_cin("NULL").ok());
  EXPECT_TRUE(with_cin("'AB123456'").ok());
  Status dup = with_cin("'AB123456'");
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code(), ErrorCode::kConflict);
}

}  // namespace
}  // namespace tanzim::store
