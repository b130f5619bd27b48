#include "stats/sqlite_stats_store.h"

#include <array>
#include <cstdio>
#include <utility>

namespace tanzim::stats {
namespace {

// The running sums of the deltas are the figures at each month's end. The
// months before the window are folded into one row (month '') so that the
// window function only walks the window's months: a plain GROUP BY along the
// primary key is cheaper than SUM() OVER on ten years of rows (bench/NOTES.md).
// Months without a row changed nothing. ?1 territory ("" national), ?2 first
// month, ?3 last month.
constexpr const char* kMonthlySql =
    "SELECT month, approvals, lapsed,"
    "       sum(active) OVER running, sum(women) OVER running, sum(youth) OVER running"
    "  FROM (SELECT '' AS month, 0 AS approvals, 0 AS lapsed,"
    "               coalesce(sum(active_delta), 0) AS active,"
    "               coalesce(sum(women_delta), 0) AS women,"
    "               coalesce(sum(youth_delta), 0) AS youth"
    "          FROM member_stats_monthly WHERE territory_code = ?1 AND month < ?2"
    "        UNION ALL"
    "        SELECT month, approvals, lapsed, active_delta, women_delta, youth_delta"
    "          FROM member_stats_monthly"
    "         WHERE territory_code = ?1 AND month >= ?2 AND month <= ?3)"
    " WINDOW running AS (ORDER BY month ROWS UNBOUNDED PRECEDING)"
    " ORDER BY month";

// The same per child of ?1 (NULL: the regions), ordered by child then month.
constexpr const char* kByChildSql =
    "SELECT territory_code, month, approvals, lapsed,"
    "       sum(active) OVER running, sum(women) OVER running, sum(youth) OVER running"
    "  FROM (SELECT territory_code, '' AS month, 0 AS approvals, 0 AS lapsed,"
    "               sum(active_delta) AS active, sum(women_delta) AS women,"
    "               sum(youth_delta) AS youth"
    "          FROM member_stats_monthly"
    "         WHERE territory_code IN (SELECT code FROM territories WHERE parent_code IS ?1)"
    "           AND month < ?2"
    "         GROUP BY territory_code"
    "        UNION ALL"
    "        SELECT territory_code, month, approvals, lapsed, active_delta, women_delta,"
    "               youth_delta"
    "          FROM member_stats_monthly"
    "         WHERE territory_code IN (SELECT code FROM territories WHERE parent_code IS ?1)"
    "           AND month >= ?2 AND month <= ?3)"
    " WINDOW running AS (PARTITION BY territory_code ORDER BY month ROWS UNBOUNDED PRECEDING)"
    " ORDER BY territory_code, month";

// Turns the sparse rows of one territory (the first possibly before the
// window) into one entry per month of the window.
class Filler {
 public:
  Filler(std::string first_month, std::string last_month)
      : first_(std::move(first_month)), last_(std::move(last_month)) {}

  void Add(const MonthCounts& row) {
    if (row.month < first_) {
      carried_ = {first_, 0, 0, row.active, row.women, row.youth};
      return;
    }
    FillUntil(row.month);
    out_.push_back(row);
    carried_ = {NextMonth(row.month), 0, 0, row.active, row.women, row.youth};
  }

  std::vector<MonthCounts> Finish() {
    FillUntil(NextMonth(last_));
    return std::move(out_);
  }

 private:
  // Appends the quiet months before `month`.
  void FillUntil(const std::string& month) {
    if (carried_.month.empty()) carried_.month = first_;
    while (carried_.month < month) {
      out_.push_back(carried_);
      carried_.month = NextMonth(carried_.month);
    }
  }

  std::string first_;
  std::string last_;
  MonthCounts carried_;
  std::vector<MonthCounts> out_;
};

MonthCounts ReadCounts(const store::Statement& row, int first) {
  return {row.Text(first),    row.Int(first + 1), row.Int(first + 2),
          row.Int(first + 3), row.Int(first + 4), row.Int(first + 5)};
}

}  // namespace

std::string NextMonth(const std::string& month) {
  int year = std::stoi(month.substr(0, 4));
  int m = std::stoi(month.substr(5, 2)) + 1;
  if (m > 12) {
    m = 1;
    ++year;
  }
  std::array<char, 32> buf{};
  std::snprintf(buf.data(), buf.size(), "%04d-%02d", year, m);
  return buf.data();
}

Result<std::vector<MonthCounts>> SqliteStatsStore::Monthly(const std::string& territory_code,
                                                           const std::string& first_month,
                                                           const std::string& last_month) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto stmt = (*conn)->Prepare(kMonthlySql);
  if (!stmt.ok()) return std::move(stmt).error();
  store::Statement& s = **stmt;
  s.Bind(1, territory_code).Bind(2, first_month).Bind(3, last_month);
  Filler filler(first_month, last_month);
  while (true) {
    auto row = s.Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    filler.Add(ReadCounts(s, 0));
  }
  return filler.Finish();
}

Result<std::map<std::string, std::vector<MonthCounts>>> SqliteStatsStore::MonthlyByChild(
    const std::optional<std::string>& parent_code, const std::string& first_month,
    const std::string& last_month) {
  auto conn = pool_.Acquire();
  if (!conn.ok()) return std::move(conn).error();
  auto stmt = (*conn)->Prepare(kByChildSql);
  if (!stmt.ok()) return std::move(stmt).error();
  store::Statement& s = **stmt;
  s.Bind(1, parent_code).Bind(2, first_month).Bind(3, last_month);
  std::map<std::string, std::vector<MonthCounts>> out;
  std::optional<std::string> code;
  std::optional<Filler> filler;
  while (true) {
    auto row = s.Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    std::string child = s.Text(0);
    if (child != code) {
      if (code) out.emplace(*code, filler->Finish());
      code = child;
      filler.emplace(first_month, last_month);
    }
    filler->Add(ReadCounts(s, 1));
  }
  if (code) out.emplace(*code, filler->Finish());
  return out;
}

}  // namespace tanzim::stats
