#pragma once

// Test support for sessions: a migrated temporary store, the account and
// session stores and services on it, a fake clock, and one admin account
// ("amina", kPassword). Header-only, like store/testing/temp_store.h: module
// folders compile only their top-level *.cc files.

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "auth/account_service.h"
#include "auth/sealing_key.h"
#include "auth/session_service.h"
#include "auth/sqlite_account_store.h"
#include "auth/sqlite_session_store.h"
#include "store/testing/temp_store.h"
#include "territory/sqlite_territory_store.h"

namespace tanzim::auth::testing {

// The password of every account a SessionWorld test creates.
inline constexpr const char* kPassword = "a long passphrase";

// Base fixture: a fresh world per test. The clock counts milliseconds and
// moves only when a test moves `now_ms_`.
class SessionWorld : public ::testing::Test {
 protected:
  // `name` names the temporary store's directory.
  explicit SessionWorld(std::string_view name) : name_(name) {}

  void SetUp() override {
    db_ = std::make_unique<store::testing::TempStore>(name_);
    territories_ = std::make_unique<territory::SqliteTerritoryStore>(db_->pool());
    account_store_ = std::make_unique<SqliteAccountStore>(db_->pool());
    session_store_ = std::make_unique<SqliteSessionStore>(db_->pool(), totp_key_);
    accounts_ = std::make_unique<AccountService>(*account_store_, *territories_);
    sessions_ = std::make_unique<SessionService>(*session_store_, SessionOptions{},
                                                 [this] { return now_ms_; });
    ASSERT_TRUE(accounts_->AddUser("amina", "admin", std::nullopt, kPassword).ok());
  }

  // The first column of the first row of `sql`, read beside the code under test.
  std::string Query(const std::string& sql) const { return db_->QueryText(sql); }

  int64_t now_ms_ = 1'800'000'000'000;
  // The key the session store seals TOTP secrets with (in memory only).
  std::optional<SealingKey> totp_key_ = SealingKey::Generate();
  std::unique_ptr<store::testing::TempStore> db_;
  std::unique_ptr<territory::SqliteTerritoryStore> territories_;
  std::unique_ptr<SqliteAccountStore> account_store_;
  std::unique_ptr<SqliteSessionStore> session_store_;
  std::unique_ptr<AccountService> accounts_;
  std::unique_ptr<SessionService> sessions_;

 private:
  std::string name_;
};

}  // namespace tanzim::auth::testing
