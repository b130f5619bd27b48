// tanzim-bench-by-id: the server-side cost of `GET /api/v1/people/{id}` without
// HTTP: PeopleService::Get (scope check, store read, read-log note) and the
// JSON answer, called in process on random ids over a loaded store (the one
// bench/run.sh builds). CPU time per call is robust to other work on the
// machine, unlike wrk's requests per second, so A/B comparisons of the read
// path use this.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <random>
#include <thread>
#include <vector>

#include "app/app.h"
#include "bench_util.h"
#include "guarded_main.h"
#include "people/person_json.h"

using tanzim::bench::CpuSeconds;

namespace {

int Run(int argc, char** argv) {
  CLI::App cli{"Time PeopleService::Get and its JSON answer in process"};
  std::string db;
  int64_t max_id = 1'000'000;
  int calls = 200'000;
  int threads = 2;
  cli.add_option("--db", db, "A loaded store (bench/run.sh: bench/out/people.db)")->required();
  cli.add_option("--max-id", max_id, "Ids are drawn uniformly from 1..MAX_ID");
  cli.add_option("--calls", calls, "Calls per thread");
  cli.add_option("--threads", threads, "Threads calling at once");
  CLI11_PARSE(cli, argc, argv);

  auto opened = tanzim::app::App::Open(db);
  if (!opened.ok()) tanzim::bench::Fail("tanzim-bench-by-id", "cannot open " + db, opened.error());
  auto app = std::move(opened).value();
  tanzim::auth::Actor admin;  // national, with an account id: every read is noted
  admin.user_id = 1;
  admin.login = "bench";
  admin.role = tanzim::auth::Role::kAdmin;

  std::vector<double> thread_cpu(threads);
  std::vector<size_t> bytes(threads);
  std::vector<int> failures(threads);
  const double process_start = CpuSeconds(CLOCK_PROCESS_CPUTIME_ID);
  const tanzim::bench::Stopwatch wall_clock;
  {
    std::vector<std::jthread> workers;
    workers.reserve(static_cast<size_t>(threads));
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back([&, t] {
        std::mt19937_64 rng(uint64_t{7919} * static_cast<uint64_t>(t + 1));
        std::uniform_int_distribution<int64_t> ids(1, max_id);
        const double start = CpuSeconds(CLOCK_THREAD_CPUTIME_ID);
        for (int i = 0; i < calls; ++i) {
          auto found = app->people().Get(admin, ids(rng));
          if (!found.ok()) {
            ++failures[t];
            continue;
          }
          bytes[t] += tanzim::people::ToJson(*found).size();
        }
        thread_cpu[t] = CpuSeconds(CLOCK_THREAD_CPUTIME_ID) - start;
      });
    }
  }
  const double wall = wall_clock.Seconds();
  app.reset();  // the read log writes its last notes: counted below
  const double process_cpu = CpuSeconds(CLOCK_PROCESS_CPUTIME_ID) - process_start;
  double callers_cpu = 0;
  int failed = 0;
  for (int t = 0; t < threads; ++t) {
    callers_cpu += thread_cpu[t];
    failed += failures[t];
  }
  const double total = static_cast<double>(calls) * threads;
  std::printf("metric calls %.0f\nmetric failed %d\n", total, failed);
  std::printf("metric caller_cpu_us_per_call %.2f\n", callers_cpu / total * 1e6);
  // The callers plus the read log's writer thread (notes stored in batches).
  std::printf("metric process_cpu_us_per_call %.2f\n", process_cpu / total * 1e6);
  std::printf("metric calls_per_s %.0f\n", total / wall);
  return failed == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  return tanzim::bench::GuardedMain("tanzim-bench-by-id", Run, argc, argv);
}
