// tanzim-bench-stats: builds a store with Morocco's territories, ~1,500
// generated communes, N bodies and M people with one membership each over ten
// years, then times the member figures (StatsService::Members) for a region
// and for the whole country. Prints a Markdown section for BENCHMARKS.md on
// stdout (see bench/stats_run.sh); progress goes to stderr.
//
//   tanzim-bench-stats --db bench/out/stats.db [--members 1000000] [--bodies 20000] [--runs 15]
//
// Generation is deterministic (fixed seed). Rows go in with plain prepared
// INSERTs: the membership triggers that keep the figures run as they would
// for memberships approved one by one.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "app/app.h"
#include "auth/actor.h"
#include "bench_util.h"
#include "guarded_main.h"
#include "stats/stats_service.h"
#include "store/sqlite.h"

namespace {

using tanzim::Error;

constexpr uint64_t kSeed = 0x7374617473303031;  // "stats001"
constexpr int kCommunesPerProvince = 20;        // 75 provinces → 1,500 communes
constexpr int kBaselineMs = 40;  // BASELINES.md: GROUP BY commune, covering index, 1M rows

[[noreturn]] void Fail(std::string_view what, const Error& error) {
  tanzim::bench::Fail("tanzim-bench-stats", what, error);
}

void Check(const tanzim::Status& status, std::string_view what) {
  if (!status.ok()) Fail(what, status.error());
}

class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
    z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
    return z ^ (z >> 31);
  }
  uint64_t Below(uint64_t n) { return Next() % n; }
  int64_t SignedBelow(int64_t n) { return static_cast<int64_t>(Below(static_cast<uint64_t>(n))); }
  bool Percent(int percent) { return Below(100) < static_cast<uint64_t>(percent); }

 private:
  uint64_t state_;
};

// Days since 1970-01-01 ↔ "YYYY-MM-DD" (Howard Hinnant's civil calendar).
std::string DateText(int64_t days) {
  const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days}}};
  using tanzim::bench::ZeroPadded;
  return ZeroPadded(static_cast<int>(ymd.year()), 4) + "-" +
         ZeroPadded(static_cast<unsigned>(ymd.month()), 2) + "-" +
         ZeroPadded(static_cast<unsigned>(ymd.day()), 2);
}

int64_t Days(int y, int m, int d) {
  return std::chrono::sys_days{std::chrono::year{y} / m / d}.time_since_epoch().count();
}

struct Body {
  int64_t id;
  std::string territory;  // "" for national bodies
};

struct Places {
  std::vector<std::string> regions, provinces, communes;
};

Places LoadTerritories(tanzim::app::App& app, const std::string& iso_json) {
  Check(tanzim::app::Init(app, iso_json), "init");
  Places places;
  std::string csv = "code,name_ar,name_fr,parent_code\n";
  for (const char* kind : {"region", "province", "prefecture"}) {
    tanzim::territory::ListRequest request{kind, std::nullopt, std::nullopt, tanzim::kMaxPageSize};
    while (true) {
      auto page = app.territories().List(request);
      if (!page.ok()) Fail("listing territories", page.error());
      for (const auto& t : page->items) {
        if (std::string_view(kind) == "region") {
          places.regions.push_back(t.code);
          continue;
        }
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
  return places;
}

// Bodies: a few national ones, a secretariat per region, province and commune,
// and sector organizations and committees spread over the communes.
std::vector<Body> InsertBodies(tanzim::store::Connection& conn, const Places& places, int count) {
  std::vector<Body> bodies;
  auto stmt = conn.Prepare(
      "INSERT INTO bodies (kind, territory_code, name_ar, name_fr, status, created_at, "
      "updated_at) VALUES (?1, ?2, 'هيئة', 'Instance', 'active', '2026-01-01T00:00:00Z', "
      "'2026-01-01T00:00:00Z')");
  if (!stmt.ok()) Fail("prepare bodies", stmt.error());
  auto add = [&](const char* kind, const std::string& territory) {
    (*stmt)->Reset();
    (*stmt)->Bind(1, kind);
    if (territory.empty()) {
      (*stmt)->BindNull(2);
    } else {
      (*stmt)->Bind(2, territory);
    }
    Check((*stmt)->Run(), "insert body");
    bodies.push_back({conn.LastInsertId(), territory});
  };
  for (const char* kind : {"general_secretariat", "political_bureau", "national_council",
                           "parliamentary_group", "pole"}) {
    add(kind, "");
  }
  for (const auto& r : places.regions) add("regional_secretariat", r);
  for (const auto& p : places.provinces) add("provincial_secretariat", p);
  for (const auto& c : places.communes) add("local_secretariat", c);
  Rng rng(kSeed ^ 0xb0d1e5);
  static constexpr std::array<const char*, 4> kOther{
      "committee", "womens_organization", "youth_organization", "professionals_organization"};
  while (static_cast<int>(bodies.size()) < count) {
    add(kOther.at(rng.Below(kOther.size())), places.communes[rng.Below(places.communes.size())]);
  }
  return bodies;
}

// One person and one membership per index. Membership grows over the ten years
// (more approvals recently); a quarter left (lapsed, resigned or expelled), 2%
// are still applicants; 38% women; ages 18–80 at approval.
void InsertMembers(tanzim::store::Connection& conn, const Places& places,
                   const std::vector<Body>& bodies, int64_t count) {
  auto person = conn.Prepare(
      "INSERT INTO people (name_latin, gender, birth_date, territory_code, province_code,"
      " region_code, sort_key, search_text, created_at, updated_at)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, '', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
  if (!person.ok()) Fail("prepare people", person.error());
  auto membership = conn.Prepare(
      "INSERT INTO memberships (person_id, body_id, status, joined_on, approved_on, left_on,"
      " territory_code, gender, birth_date, created_at, updated_at)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, '2026-01-01T00:00:00Z',"
      " '2026-01-01T00:00:00Z')");
  if (!membership.ok()) Fail("prepare memberships", membership.error());
  const int64_t start = Days(2016, 12, 1);
  const int64_t today = Days(2026, 11, 28);
  const int64_t span = today - start;
  // Members are attached mostly to local secretariats: pick a commune body
  // 85% of the time, any body otherwise.
  const size_t local_first = 5 + places.regions.size() + places.provinces.size();
  auto tx = tanzim::store::Transaction::Begin(conn);
  if (!tx.ok()) Fail("begin", tx.error());
  for (int64_t i = 0; i < count; ++i) {
    Rng rng(kSeed ^ (static_cast<uint64_t>(i) * 0x9e3779b97f4a7c15));
    const Body& body = rng.Percent(85) ? bodies[local_first + rng.Below(places.communes.size())]
                                       : bodies[rng.Below(bodies.size())];
    const bool female = rng.Percent(38);
    // sqrt of a uniform draw leans towards recent dates: a growing party.
    const double u = static_cast<double>(rng.Below(1'000'000)) / 1e6;
    const int64_t approved = start + static_cast<int64_t>(std::sqrt(u) * static_cast<double>(span));
    const int64_t age_days = (18 + rng.SignedBelow(62)) * 365 + rng.SignedBelow(365);
    const std::string birth = DateText(approved - age_days);
    std::string status = "active";
    std::optional<std::string> approved_on = DateText(approved);
    std::optional<std::string> left_on;
    if (rng.Percent(2)) {
      status = "applicant";
      approved_on.reset();
    } else if (rng.Percent(25)) {
      const int64_t left = approved + 30 + rng.SignedBelow(std::max<int64_t>(1, today - approved));
      if (left <= today) {
        left_on = DateText(left);
        const auto kind = rng.Below(10);
        status = kind < 6 ? "lapsed" : kind < 9 ? "resigned" : "expelled";
      }
    }
    const std::string& lives = body.territory.empty() || body.territory.size() <= 5
                                   ? places.communes[rng.Below(places.communes.size())]
                                   : body.territory;
    const std::string province = lives.substr(0, lives.rfind('-'));
    (*person)->Reset();
    (*person)
        ->Bind(1, "Member " + std::to_string(i))
        .Bind(2, female ? "f" : "m")
        .Bind(3, birth)
        .Bind(4, lives)
        .Bind(5, lives.size() > 7 ? province : lives)
        .Bind(6, "MA")  // not read by the figures
        .BindBlob(7, std::string(8, static_cast<char>(i & 0x7f)));
    Check((*person)->Run(), "insert person");
    const int64_t person_id = conn.LastInsertId();
    (*membership)->Reset();
    (*membership)
        ->Bind(1, person_id)
        .Bind(2, body.id)
        .Bind(3, status)
        .Bind(4, DateText(approved - 20))
        .Bind(5, approved_on)
        .Bind(6, left_on)
        .Bind(8, female ? "f" : "m")
        .Bind(9, birth);
    if (body.territory.empty()) {
      (*membership)->BindNull(7);
    } else {
      (*membership)->Bind(7, body.territory);
    }
    Check((*membership)->Run(), "insert membership");
    if ((i + 1) % 100000 == 0) std::cerr << "members " << (i + 1) << " / " << count << '\n';
  }
  Check(tx->Commit(), "commit");
}

struct Case {
  std::string name;
  std::optional<std::string> territory;
  std::string from, to, interval;
  bool by_child = false;
};

int Run(int argc, char** argv) {
  CLI::App cli{"Generate a store with a million memberships and time the member figures"};
  std::string db;
  int64_t members = 1'000'000;
  int bodies_count = 20'000;
  int runs = 15;
  std::string iso_json = tanzim::app::kIsoCodesJson;
  std::string region = "MA-06";
  cli.add_option("--db", db, "Store: path of the SQLite file (reused if it is complete)")
      ->required();
  cli.add_option("--members", members, "Memberships (one person each)");
  cli.add_option("--bodies", bodies_count, "Bodies");
  cli.add_option("--runs", runs, "Timed runs per case")->check(CLI::PositiveNumber);
  cli.add_option("--iso-codes", iso_json, "ISO 3166-2 JSON from Debian's iso-codes");
  cli.add_option("--region", region, "The region to time");
  CLI11_PARSE(cli, argc, argv);
  spdlog::set_level(spdlog::level::warn);

  const bool fresh = !std::filesystem::exists(db);
  auto app = tanzim::app::App::Open(db);
  if (!app.ok()) Fail("open", app.error());
  tanzim::store::Pool pool(db);
  double load_seconds = 0;
  if (fresh) {
    const Places places = LoadTerritories(**app, iso_json);
    auto conn = pool.Acquire();
    if (!conn.ok()) Fail("connect", conn.error());
    Check((*conn)->Exec("PRAGMA cache_size=-262144"), "pragma");
    std::vector<Body> bodies;
    {
      auto tx = tanzim::store::Transaction::Begin(**conn);
      if (!tx.ok()) Fail("begin", tx.error());
      bodies = InsertBodies(**conn, places, bodies_count);
      Check(tx->Commit(), "commit bodies");
    }
    std::cerr << places.communes.size() << " communes, " << bodies.size() << " bodies\n";
    const tanzim::bench::Stopwatch watch;
    InsertMembers(**conn, places, bodies, members);
    load_seconds = watch.Seconds();
    Check((*conn)->Exec("ANALYZE"), "analyze");
    Check((*conn)->Exec(tanzim::store::kDefaultCacheSizePragma), "pragma");
  }
  auto count = [&](const char* sql) -> int64_t {
    auto conn = pool.Acquire();
    if (!conn.ok()) Fail("connect", conn.error());
    auto stmt = (*conn)->Prepare(sql);
    if (!stmt.ok()) Fail("prepare", stmt.error());
    auto row = (*stmt)->Step();
    if (!row.ok() || !*row) Fail("count", row.ok() ? Error::Internal("no row") : row.error());
    return (*stmt)->Int(0);
  };
  const int64_t n_members = count("SELECT count(*) FROM memberships");
  const int64_t n_bodies = count("SELECT count(*) FROM bodies");
  const int64_t n_communes = count("SELECT count(*) FROM territories WHERE kind = 'commune'");
  const int64_t n_summary = count("SELECT count(*) FROM member_stats_monthly");

  tanzim::auth::Actor admin;
  admin.role = tanzim::auth::Role::kAdmin;
  admin.login = "bench";
  const std::vector<Case> cases{
      {"region, 12 months", region, "2025-12-01", "2026-11-30", "month"},
      {"region, 10 years", region, "2017-01-01", "2026-11-30", "year"},
      {"region, 12 months, by province", region, "2025-12-01", "2026-11-30", "month", true},
      {"region, 10 years, by province", region, "2017-01-01", "2026-11-30", "year", true},
      {"national, 12 months", std::nullopt, "2025-12-01", "2026-11-30", "month"},
      {"national, 10 years", std::nullopt, "2017-01-01", "2026-11-30", "year"},
      {"national, 120 months", std::nullopt, "2016-12-01", "2026-11-30", "month"},
      {"national, 12 months, by region", std::nullopt, "2025-12-01", "2026-11-30", "month", true},
      {"national, 10 years, by region", std::nullopt, "2017-01-01", "2026-11-30", "year", true},
  };
  std::printf(
      "| request (`GET /api/v1/stats/members?…`) | median ms | min ms | max ms | "
      "vs. 40 ms baseline | target < 50 ms |\n|---|---|---|---|---|---|\n");
  for (const Case& c : cases) {
    tanzim::stats::MemberStatsRequest request{
        c.territory, c.from, c.to, c.interval,
        c.by_child ? std::optional<std::string>("child") : std::nullopt};
    std::vector<double> ms;
    int64_t active = 0;
    for (int run = 0; run <= runs; ++run) {  // run 0 warms the caches, untimed
      const tanzim::bench::Stopwatch watch;
      auto figures = (*app)->stats().Members(admin, request);
      const double elapsed = watch.Milliseconds();
      if (!figures.ok()) Fail(c.name, figures.error());
      active = figures->total.periods.back().active;
      if (run > 0) ms.push_back(elapsed);
    }
    const tanzim::bench::Summary summary = tanzim::bench::Summarize(ms);
    std::string query = "territory=" + c.territory.value_or("") + "&from=" + c.from +
                        "&to=" + c.to + "&interval=" + c.interval + (c.by_child ? "&by=child" : "");
    if (!c.territory) query = query.substr(query.find('&') + 1);
    std::printf("| %s: `%s` (active at end: %lld) | %.3f | %.3f | %.3f | %.1f%% | %s |\n",
                c.name.c_str(), query.c_str(), static_cast<long long>(active), summary.median,
                summary.min, summary.max, 100.0 * summary.median / kBaselineMs,
                summary.median < 50 ? "pass" : "**miss**");
  }
  std::printf(
      "\nmetric members %lld\nmetric bodies %lld\nmetric communes %lld\n"
      "metric summary_rows %lld\nmetric load_seconds %.1f\nmetric runs %d\n",
      static_cast<long long>(n_members), static_cast<long long>(n_bodies),
      static_cast<long long>(n_communes), static_cast<long long>(n_summary), load_seconds, runs);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return tanzim::bench::GuardedMain("tanzim-bench-stats", Run, argc, argv);
}
