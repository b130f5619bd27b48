// tanzim: the one program. Subcommands set up the store, manage accounts and
// serve the API; see README.md for the set-up that `make run` performs.
#include <malloc.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <charconv>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <thread>

#include "app/app.h"
#include "core/time.h"
#include "i18n/messages.h"
#include "memberships/lapse_scheduler.h"
#include "people/people_csv.h"
#include "people/validators.h"
#include "privacy/retention_scheduler.h"
#include "web/router.h"
#include "web/routes.h"
#include "web/server.h"

namespace {

using tanzim::Error;
using tanzim::app::App;

// Exit codes scripts can rely on.
constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitExists = 3;  // `user add` for a login that already exists

constexpr size_t kMaxCommunesBytes = 64 << 20;
// About two million people: a file is checked and stored whole, in memory and
// in one transaction; a larger register is imported in several files.
constexpr size_t kMaxPeopleBytes = 256 << 20;
// Free heap `tanzim serve` keeps for reuse rather than give back (see Serve).
constexpr int kKeptFreeHeap = 64 << 20;

tanzim::i18n::Lang OperatorLanguage() {
  const char* lang = std::getenv("LANG");
  if (lang == nullptr) return tanzim::i18n::Lang::kEn;
  const std::string_view tag(lang);
  if (tag.starts_with("ar")) return tanzim::i18n::Lang::kAr;
  if (tag.starts_with("fr")) return tanzim::i18n::Lang::kFr;
  return tanzim::i18n::Lang::kEn;
}

int Report(const Error& error) {
  const auto lang = OperatorLanguage();
  std::cerr << "tanzim: " << tanzim::i18n::Translate(error.message_key(), lang) << '\n';
  for (const auto& field : error.fields()) {
    std::cerr << "  " << field.field << ": " << tanzim::i18n::Translate(field.message_key, lang)
              << '\n';
  }
  if (!error.log_detail().empty()) spdlog::error("{}", error.log_detail());
  return kExitFailure;
}

std::unique_ptr<App> OpenOrExit(const std::string& db, tanzim::app::OpenOptions options = {}) {
  auto app = App::Open(db, options);
  if (!app.ok()) std::exit(Report(app.error()));
  return std::move(app).value();
}

// Every command that works on a store names its file with --db.
void AddDbOption(CLI::App* command, std::string& db) {
  command->add_option("--db", db, "Store: path of the SQLite file")->required();
}

// The --today of the commands that run as of a day: nullopt when absent, or
// exits with a message when it is not a date.
std::optional<std::chrono::year_month_day> TodayOrExit(const std::optional<std::string>& today) {
  if (!today) return std::nullopt;
  const auto day = tanzim::people::ParseDate(*today);
  if (!day) {
    std::cerr << "tanzim: --today must be a date written YYYY-MM-DD\n";
    std::exit(kExitFailure);
  }
  return day;
}

// "127.0.0.1:8080", "localhost:8080" or "[::1]:8080" → host and port.
std::optional<std::pair<std::string, uint16_t>> ParseListen(const std::string& listen) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  std::string host = listen.substr(0, colon);
  if (host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const std::string digits = listen.substr(colon + 1);
  unsigned port = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  if (host.empty() || digits.empty() || ec != std::errc() || end != digits.data() + digits.size() ||
      port > 65535) {
    return std::nullopt;
  }
  return std::pair{host, static_cast<uint16_t>(port)};
}

int Serve(const std::string& db, const std::string& listen, int threads, bool trusted_proxy) {
  const auto address = ParseListen(listen);
  if (!address) {
    std::cerr << "tanzim: --listen must be HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080\n";
    return kExitFailure;
  }
  // A pooled SQLite connection empties its page cache (16 MiB) whenever
  // another connection has committed, which the read log does every second,
  // and glibc gave the freed pages back to the kernel only to fault them in
  // again as the cache refilled: about a tenth of a by-id read's server CPU
  // (bench/NOTES.md, sixteenth session). Free heap up to a few caches' worth
  // is kept for reuse instead.
  mallopt(M_TRIM_THRESHOLD, kKeptFreeHeap);
  auto app = OpenOrExit(db);
  tanzim::web::Router router(
      [&app](std::string_view token) { return app->accounts().Authenticate(token); },
      [&app](std::string_view session) { return app->sessions().Authenticate(session); });
  tanzim::web::AddApiRoutes(router, *app);

  // Block the stop signals before any thread starts, so only sigwait sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  tanzim::web::Server server(router, {.host = address->first,
                                      .port = address->second,
                                      .threads = threads,
                                      .trusted_proxy = trusted_proxy});
  auto bound = server.Start();
  if (!bound.ok()) return Report(bound.error());
  spdlog::info("serving on http://{}:{}", address->first, *bound);
  // Lapses memberships whose dues ran out, now and then once a day.
  auto lapse = tanzim::memberships::LapseJob(app->memberships());
  lapse.Start();
  // Anonymizes former members past the retention period, now and then once a day.
  auto retention = tanzim::privacy::RetentionJob(app->privacy());
  retention.Start();
  int signal = 0;
  sigwait(&stop_signals, &signal);
  spdlog::info("stopping on signal {}", signal);
  retention.Stop();
  lapse.Stop();
  server.Stop();
  server.Wait();
  return kExitOk;
}

std::string ReadPassword() {
  std::string password;
  std::getline(std::cin, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  return password;
}

// The bytes of `file`, or nothing after saying why not.
std::optional<std::string> ReadImportFile(const std::string& file, size_t max_bytes) {
  const auto too_large = [&]() -> std::optional<std::string> {
    std::cerr << "tanzim: " << file << " is larger than " << (max_bytes >> 20) << " MiB\n";
    return std::nullopt;
  };
  // Refused before reading when its size is known, so a huge file is never
  // loaded; a pipe or a file that grew is caught by its bytes.
  std::error_code no_size;
  if (const auto size = std::filesystem::file_size(file, no_size); !no_size && size > max_bytes) {
    return too_large();
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::cerr << "tanzim: cannot read " << file << '\n';
    return std::nullopt;
  }
  std::string bytes;
  bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (bytes.size() > max_bytes) return too_large();
  return bytes;
}

int ImportCommunes(const std::string& db, const std::string& file) {
  const auto csv = ReadImportFile(file, kMaxCommunesBytes);
  if (!csv) return kExitFailure;
  auto app = OpenOrExit(db);
  auto report = app->territories().ImportCommunes(*csv);
  if (!report.ok()) return Report(report.error());
  if (!report->rejected.empty()) {
    const auto lang = OperatorLanguage();
    std::cerr << "tanzim: nothing imported; " << report->rejected.size() << " problem(s):\n";
    for (const auto& bad : report->rejected) {
      std::cerr << "  " << bad.field << ": " << tanzim::i18n::Translate(bad.message_key, lang)
                << '\n';
    }
    return kExitFailure;
  }
  std::cout << "communes: " << report->counts.inserted << " added, " << report->counts.updated
            << " updated, " << report->counts.unchanged << " unchanged\n";
  return kExitOk;
}

// If a file with these bytes was imported before, says so with that import's time,
// file and ids, and returns the exit code; nothing if none was.
std::optional<int> RefuseIfImported(App& app, const std::string& sha256) {
  auto past = app.people().FindImport(tanzim::auth::SystemActor(), sha256);
  if (!past.ok()) return Report(past.error());
  if (!*past) return std::nullopt;
  const auto& [at, ids, past_file] = **past;
  std::cerr << "tanzim: " << tanzim::i18n::Translate("error.file_imported", OperatorLanguage())
            << "\n  " << at << ": " << past_file << ", " << ids.count << " people, ids "
            << ids.first_id << " to " << ids.last_id << " (audit: people/" << ids.first_id << ")\n";
  return kExitFailure;
}

int ImportPeople(const std::string& db, const std::string& file, bool again) {
  const auto csv = ReadImportFile(file, kMaxPeopleBytes);
  if (!csv) return kExitFailure;
  auto people = tanzim::people::ReadPeopleCsv(*csv, file);
  if (!people.ok()) return Report(people.error());
  people->source.again = again;
  auto app = OpenOrExit(db);
  // Asked before the drafts are checked, which takes seconds for a large file;
  // CreateMany asks again under the write lock, for an import started meanwhile.
  if (!again) {
    if (const auto refused = RefuseIfImported(*app, people->source.sha256)) return *refused;
  }
  auto ids = app->people().CreateMany(tanzim::auth::SystemActor(), people->drafts, people->source);
  if (!ids.ok()) {
    if (ids.error().message_key() == "error.file_imported") {
      if (const auto refused = RefuseIfImported(*app, people->source.sha256)) return *refused;
    }
    std::cerr << "tanzim: nothing imported\n";
    return Report(ids.error());
  }
  if (ids->count == 0) {
    std::cout << "people: none in " << file << '\n';
  } else {
    std::cout << "people: " << ids->count << " added, ids " << ids->first_id << " to "
              << ids->last_id << " (audit: people/" << ids->first_id << ")\n";
  }
  return kExitOk;
}

int LapseMemberships(const std::string& db, const std::optional<std::string>& today) {
  const auto day = TodayOrExit(today);
  auto app = OpenOrExit(db);
  auto lapsed = app->memberships().LapseOverdue(tanzim::auth::SystemActor(), day);
  if (!lapsed.ok()) return Report(lapsed.error());
  std::cout << "memberships: " << *lapsed << " lapsed\n";
  return kExitOk;
}

// `tanzim retention run`: anonymizes the former members past the retention period.
int RunRetention(const std::string& db, const std::optional<std::string>& today) {
  const auto day = TodayOrExit(today);
  auto app = OpenOrExit(db);
  auto report = app->privacy().RunRetention(tanzim::auth::SystemActor(), day);
  if (!report.ok()) return Report(report.error());
  if (report->years == 0) {
    std::cout << "retention: off (retention.former_member_years is 0)\n";
  } else {
    std::cout << "retention: " << report->erased << " former member(s) anonymized after "
              << report->years << " years\n";
  }
  return kExitOk;
}

int SetRetentionYears(const std::string& db, int64_t years) {
  auto app = OpenOrExit(db);
  auto set = app->privacy().SetRetentionYears(tanzim::auth::SystemActor(), years);
  if (!set.ok()) return Report(set.error());
  std::cout << tanzim::privacy::kRetentionYearsKey << ": " << *set << '\n';
  return kExitOk;
}

// `tanzim settings set security.totp_required_for_identity_roles true|false`.
int SetTotpRequired(const std::string& db, const std::string& text) {
  if (text != "true" && text != "false") {
    std::cerr << "tanzim: " << tanzim::auth::kTotpRequiredSetting << " is true or false\n";
    return kExitFailure;
  }
  auto app = OpenOrExit(db);
  const auto set = app->sessions().SetTotpRequired(text == "true");
  if (!set.ok()) return Report(set.error());
  std::cout << tanzim::auth::kTotpRequiredSetting << ": " << text << '\n';
  return kExitOk;
}

int SetSetting(const std::string& db, const std::string& key, const std::string& text) {
  if (key == tanzim::auth::kTotpRequiredSetting) return SetTotpRequired(db, text);
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    std::cerr << "tanzim: " << key << " takes a whole number\n";
    return kExitFailure;
  }
  if (key == tanzim::privacy::kRetentionYearsKey) return SetRetentionYears(db, value);
  if (key != "dues_grace_days") {
    std::cerr << "tanzim: unknown setting " << key
              << " (known: dues_grace_days, retention.former_member_years, "
              << tanzim::auth::kTotpRequiredSetting << ")\n";
    return kExitFailure;
  }
  auto app = OpenOrExit(db);
  tanzim::memberships::SettingsPatch patch;
  patch.dues_grace_days = std::optional<int64_t>(value);
  auto settings = app->memberships().UpdateSettings(tanzim::auth::SystemActor(), patch);
  if (!settings.ok()) return Report(settings.error());
  std::cout << "dues_grace_days: " << settings->dues_grace_days << '\n';
  return kExitOk;
}

// `tanzim audit verify`: one line for the operator, the exit code for scripts.
int VerifyAudit(const std::string& db) {
  auto app = OpenOrExit(db);
  auto report = app->audit().Verify();
  if (!report.ok()) return Report(report.error());
  if (report->broken_at) {
    std::cerr << "audit trail broken at entry " << *report->broken_at << ": " << report->problem
              << " (" << report->entries << " entries verified before it)\n";
    return kExitFailure;
  }
  std::cout << report->entries << " audit entries, chain intact\n";
  return kExitOk;
}

int Main(int argc, char** argv) {
  spdlog::set_default_logger(spdlog::stderr_color_mt("tanzim"));
  // UTC in RFC 3339, like the audit trail and the sign-in log, so lines from
  // servers in several places (or a clock change) line up with both.
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ [%n] [%^%l%$] %v", spdlog::pattern_time_type::utc);
  CLI::App cli{"Tanzim: membership and field organizing for territorial organizations"};
  cli.require_subcommand(1);
  std::string db;
  int exit_code = kExitOk;

  auto* init = cli.add_subcommand("init", "Create or migrate the store and load the territories");
  AddDbOption(init, db);
  std::string iso_json = tanzim::app::kIsoCodesJson;
  init->add_option("--iso-codes", iso_json, "ISO 3166-2 JSON from Debian's iso-codes");
  init->callback([&] {
    auto app = OpenOrExit(db);
    auto done = tanzim::app::Init(*app, iso_json);
    exit_code = done.ok() ? kExitOk : Report(done.error());
  });

  auto* serve = cli.add_subcommand("serve", "Serve the API until SIGTERM");
  AddDbOption(serve, db);
  std::string listen = "127.0.0.1:8080";
  serve->add_option("--listen", listen, "HOST:PORT to listen on");
  int threads = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  serve->add_option("--threads", threads, "I/O threads")->check(CLI::Range(1, 256));
  bool trusted_proxy = false;
  serve->add_flag("--trusted-proxy", trusted_proxy,
                  "Every connection comes through a TLS proxy: trust its X-Forwarded-Proto, "
                  "-For and -Host (HSTS, Secure cookie, client address)");
  serve->callback([&] { exit_code = Serve(db, listen, threads, trusted_proxy); });

  auto* user = cli.add_subcommand("user", "Manage accounts");
  user->require_subcommand(1);
  auto* user_add = user->add_subcommand("add", "Add an account; the password is read from stdin");
  std::string login;
  std::string role;
  std::optional<std::string> scope;
  AddDbOption(user_add, db);
  user_add->add_option("--login", login, "Login")->required();
  user_add
      ->add_option("--role", role,
                   "admin | auditor | secretary | viewer | clerk | sector_coordinator | "
                   "by_position (access from the person's current positions)")
      ->required();
  user_add->add_option("--scope", scope, "Territory code the account acts within");
  tanzim::auth::AccountService::Options account_options;
  user_add->add_option("--sector", account_options.sector,
                       "sector_coordinator: womens_organization | youth_organization | "
                       "professionals_organization");
  user_add->add_option("--person", account_options.person_id,
                       "Id of the person the account belongs to (required for by_position)");
  user_add->callback([&] {
    auto app = OpenOrExit(db);
    auto id = app->accounts().AddUser(login, role, scope, ReadPassword(), account_options);
    if (!id.ok() && id.error().code() == tanzim::ErrorCode::kConflict) {
      std::cerr << "tanzim: login " << login << " already exists\n";
      exit_code = kExitExists;
    } else {
      exit_code = id.ok() ? kExitOk : Report(id.error());
    }
  });

  auto* user_passwd = user->add_subcommand(
      "passwd", "Set a new password, read from stdin; ends the account's sessions");
  AddDbOption(user_passwd, db);
  user_passwd->add_option("login", login, "Login")->required();
  user_passwd->callback([&] {
    auto app = OpenOrExit(db);
    const auto done = app->accounts().ChangePassword(login, ReadPassword());
    exit_code = done.ok() ? kExitOk : Report(done.error());
  });
  auto* user_disable = user->add_subcommand(
      "disable", "Disable an account: its sessions end and its tokens stop working");
  AddDbOption(user_disable, db);
  user_disable->add_option("login", login, "Login")->required();
  user_disable->callback([&] {
    auto app = OpenOrExit(db);
    const auto done = app->accounts().Disable(login);
    exit_code = done.ok() ? kExitOk : Report(done.error());
  });

  bool all_users = false;
  auto* user_sign_out = user->add_subcommand(
      "sign-out",
      "End an account's browser sessions (a stolen laptop), or every account's with --all; "
      "tokens stay");
  AddDbOption(user_sign_out, db);
  auto* sign_out_login = user_sign_out->add_option("login", login, "Login");
  auto* sign_out_all = user_sign_out->add_flag("--all", all_users, "Every account's sessions");
  sign_out_login->excludes(sign_out_all);
  user_sign_out->callback([&] {
    if (!all_users && login.empty()) {
      std::cerr << "user sign-out: name a login, or --all\n";
      exit_code = kExitFailure;
      return;
    }
    auto app = OpenOrExit(db);
    auto ended = all_users ? app->accounts().EndAllSessions() : app->accounts().EndSessions(login);
    if (!ended.ok()) {
      exit_code = Report(ended.error());
      return;
    }
    std::cout << (all_users ? std::string("every account") : login) << ": " << *ended
              << (*ended == 1 ? " session" : " sessions") << " ended\n";
    exit_code = kExitOk;
  });

  auto* user_totp_reset = user->add_subcommand(
      "totp-reset",
      "Remove an account's TOTP second factor (a lost phone) and end its sessions; "
      "check who is asking first");
  AddDbOption(user_totp_reset, db);
  user_totp_reset->add_option("login", login, "Login")->required();
  user_totp_reset->callback([&] {
    // The reset is how an operator who lost the key file recovers.
    auto app = OpenOrExit(db, {.without_totp_key = true});
    const auto reset = app->sessions().ResetTotp(login);
    if (!reset.ok()) {
      exit_code = Report(reset.error());
      return;
    }
    std::cout << login << (*reset ? ": TOTP removed, sessions ended\n" : ": had no TOTP\n");
    exit_code = kExitOk;
  });

  auto* key = cli.add_subcommand("key", "Manage the key that seals TOTP secrets");
  key->require_subcommand(1);
  auto* key_rotate = key->add_subcommand(
      "rotate", "Replace the TOTP key with a new one and reseal every secret; stop servers first");
  AddDbOption(key_rotate, db);
  key_rotate->callback([&] {
    auto app = OpenOrExit(db);
    auto resealed = app->RotateTotpKey();
    if (!resealed.ok()) {
      exit_code = Report(resealed.error());
      return;
    }
    std::cout << "TOTP key rotated: " << *resealed << " secret(s) sealed with the new key in "
              << tanzim::app::TotpKeyPath(db)
              << ". Back that file up now; keep the old key with the backups made before.\n";
    exit_code = kExitOk;
  });

  auto* token = cli.add_subcommand("token", "Manage API tokens");
  token->require_subcommand(1);
  auto* token_create = token->add_subcommand("create", "Print a new bearer token for a login");
  AddDbOption(token_create, db);
  token_create->add_option("--login", login, "Login")->required();
  int token_days = static_cast<int>(tanzim::auth::AccountService::kDefaultTokenLifetime.count());
  token_create->add_option("--days", token_days, "Days the token is valid (1-366)")
      ->capture_default_str();
  token_create->callback([&] {
    auto app = OpenOrExit(db);
    auto created = app->accounts().CreateToken(login, std::chrono::days(token_days));
    if (!created.ok()) {
      exit_code = Report(created.error());
      return;
    }
    // The token stays the last line: scripts take it from there.
    std::cerr << "valid for " << token_days << " days\n";
    std::cout << *created << std::endl;
  });
  auto* token_list = token->add_subcommand(
      "list",
      "List a login's tokens: id, created, expires, last used to the hour (the tokens themselves "
      "are not kept)");
  AddDbOption(token_list, db);
  token_list->add_option("--login", login, "Login")->required();
  token_list->callback([&] {
    auto app = OpenOrExit(db);
    auto tokens = app->accounts().ListTokens(login);
    if (!tokens.ok()) {
      exit_code = Report(tokens.error());
      return;
    }
    const std::string now = tanzim::UtcNowRfc3339();
    std::cout << "id\tcreated_at\texpires_at\tlast_used_at\n";
    for (const auto& t : *tokens) {
      std::cout << t.id << '\t' << t.created_at << '\t' << t.expires_at << '\t'
                << (t.last_used_at.empty() ? "never" : t.last_used_at)
                << (t.expires_at <= now ? "\texpired" : "") << '\n';
    }
    std::cout << std::flush;
  });
  auto* token_revoke = token->add_subcommand(
      "revoke",
      "Revoke one token of a login (--id, from `token list`) or every one (a leaked or retired "
      "login); sessions stay");
  AddDbOption(token_revoke, db);
  token_revoke->add_option("--login", login, "Login")->required();
  int64_t token_id = 0;
  auto* id_option = token_revoke->add_option("--id", token_id, "The one token to revoke")
                        ->check(CLI::PositiveNumber);
  token_revoke->callback([&] {
    auto app = OpenOrExit(db);
    if (id_option->count() > 0) {
      const tanzim::Status revoked = app->accounts().RevokeToken(login, token_id);
      if (!revoked.ok()) {
        exit_code = Report(revoked.error());
        return;
      }
      std::cout << login << ": token " << token_id << " revoked" << std::endl;
      return;
    }
    auto revoked = app->accounts().RevokeTokens(login);
    if (!revoked.ok()) {
      exit_code = Report(revoked.error());
      return;
    }
    std::cout << login << ": " << *revoked << " token(s) revoked" << std::endl;
  });

  auto* import = cli.add_subcommand("import", "Import communes or people from CSV files");
  import->require_subcommand(1);
  auto* communes = import->add_subcommand("communes", "Import communes from CSV");
  std::string file;
  AddDbOption(communes, db);
  communes->add_option("file", file, "CSV: code,name_ar,name_fr,parent_code")->required();
  communes->callback([&] { exit_code = ImportCommunes(db, file); });
  auto* people = import->add_subcommand(
      "people", "Import people from CSV: all or nothing, one audit entry for the file");
  AddDbOption(people, db);
  people
      ->add_option("file", file,
                   "CSV with a header naming some of: name_ar,name_latin,gender,birth_date,cin,"
                   "phone,email,territory_code")
      ->required();
  bool again = false;
  people->add_flag("--again", again,
                   "Import the file even though a file with the same bytes was imported before");
  people->callback([&] { exit_code = ImportPeople(db, file, again); });

  auto* members_cmd = cli.add_subcommand("memberships", "Manage memberships");
  members_cmd->require_subcommand(1);
  auto* lapse = members_cmd->add_subcommand(
      "lapse", "Lapse active memberships whose dues ran out past the grace period");
  std::optional<std::string> today;
  AddDbOption(lapse, db);
  lapse->add_option("--today", today, "The day to check as, YYYY-MM-DD (default: today, UTC)");
  lapse->callback([&] { exit_code = LapseMemberships(db, today); });

  auto* settings_cmd = cli.add_subcommand("settings", "Manage the organization's settings");
  settings_cmd->require_subcommand(1);
  auto* settings_set =
      settings_cmd->add_subcommand("set", "Set one of the organization's settings");
  std::string setting_key;
  std::string setting_value;
  AddDbOption(settings_set, db);
  settings_set
      ->add_option("key", setting_key,
                   "dues_grace_days | retention.former_member_years | "
                   "security.totp_required_for_identity_roles")
      ->required();
  settings_set
      ->add_option("value", setting_value,
                   "Days of grace after dues run out (0 to 3650), years, or true | false")
      ->required();
  settings_set->callback([&] { exit_code = SetSetting(db, setting_key, setting_value); });

  auto* retention_cmd = cli.add_subcommand("retention", "Apply the personal-data retention rule");
  retention_cmd->require_subcommand(1);
  auto* retention_run = retention_cmd->add_subcommand(
      "run",
      "Anonymize former members whose memberships all ended more than "
      "retention.former_member_years ago; print how many");
  std::optional<std::string> retention_today;
  AddDbOption(retention_run, db);
  retention_run->add_option("--today", retention_today,
                            "The day to run as, YYYY-MM-DD (default: today, UTC)");
  retention_run->callback([&] { exit_code = RunRetention(db, retention_today); });

  auto* audit_cmd = cli.add_subcommand("audit", "Check the audit trail");
  audit_cmd->require_subcommand(1);
  auto* verify = audit_cmd->add_subcommand(
      "verify", "Recompute the hash chain; exit 1 if an entry was altered or removed");
  AddDbOption(verify, db);
  verify->callback([&] { exit_code = VerifyAudit(db); });

  CLI11_PARSE(cli, argc, argv);
  return exit_code;
}

}  // namespace

int main(int argc, char** argv) {
  // Exceptions are for start-up and programmer errors; none may end the
  // process without a word.
  try {
    return Main(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "tanzim: " << e.what() << '\n';
  } catch (...) {
    std::cerr << "tanzim: unexpected failure\n";
  }
  return kExitFailure;
}
