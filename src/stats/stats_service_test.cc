#include "stats/stats_service.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "stats/sqlite_stats_store.h"
#include "store/sqlite.h"
#include "store/testing/temp_store.h"
#include "territory/sqlite_territory_store.h"

namespace tanzim::stats {
namespace {

using auth::Actor;
using auth::Role;

// {period, new_approvals, active, lapsed, women, youth}
struct Row {
  std::string period;
  int64_t approvals, active, lapsed, women, youth;
  bool operator==(const Row&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Row& r) {
  return os << "{" << r.period << " new " << r.approvals << " active " << r.active << " lapsed "
            << r.lapsed << " women " << r.women << " youth " << r.youth << "}";
}

std::vector<Row> Rows(const std::vector<PeriodFigures>& periods) {
  std::vector<Row> rows;
  for (const auto& p : periods) {
    rows.push_back({p.period, p.new_approvals, p.active, p.lapsed, p.women, p.youth});
  }
  return rows;
}

class StatsServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<store::testing::TempStore>("stats");
    territories_ = std::make_unique<territory::SqliteTerritoryStore>(db_->pool());
    store_ = std::make_unique<SqliteStatsStore>(db_->pool());
    service_ = std::make_unique<StatsService>(*store_, *territories_);
    Exec(
        "INSERT INTO territories (code, kind, name_ar, name_fr, parent_code, path) VALUES"
        " ('MA-03', 'region', 'ج', 'Fès-Meknès', NULL, '/MA-03/'),"
        " ('MA-FES', 'prefecture', 'ع', 'Fès', 'MA-03', '/MA-03/MA-FES/'),"
        " ('MA-MEK', 'prefecture', 'ع', 'Meknès', 'MA-03', '/MA-03/MA-MEK/'),"
        " ('FES-001', 'commune', 'ج', 'F1', 'MA-FES', '/MA-03/MA-FES/FES-001/'),"
        " ('FES-002', 'commune', 'ج', 'F2', 'MA-FES', '/MA-03/MA-FES/FES-002/'),"
        " ('MEK-001', 'commune', 'ج', 'M1', 'MA-MEK', '/MA-03/MA-MEK/MEK-001/'),"
        " ('MEK-002', 'commune', 'ج', 'M2', 'MA-MEK', '/MA-03/MA-MEK/MEK-002/'),"
        " ('MA-06', 'region', 'ج', 'Casablanca-Settat', NULL, '/MA-06/'),"
        " ('MA-CAS', 'prefecture', 'ع', 'Casablanca', 'MA-06', '/MA-06/MA-CAS/'),"
        " ('CAS-001', 'commune', 'ج', 'C1', 'MA-CAS', '/MA-06/MA-CAS/CAS-001/');"
        "INSERT INTO bodies (id, kind, territory_code, name_ar, name_fr, status, created_at,"
        " updated_at) VALUES"
        " (1, 'national_council', NULL, 'م', 'CN', 'active', 'x', 'x'),"
        " (2, 'local_secretariat', 'FES-001', 'أ', 'L', 'active', 'x', 'x'),"
        " (3, 'local_secretariat', 'FES-002', 'أ', 'L', 'active', 'x', 'x'),"
        " (4, 'local_secretariat', 'MEK-001', 'أ', 'L', 'active', 'x', 'x'),"
        " (5, 'provincial_secretariat', 'MA-FES', 'أ', 'P', 'active', 'x', 'x'),"
        " (6, 'local_secretariat', 'CAS-001', 'أ', 'L', 'active', 'x', 'x');");
    admin_.role = Role::kAdmin;
  }

  void Exec(const std::string& sql) {
    auto conn = db_->pool().Acquire();
    ASSERT_TRUE(conn.ok());
    const Status done = (*conn)->Exec(sql);
    ASSERT_TRUE(done.ok()) << done.error().log_detail() << " in " << sql;
  }

  // A person and their membership of `body` (territory copied from the body,
  // as the memberships module does). Dates and gender may be "NULL".
  void Member(int id, int body, const std::string& status, const std::string& approved,
              const std::string& left, const std::string& gender, const std::string& birth) {
    auto q = [](const std::string& v) { return v == "NULL" ? v : "'" + v + "'"; };
    const std::string n = std::to_string(id);
    Exec(
        "INSERT INTO people (id, name_latin, gender, birth_date, territory_code, province_code,"
        " region_code, sort_key, search_text, created_at, updated_at) VALUES (" +
        n + ", 'P" + n + "', " + q(gender) + ", " + q(birth) +
        ", 'MA-FES', 'MA-FES', 'MA-03', x'00', '', 'x', 'x');"
        "INSERT INTO memberships (id, person_id, body_id, status, joined_on, approved_on, left_on,"
        " territory_code, gender, birth_date, created_at, updated_at) SELECT " +
        n + ", " + n + ", " + std::to_string(body) + ", '" + status + "', '2000-01-01', " +
        q(approved) + ", " + q(left) + ", territory_code, " + q(gender) + ", " + q(birth) +
        ", 'x', 'x' FROM bodies WHERE id = " + std::to_string(body) + ";");
  }

  // The hand-computed dataset of the tests below (dates in 2023–2025).
  void LoadDataset() {
    Member(1, 2, "active", "2024-06-10", "NULL", "f", "1995-05-05");  // young woman
    Member(2, 2, "active", "2025-01-15", "NULL", "m", "1990-02-10");  // turns 35 in Feb 2025
    Member(3, 3, "lapsed", "2024-01-01", "2025-02-20", "f", "1980-01-01");
    Member(4, 4, "active", "2025-03-03", "NULL", "m", "NULL");                // birth date unknown
    Member(5, 5, "resigned", "2023-05-05", "2025-01-31", "f", "2000-01-01");  // provincial body
    Member(6, 6, "active", "2025-02-01", "NULL", "f", "2001-01-01");          // Casablanca
    Member(7, 1, "active", "2024-01-01", "NULL", "m", "1999-01-01");          // national body
    Member(8, 2, "applicant", "NULL", "NULL", "f", "2000-01-01");             // never counts
    Member(9, 3, "lapsed", "2020-01-01", "2021-01-01", "m", "1970-01-01");    // long gone
    Member(10, 2, "expelled", "2025-02-05", "2025-02-25", "m", "2000-03-03");
  }

  Result<MemberStats> Ask(const Actor& actor, std::optional<std::string> territory,
                          std::string from = "2025-01-01", std::string to = "2025-03-31",
                          std::optional<std::string> interval = std::nullopt,
                          std::optional<std::string> by = std::nullopt) {
    return service_->Members(actor, {std::move(territory), std::move(from), std::move(to),
                                     std::move(interval), std::move(by)});
  }

  Actor Scoped(Role role, const std::string& code) {
    Actor actor;
    actor.role = role;
    actor.scope = **territories_->Find(code);
    return actor;
  }

  std::unique_ptr<store::testing::TempStore> db_;
  std::unique_ptr<territory::SqliteTerritoryStore> territories_;
  std::unique_ptr<SqliteStatsStore> store_;
  std::unique_ptr<StatsService> service_;
  Actor admin_;
};

TEST_F(StatsServiceTest, RegionMonthsMatchHandComputedFigures) {
  LoadDataset();
  auto figures = Ask(admin_, "MA-03");
  ASSERT_TRUE(figures.ok());
  EXPECT_EQ(figures->total.territory->code, "MA-03");
  // Jan: m2 approved; m1 m2 m3 active (m5 left on the 31st); women m1 m3; young m1 m2.
  // Feb: m10 approved and expelled; m3 lapsed; m2 turned 35.  Mar: m4 approved.
  EXPECT_EQ(Rows(figures->total.periods), (std::vector<Row>{{"2025-01", 1, 3, 0, 2, 2},
                                                            {"2025-02", 1, 2, 1, 1, 1},
                                                            {"2025-03", 1, 3, 0, 1, 1}}));
  EXPECT_DOUBLE_EQ(figures->total.periods[2].women_share(), 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(figures->total.periods[0].youth_share(), 2.0 / 3.0);
  EXPECT_FALSE(figures->children.has_value());
}

TEST_F(StatsServiceTest, NationalCountsEveryRegionAndNationalBodies) {
  LoadDataset();
  auto figures = Ask(admin_, std::nullopt);
  ASSERT_TRUE(figures.ok());
  EXPECT_FALSE(figures->total.territory.has_value());
  EXPECT_EQ(Rows(figures->total.periods), (std::vector<Row>{{"2025-01", 1, 4, 0, 2, 3},
                                                            {"2025-02", 2, 4, 1, 2, 3},
                                                            {"2025-03", 1, 5, 0, 2, 3}}));
}

TEST_F(StatsServiceTest, ByChildSplitsARegionIntoItsProvincesWithEmptyOnesListed) {
  LoadDataset();
  auto figures = Ask(admin_, "MA-03", "2025-01-01", "2025-03-31", "month", "child");
  ASSERT_TRUE(figures.ok());
  ASSERT_TRUE(figures->children.has_value());
  ASSERT_EQ(figures->children->size(), 2u);
  EXPECT_EQ((*figures->children)[0].territory->code, "MA-FES");
  EXPECT_EQ(Rows((*figures->children)[0].periods), (std::vector<Row>{{"2025-01", 1, 3, 0, 2, 2},
                                                                     {"2025-02", 1, 2, 1, 1, 1},
                                                                     {"2025-03", 0, 2, 0, 1, 1}}));
  EXPECT_EQ((*figures->children)[1].territory->code, "MA-MEK");
  EXPECT_EQ(Rows((*figures->children)[1].periods), (std::vector<Row>{{"2025-01", 0, 0, 0, 0, 0},
                                                                     {"2025-02", 0, 0, 0, 0, 0},
                                                                     {"2025-03", 1, 1, 0, 0, 0}}));

  auto communes = Ask(admin_, "MA-MEK", "2025-01-01", "2025-03-31", "month", "child");
  ASSERT_TRUE(communes.ok());
  ASSERT_EQ(communes->children->size(), 2u);
  EXPECT_EQ((*communes->children)[1].territory->code, "MEK-002");  // no members: zeros
  EXPECT_EQ(Rows((*communes->children)[1].periods), (std::vector<Row>{{"2025-01", 0, 0, 0, 0, 0},
                                                                      {"2025-02", 0, 0, 0, 0, 0},
                                                                      {"2025-03", 0, 0, 0, 0, 0}}));
}

TEST_F(StatsServiceTest, NationalByChildListsTheRegions) {
  LoadDataset();
  auto figures = Ask(admin_, std::nullopt, "2025-01-01", "2025-03-31", std::nullopt, "child");
  ASSERT_TRUE(figures.ok());
  ASSERT_EQ(figures->children->size(), 2u);
  EXPECT_EQ((*figures->children)[0].territory->code, "MA-03");
  EXPECT_EQ((*figures->children)[1].territory->code, "MA-06");
  EXPECT_EQ(Rows((*figures->children)[1].periods), (std::vector<Row>{{"2025-01", 0, 0, 0, 0, 0},
                                                                     {"2025-02", 1, 1, 0, 1, 1},
                                                                     {"2025-03", 0, 1, 0, 1, 1}}));
}

TEST_F(StatsServiceTest, YearsEndInDecember) {
  LoadDataset();
  auto figures = Ask(admin_, "MA-03", "2024-03-15", "2025-06-30", "year");
  ASSERT_TRUE(figures.ok());
  EXPECT_EQ(Rows(figures->total.periods),
            (std::vector<Row>{{"2024", 2, 3, 0, 3, 2}, {"2025", 3, 3, 1, 1, 1}}));
}

TEST_F(StatsServiceTest, EmptyTerritoryHasZeroFiguresAndZeroShares) {
  LoadDataset();
  auto figures = Ask(admin_, "MEK-002");
  ASSERT_TRUE(figures.ok());
  ASSERT_EQ(figures->total.periods.size(), 3u);
  for (const auto& p : figures->total.periods) {
    EXPECT_EQ(p.active, 0);
    EXPECT_EQ(p.women_share(), 0.0);
    EXPECT_EQ(p.youth_share(), 0.0);
  }
}

TEST_F(StatsServiceTest, ChangesToMembershipsAndPeopleMoveTheFigures) {
  LoadDataset();
  // m1 lapses in March; m4's birth date becomes known (young); m10 is deleted.
  Exec(
      "UPDATE memberships SET status = 'lapsed', left_on = '2025-03-10' WHERE id = 1;"
      "UPDATE people SET birth_date = '2001-07-07' WHERE id = 4;"
      "DELETE FROM memberships WHERE id = 10;");
  auto figures = Ask(admin_, "MA-03");
  ASSERT_TRUE(figures.ok());
  EXPECT_EQ(Rows(figures->total.periods), (std::vector<Row>{{"2025-01", 1, 3, 0, 2, 2},
                                                            {"2025-02", 0, 2, 1, 1, 1},
                                                            {"2025-03", 1, 2, 1, 0, 1}}));
}

TEST_F(StatsServiceTest, ScopedUsersSeeTheirScopeOnlyAndOutsideIsNotFound) {
  LoadDataset();
  const Actor fes = Scoped(Role::kViewer, "MA-FES");
  auto own = Ask(fes, std::nullopt);
  ASSERT_TRUE(own.ok());
  EXPECT_EQ(own->total.territory->code, "MA-FES");
  EXPECT_EQ(own->total.periods[0].active, 3);
  auto below = Ask(fes, "FES-001");
  ASSERT_TRUE(below.ok());
  EXPECT_EQ(below->total.periods[2].active, 2);  // m1, m2
  for (const char* outside : {"MA-03", "MA-06", "MA-MEK", "CAS-001"}) {
    auto refused = Ask(fes, std::string(outside));
    ASSERT_FALSE(refused.ok()) << outside;
    EXPECT_EQ(refused.error().code(), ErrorCode::kNotFound) << outside;
  }
  Actor unscoped;
  unscoped.role = Role::kSecretary;
  auto none = Ask(unscoped, std::nullopt);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code(), ErrorCode::kNotFound);
}

struct BadCase {
  std::optional<std::string> territory, from, to, interval, by;
  std::string field;
  std::string key;
};

TEST_F(StatsServiceTest, ParameterErrorsNameTheParameter) {
  const std::vector<BadCase> cases{
      {std::nullopt, std::nullopt, "2025-01-31", std::nullopt, std::nullopt, "from",
       "field.required"},
      {std::nullopt, "2025-01-01", std::nullopt, std::nullopt, std::nullopt, "to",
       "field.required"},
      {std::nullopt, "2025-02-30", "2025-03-31", std::nullopt, std::nullopt, "from",
       "field.date_invalid"},
      {std::nullopt, "2025-01-01", "31/03/2025", std::nullopt, std::nullopt, "to",
       "field.date_invalid"},
      {std::nullopt, "2025-03-01", "2025-01-01", std::nullopt, std::nullopt, "to",
       "field.date_before_from"},
      {std::nullopt, "2000-01-01", "2025-01-01", std::nullopt, std::nullopt, "to",
       "field.too_many_periods"},
      {std::nullopt, "2025-01-01", "2025-03-31", "week", std::nullopt, "interval",
       "field.interval_invalid"},
      {std::nullopt, "2025-01-01", "2025-03-31", std::nullopt, "commune", "by", "field.by_invalid"},
      {"MA-XX", "2025-01-01", "2025-03-31", std::nullopt, std::nullopt, "territory",
       "field.territory_unknown"},
  };
  for (const auto& c : cases) {
    auto r = service_->Members(admin_, {c.territory, c.from, c.to, c.interval, c.by});
    ASSERT_FALSE(r.ok()) << c.field;
    EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().fields(), (std::vector<FieldError>{{c.field, c.key}}));
  }
  // 120 months is the most; 120 years too.
  EXPECT_TRUE(Ask(admin_, std::nullopt, "2016-01-01", "2025-12-31").ok());
  EXPECT_FALSE(Ask(admin_, std::nullopt, "2016-01-01", "2026-01-01").ok());
  EXPECT_TRUE(Ask(admin_, std::nullopt, "1906-01-01", "2025-12-31", "year").ok());
}

// The trigger-kept table against a brute-force count over random memberships.
TEST_F(StatsServiceTest, FiguresMatchABruteForceCountOfRandomMemberships) {
  struct M {
    int body;
    std::string approved, left, gender, birth, status;
  };
  std::mt19937 rng(7);
  auto date = [&](int y0, int years) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y0 + static_cast<int>(rng() % years),
                  1 + static_cast<int>(rng() % 12), 1 + static_cast<int>(rng() % 28));
    return std::string(buf);
  };
  std::vector<M> ms;
  for (int i = 0; i < 300; ++i) {
    M m;
    m.body = 1 + static_cast<int>(rng() % 6);
    m.approved = rng() % 10 == 0 ? "NULL" : date(2020, 6);
    m.left = m.approved != "NULL" && rng() % 3 == 0 ? date(2020, 6) : "NULL";
    if (m.left != "NULL" && m.left < m.approved) std::swap(m.left, m.approved);
    m.gender = rng() % 5 == 0 ? "NULL" : (rng() % 2 ? "f" : "m");
    m.birth = rng() % 6 == 0 ? "NULL" : date(1980, 30);
    m.status = m.approved == "NULL" ? "applicant"
               : m.left == "NULL"   ? "active"
               : rng() % 2          ? "lapsed"
                                    : "resigned";
    Member(100 + i, m.body, m.status, m.approved, m.left, m.gender, m.birth);
    ms.push_back(m);
  }
  const std::vector<std::string> in_fes{"FES-001", "FES-002", "MA-FES"};
  auto territory_of = [](int body) -> std::string {
    static const char* kCodes[] = {"", "", "FES-001", "FES-002", "MEK-001", "MA-FES", "CAS-001"};
    return kCodes[body];
  };
  auto figures = Ask(admin_, "MA-FES", "2022-01-01", "2024-12-31");
  ASSERT_TRUE(figures.ok());
  ASSERT_EQ(figures->total.periods.size(), 36u);
  for (const PeriodFigures& p : figures->total.periods) {
    const std::string start = p.period + "-01";
    const std::string end = p.period + "-31";  // as text, every day of the month is <= this
    Row want{p.period, 0, 0, 0, 0, 0};
    for (const M& m : ms) {
      const std::string code = territory_of(m.body);
      if (std::find(in_fes.begin(), in_fes.end(), code) == in_fes.end()) continue;
      if (m.approved == "NULL") continue;
      if (m.approved >= start && m.approved <= end) ++want.approvals;
      if (m.status == "lapsed" && m.left >= start && m.left <= end) ++want.lapsed;
      const bool active = m.approved <= end && (m.left == "NULL" || m.left > end);
      if (!active) continue;
      ++want.active;
      if (m.gender == "f") ++want.women;
      // Under 35 at the month's end: the 35th birthday's month is after it.
      if (m.birth != "NULL") {
        const std::string b35 =
            std::to_string(std::stoi(m.birth.substr(0, 4)) + 35) + m.birth.substr(4, 3);
        if (b35 > p.period) ++want.youth;
      }
    }
    EXPECT_EQ(Rows({p})[0], want);
  }
}

}  // namespace
}  // namespace tanzim::stats
