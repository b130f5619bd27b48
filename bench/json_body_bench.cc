// What reading a JSON request body costs a server thread (`make bench-json`,
// also run by `make bench`): ParseJsonObject and ObjectReader, as a handler
// calls them, on the bodies a client may send within the 1 MiB limit, beside
// nlohmann's plain parse of the same bytes (no checks) in the same run.
// Prints one Markdown table row per body and `metric` lines.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "bench_util.h"
#include "guarded_main.h"
#include "web/http_types.h"
#include "web/json_io.h"

namespace {

using tanzim::bench::Stopwatch;
using tanzim::bench::Summarize;

constexpr size_t kMiB = 1 << 20;

struct Body {
  std::string name;
  std::string text;
};

// `{"k0":0,"k1":0,…}` as long as it stays under `limit` bytes.
std::string UnknownKeys(size_t limit) {
  std::string body = "{";
  for (int i = 0; body.size() + 16 < limit; ++i) {
    body += (i == 0 ? "\"k" : ",\"k") + std::to_string(i) + "\":0";
  }
  return body + "}";
}

// What a person's route does with a body: parse, then read its fields.
bool ReadPerson(const std::string& text) {
  tanzim::web::Request request;
  request.body = text;
  auto object = tanzim::web::ParseJsonObject(request);
  if (!object.ok()) return false;
  tanzim::web::ObjectReader read(*object, {"name_ar", "name_latin", "gender", "birth_date", "cin",
                                           "phone", "email", "territory_code"});
  for (const char* name : {"name_ar", "name_latin", "gender", "birth_date", "cin", "phone", "email",
                           "territory_code"}) {
    (void)read.String(name);
  }
  return read.Finish().ok();
}

int Run(int argc, char** argv) {
  CLI::App cli{"Times reading JSON request bodies"};
  int runs = 15;
  cli.add_option("--runs", runs, "timed runs per body, after one untimed")
      ->check(CLI::Range(1, 10000));
  CLI11_PARSE(cli, argc, argv);

  std::string repeated = UnknownKeys(kMiB - 16);
  repeated.insert(repeated.size() - 1, ",\"k7\":1");
  const std::vector<Body> bodies = {
      {"a person (a valid POST /api/v1/people body)",
       R"({"name_ar":"كوثر السلاوي","name_latin":"Kawtar Slaoui","gender":"f",)"
       R"("birth_date":"1977-12-03","cin":"B1957224","phone":"0772479300",)"
       R"("email":"k.slaoui@example.ma","territory_code":"MA-SIK"})"},
      {"1 MiB of unknown keys", UnknownKeys(kMiB)},
      {"1 MiB of unknown keys, one repeated at the end", repeated},
  };

  std::cout << "| body | bytes | median ms | min ms | max ms | plain parse median ms | ratio |\n"
            << "|---|---|---|---|---|---|---|\n";
  for (size_t b = 0; b < bodies.size(); ++b) {
    const Body& body = bodies[b];
    // A person is timed in batches: one read is below the clock's resolution.
    const int repeat = body.text.size() < 4096 ? 10000 : 1;
    std::vector<double> ours;
    std::vector<double> plain;
    for (int run = 0; run <= runs; ++run) {
      Stopwatch ours_watch;
      bool accepted = false;
      for (int i = 0; i < repeat; ++i) accepted = ReadPerson(body.text);
      const double ours_ms = ours_watch.Milliseconds() / repeat;
      Stopwatch plain_watch;
      size_t members = 0;
      for (int i = 0; i < repeat; ++i) members += nlohmann::json::parse(body.text).size();
      const double plain_ms = plain_watch.Milliseconds() / repeat;
      if (accepted != (b == 0) || members == 0) {
        std::cerr << "tanzim-bench-json-body: unexpected answer for " << body.name << '\n';
        return 1;
      }
      if (run == 0) continue;  // untimed: warms the allocator and the caches
      ours.push_back(ours_ms);
      plain.push_back(plain_ms);
    }
    const auto ours_summary = Summarize(ours);
    const auto plain_summary = Summarize(plain);
    const double ratio = ours_summary.median / plain_summary.median;
    std::printf("| %s | %zu | %.4f | %.4f | %.4f | %.4f | %.2f |\n", body.name.c_str(),
                body.text.size(), ours_summary.median, ours_summary.min, ours_summary.max,
                plain_summary.median, ratio);
    std::printf("metric body%zu_median_ms %.4f\nmetric body%zu_ratio %.2f\n", b,
                ours_summary.median, b, ratio);
  }
  std::printf("metric runs %d\n", runs);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return tanzim::bench::GuardedMain("tanzim-bench-json-body", Run, argc, argv);
}
