// tanzim-bench-load: loads N generated people into a Tanzim store through the
// people service and store layer, and measures a plain SQLite baseline in the
// same run. Results go to stdout as "metric NAME VALUE" lines (see run.sh).
//
//   tanzim-bench-load --db bench/out/people.db --count 1000000 [--batch 1000000]
//
// The people are generated deterministically (fixed seed, one generator per
// index), so two runs load the same rows and the baseline inserts the same data.
#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <CLI/CLI.hpp>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/app.h"
#include "auth/actor.h"
#include "bench_util.h"
#include "guarded_main.h"
#include "people/people_service.h"
#include "people/sqlite_people_store.h"
#include "store/sqlite.h"
#include "territory/sqlite_territory_store.h"

namespace {

using tanzim::Error;
using tanzim::Result;
using tanzim::Status;
using Clock = std::chrono::steady_clock;

constexpr uint64_t kSeed = 0x7a6e5a696d2d3031;  // "tanzim-01": fixed so runs compare
constexpr int kCommunesPerProvince = 20;        // 75 provinces → 1,500 communes

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

// CPU time of this (single) thread: with other processes on the two cores, the
// wall clock also counts their turns, CPU time only ours.
double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// CPU time of the whole process: CreateMany checks drafts on several threads.
double ProcessCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// Peak resident set of this process in MiB (VmHWM), 0 if unknown.
double PeakRssMiB() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmHWM:")) return std::stod(line.substr(6)) / 1024.0;
  }
  return 0;
}

void Metric(std::string_view name, double value) {
  std::printf("metric %.*s %.3f\n", static_cast<int>(name.size()), name.data(), value);
  std::fflush(stdout);
}

[[noreturn]] void Fail(std::string_view what, const Error& error) {
  std::cerr << "tanzim-bench-load: " << what << ": " << error.message_key();
  for (const auto& field : error.fields())
    std::cerr << " [" << field.field << ": " << field.message_key << "]";
  if (!error.log_detail().empty()) std::cerr << " (" << error.log_detail() << ")";
  std::cerr << '\n';
  std::exit(1);
}

// SplitMix64: small, fast and identical on every platform (unlike std:: distributions).
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
    z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
    return z ^ (z >> 31);
  }
  // Uniform enough in [0, n) for n far below 2^64.
  uint64_t Below(uint64_t n) { return Next() % n; }
  // True with probability percent/100.
  bool Percent(int percent) { return Below(100) < static_cast<uint64_t>(percent); }
  template <typename T, size_t N>
  const T& Pick(const std::array<T, N>& items) {
    return items[Below(N)];
  }

 private:
  uint64_t state_;
};

struct Name {
  std::string_view ar;
  std::string_view latin;
};

// Common Moroccan given names and family names, in Arabic script and in the
// French-style Latin spelling used on ID cards.
constexpr std::array<Name, 40> kMaleNames{{
    {"محمد", "Mohamed"},
    {"أحمد", "Ahmed"},
    {"يوسف", "Youssef"},
    {"حسن", "Hassan"},
    {"عمر", "Omar"},
    {"عبد الله", "Abdellah"},
    {"رشيد", "Rachid"},
    {"مصطفى", "Mustapha"},
    {"سعيد", "Said"},
    {"خالد", "Khalid"},
    {"حمزة", "Hamza"},
    {"المهدي", "Mehdi"},
    {"كريم", "Karim"},
    {"عبد العزيز", "Abdelaziz"},
    {"إدريس", "Driss"},
    {"هشام", "Hicham"},
    {"نبيل", "Nabil"},
    {"أنس", "Anas"},
    {"أيوب", "Ayoub"},
    {"إبراهيم", "Brahim"},
    {"عزيز", "Aziz"},
    {"عبد الرحيم", "Abderrahim"},
    {"جمال", "Jamal"},
    {"نور الدين", "Noureddine"},
    {"ياسين", "Yassine"},
    {"عادل", "Adil"},
    {"طارق", "Tarik"},
    {"زكرياء", "Zakaria"},
    {"إسماعيل", "Ismail"},
    {"عثمان", "Othmane"},
    {"سفيان", "Soufiane"},
    {"أمين", "Amine"},
    {"إلياس", "Ilyas"},
    {"العربي", "Larbi"},
    {"لحسن", "Lahcen"},
    {"مبارك", "Mbarek"},
    {"عبد القادر", "Abdelkader"},
    {"رضوان", "Redouane"},
    {"بلال", "Bilal"},
    {"يونس", "Younes"},
}};

constexpr std::array<Name, 40> kFemaleNames{{
    {"فاطمة", "Fatima"},  {"خديجة", "Khadija"}, {"عائشة", "Aicha"},    {"مريم", "Meryem"},
    {"سلمى", "Salma"},    {"نادية", "Nadia"},   {"زينب", "Zineb"},     {"حنان", "Hanane"},
    {"نعيمة", "Naima"},   {"لطيفة", "Latifa"},  {"سميرة", "Samira"},   {"سكينة", "Soukaina"},
    {"إيمان", "Imane"},   {"حفصة", "Hafsa"},    {"أسماء", "Asmae"},    {"غزلان", "Ghizlane"},
    {"هدى", "Houda"},     {"كريمة", "Karima"},  {"رشيدة", "Rachida"},  {"مليكة", "Malika"},
    {"سهام", "Siham"},    {"لبنى", "Loubna"},   {"وفاء", "Wafae"},     {"نورة", "Noura"},
    {"سناء", "Sanae"},    {"كوثر", "Kawtar"},   {"هاجر", "Hajar"},     {"ياسمين", "Yasmine"},
    {"أميمة", "Oumaima"}, {"إكرام", "Ikram"},   {"ابتسام", "Btissam"}, {"ليلى", "Laila"},
    {"نجاة", "Najat"},    {"فوزية", "Fouzia"},  {"أمينة", "Amina"},    {"رجاء", "Rajae"},
    {"شيماء", "Chaimae"}, {"منى", "Mouna"},     {"جميلة", "Jamila"},   {"حبيبة", "Habiba"},
}};

constexpr std::array<Name, 50> kFamilyNames{{
    {"العلوي", "Alaoui"},        {"الإدريسي", "El Idrissi"},
    {"بنعلي", "Benali"},         {"بناني", "Bennani"},
    {"التازي", "Tazi"},          {"الفاسي", "Fassi"},
    {"برادة", "Berrada"},        {"العمراني", "El Amrani"},
    {"الشرايبي", "Chraibi"},     {"لحلو", "Lahlou"},
    {"بنجلون", "Benjelloun"},    {"الوزاني", "Ouazzani"},
    {"السقلي", "Sqalli"},        {"الكتاني", "Kettani"},
    {"المنصوري", "El Mansouri"}, {"البوزيدي", "Bouzidi"},
    {"الناصري", "Naciri"},       {"الحجي", "Hajji"},
    {"الزياني", "Ziani"},        {"الرامي", "Rami"},
    {"آيت علي", "Ait Ali"},      {"آيت بنحدو", "Ait Benhaddou"},
    {"الوالي", "Ouali"},         {"بلحاج", "Belhaj"},
    {"الشرقاوي", "Cherkaoui"},   {"الزرهوني", "Zerhouni"},
    {"البقالي", "Bakkali"},      {"الحمداوي", "Hamdaoui"},
    {"لمراني", "Lamrani"},       {"السبتي", "Sebti"},
    {"السلاوي", "Slaoui"},       {"بنكيران", "Benkirane"},
    {"الخطابي", "El Khattabi"},  {"البخاري", "Boukhari"},
    {"الفيلالي", "Filali"},      {"السعيدي", "Saidi"},
    {"المرنيسي", "Mernissi"},    {"كسوس", "Guessous"},
    {"الطاهري", "Tahiri"},       {"الداودي", "Daoudi"},
    {"الجابري", "Jabri"},        {"الوافي", "El Ouafi"},
    {"الموساوي", "Moussaoui"},   {"الراجي", "Raji"},
    {"التوزاني", "Touzani"},     {"بنموسى", "Benmoussa"},
    {"لزرق", "Lazrak"},          {"العزوزي", "Azzouzi"},
    {"الإبراهيمي", "Brahimi"},   {"الفضيلي", "El Fadili"},
}};

// Letter prefixes of CINs (the issuing office).
constexpr std::array<std::string_view, 24> kCinPrefixes{
    "A", "B", "BE", "BH", "BJ", "BK", "C", "CD", "D", "EE", "F", "G",
    "H", "I", "J",  "JA", "K",  "L",  "M", "N",  "P", "Q",  "S", "T"};

// Mobile ranges whose every number libphonenumber accepts for Morocco (0NN + 7 digits;
// 068, 072, 075, 076 and 078 have holes).
constexpr std::array<std::string_view, 11> kMobilePrefixes{"061", "062", "063", "064", "065", "066",
                                                           "067", "069", "070", "071", "077"};

constexpr std::array<std::string_view, 5> kMailDomains{"gmail.com", "hotmail.com", "yahoo.fr",
                                                       "outlook.com", "menara.ma"};

std::string Lower(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == ' ') continue;
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

std::string Upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string Digits(Rng& rng, int count) {
  std::string out;
  for (int i = 0; i < count; ++i) out.push_back(static_cast<char>('0' + rng.Below(10)));
  return out;
}

struct Places {
  std::vector<std::string> provinces;  // provinces and prefectures
  std::vector<std::string> communes;
};

// The people of index `i`: always the same for the same index.
tanzim::people::PersonDraft MakePerson(uint64_t i, const Places& places) {
  Rng rng(kSeed ^ (i * 0x9e3779b97f4a7c15));
  tanzim::people::PersonDraft d;
  const bool female = rng.Percent(50);
  const Name& given = female ? rng.Pick(kFemaleNames) : rng.Pick(kMaleNames);
  const Name& family = rng.Pick(kFamilyNames);
  // 75% both scripts, 15% Arabic only, 10% Latin only.
  const uint64_t script = rng.Below(100);
  if (script < 90) d.name_ar = std::string(given.ar) + " " + std::string(family.ar);
  if (script < 75 || script >= 90) {
    // ID cards print FAMILY Given; forms mostly say Given Family.
    d.name_latin = rng.Percent(20) ? Upper(family.latin) + " " + std::string(given.latin)
                                   : std::string(given.latin) + " " + std::string(family.latin);
  }
  if (rng.Percent(95)) d.gender = std::string(female ? "f" : "m");
  if (rng.Percent(92)) {
    static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const int year = 1940 + static_cast<int>(rng.Below(68));  // 1940–2007
    const int month = 1 + static_cast<int>(rng.Below(12));
    const int days = kDays[month - 1] + (month == 2 && year % 4 == 0 ? 1 : 0);
    const int day = 1 + static_cast<int>(rng.Below(days));
    d.birth_date = tanzim::bench::ZeroPadded(year, 4) + "-" + tanzim::bench::ZeroPadded(month, 2) +
                   "-" + tanzim::bench::ZeroPadded(day, 2);
  }
  if (rng.Percent(97)) {
    // A bijection of i onto 100000…9099999 makes every CIN unique whatever its prefix.
    const uint64_t number = 100000 + (i * 48271) % 9000000;
    std::string cin = std::string(rng.Pick(kCinPrefixes)) + std::to_string(number);
    if (rng.Percent(5)) cin = Lower(cin.substr(0, 2)) + " " + cin.substr(2);  // as typed
    d.cin = std::move(cin);
  }
  if (rng.Percent(90)) {
    const std::string local = std::string(rng.Pick(kMobilePrefixes)) + Digits(rng, 7);
    switch (rng.Below(3)) {
      case 0:
        d.phone = local;
        break;
      case 1:
        d.phone = local.substr(0, 2) + " " + local.substr(2, 2) + " " + local.substr(4, 2) + " " +
                  local.substr(6, 2) + " " + local.substr(8, 2);
        break;
      default:
        d.phone = "+212" + local.substr(1);
        break;
    }
  }
  if (rng.Percent(55)) {
    d.email = Lower(given.latin) + "." + Lower(family.latin) + std::to_string(rng.Below(1000)) +
              "@" + std::string(rng.Pick(kMailDomains));
  }
  // Mostly a commune; some people are only known by their province.
  d.territory_code = rng.Percent(90) ? places.communes[rng.Below(places.communes.size())]
                                     : places.provinces[rng.Below(places.provinces.size())];
  return d;
}

// Imports kCommunesPerProvince generated communes under each province and
// prefecture, through the territory service's CSV import.
Places ImportCommunes(tanzim::app::App& app) {
  Places places;
  std::string csv = "code,name_ar,name_fr,parent_code\n";
  for (const char* kind : {"province", "prefecture"}) {
    tanzim::territory::ListRequest request{kind, std::nullopt, std::nullopt, tanzim::kMaxPageSize};
    while (true) {
      auto page = app.territories().List(request);
      if (!page.ok()) Fail("listing provinces", page.error());
      for (const auto& t : page->items) {
        places.provinces.push_back(t.code);
        for (int n = 1; n <= kCommunesPerProvince; ++n) {
          const std::string code = t.code + "-C" + tanzim::bench::ZeroPadded(n, 2);
          csv += code + ",\"جماعة " + t.name_ar + " " + std::to_string(n) + "\",\"Commune " +
                 t.name_fr + " " + std::to_string(n) + "\"," + t.code + "\n";
          places.communes.push_back(code);
        }
      }
      if (!page->next_cursor) break;
      request.cursor = page->next_cursor;
    }
  }
  auto report = app.territories().ImportCommunes(csv);
  if (!report.ok()) Fail("importing communes", report.error());
  if (!report->rejected.empty()) {
    Fail("importing communes",
         Error(tanzim::ErrorCode::kInvalidArgument, "error.invalid", report->rejected));
  }
  return places;
}

// Forwards to the SQLite store and adds up the time spent in InsertMany, so the
// same load yields the store-only rate beside the end-to-end one.
class TimedPeopleStore final : public tanzim::people::PeopleStore {
 public:
  explicit TimedPeopleStore(tanzim::people::PeopleStore& inner) : inner_(inner) {}

  Result<std::optional<tanzim::people::PersonRow>> Find(int64_t id) override {
    return inner_.Find(id);
  }
  Result<tanzim::people::Person> Insert(const tanzim::people::PersonRow& row,
                                        const tanzim::people::DescribeChange& describe) override {
    return inner_.Insert(row, describe);
  }
  // The service hands rows over as they are checked: time spent waiting for
  // (or checking) the next part in `next` is not the store's and is left out.
  Result<tanzim::people::IdRange> InsertMany(size_t count, const tanzim::people::NextRows& next,
                                             const tanzim::people::DescribeImport& describe,
                                             std::string_view refused_digest) override {
    Clock::duration waited{};
    double waited_cpu = 0;
    const tanzim::people::NextRows timed_next = [&] {
      const auto start = Clock::now();
      const double cpu_start = CpuSeconds();
      auto part = next();
      waited += Clock::now() - start;
      waited_cpu += CpuSeconds() - cpu_start;
      return part;
    };
    const auto start = Clock::now();
    const double cpu_start = CpuSeconds();
    auto done = inner_.InsertMany(count, timed_next, describe, refused_digest);
    insert_time += Clock::now() - start - waited;
    insert_cpu += CpuSeconds() - cpu_start - waited_cpu;
    return done;
  }
  Result<std::vector<size_t>> CinsOnFile(
      std::span<const std::optional<std::string>> cins) override {
    return inner_.CinsOnFile(cins);
  }
  Result<std::optional<tanzim::people::PastImport>> FindImport(std::string_view sha256) override {
    return inner_.FindImport(sha256);
  }
  Result<tanzim::people::Person> Update(
      int64_t id,
      const std::function<Result<tanzim::people::PersonRow>(const tanzim::people::PersonRow&)>&
          change,
      const tanzim::people::DescribeChange& describe) override {
    return inner_.Update(id, change, describe);
  }
  Status Remove(int64_t id, const std::function<Status(const tanzim::people::PersonRow&)>& check,
                const tanzim::people::DescribeChange& describe) override {
    return inner_.Remove(id, check, describe);
  }
  Result<std::vector<tanzim::people::PersonRow>> List(
      const tanzim::people::PeopleQuery& query) override {
    return inner_.List(query);
  }
  Result<bool> InSector(int64_t id, std::string_view kind, std::string_view path) override {
    return inner_.InSector(id, kind, path);
  }

  Clock::duration insert_time{};
  double insert_cpu = 0;

 private:
  tanzim::people::PeopleStore& inner_;
};

// Runs `sql` on a raw connection or exits.
void Exec(sqlite3* db, const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    std::cerr << "tanzim-bench-load: baseline: " << (message ? message : "?") << " in " << sql
              << '\n';
    std::exit(1);
  }
}

void BindOpt(sqlite3_stmt* stmt, int index, const tanzim::Patch<std::string>& value) {
  if (value && *value) {
    sqlite3_bind_text64(stmt, index, (*value)->data(), (*value)->size(), SQLITE_TRANSIENT,
                        SQLITE_UTF8);
  } else {
    sqlite3_bind_null(stmt, index);
  }
}

struct Spent {
  double wall = 0;
  double cpu = 0;
};

// The reference figure of BASELINES.md, measured again here: the same people
// inserted with the bare C API (prepared statement, one transaction per batch,
// the store's pragmas) into a plain table with two indexes. The loader feeds it
// each batch right after the store's, so that a machine whose speed drifts
// (other work, a noisy neighbour) slows both alike and their ratio holds.
class Baseline {
 public:
  explicit Baseline(std::string path) : path_(std::move(path)) {
    Remove();
    if (sqlite3_open(path_.c_str(), &db_) != SQLITE_OK) {
      std::cerr << "tanzim-bench-load: cannot open " << path_ << '\n';
      std::exit(1);
    }
    Exec(db_,
         "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA cache_size=-16384;"
         "PRAGMA temp_store=MEMORY;"
         "CREATE TABLE members (id INTEGER PRIMARY KEY, name_ar TEXT, name_latin TEXT,"
         " gender TEXT, birth_date TEXT, cin TEXT, phone TEXT, email TEXT,"
         " territory_code TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
         "CREATE UNIQUE INDEX members_by_cin ON members (cin);"
         "CREATE INDEX members_by_territory ON members (territory_code, name_latin);");
    sqlite3_prepare_v2(db_,
                       "INSERT INTO members (name_ar, name_latin, gender, birth_date, cin, phone,"
                       " email, territory_code, created_at, updated_at)"
                       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
                       -1, &stmt_, nullptr);
  }
  Baseline(const Baseline&) = delete;
  Baseline& operator=(const Baseline&) = delete;
  ~Baseline() {
    sqlite3_finalize(stmt_);
    sqlite3_close(db_);
    Remove();
  }

  // Inserts `drafts` in one transaction and adds the time it took to `spent`.
  void Insert(const std::vector<tanzim::people::PersonDraft>& drafts) {
    static const std::string kNow = "2024-11-24T10:00:00Z";
    const auto start = Clock::now();
    const double cpu_start = CpuSeconds();
    Exec(db_, "BEGIN IMMEDIATE");
    for (const auto& d : drafts) {
      BindOpt(stmt_, 1, d.name_ar);
      BindOpt(stmt_, 2, d.name_latin);
      BindOpt(stmt_, 3, d.gender);
      BindOpt(stmt_, 4, d.birth_date);
      BindOpt(stmt_, 5, d.cin);
      BindOpt(stmt_, 6, d.phone);
      BindOpt(stmt_, 7, d.email);
      BindOpt(stmt_, 8, d.territory_code);
      sqlite3_bind_text(stmt_, 9, kNow.c_str(), static_cast<int>(kNow.size()), SQLITE_STATIC);
      if (sqlite3_step(stmt_) != SQLITE_DONE) {
        std::cerr << "tanzim-bench-load: baseline insert: " << sqlite3_errmsg(db_) << '\n';
        std::exit(1);
      }
      sqlite3_reset(stmt_);
    }
    Exec(db_, "COMMIT");
    spent.wall += Seconds(Clock::now() - start);
    spent.cpu += CpuSeconds() - cpu_start;
  }

  Spent spent;

 private:
  void Remove() const {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
  }

  std::string path_;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

// The largest people id in the store, for the by-id requests of run.sh.
int64_t MaxPersonId(const std::string& path) {
  sqlite3* db = nullptr;
  int64_t id = 0;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT max(id) FROM people", -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      id = sqlite3_column_int64(stmt, 0);
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);
  return id;
}

int Run(int argc, char** argv) {
  CLI::App cli{"Load generated people into a Tanzim store and time it"};
  std::string db;
  uint64_t count = 0;
  uint64_t batch = 1000000;
  std::string baseline_db;
  bool skip_baseline = false;
  std::string iso_json = tanzim::app::kIsoCodesJson;
  cli.add_option("--db", db, "Store: path of the SQLite file")->required();
  cli.add_option("--count", count, "How many people to load")
      ->required()
      ->check(CLI::PositiveNumber);
  cli.add_option("--batch", batch, "People per transaction")->check(CLI::PositiveNumber);
  cli.add_option("--baseline-db", baseline_db,
                 "Scratch file of the baseline (default: DB.baseline)");
  cli.add_flag("--no-baseline", skip_baseline, "Skip the plain SQLite baseline");
  cli.add_option("--iso-codes", iso_json, "ISO 3166-2 JSON from Debian's iso-codes");
  CLI11_PARSE(cli, argc, argv);
  if (baseline_db.empty()) baseline_db = db + ".baseline";

  auto opened = tanzim::app::App::Open(db);
  if (!opened.ok()) Fail("opening " + db, opened.error());
  auto app = std::move(opened).value();
  if (auto init = tanzim::app::Init(*app, iso_json); !init.ok()) Fail("init", init.error());
  const Places places = ImportCommunes(*app);
  Metric("communes", static_cast<double>(places.communes.size()));
  Metric("provinces", static_cast<double>(places.provinces.size()));

  // The same wiring as the App's, with a timer between the service and its store.
  tanzim::store::Pool pool(db);
  tanzim::people::SqlitePeopleStore sqlite_people(pool);
  tanzim::territory::SqliteTerritoryStore territories(pool);
  TimedPeopleStore timed(sqlite_people);
  tanzim::people::PeopleService people(timed, territories);
  tanzim::auth::Actor admin;  // national: may write anywhere
  admin.login = "bench";
  admin.role = tanzim::auth::Role::kAdmin;

  std::optional<Baseline> baseline;
  if (!skip_baseline) baseline.emplace(baseline_db);

  Clock::duration generate{};
  Clock::duration create_many{};
  double create_many_cpu = 0;
  for (uint64_t first = 0; first < count; first += batch) {
    const uint64_t last = std::min(count, first + batch);
    auto start = Clock::now();
    std::vector<tanzim::people::PersonDraft> drafts;
    drafts.reserve(last - first);
    for (uint64_t i = first; i < last; ++i) drafts.push_back(MakePerson(i, places));
    generate += Clock::now() - start;
    start = Clock::now();
    const double cpu_start = ProcessCpuSeconds();
    if (auto done = people.CreateMany(admin, drafts); !done.ok()) {
      Fail("CreateMany of people " + std::to_string(first) + "…" + std::to_string(last - 1),
           done.error());
    }
    create_many += Clock::now() - start;
    create_many_cpu += ProcessCpuSeconds() - cpu_start;
    if (baseline) baseline->Insert(drafts);
    std::cerr << "loaded " << last << " / " << count << '\n';
  }
  const auto n = static_cast<double>(count);
  Metric("people", n);
  Metric("batch", static_cast<double>(batch));
  Metric("generate_seconds", Seconds(generate));
  Metric("create_many_seconds", Seconds(create_many));
  Metric("store_insert_seconds", Seconds(timed.insert_time));
  // CreateMany's time outside InsertMany: helper threads validate while the store
  // inserts, so only this is added (territory look-ups, waits for checked drafts).
  Metric("not_overlapped_seconds", Seconds(create_many - timed.insert_time));
  // End to end: PeopleService::CreateMany (validation, normalization, sort keys,
  // territory look-ups) plus the store's InsertMany. Generation is not counted.
  Metric("load_end_to_end_rows_per_s", n / Seconds(create_many));
  // Store only: SqlitePeopleStore::InsertMany of ready PersonRows.
  Metric("load_store_rows_per_s", n / Seconds(timed.insert_time));
  // The same per CPU second of the loader: what the rates would be with the
  // cores to ourselves (minus waits on fsync, which CPU time leaves out).
  Metric("create_many_cpu_seconds", create_many_cpu);
  Metric("store_insert_cpu_seconds", timed.insert_cpu);
  Metric("load_end_to_end_rows_per_cpu_s", n / create_many_cpu);
  Metric("load_store_rows_per_cpu_s", n / timed.insert_cpu);
  Metric("people_max_id", static_cast<double>(MaxPersonId(db)));

  if (baseline) {
    const Spent& spent = baseline->spent;
    Metric("baseline_seconds", spent.wall);
    Metric("baseline_cpu_seconds", spent.cpu);
    Metric("baseline_rows_per_s", n / spent.wall);
    Metric("baseline_rows_per_cpu_s", n / spent.cpu);
    baseline.reset();
  }
  Metric("loader_peak_rss_mib", PeakRssMiB());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return tanzim::bench::GuardedMain("tanzim-bench-load", Run, argc, argv);
}
