#include "stats/stats_service.h"

#include <array>
#include <cstdio>

#include "auth/authorization.h"
#include "people/validators.h"
#include "stats/sqlite_stats_store.h"

namespace tanzim::stats {
namespace {

using std::chrono::year_month_day;

std::string MonthText(int year, unsigned month) {
  std::array<char, 32> buf{};
  std::snprintf(buf.data(), buf.size(), "%04d-%02u", year, month);
  return buf.data();
}

// A required date parameter; adds an error naming `field` when it is not one.
std::optional<year_month_day> RequiredDate(const std::optional<std::string>& text,
                                           const char* field, std::vector<FieldError>& errors) {
  if (!text || text->empty()) {
    errors.push_back({field, "field.required"});
    return std::nullopt;
  }
  auto date = people::ParseDate(*text);
  if (!date || date->year() < std::chrono::year(1900) || date->year() > std::chrono::year(9998)) {
    errors.push_back({field, "field.date_invalid"});
    return std::nullopt;
  }
  return date;
}

// Folds the months of one territory into the requested periods.
std::vector<PeriodFigures> ToPeriods(const std::vector<MonthCounts>& months, Interval interval) {
  std::vector<PeriodFigures> periods;
  for (const MonthCounts& m : months) {
    const std::string key = interval == Interval::kMonth ? m.month : m.month.substr(0, 4);
    if (periods.empty() || periods.back().period != key) {
      periods.push_back({.period = key});
    }
    PeriodFigures& p = periods.back();
    p.new_approvals += m.approvals;
    p.lapsed += m.lapsed;
    // The last month of a period holds its end-of-period figures.
    p.active = m.active;
    p.women = m.women;
    p.youth = m.youth;
  }
  return periods;
}

// Every month of the window, all zero: a child without members.
std::vector<MonthCounts> QuietMonths(const std::string& first, const std::string& last) {
  std::vector<MonthCounts> months;
  for (std::string m = first; m <= last; m = NextMonth(m)) months.push_back({.month = m});
  return months;
}

}  // namespace

Result<MemberStats> StatsService::Members(const auth::Actor& actor,
                                          const MemberStatsRequest& request) {
  std::vector<FieldError> errors;
  MemberStats out;
  if (request.interval && *request.interval == "year") {
    out.interval = Interval::kYear;
  } else if (request.interval && *request.interval != "month") {
    errors.push_back({"interval", "field.interval_invalid"});
  }
  const bool by_child = request.by.has_value();
  if (request.by && *request.by != "child") errors.push_back({"by", "field.by_invalid"});
  const auto from = RequiredDate(request.from, "from", errors);
  const auto to = RequiredDate(request.to, "to", errors);
  std::string first_month;
  std::string last_month;
  if (from && to) {
    const int from_year = static_cast<int>(from->year());
    const int to_year = static_cast<int>(to->year());
    const auto from_month = static_cast<unsigned>(from->month());
    const auto to_month = static_cast<unsigned>(to->month());
    const int months =
        (to_year - from_year) * 12 + static_cast<int>(to_month) - static_cast<int>(from_month) + 1;
    const int periods = out.interval == Interval::kMonth ? months : to_year - from_year + 1;
    if (*to < *from) {
      errors.push_back({"to", "field.date_before_from"});
    } else if (periods > kMaxPeriods) {
      errors.push_back({"to", "field.too_many_periods"});
    } else if (out.interval == Interval::kMonth) {
      first_month = MonthText(from_year, from_month);
      last_month = MonthText(to_year, to_month);
    } else {
      first_month = MonthText(from_year, 1);
      last_month = MonthText(to_year, 12);
    }
  }
  std::optional<territory::Territory> requested;
  if (request.territory) {
    auto found = territories_.Find(*request.territory);
    if (!found.ok()) return std::move(found).error();
    if (found->has_value()) {
      requested = std::move(**found);
    } else {
      errors.push_back({"territory", "field.territory_unknown"});
    }
  }
  if (!errors.empty()) {
    return Error(ErrorCode::kInvalidArgument, "error.invalid", std::move(errors));
  }

  // Figures outside the scope read as absent, as out-of-scope people do.
  if (requested) {
    TANZIM_RETURN_IF_ERROR(auth::CheckVisible(actor, *requested));
  } else {
    const auth::ListScope scope = auth::NarrowToScope(actor, std::nullopt);
    // Figures count every member of a territory, not one sector's: a sector
    // coordinator's scope has none to show.
    if (scope.empty || !scope.sector.empty()) return Error::OutOfScope();
    requested = scope.within;
  }
  out.from = *request.from;
  out.to = *request.to;
  out.total.territory = requested;

  auto months = stats_.Monthly(requested ? requested->code : "", first_month, last_month);
  if (!months.ok()) return std::move(months).error();
  out.total.periods = ToPeriods(*months, out.interval);
  if (!by_child) return out;

  // Every child, members or not, so that a map shows the empty ones too.
  territory::ListQuery list;
  if (requested) {
    list.parent_code = requested->code;
  } else {
    list.kind = territory::Kind::kRegion;
  }
  list.limit = 500;
  std::vector<territory::Territory> children;
  while (true) {
    auto page = territories_.List(list);
    if (!page.ok()) return std::move(page).error();
    for (auto& t : *page) children.push_back(std::move(t));
    if (static_cast<int>(page->size()) < list.limit) break;
    list.after_code = children.back().code;
  }
  auto by_code =
      stats_.MonthlyByChild(requested ? std::optional<std::string>(requested->code) : std::nullopt,
                            first_month, last_month);
  if (!by_code.ok()) return std::move(by_code).error();
  out.children.emplace();
  for (territory::Territory& child : children) {
    const auto it = by_code->find(child.code);
    const std::vector<MonthCounts> quiet =
        it == by_code->end() ? QuietMonths(first_month, last_month) : std::vector<MonthCounts>{};
    TerritoryFigures figures;
    figures.periods = ToPeriods(it == by_code->end() ? quiet : it->second, out.interval);
    figures.territory = std::move(child);
    out.children->push_back(std::move(figures));
  }
  return out;
}

}  // namespace tanzim::stats
