#pragma once

#include <memory>
#include <string>

#include "auth/account_service.h"
#include "core/result.h"
#include "people/people_service.h"
#include "territory/territory_service.h"

namespace tanzim::app {

// Where Debian's iso-codes package keeps the ISO 3166-2 list.
inline constexpr const char* kIsoCodesJson = "/usr/share/iso-codes/json/iso_3166-2.json";

// The composition root: opens the store named by `--db`, brings its schema up
// to date and wires each module's service to its store. The only place that
// knows which backend is in use.
class App {
 public:
  // `db` is a file path (SQLite). A later backend adds postgresql:// URLs here.
  static Result<std::unique_ptr<App>> Open(const std::string& db);
  virtual ~App() = default;

  virtual territory::TerritoryService& territories() = 0;
  virtual people::PeopleService& people() = 0;
  virtual auth::AccountService& accounts() = 0;
};

// `tanzim init`: creates or migrates the store and loads Morocco's regions and
// provinces. Idempotent.
Status Init(App& app, const std::string& iso_json_path);

}  // namespace tanzim::app
