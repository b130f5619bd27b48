#pragma once

// Test support for the HTTP API: a temporary store and a server on a free port
// wired like `tanzim serve`, driven by the synchronous client of
// http_client.h, whose timeout makes a hung server fail a test instead of
// hanging the suite.

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>  // NOLINT(modernize-deprecated-headers): mkdtemp is POSIX, not <cstdlib>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/app.h"
#include "auth/actor.h"
#include "core/percent_encoding.h"
#include "web/router.h"
#include "web/routes.h"
#include "web/server.h"
#include "web/testing/http_client.h"

namespace tanzim::web::testing {

// Communes the fixture imports below two provinces of Fès-Meknès (MA-03) and a
// prefecture of Rabat-Salé-Kénitra (MA-04).
inline constexpr const char* kCommuneMou = "MA-MOU-AIN";   // in MA-MOU
inline constexpr const char* kCommuneMou2 = "MA-MOU-SEB";  // in MA-MOU
inline constexpr const char* kCommuneSef = "MA-SEF-BHA";   // in MA-SEF
inline constexpr const char* kCommuneRab = "MA-RAB-HAS";   // in MA-RAB
inline constexpr const char* kCommunesCsv =
    "code,name_ar,name_fr,parent_code\n"
    "MA-MOU-AIN,عين الشقف,Aïn Chkef,MA-MOU\n"
    "MA-MOU-SEB,سبع رواضي,Sebaa Rouadi,MA-MOU\n"
    "MA-SEF-BHA,البهاليل,Bhalil,MA-SEF\n"
    "MA-RAB-HAS,حسان,Hassan,MA-RAB\n";

// A fresh directory under $TMPDIR, removed with its contents on destruction.
class TempDir {
 public:
  TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base != nullptr ? base : "/tmp") + "/tanzim-test-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string File(std::string_view name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// app::Init reads Debian's whole ISO 3166-2 list (5,000 entries, a quarter of
// a second to parse under AddressSanitizer) and keeps Morocco's 87. Tests give
// it those 87 only: cut once from the real file and kept beside the binary
// under test (TANZIM_BINARY), else in `scratch`. Returns the file's path.
inline std::string MoroccanIsoCodesJson(const TempDir& scratch) {
  namespace fs = std::filesystem;
  const fs::path source = app::kIsoCodesJson;
  std::error_code ec;
  const auto size = fs::file_size(source, ec);
  if (ec) return source.string();  // let Init report the missing file
  const auto mtime =
      std::chrono::duration_cast<std::chrono::seconds>(
          std::chrono::file_clock::to_sys(fs::last_write_time(source, ec)).time_since_epoch())
          .count();
  const char* binary = std::getenv("TANZIM_BINARY");
  const fs::path dir = binary != nullptr ? fs::path(binary).parent_path() : scratch.path();
  const fs::path cached =
      dir / ("iso_3166-2_MA-" + std::to_string(size) + "-" + std::to_string(mtime) + ".json");
  if (fs::exists(cached, ec)) return cached.string();
  std::ifstream in(source);
  const auto all = nlohmann::json::parse(in, nullptr, false);
  if (all.is_discarded() || !all.contains("3166-2")) return source.string();
  nlohmann::json subset = {{"3166-2", nlohmann::json::array()}};
  for (const auto& entry : all["3166-2"]) {
    if (entry.value("code", "").starts_with("MA-")) subset["3166-2"].push_back(entry);
  }
  // Written aside and renamed, so a parallel test never reads half a file.
  fs::path partial = cached;
  partial += "." + std::to_string(::getpid());
  {
    std::ofstream out(partial);
    out << subset.dump();
  }
  fs::rename(partial, cached, ec);
  if (ec) return source.string();
  return cached.string();
}

// The first column of the first row of `sql`, read through a connection of
// its own (the SQLite C API, not the code under test); "" when no row.
inline std::string QuerySqlite(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    throw std::runtime_error("cannot open " + db_path);
  }
  sqlite3_busy_timeout(db, 5000);
  sqlite3_stmt* stmt = nullptr;
  std::string out;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    const std::string message = sqlite3_errmsg(db);
    sqlite3_close(db);
    throw std::runtime_error("cannot prepare " + sql + ": " + message);
  }
  if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0) != nullptr) {
    out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

// Registers the routes exactly as Serve() in src/cli/main.cc does.
inline Router MakeRouterLikeMain(app::App& app) {
  Router router([&app](std::string_view token) { return app.accounts().Authenticate(token); },
                [&app](std::string_view session) { return app.sessions().Authenticate(session); });
  AddApiRoutes(router, app);
  return router;
}

struct TestServerOptions {
  int threads = 4;
  bool load_territories = true;  // `tanzim init` plus kCommunesCsv
  // Extra routes for tests that need a handler the product does not have.
  std::function<void(Router&)> extra_routes = {};
};

// A store in a temporary directory and a server on 127.0.0.1 port 0 in front
// of it. Accounts are created on first use: argon2 hashing is the slow part.
class TestServer {
 public:
  explicit TestServer(const TestServerOptions& options = {}) {
    auto opened = app::App::Open(db_path());
    if (!opened.ok()) throw std::runtime_error("App::Open failed");
    app_ = std::move(opened).value();
    if (options.load_territories) {
      if (!app::Init(*app_, MoroccanIsoCodesJson(dir_)).ok()) {
        throw std::runtime_error("Init failed");
      }
      auto imported = app_->territories().ImportCommunes(kCommunesCsv);
      if (!imported.ok() || !imported->rejected.empty()) {
        throw std::runtime_error("commune import failed");
      }
    }
    router_ = std::make_unique<Router>(MakeRouterLikeMain(*app_));
    if (options.extra_routes) options.extra_routes(*router_);
    server_ = std::make_unique<Server>(
        *router_, ServerOptions{.host = "127.0.0.1", .port = 0, .threads = options.threads});
    auto port = server_->Start();
    if (!port.ok()) throw std::runtime_error("server did not start");
    port_ = *port;
  }

  ~TestServer() {
    server_->Stop();
    server_->Wait();
  }

  uint16_t port() const { return port_; }
  app::App& app() { return *app_; }
  std::string db_path() const { return dir_.File("tanzim.db"); }
  const TempDir& dir() const { return dir_; }

  // A bearer token of a user with `role` and `scope`, created on first use.
  const std::string& Token(auth::Role role, const std::optional<std::string>& scope = {}) {
    std::string login(auth::RoleName(role));
    if (scope) login += "." + *scope;
    for (char& c : login) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto it = tokens_.find(login);
    if (it != tokens_.end()) return it->second;
    // A sector coordinator needs a sector: the women's organization's, in tests.
    auth::AccountService::Options options;
    if (role == auth::Role::kSectorCoordinator) options.sector = "womens_organization";
    auto added =
        app_->accounts().AddUser(login, auth::RoleName(role), scope, "correct horse", options);
    if (!added.ok()) throw std::runtime_error("AddUser failed for " + login);
    auto token = app_->accounts().CreateToken(login);
    if (!token.ok()) throw std::runtime_error("CreateToken failed for " + login);
    return tokens_.emplace(login, *token).first->second;
  }

  HttpResponse Send(const HttpRequest& request) const {
    HttpConnection connection(port_);
    if (!connection.open()) {
      HttpResponse failed;
      failed.error = "cannot connect to the test server";
      return failed;
    }
    return connection.Send(request);
  }

  // One request on a fresh connection; an empty token sends no Authorization.
  HttpResponse Call(std::string method, std::string target, const std::string& token = {},
                    std::string body = {},
                    std::vector<std::pair<std::string, std::string>> headers = {}) const {
    HttpRequest request{std::move(method), std::move(target), std::move(body), std::move(headers)};
    if (!token.empty()) request.headers.emplace_back("Authorization", "Bearer " + token);
    if (!request.body.empty()) request.headers.emplace_back("Content-Type", "application/json");
    return Send(request);
  }

 private:
  TempDir dir_;
  std::unique_ptr<app::App> app_;
  std::unique_ptr<Router> router_;
  std::unique_ptr<Server> server_;
  uint16_t port_ = 0;
  std::map<std::string, std::string> tokens_;
};

// A valid body for POST /api/v1/people; tests change one field at a time.
inline nlohmann::json PersonJson(const std::string& cin,
                                 const std::string& territory = kCommuneMou) {
  return {{"name_ar", "فاطمة الزهراء بناني"},
          {"name_latin", "Fatima Zahra Bennani"},
          {"gender", "f"},
          {"birth_date", "1990-05-17"},
          {"cin", cin},
          {"phone", "0612345678"},
          {"email", "fatima.bennani@example.ma"},
          {"territory_code", territory}};
}

// True when `r` is an RFC 9457 problem with `status` whose errors name `field`
// (any field when empty), with every member the API promises.
inline ::testing::AssertionResult IsProblem(const HttpResponse& r, int status,
                                            std::string_view field = {}) {
  if (r.status != status) {
    return ::testing::AssertionFailure() << "want " << status << ", got " << r;
  }
  if (!r.Header("content-type").starts_with("application/problem+json")) {
    return ::testing::AssertionFailure() << "content-type " << r.Header("content-type");
  }
  const auto body = r.Json();
  if (!body.is_object() || !body.contains("type") || !body["type"].is_string() ||
      !body.contains("title") || !body["title"].is_string() || body["title"].empty() ||
      !body.contains("detail") || !body["detail"].is_string() ||
      body.value("status", 0) != status || !body.contains("errors") || !body["errors"].is_array()) {
    return ::testing::AssertionFailure() << "not a complete problem body: " << r.body;
  }
  bool named = field.empty();
  for (const auto& e : body["errors"]) {
    if (!e.contains("field") || !e["field"].is_string() || !e.contains("message") ||
        !e["message"].is_string() || e["message"].get<std::string>().empty()) {
      return ::testing::AssertionFailure() << "bad errors entry: " << e.dump();
    }
    if (e["field"] == field) named = true;
  }
  if (!named) return ::testing::AssertionFailure() << "no error names " << field << ": " << r.body;
  return ::testing::AssertionSuccess();
}

// The fields named in a problem body's errors, in order.
inline std::vector<std::string> ProblemFields(const HttpResponse& r) {
  std::vector<std::string> fields;
  const auto body = r.Json();
  if (!body.is_object() || !body.contains("errors")) return fields;
  for (const auto& e : body["errors"]) fields.push_back(e.value("field", ""));
  return fields;
}

// Base fixture: a running server per test, and the check after every test
// that whatever the test threw at it, the server still answers.
class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override { server_ = std::make_unique<TestServer>(); }
  void TearDown() override {
    if (server_ == nullptr) return;
    EXPECT_EQ(Get("/healthz").status, 200) << "the server stopped answering";
    server_.reset();
  }

  const std::string& Admin() { return server_->Token(auth::Role::kAdmin); }
  const std::string& SecretaryMou() { return server_->Token(auth::Role::kSecretary, "MA-MOU"); }
  const std::string& ViewerMou() { return server_->Token(auth::Role::kViewer, "MA-MOU"); }

  HttpResponse Get(const std::string& target, const std::string& token = {},
                   std::vector<std::pair<std::string, std::string>> headers = {}) {
    return server_->Call("GET", target, token, {}, std::move(headers));
  }
  HttpResponse Post(const std::string& target, const std::string& token, const std::string& body,
                    std::vector<std::pair<std::string, std::string>> headers = {}) {
    return server_->Call("POST", target, token, body, std::move(headers));
  }
  HttpResponse Post(const std::string& target, const std::string& token,
                    const nlohmann::json& body) {
    return Post(target, token, body.dump());
  }
  HttpResponse Patch(const std::string& target, const std::string& token, const std::string& body) {
    return server_->Call("PATCH", target, token, body);
  }
  HttpResponse Patch(const std::string& target, const std::string& token,
                     const nlohmann::json& body) {
    return Patch(target, token, body.dump());
  }
  HttpResponse Delete(const std::string& target, const std::string& token) {
    return server_->Call("DELETE", target, token);
  }

  // POSTs `body` and returns the stored record; records a failure unless 201.
  nlohmann::json CreatePerson(const std::string& token, const nlohmann::json& body) {
    const auto r = Post("/api/v1/people", token, body);
    EXPECT_EQ(r.status, 201) << r;
    return r.status == 201 ? r.Json() : nlohmann::json::object();
  }

  // Every item of a list, following next_cursor with `limit` per page.
  std::vector<nlohmann::json> ListAll(const std::string& path, const std::string& token,
                                      const std::string& query = {}, int limit = 500) {
    std::vector<nlohmann::json> items;
    std::string cursor;
    for (int page = 0; page < 1000; ++page) {
      std::string target = path + "?limit=" + std::to_string(limit);
      if (!query.empty()) target += "&" + query;
      if (!cursor.empty()) target += "&cursor=" + cursor;
      const auto r = Get(target, token);
      EXPECT_EQ(r.status, 200) << target << ": " << r;
      const auto body = r.Json();
      if (r.status != 200 || !body.is_object() || !body["items"].is_array()) break;
      for (const auto& item : body["items"]) items.push_back(item);
      if (body["next_cursor"].is_null()) return items;
      cursor = body["next_cursor"].get<std::string>();
    }
    ADD_FAILURE() << "list " << path << " did not end";
    return items;
  }

  // The ids of the people `token` may list, in list order.
  std::vector<int64_t> PeopleIds(const std::string& token, const std::string& query = {}) {
    std::vector<int64_t> ids;
    for (const auto& p : ListAll("/api/v1/people", token, query)) ids.push_back(p["id"]);
    return ids;
  }

  std::unique_ptr<TestServer> server_;
};

}  // namespace tanzim::web::testing
