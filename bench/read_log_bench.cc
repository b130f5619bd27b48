// tanzim-bench-read-log: what the read log costs per record read, the part of
// `GET /api/v1/people/{id}` that happens after the answer. Queues NOTES notes for
// random people with SqliteReadLog::Note, then writes them with one Flush (the
// work its thread does each second), FLUSHES times, so the log grows as it does
// under a sustained load. CPU time per note, of the caller (Note) and of the
// flush, is barely affected by other work on the machine.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "audit/sqlite_read_log.h"
#include "bench_util.h"
#include "guarded_main.h"
#include "store/migrations.h"
#include "store/sqlite.h"

using tanzim::bench::CpuSeconds;

namespace {

int Run(int argc, char** argv) {
  constexpr std::string_view kTool = "tanzim-bench-read-log";
  CLI::App cli{"Time the read log's notes and flushes on a growing log"};
  std::string db;
  int notes = 40'000;
  int flushes = 60;
  int64_t people = 1'000'000;
  cli.add_option("--db", db, "SQLite file (created or migrated; its read log is emptied first)")
      ->required();
  cli.add_option("--notes", notes, "Notes per flush (by-id reads in a second)")
      ->check(CLI::PositiveNumber);
  cli.add_option("--flushes", flushes, "Flushes, one after the other")->check(CLI::PositiveNumber);
  cli.add_option("--people", people, "Person ids are drawn uniformly from 1..PEOPLE")
      ->check(CLI::PositiveNumber);
  CLI11_PARSE(cli, argc, argv);

  {
    auto conn = tanzim::store::Connection::Open(db);
    if (!conn.ok()) tanzim::bench::Fail(kTool, "cannot open " + db, conn.error());
    if (auto migrated = tanzim::store::Migrate(**conn); !migrated.ok()) {
      tanzim::bench::Fail(kTool, "migrating " + db, migrated.error());
    }
    if (auto emptied = (*conn)->Exec("DELETE FROM person_reads"); !emptied.ok()) {
      tanzim::bench::Fail(kTool, "emptying the read log", emptied.error());
    }
  }
  tanzim::store::Pool pool(db);
  // Flushed here only: the log's own thread waits a day between flushes.
  tanzim::audit::SqliteReadLog log(pool, std::chrono::hours(24), static_cast<size_t>(notes));

  std::mt19937_64 rng(7919);
  std::uniform_int_distribution<int64_t> person(1, people);
  std::vector<double> note_us;
  std::vector<double> flush_us;
  note_us.reserve(static_cast<size_t>(flushes));
  flush_us.reserve(static_cast<size_t>(flushes));
  for (int f = 0; f < flushes; ++f) {
    const double noting = CpuSeconds(CLOCK_THREAD_CPUTIME_ID);
    for (int i = 0; i < notes; ++i) {
      // A handful of accounts read, as in an organization's day.
      if (auto noted = log.Note(1 + i % 8, person(rng), "record"); !noted.ok()) {
        tanzim::bench::Fail(kTool, "note", noted.error());
      }
    }
    const double flushing = CpuSeconds(CLOCK_THREAD_CPUTIME_ID);
    if (auto flushed = log.Flush(); !flushed.ok()) {
      tanzim::bench::Fail(kTool, "flush", flushed.error());
    }
    const double done = CpuSeconds(CLOCK_THREAD_CPUTIME_ID);
    note_us.push_back((flushing - noting) / notes * 1e6);
    flush_us.push_back((done - flushing) / notes * 1e6);
  }

  // The last tenth shows the cost once the log has grown; the median, over the whole run.
  const size_t tail = std::max<size_t>(1, flush_us.size() / 10);
  const std::vector<double> last(flush_us.end() - static_cast<std::ptrdiff_t>(tail),
                                 flush_us.end());
  std::printf("metric notes_on_file %.0f\n", static_cast<double>(notes) * flushes);
  std::printf("metric note_cpu_us %.3f\n", tanzim::bench::Summarize(note_us).median);
  std::printf("metric flush_cpu_us_per_note %.3f\n", tanzim::bench::Summarize(flush_us).median);
  std::printf("metric flush_cpu_us_per_note_last_tenth %.3f\n",
              tanzim::bench::Summarize(last).median);
  std::printf("metric db_mib %.1f\n",
              static_cast<double>(std::filesystem::file_size(db)) / (1024.0 * 1024.0));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return tanzim::bench::GuardedMain("tanzim-bench-read-log", Run, argc, argv);
}
