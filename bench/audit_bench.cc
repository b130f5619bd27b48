// tanzim-bench-audit: builds a store whose audit trail holds N synthetic
// entries (one a minute from 2024-01-01, people updated by one account), then
// times one page of the trail's list (AuditService::List, what GET
// /api/v1/audit runs) unfiltered, by time window at the start, middle and
// end of the trail, and by object. Prints a Markdown table on stdout;
// progress goes to stderr.
//
//   tanzim-bench-audit --db bench/out/audit.db [--entries 1000000] [--runs 15]
//
// The entries go in with one INSERT … SELECT each for payloads and log rows:
// the list reads neither the hashes nor the chain, so they are zeros, and
// `tanzim audit verify` on this store reports it broken, as it should.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "app/app.h"
#include "audit/audit_service.h"
#include "auth/actor.h"
#include "bench_util.h"
#include "guarded_main.h"
#include "store/sqlite.h"

namespace {

[[noreturn]] void Fail(std::string_view what, const tanzim::Error& error) {
  tanzim::bench::Fail("tanzim-bench-audit", what, error);
}

void Check(const tanzim::Status& status, std::string_view what) {
  if (!status.ok()) Fail(what, status.error());
}

// `entries` payloads and log rows, ids 1…entries, entry n written at minute n
// after 2024-01-01T00:00:00Z.
void InsertEntries(tanzim::store::Connection& conn, int64_t entries) {
  auto tx = tanzim::store::Transaction::Begin(conn);
  if (!tx.ok()) Fail("begin", tx.error());
  const std::string count = std::to_string(entries);
  Check(conn.Exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " +
                  count +
                  ")"
                  " INSERT INTO audit_payloads (id, before, after)"
                  " SELECT i, '{\"name_latin\":\"Before ' || i || '\"}',"
                  " '{\"name_latin\":\"After ' || i || '\"}' FROM n"),
        "insert payloads");
  Check(conn.Exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " +
                  count +
                  ")"
                  " INSERT INTO audit_log (id, at, actor_id, actor_login, action, object_type,"
                  " object_id, payload_id, payload_hash, prev_hash, hash)"
                  " SELECT i, strftime('%Y-%m-%dT%H:%M:%SZ', '2024-01-01', '+' || i || ' minutes'),"
                  " NULL, 'bench', 'person.update', 'person', i % 100000 + 1, i,"
                  " zeroblob(32), zeroblob(32), zeroblob(32) FROM n"),
        "insert entries");
  Check(tx->Commit(), "commit");
}

struct Case {
  std::string name;
  tanzim::audit::ListRequest request;
};

// The time of entry `n` (minute n after 2024-01-01) as a date, for windows.
std::string DayOfEntry(tanzim::store::Connection& conn, int64_t n) {
  auto stmt = conn.Prepare("SELECT substr(at, 1, 10) FROM audit_log WHERE id = ?");
  if (!stmt.ok()) Fail("prepare", stmt.error());
  auto row = (*stmt)->Bind(1, n).Step();
  if (!row.ok() || !*row) Fail("day", row.ok() ? tanzim::Error::Internal("no row") : row.error());
  return (*stmt)->Text(0);
}

int Run(int argc, char** argv) {
  CLI::App cli{"Generate an audit trail of a million entries and time one page of its list"};
  std::string db;
  int64_t entries = 1'000'000;
  int runs = 15;
  cli.add_option("--db", db, "Store: path of the SQLite file (reused if it exists)")->required();
  cli.add_option("--entries", entries, "Audit entries")
      ->check(CLI::Range(int64_t{100}, int64_t{100'000'000}));
  cli.add_option("--runs", runs, "Timed runs per case")->check(CLI::PositiveNumber);
  CLI11_PARSE(cli, argc, argv);
  spdlog::set_level(spdlog::level::warn);

  const bool fresh = !std::filesystem::exists(db);
  auto app = tanzim::app::App::Open(db);
  if (!app.ok()) Fail("open", app.error());
  tanzim::store::Pool pool(db);
  auto conn = pool.Acquire();
  if (!conn.ok()) Fail("connect", conn.error());
  double load_seconds = 0;
  if (fresh) {
    const tanzim::bench::Stopwatch watch;
    InsertEntries(**conn, entries);
    Check((*conn)->Exec("ANALYZE"), "analyze");
    load_seconds = watch.Seconds();
    std::cerr << entries << " entries written in " << load_seconds << " s\n";
  }

  // Week-long windows at the trail's start, middle and end (the end's is
  // "what happened last week"), each a date pair as the API takes them.
  constexpr int64_t kWeek = int64_t{7} * 24 * 60;  // entries: one a minute
  const auto week_from = [&](int64_t n) {
    tanzim::audit::ListRequest r;
    r.from = DayOfEntry(**conn, n);
    r.to = DayOfEntry(**conn, std::min(entries, n + kWeek));
    return r;
  };
  tanzim::audit::ListRequest by_object;
  by_object.object = "person/500";
  const std::vector<Case> cases{
      {"first page, no filter", {}},
      {"a week at the start", week_from(1)},
      {"a week in the middle", week_from(entries / 2)},
      {"the last week", week_from(std::max<int64_t>(1, entries - kWeek))},
      {"one person's entries", by_object},
  };

  tanzim::auth::Actor admin;
  admin.role = tanzim::auth::Role::kAdmin;
  admin.login = "bench";
  std::printf(
      "| request (`GET /api/v1/audit?…`, 50 a page) | entries on the page | median ms | "
      "min ms | max ms |\n|---|---|---|---|---|\n");
  for (const Case& c : cases) {
    std::vector<double> ms;
    size_t items = 0;
    for (int run = 0; run <= runs; ++run) {  // run 0 warms the caches, untimed
      const tanzim::bench::Stopwatch watch;
      auto page = (*app)->audit().List(admin, c.request);
      const double elapsed = watch.Milliseconds();
      if (!page.ok()) Fail(c.name, page.error());
      items = page->items.size();
      if (run > 0) ms.push_back(elapsed);
    }
    std::string query = "limit=50";
    if (c.request.from) query = "from=" + *c.request.from + "&to=" + *c.request.to;
    if (c.request.object) query = "object=" + *c.request.object;
    const tanzim::bench::Summary summary = tanzim::bench::Summarize(ms);
    std::printf("| %s: `%s` | %zu | %.3f | %.3f | %.3f |\n", c.name.c_str(), query.c_str(), items,
                summary.median, summary.min, summary.max);
  }
  std::printf("\nmetric entries %lld\nmetric load_seconds %.1f\nmetric runs %d\n",
              static_cast<long long>(entries), load_seconds, runs);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return tanzim::bench::GuardedMain("tanzim-bench-audit", Run, argc, argv);
}
