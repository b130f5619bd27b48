// The `tanzim` program's fixed points, run as a child process: init, user add,
// token create, import communes and people, and serve under SIGTERM and SIGKILL.
#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <sstream>
#include <thread>

#include "i18n/messages.h"
#include "web/testing/subprocess.h"

namespace tanzim::web::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

std::string LastLine(const std::string& text) {
  std::istringstream lines(text);
  std::string line;
  std::string last;
  while (std::getline(lines, line)) {
    if (!line.empty()) last = line;
  }
  return last;
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(TanzimBinary().empty()) << "TANZIM_BINARY is not set; run through ctest";
    db_ = dir_.File("tanzim.db");
  }

  RunResult Run(const std::vector<std::string>& args, std::string_view input = {}) {
    return RunTanzim(dir_, args, input);
  }

  void InitStore() {
    const auto r = Run({"init", "--db", db_});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  // `user add` then `token create`, as an operator would; returns the token.
  std::string AddUserWithToken(const std::string& login, const std::string& role) {
    const auto added = Run({"user", "add", "--db", db_, "--login", login, "--role", role},
                           "correct horse battery\n");
    EXPECT_EQ(added.exit_code, 0) << added.err;
    const auto token = Run({"token", "create", "--db", db_, "--login", login});
    EXPECT_EQ(token.exit_code, 0) << token.err;
    return LastLine(token.out);
  }

  std::string Count(const std::string& table, const std::string& where = "1") {
    return QuerySqlite(db_, "SELECT count(*) FROM " + table + " WHERE " + where);
  }

  // Whether `err` carries the message `key` in one of the operator's
  // languages (LANG chooses which).
  static bool Says(const std::string& err, const std::string& key) {
    for (const auto lang : {i18n::Lang::kAr, i18n::Lang::kFr, i18n::Lang::kEn}) {
      if (err.find(i18n::Translate(key, lang)) != std::string::npos) return true;
    }
    return false;
  }

  // A fingerprint of the whole territory table.
  std::string Territories() {
    return QuerySqlite(db_,
                       "SELECT group_concat(code || '|' || kind || '|' || name_ar || '|' || name_fr"
                       " || '|' || ifnull(parent_code, '') || '|' || path, ';') FROM"
                       " (SELECT * FROM territories ORDER BY code)");
  }

  TempDir dir_;
  std::string db_;
};

TEST_F(CliTest, InitIsIdempotentAndCreatesNoAccount) {
  InitStore();
  EXPECT_EQ(Count("territories"), "87");
  EXPECT_EQ(Count("territories", "kind = 'region'"), "12");
  EXPECT_EQ(QuerySqlite(db_, "SELECT parent_code FROM territories WHERE code = 'MA-SEF'"), "MA-03");
  const std::string before = Territories();
  InitStore();
  EXPECT_EQ(Territories(), before);
  EXPECT_EQ(Count("users"), "0");
  EXPECT_EQ(Count("api_tokens"), "0");
}

// A path that is no store must be said so, not "busy, please retry", and
// must be left as it was.
TEST_F(CliTest, InitOnSomethingThatIsNoStoreSaysSoAndChangesNothing) {
  const std::string junk = dir_.File("junk.db");
  const std::string text = "not a database, only some text";
  WriteFile(junk, text);
  for (const std::string& path : {junk, dir_.File("")}) {
    const auto r = Run({"init", "--db", path});
    EXPECT_EQ(r.exit_code, 1) << path;
    EXPECT_TRUE(Says(r.err, "error.store_unopenable")) << r.err;
  }
  EXPECT_EQ(ReadFile(junk), text);
}

// TOTP secrets are sealed with the key in <db>.key (auth/sealing_key.h).
TEST_F(CliTest, TheTotpKeyFileIsMadeOnceAndWithoutItOnlyTheResetRuns) {
  InitStore();
  const std::string key_path = db_ + ".key";
  struct stat status {};
  ASSERT_EQ(::stat(key_path.c_str(), &status), 0) << "init makes the key";
  EXPECT_EQ(status.st_mode & 0777, 0600U);
  EXPECT_EQ(status.st_size, 32);
  const std::string key = ReadFile(key_path);
  InitStore();
  EXPECT_EQ(ReadFile(key_path), key);

  // A secret an older version stored in clear is sealed at the next open.
  ASSERT_EQ(Run({"user", "add", "--db", db_, "--login", "amina", "--role", "admin"},
                "correct horse battery\n")
                .exit_code,
            0);
  QuerySqlite(db_,
              "INSERT INTO totp (user_id, secret, enabled, last_step, created_at)"
              " SELECT id, zeroblob(20), 1, 0, '2026-01-01T00:00:00Z' FROM users");
  InitStore();
  EXPECT_EQ(QuerySqlite(db_, "SELECT length(secret) FROM totp"), "61");
  const std::string sealed = QuerySqlite(db_, "SELECT hex(secret) FROM totp");

  // The key lost (the database restored without it): a new key would not
  // open amina's secret, so nothing opens the store but the reset, and no
  // key is made.
  std::filesystem::rename(key_path, key_path + ".aside");
  const std::string port = std::to_string(FreePort());
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"init", "--db", db_},
        {"serve", "--db", db_, "--listen", "127.0.0.1:" + port},
        {"token", "create", "--db", db_, "--login", "amina"}}) {
    const auto r = Run(args);
    EXPECT_EQ(r.exit_code, 1) << args[0] << ": " << r.err;
    EXPECT_TRUE(Says(r.err, "error.totp_key_missing")) << r.err;
    EXPECT_NE((r.out + r.err).find("amina"), std::string::npos) << "the log names the account";
    EXPECT_FALSE(std::filesystem::exists(key_path)) << args[0];
  }
  EXPECT_EQ(QuerySqlite(db_, "SELECT hex(secret) FROM totp"), sealed);
  EXPECT_EQ(Count("api_tokens"), "0");

  // Restored, the store opens again with it.
  std::filesystem::rename(key_path + ".aside", key_path);
  InitStore();
  EXPECT_EQ(ReadFile(key_path), key);

  // Lost for good: the reset removes the secret, then a new key is made.
  std::filesystem::remove(key_path);
  const auto reset = Run({"user", "totp-reset", "--db", db_, "amina"});
  ASSERT_EQ(reset.exit_code, 0) << reset.err;
  EXPECT_EQ(reset.err.find("missing"), std::string::npos) << "the way out raises no alarm";
  EXPECT_EQ(Count("totp"), "0");
  InitStore();
  ASSERT_TRUE(std::filesystem::exists(key_path));
  EXPECT_NE(ReadFile(key_path), key);
}

TEST_F(CliTest, UserAddTakesThePasswordOnStdinAndExits3ForAnExistingLogin) {
  InitStore();
  const std::string password = "correct horse battery";
  const auto added = Run(
      {"user", "add", "--db", db_, "--login", "amina", "--role", "secretary", "--scope", "MA-MOU"},
      password + "\n");
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_EQ(QuerySqlite(db_, "SELECT role || ' ' || scope_code FROM users WHERE login = 'amina'"),
            "secretary MA-MOU");
  const std::string hash = QuerySqlite(db_, "SELECT password_hash FROM users");
  EXPECT_TRUE(hash.starts_with("$argon2id$")) << hash;
  EXPECT_EQ(hash.find(password), std::string::npos);

  const auto again =
      Run({"user", "add", "--db", db_, "--login", "amina", "--role", "viewer", "--scope", "MA-SEF"},
          password + "\n");
  EXPECT_EQ(again.exit_code, 3) << again.err;
  EXPECT_NE(again.err.find("amina"), std::string::npos) << again.err;

  const std::vector<std::vector<std::string>> refused = {
      {"--login", "badrole", "--role", "king"},
      {"--login", "noscope", "--role", "secretary"},
      {"--login", "nowhere", "--role", "viewer", "--scope", "MA-NOPE"},
      {"--login", "national", "--role", "admin", "--scope", "MA-MOU"},
      {"--login", "Bad Login!", "--role", "admin"},
  };
  for (const auto& args : refused) {
    std::vector<std::string> full{"user", "add", "--db", db_};
    full.insert(full.end(), args.begin(), args.end());
    const auto r = Run(full, password + "\n");
    EXPECT_NE(r.exit_code, 0) << args[1];
    EXPECT_NE(r.exit_code, 3) << args[1] << ": 3 means only 'login exists'";
  }
  const auto short_password =
      Run({"user", "add", "--db", db_, "--login", "shorty", "--role", "admin"}, "short\n");
  EXPECT_NE(short_password.exit_code, 0);
  EXPECT_EQ(Count("users"), "1");
  EXPECT_EQ(QuerySqlite(db_, "SELECT role FROM users WHERE login = 'amina'"), "secretary");
}

TEST_F(CliTest, UserPasswdAndDisableEndSessionsAndRefuseCommonPasswords) {
  InitStore();
  ASSERT_EQ(Run({"user", "add", "--db", db_, "--login", "amina", "--role", "admin"},
                "correct horse battery\n")
                .exit_code,
            0);
  const auto common =
      Run({"user", "add", "--db", db_, "--login", "karim", "--role", "admin"}, "Password1\n");
  EXPECT_NE(common.exit_code, 0);
  EXPECT_NE(common.err.find("password"), std::string::npos) << common.err;
  EXPECT_EQ(Count("users"), "1");
  // Sessions as the server would have stored them.
  QuerySqlite(db_,
              "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at,"
              " address) SELECT x'01', id, 0, 0, 0, '' FROM users WHERE login = 'amina'");
  const std::string before = QuerySqlite(db_, "SELECT password_hash FROM users");
  EXPECT_NE(Run({"user", "passwd", "--db", db_, "amina"}, "iloveyou\n").exit_code, 0);
  EXPECT_EQ(QuerySqlite(db_, "SELECT password_hash FROM users"), before);
  EXPECT_EQ(Count("sessions"), "1") << "a refused change ends nothing";
  const auto changed = Run({"user", "passwd", "--db", db_, "amina"}, "another long passphrase\n");
  ASSERT_EQ(changed.exit_code, 0) << changed.err;
  EXPECT_NE(QuerySqlite(db_, "SELECT password_hash FROM users"), before);
  EXPECT_EQ(Count("sessions"), "0");
  EXPECT_NE(Run({"user", "disable", "--db", db_, "nobody"}).exit_code, 0);
  ASSERT_EQ(Run({"user", "disable", "--db", db_, "amina"}).exit_code, 0);
  EXPECT_EQ(QuerySqlite(db_, "SELECT disabled FROM users"), "1");
  EXPECT_EQ(Count("auth_events", "kind IN ('password_changed', 'disabled')"), "2");
}

TEST_F(CliTest, UserSignOutEndsOneAccountsSessionsOrEveryones) {
  InitStore();
  for (const char* login : {"amina", "karim"}) {
    ASSERT_EQ(Run({"user", "add", "--db", db_, "--login", login, "--role", "admin"},
                  "correct horse battery\n")
                  .exit_code,
              0);
  }
  const std::string token = LastLine(Run({"token", "create", "--db", db_, "--login", "amina"}).out);
  // Sessions as the server would have stored them: two of amina's, one of karim's.
  QuerySqlite(db_,
              "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at,"
              " address) SELECT x'01' || id, id, 0, 0, 0, '' FROM users UNION ALL"
              " SELECT x'02' || id, id, 0, 0, 0, '' FROM users WHERE login = 'amina'");
  ASSERT_EQ(Count("sessions"), "3");

  EXPECT_NE(Run({"user", "sign-out", "--db", db_}).exit_code, 0) << "a login or --all";
  EXPECT_NE(Run({"user", "sign-out", "--db", db_, "--all", "amina"}).exit_code, 0);
  const auto unknown = Run({"user", "sign-out", "--db", db_, "nobody"});
  EXPECT_NE(unknown.exit_code, 0);
  EXPECT_NE(unknown.err.find("login"), std::string::npos) << unknown.err;
  EXPECT_EQ(Count("sessions"), "3");

  const auto one = Run({"user", "sign-out", "--db", db_, "amina"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_EQ(one.out, "amina: 2 sessions ended\n");
  EXPECT_EQ(Count("sessions"), "1") << "karim's stays";
  EXPECT_EQ(Count("api_tokens"), "1") << "tokens stay";
  const auto all = Run({"user", "sign-out", "--db", db_, "--all"});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_EQ(all.out, "every account: 1 session ended\n");
  EXPECT_EQ(Count("sessions"), "0");
  EXPECT_EQ(Count("auth_events", "kind IN ('sessions_ended', 'all_sessions_ended')"), "2");
  {
    auto app = app::App::Open(db_);
    ASSERT_TRUE(app.ok());
    EXPECT_TRUE((*app)->accounts().Authenticate(token).ok());
  }
}

TEST_F(CliTest, TokenCreatePrintsAWorkingTokenOnItsLastLine) {
  InitStore();
  const std::string token = AddUserWithToken("admin", "admin");
  EXPECT_EQ(token.size(), 43u) << token;
  const std::string other = LastLine(Run({"token", "create", "--db", db_, "--login", "admin"}).out);
  EXPECT_NE(other, token);
  EXPECT_EQ(Count("api_tokens"), "2");
  {
    auto app = app::App::Open(db_);
    ASSERT_TRUE(app.ok());
    for (const auto& t : {token, other}) {
      auto actor = (*app)->accounts().Authenticate(t);
      ASSERT_TRUE(actor.ok()) << t;
      EXPECT_EQ(actor->login, "admin");
      EXPECT_EQ(actor->role, auth::Role::kAdmin);
    }
  }
  const auto unknown = Run({"token", "create", "--db", db_, "--login", "ghost"});
  EXPECT_NE(unknown.exit_code, 0);
  EXPECT_TRUE(LastLine(unknown.out).empty()) << unknown.out;
  EXPECT_EQ(Count("api_tokens"), "2");
}

TEST_F(CliTest, TokensExpireAndCanBeRevoked) {
  InitStore();
  const std::string token = AddUserWithToken("admin", "admin");
  // 90 days by default; --days chooses, within 1..366.
  EXPECT_EQ(Count("api_tokens",
                  "expires_at > strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '+89 days') AND "
                  "expires_at <= strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '+90 days')"),
            "1");
  for (const char* days : {"0", "367", "-1", "ninety"}) {
    const auto refused = Run({"token", "create", "--db", db_, "--login", "admin", "--days", days});
    EXPECT_NE(refused.exit_code, 0) << days;
    EXPECT_TRUE(LastLine(refused.out).empty()) << days << ": " << refused.out;
  }
  EXPECT_EQ(Count("api_tokens"), "1");
  const auto day = Run({"token", "create", "--db", db_, "--login", "admin", "--days", "1"});
  ASSERT_EQ(day.exit_code, 0) << day.err;
  const std::string short_lived = LastLine(day.out);
  EXPECT_EQ(Count("api_tokens", "expires_at <= strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '+1 day')"),
            "1");
  const auto works = [this](const std::string& t) {
    auto app = app::App::Open(db_);
    return app.ok() && (*app)->accounts().Authenticate(t).ok();
  };
  EXPECT_TRUE(works(token));
  EXPECT_TRUE(works(short_lived));

  // A day later (the clock moved on, as far as the store can tell).
  QuerySqlite(db_,
              "UPDATE api_tokens SET expires_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now',"
              " '-1 second') WHERE expires_at <= strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '+1 day')");
  EXPECT_FALSE(works(short_lived));
  EXPECT_TRUE(works(token));

  const auto revoked = Run({"token", "revoke", "--db", db_, "--login", "admin"});
  ASSERT_EQ(revoked.exit_code, 0) << revoked.err;
  EXPECT_NE(revoked.out.find("2 token(s) revoked"), std::string::npos) << revoked.out;
  EXPECT_EQ(Count("api_tokens"), "0");
  EXPECT_FALSE(works(token));
  EXPECT_EQ(Count("auth_events", "kind = 'token_created'"), "2");
  EXPECT_EQ(Count("auth_events", "kind = 'tokens_revoked' AND login = 'admin'"), "1");
  EXPECT_NE(Run({"token", "revoke", "--db", db_, "--login", "ghost"}).exit_code, 0);
}

// A script's token leaks: the operator finds it by its dates and revokes it
// alone, while the account's other tokens go on working.
TEST_F(CliTest, OneTokenCanBeListedAndRevokedAlone) {
  InitStore();
  const std::string first = AddUserWithToken("admin", "admin");
  const auto created = Run({"token", "create", "--db", db_, "--login", "admin", "--days", "1"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  const std::string second = LastLine(created.out);
  AddUserWithToken("other", "admin");

  const auto listed = Run({"token", "list", "--db", db_, "--login", "admin"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  std::vector<std::string> lines;
  std::istringstream in(listed.out);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), 3u) << listed.out;
  EXPECT_EQ(lines[0], "id\tcreated_at\texpires_at\tlast_used_at");
  EXPECT_TRUE(lines[1].starts_with("1\t")) << lines[1];
  EXPECT_TRUE(lines[2].starts_with("2\t")) << lines[2];
  EXPECT_TRUE(lines[2].ends_with("\tnever")) << lines[2];
  // Only ids and times: no token, no hash.
  EXPECT_EQ(listed.out.find(first), std::string::npos);
  EXPECT_EQ(listed.out.find(second), std::string::npos);

  // Another login's token, an unknown id or login: refused, nothing revoked.
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"--login", "admin", "--id", "3"},
                                             {"--login", "admin", "--id", "99"},
                                             {"--login", "ghost", "--id", "1"},
                                             {"--login", "admin", "--id", "0"},
                                             {"--login", "admin", "--id", "x"}}) {
    std::vector<std::string> command{"token", "revoke", "--db", db_};
    command.insert(command.end(), args.begin(), args.end());
    EXPECT_NE(Run(command).exit_code, 0) << args[1] << " " << args[3];
  }
  EXPECT_EQ(Count("api_tokens"), "3");

  const auto revoked = Run({"token", "revoke", "--db", db_, "--login", "admin", "--id", "2"});
  ASSERT_EQ(revoked.exit_code, 0) << revoked.err;
  EXPECT_NE(revoked.out.find("token 2 revoked"), std::string::npos) << revoked.out;
  const auto works = [this](const std::string& t) {
    auto app = app::App::Open(db_);
    return app.ok() && (*app)->accounts().Authenticate(t).ok();
  };
  EXPECT_FALSE(works(second));
  EXPECT_TRUE(works(first));
  EXPECT_EQ(Count("api_tokens"), "2");
  EXPECT_EQ(Count("auth_events", "kind = 'token_revoked' AND login = 'admin'"), "1");
  const auto after = Run({"token", "list", "--db", db_, "--login", "admin"});
  EXPECT_EQ(after.out.find("\n2\t"), std::string::npos) << after.out;
}

TEST_F(CliTest, ImportCommunesIsAllOrNothingAndRepeatable) {
  InitStore();
  const std::string good = dir_.File("good.csv");
  WriteFile(good,
            "code,name_ar,name_fr,parent_code\n"
            "MA-MOU-AIN,عين الشقف,Aïn Chkef,MA-MOU\n"
            "MA-SEF-BHA,البهاليل,Bhalil,MA-SEF\n"
            "\"MA-RAB-HAS\",\"حسان\",\"Hassan, Rabat\",MA-RAB\n");
  const auto first = Run({"import", "communes", "--db", db_, good});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("3 added, 0 updated, 0 unchanged"), std::string::npos) << first.out;
  EXPECT_EQ(Count("territories", "kind = 'commune'"), "3");
  EXPECT_EQ(QuerySqlite(db_,
                        "SELECT name_fr || '|' || path FROM territories WHERE code = "
                        "'MA-RAB-HAS'"),
            "Hassan, Rabat|/MA-04/MA-RAB/MA-RAB-HAS/");
  const std::string imported = Territories();

  const auto again = Run({"import", "communes", "--db", db_, good});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("0 added, 0 updated, 3 unchanged"), std::string::npos) << again.out;
  EXPECT_EQ(Territories(), imported);

  // Bad rows on lines 3, 5 and 6; good new rows on lines 2 and 4 must not land either.
  const std::string bad = dir_.File("bad.csv");
  WriteFile(bad,
            "code,name_ar,name_fr,parent_code\n"
            "MA-MOU-SEB,سبع رواضي,Sebaa Rouadi,MA-MOU\n"
            "MA-XXX-001,مكان,Nulle part,MA-NOPE\n"
            "MA-SEF-AAA,عين الشكاك,Ain Chegag,MA-SEF\n"
            "bad code!,اسم,Nom,MA-SEF\n"
            "MA-SEF-BBB,,Sans nom,MA-03\n");
  const auto refused = Run({"import", "communes", "--db", db_, bad});
  EXPECT_NE(refused.exit_code, 0);
  for (const char* line : {"line 3", "line 5", "line 6"}) {
    EXPECT_NE(refused.err.find(line), std::string::npos) << line << " not reported:\n"
                                                         << refused.err;
  }
  for (const char* line : {"line 2", "line 4"}) {
    EXPECT_EQ(refused.err.find(line), std::string::npos) << line << " is good:\n" << refused.err;
  }
  EXPECT_EQ(Territories(), imported);

  const std::string wrong_columns = dir_.File("columns.csv");
  WriteFile(wrong_columns, "code;name_ar;name_fr;parent_code\nA;B;C;MA-MOU\n");
  const auto columns = Run({"import", "communes", "--db", db_, wrong_columns});
  EXPECT_NE(columns.exit_code, 0);
  EXPECT_NE(columns.err.find("line 1"), std::string::npos) << columns.err;
  EXPECT_NE(Run({"import", "communes", "--db", db_, dir_.File("missing.csv")}).exit_code, 0);
  EXPECT_EQ(Territories(), imported);
}

TEST_F(CliTest, ImportPeopleIsAllOrNothingAndAuditedOncePerFile) {
  InitStore();
  const std::string good = dir_.File("people.csv");
  const std::string good_text =
      "name_ar,name_latin,cin,phone,territory_code\n"
      "أمينة العلوي,Amina Alaoui,AB123456,06 12 34 56 78,MA-MOU\n"
      "بدر,,C998877,+212 6 61 23 45 67,MA-RAB\n"
      ",\"Jamal, fils\",,,MA-MOU\n";
  WriteFile(good, good_text);

  // Bad values on lines 3 and 4; the good line 2 must not land either.
  const std::string bad = dir_.File("bad.csv");
  WriteFile(bad,
            "name_ar,cin,territory_code\n"
            "سعاد,EE112233,MA-MOU\n"
            "هدى,123,MA-MOU\n"
            "وليد,,MA-NOWHERE\n");
  const auto refused = Run({"import", "people", "--db", db_, bad});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("nothing imported"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("line 3: cin"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("line 4: territory_code"), std::string::npos) << refused.err;
  EXPECT_EQ(refused.err.find("line 2"), std::string::npos) << refused.err;

  const std::string shape = dir_.File("shape.csv");
  WriteFile(shape, "name_ar,territory_code\nسعاد,MA-MOU\nهدى\n");
  const auto misshapen = Run({"import", "people", "--db", db_, shape});
  EXPECT_EQ(misshapen.exit_code, 1);
  EXPECT_NE(misshapen.err.find("line 3"), std::string::npos) << misshapen.err;
  EXPECT_EQ(Run({"import", "people", "--db", db_, dir_.File("missing.csv")}).exit_code, 1);
  EXPECT_EQ(Count("people"), "0");
  EXPECT_EQ(Count("audit_log"), "0");

  const auto imported = Run({"import", "people", "--db", db_, good});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_NE(imported.out.find("3 added, ids 1 to 3 (audit: people/1)"), std::string::npos)
      << imported.out;
  EXPECT_EQ(QuerySqlite(db_, "SELECT cin || ' ' || phone FROM people WHERE id = 1"),
            "AB123456 +212612345678");
  EXPECT_EQ(QuerySqlite(db_, "SELECT name_latin FROM people WHERE id = 3"), "Jamal, fils");
  const json entry = json::parse(QuerySqlite(
      db_,
      "SELECT json_object('action', l.action, 'object', l.object_type || '/' || l.object_id,"
      " 'actor', l.actor_login, 'after', json(p.after))"
      " FROM audit_log l JOIN audit_payloads p ON p.id = l.payload_id"));
  EXPECT_EQ(entry["action"], "people.import");
  EXPECT_EQ(entry["object"], "people/1");
  EXPECT_EQ(entry["actor"], "tanzim");
  EXPECT_EQ(entry["after"]["count"], 3);
  EXPECT_EQ(entry["after"]["last_id"], 3);
  EXPECT_EQ(entry["after"]["file"], good);
  EXPECT_EQ(entry["after"]["sha256"].get<std::string>().size(), 64u);
  const auto verified = Run({"audit", "verify", "--db", db_});
  EXPECT_EQ(verified.exit_code, 0) << verified.err;
  EXPECT_NE(verified.out.find("1 audit entries, chain intact"), std::string::npos) << verified.out;

  // The same bytes again, under another name: refused as imported before.
  const std::string copy = dir_.File("copy.csv");
  WriteFile(copy, good_text);
  const auto repeated = Run({"import", "people", "--db", db_, copy});
  EXPECT_EQ(repeated.exit_code, 1);
  EXPECT_NE(repeated.err.find("imported before"), std::string::npos) << repeated.err;
  EXPECT_NE(repeated.err.find(good + ", 3 people, ids 1 to 3 (audit: people/1)"), std::string::npos)
      << repeated.err;
  // Told to import it again: its CINs are on file now, and nothing more lands.
  const auto again = Run({"import", "people", "--db", db_, "--again", copy});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("line 2: cin"), std::string::npos) << again.err;
  EXPECT_NE(again.err.find("line 3: cin"), std::string::npos) << again.err;
  EXPECT_EQ(again.err.find("line 4"), std::string::npos) << again.err;
  EXPECT_EQ(Count("people"), "3");
  EXPECT_EQ(Count("audit_log"), "1");

  // A file without CINs would add its people twice: only when told to.
  const std::string plain = dir_.File("plain.csv");
  WriteFile(plain, "name_ar,territory_code\nسعاد,MA-MOU\n");
  ASSERT_EQ(Run({"import", "people", "--db", db_, plain}).exit_code, 0);
  EXPECT_EQ(Run({"import", "people", "--db", db_, plain}).exit_code, 1);
  EXPECT_EQ(Count("people"), "4");
  const auto twice = Run({"import", "people", "--db", db_, "--again", plain});
  ASSERT_EQ(twice.exit_code, 0) << twice.err;
  EXPECT_NE(twice.out.find("1 added, ids 5 to 5"), std::string::npos) << twice.out;
  EXPECT_EQ(Count("people"), "5");
}

TEST_F(CliTest, ImportPeopleRefusesAnOversizedFileUnread) {
  InitStore();
  // Sparse: 257 MiB by its size, nothing on disk; refused before a byte is read.
  const std::string huge = dir_.File("huge.csv");
  WriteFile(huge, "name_ar,territory_code\n");
  std::filesystem::resize_file(huge, 257u << 20);
  const auto r = Run({"import", "people", "--db", db_, huge});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("larger than 256 MiB"), std::string::npos) << r.err;
  EXPECT_EQ(Count("people"), "0");
}

// True while another connection holds the store's write lock: `import people`
// takes it when it starts storing and keeps it until its one commit.
bool WriteLocked(const std::string& db_path) {
  sqlite3* db = nullptr;
  bool locked = false;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK) {
    locked = sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_BUSY;
    if (!locked) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  sqlite3_close(db);
  return locked;
}

TEST_F(CliTest, KilledImportLandsNothingAndTheFileImportsAfter) {
  InitStore();
  constexpr int kPeople = 30'000;
  std::string csv = "name_ar,name_latin,cin,territory_code\n";
  for (int i = 0; i < kPeople; ++i) {
    csv += "سعاد,Souad " + std::to_string(i) + ",KX" + std::to_string(100000 + i) + ",MA-MOU\n";
  }
  const std::string file = dir_.File("many.csv");
  WriteFile(file, csv);

  {
    Child import(dir_, {"import", "people", "--db", db_, file});
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    bool storing = false;
    while (!storing && std::chrono::steady_clock::now() < deadline) {
      storing = WriteLocked(db_);
      if (!storing) std::this_thread::sleep_for(1ms);
    }
    ASSERT_TRUE(storing) << "the import never started storing: " << import.err();
    std::this_thread::sleep_for(50ms);  // well inside its transaction
    import.Signal(SIGKILL);
    const auto status = import.Wait(5s);
    ASSERT_TRUE(status && WIFSIGNALED(*status)) << "the import ended before it was killed";
  }
  EXPECT_EQ(QuerySqlite(db_, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(Count("people"), "0");
  EXPECT_EQ(Count("audit_log"), "0");
  // A load this large beside the table drops the indexes inside its
  // transaction, to build them by sorting: killed, it leaves them standing.
  EXPECT_EQ(Count("sqlite_schema", "type = 'index' AND tbl_name = 'people' AND sql IS NOT NULL"),
            "3");

  const auto again = Run({"import", "people", "--db", db_, file});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(Count("people"), std::to_string(kPeople));
  EXPECT_EQ(Count("audit_log", "action = 'people.import'"), "1");
}

TEST_F(CliTest, ServeStopsCleanlyOnSigterm) {
  InitStore();
  ServeProcess serve(dir_, db_);
  ASSERT_TRUE(serve.WaitReady()) << serve.child().err();
  // An idle keep-alive connection must not hold the shutdown up.
  HttpConnection idle(serve.port());
  ASSERT_EQ(idle.Send({"GET", "/healthz", {}, {}}).status, 200);
  serve.child().Signal(SIGTERM);
  const auto status = serve.child().Wait(5s);
  ASSERT_TRUE(status.has_value()) << "still running 5 s after SIGTERM";
  ASSERT_TRUE(WIFEXITED(*status)) << "ended by signal " << WTERMSIG(*status);
  EXPECT_EQ(WEXITSTATUS(*status), 0) << serve.child().err();
  EXPECT_FALSE(HttpConnection(serve.port(), 1s).open()) << "still accepting after exit";
}

TEST_F(CliTest, ServeRefusesABadListenAddress) {
  InitStore();
  for (const char* listen : {"nonsense", "127.0.0.1:99999", "256.1.1.1:8080"}) {
    const auto r = Run({"serve", "--db", db_, "--listen", listen});
    EXPECT_NE(r.exit_code, 0) << listen;
    EXPECT_NE(r.exit_code, -1) << listen << ": did not exit";
  }
}

TEST_F(CliTest, KilledServerKeepsEveryAcknowledgedWrite) {
  InitStore();
  const std::string token = AddUserWithToken("admin", "admin");
  ASSERT_EQ(token.size(), 43u);
  std::vector<json> acknowledged;
  {
    ServeProcess serve(dir_, db_);
    ASSERT_TRUE(serve.WaitReady()) << serve.child().err();
    // A writer keeps posting while the process is killed under it.
    std::atomic<int> count{0};
    std::thread writer([&] {
      for (int i = 0; i < 2000; ++i) {
        json body = PersonJson("KL" + std::to_string(100000 + i), "MA-MOU");
        body["name_latin"] = "Killed " + std::to_string(i);
        const auto r = serve.Call("POST", "/api/v1/people", token, body.dump());
        if (r.status != 201) break;  // the server is gone
        acknowledged.push_back(r.Json());
        ++count;
      }
    });
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (count < 15 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(5ms);
    }
    serve.child().Signal(SIGKILL);
    writer.join();
    const auto status = serve.child().Wait(5s);
    ASSERT_TRUE(status && WIFSIGNALED(*status) && WTERMSIG(*status) == SIGKILL);
  }
  ASSERT_GE(acknowledged.size(), 15u);
  EXPECT_EQ(QuerySqlite(db_, "PRAGMA integrity_check"), "ok");

  ServeProcess restarted(dir_, db_);
  ASSERT_TRUE(restarted.WaitReady()) << restarted.child().err();
  for (const auto& person : acknowledged) {
    const auto r = restarted.Call(
        "GET", "/api/v1/people/" + std::to_string(person["id"].get<int64_t>()), token);
    ASSERT_EQ(r.status, 200) << "acknowledged person lost: " << person;
    EXPECT_EQ(r.Json(), person);
  }
  EXPECT_GE(std::stoul(Count("people")), acknowledged.size());
  EXPECT_EQ(QuerySqlite(db_, "PRAGMA integrity_check"), "ok");
  restarted.child().Signal(SIGTERM);
  EXPECT_TRUE(restarted.child().Wait(5s).has_value());
}

}  // namespace
}  // namespace tanzim::web::testing

namespace tanzim::web::testing {
namespace {

TEST_F(CliTest, AuditVerifyPassesOnRealChangesAndFailsOnTampering) {
  InitStore();
  const std::string token = AddUserWithToken("admin", "admin");
  {
    ServeProcess serve(dir_, db_);
    ASSERT_TRUE(serve.WaitReady()) << serve.child().err();
    for (const char* body : {R"({"kind":"political_bureau"})",
                             R"({"kind":"provincial_secretariat","territory_code":"MA-MOU"})"}) {
      const auto r = serve.Call("POST", "/api/v1/bodies", token, body);
      ASSERT_EQ(r.status, 201) << r;
    }
    ASSERT_EQ(serve.Call("POST", "/api/v1/bodies/2/dissolve", token).status, 200);
    const auto trail = serve.Call("GET", "/api/v1/audit?object=body/2", token);
    ASSERT_EQ(trail.status, 200) << trail;
    ASSERT_EQ(trail.Json()["items"].size(), 2u);
    EXPECT_EQ(trail.Json()["items"][1]["action"], "body.dissolve");
    EXPECT_EQ(trail.Json()["items"][1]["after"]["status"], "dissolved");
    serve.child().Signal(SIGTERM);
    ASSERT_TRUE(serve.child().Wait(5s).has_value());
  }
  const auto intact = Run({"audit", "verify", "--db", db_});
  EXPECT_EQ(intact.exit_code, 0) << intact.err;
  EXPECT_NE(intact.out.find("3 audit entries, chain intact"), std::string::npos) << intact.out;

  // Someone with the file rewrites history: the triggers have to go first,
  // and the chain still tells.
  QuerySqlite(db_, "DROP TRIGGER audit_log_no_update");
  QuerySqlite(db_, "UPDATE audit_log SET actor_login = 'nobody' WHERE id = 2");
  const auto broken = Run({"audit", "verify", "--db", db_});
  EXPECT_EQ(broken.exit_code, 1);
  EXPECT_NE(broken.err.find("broken at entry 2: altered"), std::string::npos) << broken.err;
}

}  // namespace
}  // namespace tanzim::web::testing
