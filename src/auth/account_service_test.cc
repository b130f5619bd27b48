#include "auth/account_service.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "auth/sqlite_account_store.h"
#include "core/time.h"
#include "store/migrations.h"
#include "store/sqlite.h"
#include "store/testing/temp_store.h"
#include "territory/sqlite_territory_store.h"

namespace tanzim {
// Readable failure output for field errors.
inline void PrintTo(const FieldError& e, std::ostream* os) {
  *os << "{\"" << e.field << "\", \"" << e.message_key << "\"}";
}
}  // namespace tanzim

namespace tanzim::auth {
namespace {

namespace fs = std::filesystem;
using territory::Kind;
using territory::Territory;

constexpr const char* kPassword = "correct horse battery";

class AccountServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<store::testing::TempStore>("accounts");
    dir_ = db_->dir();
    pool_ = &db_->pool();
    territories_ = std::make_unique<territory::SqliteTerritoryStore>(*pool_);
    accounts_ = std::make_unique<SqliteAccountStore>(*pool_);
    service_ = std::make_unique<AccountService>(*accounts_, *territories_);

    Territory region;
    region.code = "MA-03";
    region.kind = Kind::kRegion;
    region.name_ar = "فاس مكناس";
    region.name_fr = "Fès-Meknès";
    region.path = "/MA-03/";
    Territory fes;
    fes.code = "MA-FES";
    fes.kind = Kind::kPrefecture;
    fes.name_ar = "فاس";
    fes.name_fr = "Fès";
    fes.parent_code = "MA-03";
    fes.path = "/MA-03/MA-FES/";
    auto written = territories_->Write({region, fes});
    ASSERT_TRUE(written.ok());
  }

  void TearDown() override {
    service_.reset();
    accounts_.reset();
    territories_.reset();
    db_.reset();
  }

  // Runs one statement on the database behind the service.
  void Exec(const char* sql) {
    auto conn = pool_->Acquire();
    ASSERT_TRUE(conn.ok());
    ASSERT_TRUE((*conn)->Exec(sql).ok());
  }

  std::unique_ptr<store::testing::TempStore> db_;
  fs::path dir_;
  store::Pool* pool_ = nullptr;
  std::unique_ptr<territory::SqliteTerritoryStore> territories_;
  std::unique_ptr<SqliteAccountStore> accounts_;
  std::unique_ptr<AccountService> service_;
};

struct AddUserCase {
  const char* name;
  std::string login;
  std::string role;
  std::optional<std::string> scope;
  std::string password;
  std::vector<FieldError> expected;
};

TEST_F(AccountServiceTest, AddUserValidatesEveryField) {
  const AddUserCase kCases[] = {
      {"short login", "ab", "admin", std::nullopt, kPassword, {{"login", "field.login_invalid"}}},
      {"upper case login",
       "Amina",
       "admin",
       std::nullopt,
       kPassword,
       {{"login", "field.login_invalid"}}},
      {"space in login",
       "amina b",
       "admin",
       std::nullopt,
       kPassword,
       {{"login", "field.login_invalid"}}},
      {"arabic login",
       "أمينة",
       "admin",
       std::nullopt,
       kPassword,
       {{"login", "field.login_invalid"}}},
      // A NUL would end the otpauth label early (core/percent_encoding.h refuses it).
      {"NUL in login",
       std::string("ami\0na", 6),
       "admin",
       std::nullopt,
       kPassword,
       {{"login", "field.login_invalid"}}},
      {"long login",
       std::string(65, 'a'),
       "admin",
       std::nullopt,
       kPassword,
       {{"login", "field.login_invalid"}}},
      {"unknown role", "amina", "root", std::nullopt, kPassword, {{"role", "field.role_invalid"}}},
      {"short password",
       "amina",
       "admin",
       std::nullopt,
       "1234567",
       {{"password", "field.password_length"}}},
      {"long password",
       "amina",
       "admin",
       std::nullopt,
       std::string(129, 'p'),
       {{"password", "field.password_length"}}},
      {"admin with scope",
       "amina",
       "admin",
       "MA-FES",
       kPassword,
       {{"scope", "field.scope_national"}}},
      {"secretary without scope",
       "amina",
       "secretary",
       std::nullopt,
       kPassword,
       {{"scope", "field.required"}}},
      {"viewer with unknown scope",
       "amina",
       "viewer",
       "MA-99",
       kPassword,
       {{"scope", "field.territory_unknown"}}},
      {"everything wrong",
       "A",
       "root",
       std::nullopt,
       "short",
       {{"login", "field.login_invalid"},
        {"role", "field.role_invalid"},
        {"password", "field.password_length"}}},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    auto id = service_->AddUser(c.login, c.role, c.scope, c.password);
    ASSERT_FALSE(id.ok());
    EXPECT_EQ(id.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(id.error().message_key(), "error.invalid");
    EXPECT_EQ(id.error().fields(), c.expected);
  }
  // None of them was stored: a token for the login cannot be made.
  auto token = service_->CreateToken("amina");
  ASSERT_FALSE(token.ok());
  EXPECT_EQ(token.error().fields(), (std::vector<FieldError>{{"login", "field.login_unknown"}}));
}

TEST_F(AccountServiceTest, AddsUsersAndRefusesADuplicateLogin) {
  auto admin = service_->AddUser("admin", "admin", std::nullopt, "k7#pQ9zv");  // 8 is enough
  ASSERT_TRUE(admin.ok()) << admin.error().message_key();
  auto secretary = service_->AddUser("s.alaoui-2", "secretary", "MA-FES", kPassword);
  ASSERT_TRUE(secretary.ok());
  EXPECT_NE(*admin, *secretary);

  auto again = service_->AddUser("admin", "viewer", "MA-FES", "another password");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code(), ErrorCode::kConflict);
  EXPECT_EQ(again.error().fields(), (std::vector<FieldError>{{"login", "field.login_taken"}}));

  // Only an argon2id hash of the password is kept.
  auto conn = pool_->Acquire();
  ASSERT_TRUE(conn.ok());
  auto stmt = (*conn)->Prepare("SELECT password_hash, role, scope_code FROM users ORDER BY id");
  ASSERT_TRUE(stmt.ok());
  std::vector<std::string> roles;
  while (*(*stmt)->Step()) {
    EXPECT_TRUE((*stmt)->Text(0).starts_with("$argon2id$")) << (*stmt)->Text(0);
    EXPECT_EQ((*stmt)->Text(0).find("k7#pQ9zv"), std::string::npos);
    roles.push_back((*stmt)->Text(1) + "@" + (*stmt)->OptText(2).value_or("-"));
  }
  EXPECT_EQ(roles, (std::vector<std::string>{"admin@-", "secretary@MA-FES"}));
  (*stmt)->Reset();

  // The admin acts nationally: no scope comes with it.
  auto token = service_->CreateToken("admin");
  ASSERT_TRUE(token.ok());
  auto actor = service_->Authenticate(*token);
  ASSERT_TRUE(actor.ok());
  EXPECT_EQ(actor->user_id, *admin);
  EXPECT_EQ(actor->role, Role::kAdmin);
  EXPECT_FALSE(actor->scope.has_value());
}

TEST_F(AccountServiceTest, TokenAuthenticatesItsUser) {
  auto id = service_->AddUser("s.alaoui", "secretary", "MA-FES", kPassword);
  ASSERT_TRUE(id.ok());
  auto token = service_->CreateToken("s.alaoui");
  ASSERT_TRUE(token.ok());
  EXPECT_EQ(token->size(), 43u);
  EXPECT_EQ(
      token->find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
      std::string::npos);

  auto actor = service_->Authenticate(*token);
  ASSERT_TRUE(actor.ok());
  EXPECT_EQ(actor->user_id, *id);
  EXPECT_EQ(actor->login, "s.alaoui");
  EXPECT_EQ(actor->role, Role::kSecretary);
  ASSERT_TRUE(actor->scope.has_value());
  EXPECT_EQ(actor->scope->code, "MA-FES");
  EXPECT_EQ(actor->scope->kind, Kind::kPrefecture);
  EXPECT_EQ(actor->scope->parent_code, "MA-03");
  EXPECT_EQ(actor->scope->path, "/MA-03/MA-FES/");
  EXPECT_EQ(actor->scope->name_ar, "فاس");

  // A second token works too and differs from the first.
  auto second = service_->CreateToken("s.alaoui");
  ASSERT_TRUE(second.ok());
  EXPECT_NE(*second, *token);
  EXPECT_TRUE(service_->Authenticate(*second).ok());
  EXPECT_TRUE(service_->Authenticate(*token).ok());

  // The store keeps only a 32-byte hash, never the token.
  auto conn = pool_->Acquire();
  ASSERT_TRUE(conn.ok());
  auto stmt = (*conn)->Prepare("SELECT token_hash FROM api_tokens");
  ASSERT_TRUE(stmt.ok());
  int rows = 0;
  while (*(*stmt)->Step()) {
    ++rows;
    const std::string hash = (*stmt)->Blob(0);
    EXPECT_EQ(hash.size(), 32u);
    EXPECT_NE(hash, *token);
    EXPECT_NE(hash, *second);
  }
  EXPECT_EQ(rows, 2);
}

TEST_F(AccountServiceTest, BadOrUnknownTokensAreUnauthenticated) {
  ASSERT_TRUE(service_->AddUser("viewer1", "viewer", "MA-03", kPassword).ok());
  auto token = service_->CreateToken("viewer1");
  ASSERT_TRUE(token.ok());
  std::string altered = *token;
  altered[10] = altered[10] == 'A' ? 'B' : 'A';
  std::string flipped_case = *token;
  for (char& c : flipped_case) {
    if (std::isalpha(static_cast<unsigned char>(c))) {
      c = std::isupper(static_cast<unsigned char>(c)) ? std::tolower(c) : std::toupper(c);
      break;
    }
  }
  const std::string kBad[] = {
      "",
      "abc",
      std::string(43, 'A'),    // right shape, never issued
      altered,                 // one character off
      flipped_case,            // tokens are case-sensitive
      *token + "x",            // too long
      token->substr(0, 42),    // too short
      " " + token->substr(1),  // space instead of the first character
  };
  for (const std::string& bad : kBad) {
    SCOPED_TRACE(bad);
    auto actor = service_->Authenticate(bad);
    ASSERT_FALSE(actor.ok());
    EXPECT_EQ(actor.error().code(), ErrorCode::kUnauthenticated);
    EXPECT_EQ(actor.error().message_key(), "error.unauthenticated");
  }
  EXPECT_TRUE(service_->Authenticate(*token).ok());
}

TEST_F(AccountServiceTest, DisabledUserCanNeitherGetNorUseATokenAnymore) {
  ASSERT_TRUE(service_->AddUser("gone", "viewer", "MA-03", kPassword).ok());
  auto token = service_->CreateToken("gone");
  ASSERT_TRUE(token.ok());
  Exec("UPDATE users SET disabled = 1 WHERE login = 'gone'");
  auto actor = service_->Authenticate(*token);
  ASSERT_FALSE(actor.ok());
  EXPECT_EQ(actor.error().code(), ErrorCode::kUnauthenticated);
  auto another = service_->CreateToken("gone");
  ASSERT_FALSE(another.ok());
  EXPECT_EQ(another.error().fields(), (std::vector<FieldError>{{"login", "field.login_unknown"}}));
}

TEST_F(AccountServiceTest, TokensLiveForTheirDaysAndCanBeRevoked) {
  ASSERT_TRUE(service_->AddUser("amina", "admin", std::nullopt, kPassword).ok());
  for (const int days : {0, -5, 367, 100'000}) {
    auto refused = service_->CreateToken("amina", std::chrono::days(days));
    ASSERT_FALSE(refused.ok()) << days;
    EXPECT_EQ(refused.error().fields(),
              (std::vector<FieldError>{{"days", "field.token_days_range"}}));
  }
  auto year = service_->CreateToken("amina", AccountService::kMaxTokenLifetime);
  ASSERT_TRUE(year.ok());
  auto day = service_->CreateToken("amina", std::chrono::days(1));
  ASSERT_TRUE(day.ok());
  EXPECT_TRUE(service_->Authenticate(*year).ok());
  EXPECT_TRUE(service_->Authenticate(*day).ok());

  auto revoked = service_->RevokeTokens("amina");
  ASSERT_TRUE(revoked.ok());
  EXPECT_EQ(*revoked, 2);
  // At once in this process: the token cache is cleared too.
  EXPECT_EQ(service_->Authenticate(*year).error().code(), ErrorCode::kUnauthenticated);
  EXPECT_EQ(service_->Authenticate(*day).error().code(), ErrorCode::kUnauthenticated);
  auto again = service_->RevokeTokens("amina");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
  auto unknown = service_->RevokeTokens("nobody");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().fields(), (std::vector<FieldError>{{"login", "field.login_unknown"}}));
}

TEST_F(AccountServiceTest, OneTokenIsRevokedAtOnceAndTheOthersStay) {
  ASSERT_TRUE(service_->AddUser("amina", "admin", std::nullopt, kPassword).ok());
  ASSERT_TRUE(service_->AddUser("karim", "admin", std::nullopt, kPassword).ok());
  auto kept = service_->CreateToken("amina");
  auto leaked = service_->CreateToken("amina", std::chrono::days(7));
  auto karims = service_->CreateToken("karim");
  ASSERT_TRUE(kept.ok() && leaked.ok() && karims.ok());
  // Authenticated once, both are in the token cache.
  EXPECT_TRUE(service_->Authenticate(*kept).ok());
  EXPECT_TRUE(service_->Authenticate(*leaked).ok());

  auto listed = service_->ListTokens("amina");
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 2u);
  const TokenInfo leaked_info = (*listed)[1];
  EXPECT_LT((*listed)[0].id, leaked_info.id);
  EXPECT_LT(leaked_info.expires_at, (*listed)[0].expires_at);  // 7 days against 90

  // Karim's token is not Amina's to revoke; nor is an id no token has.
  const int64_t karims_id = (*service_->ListTokens("karim"))[0].id;
  for (const int64_t id : {karims_id, leaked_info.id + 100}) {
    const Status refused = service_->RevokeToken("amina", id);
    ASSERT_FALSE(refused.ok()) << id;
    EXPECT_EQ(refused.error().fields(), (std::vector<FieldError>{{"id", "field.token_unknown"}}));
  }
  EXPECT_EQ(service_->RevokeToken("nobody", leaked_info.id).error().fields(),
            (std::vector<FieldError>{{"login", "field.login_unknown"}}));
  EXPECT_TRUE(service_->Authenticate(*karims).ok());

  ASSERT_TRUE(service_->RevokeToken("amina", leaked_info.id).ok());
  EXPECT_EQ(service_->Authenticate(*leaked).error().code(), ErrorCode::kUnauthenticated);
  EXPECT_TRUE(service_->Authenticate(*kept).ok());
  EXPECT_EQ(*service_->ListTokens("amina"), std::vector<TokenInfo>{(*listed)[0]});
  EXPECT_FALSE(service_->ListTokens("nobody").ok());
}

// A token's last use, to the hour: the operator sees which tokens scripts
// still use. Each server writes it at most once an hour per token.
TEST_F(AccountServiceTest, ATokensLastUseIsRecordedToTheHour) {
  ASSERT_TRUE(service_->AddUser("amina", "admin", std::nullopt, kPassword).ok());
  auto used = service_->CreateToken("amina");
  auto unused = service_->CreateToken("amina");
  ASSERT_TRUE(used.ok() && unused.ok());
  const auto last_used = [&](size_t i) { return (*service_->ListTokens("amina"))[i].last_used_at; };
  // The first token's stored last use, as another server would have left it.
  const auto SetLastUse = [&](const std::string& at) {
    auto conn = pool_->Acquire();
    ASSERT_TRUE(conn.ok());
    ASSERT_TRUE(
        (*conn)->Exec("UPDATE api_tokens SET last_used_at = '" + at + "' WHERE id = 1").ok());
  };
  EXPECT_EQ(last_used(0), "");

  const std::string before = UtcNowRfc3339();
  ASSERT_TRUE(service_->Authenticate(*used).ok());
  const std::string first = last_used(0);
  EXPECT_GE(first, before);
  EXPECT_LE(first, UtcNowRfc3339());
  EXPECT_EQ(last_used(1), "") << "only the token used";

  // Another server (a fresh cache) within the hour reads the mark and writes nothing.
  const std::string half_hour_ago =
      FormatRfc3339(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) -
                    std::chrono::minutes(30));
  SetLastUse(half_hour_ago);
  AccountService other(*accounts_, *territories_);
  ASSERT_TRUE(other.Authenticate(*used).ok());
  EXPECT_EQ(last_used(0), half_hour_ago);
  // Past the hour it writes again.
  SetLastUse("2026-01-01T00:00:00Z");
  AccountService third(*accounts_, *territories_);
  ASSERT_TRUE(third.Authenticate(*used).ok());
  EXPECT_GE(last_used(0), before);
  // Refused tokens mark nothing.
  EXPECT_FALSE(third.Authenticate(std::string(43, 'A')).ok());
  EXPECT_EQ(last_used(1), "");
}

TEST_F(AccountServiceTest, CreateTokenForUnknownLogin) {
  auto token = service_->CreateToken("nobody");
  ASSERT_FALSE(token.ok());
  EXPECT_EQ(token.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(token.error().fields(), (std::vector<FieldError>{{"login", "field.login_unknown"}}));
}

}  // namespace
}  // namespace tanzim::auth
