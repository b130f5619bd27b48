#pragma once

#include <memory>
#include <string>

#include "audit/audit_service.h"
#include "auth/account_service.h"
#include "auth/session_service.h"
#include "bodies/body_service.h"
#include "bodies/position_service.h"
#include "core/result.h"
#include "exports/export_service.h"
#include "mandates/mandate_service.h"
#include "memberships/membership_service.h"
#include "people/people_service.h"
#include "privacy/privacy_service.h"
#include "stats/stats_service.h"
#include "territory/territory_service.h"

namespace tanzim::app {

// Where Debian's iso-codes package keeps the ISO 3166-2 list.
inline constexpr const char* kIsoCodesJson = "/usr/share/iso-codes/json/iso_3166-2.json";

// The file that holds the key sealing the TOTP secrets of the store at `db`
// (auth/sealing_key.h): beside it, so backups must copy it apart.
inline std::string TotpKeyPath(const std::string& db) { return db + ".key"; }

struct OpenOptions {
  // Open even when the TOTP key file is missing while some accounts' TOTP
  // secrets are sealed with it: only for `tanzim user totp-reset`, which
  // removes them without reading them. Reading one then fails.
  bool without_totp_key = false;
};

// The composition root: opens the store named by `--db`, brings its schema up
// to date and wires each module's service to its store. The only place that
// knows which backend is in use.
class App {
 public:
  // `db` is a file path (SQLite). A later backend adds postgresql:// URLs here.
  // Creates the TOTP key file for a store that has no sealed secret yet; fails
  // with error.totp_key_missing when it is missing and some are (the logins
  // go to the log), unless `options` says otherwise.
  static Result<std::unique_ptr<App>> Open(const std::string& db, OpenOptions options = {});
  virtual ~App() = default;

  virtual territory::TerritoryService& territories() = 0;
  virtual people::PeopleService& people() = 0;
  virtual auth::AccountService& accounts() = 0;
  // Browser sign-in and sessions, kept in the store so servers share them.
  virtual auth::SessionService& sessions() = 0;
  virtual audit::AuditService& audit() = 0;
  virtual bodies::BodyService& bodies() = 0;
  virtual bodies::PositionService& positions() = 0;
  virtual memberships::MembershipService& memberships() = 0;
  virtual mandates::MandateService& mandates() = 0;
  virtual stats::StatsService& stats() = 0;
  virtual exports::ExportService& exports() = 0;
  virtual privacy::PrivacyService& privacy() = 0;

  // `tanzim key rotate`: replaces the key that seals the TOTP secrets with a
  // new one and reseals them all; how many. Every step is durable, and one
  // interrupted is finished or undone by the next open. Fails with
  // error.totp_key_in_use, changing nothing, while another process (a server,
  // another command) has the store open.
  virtual Result<int64_t> RotateTotpKey() = 0;
};

// `tanzim init`: creates or migrates the store and loads Morocco's regions and
// provinces. Idempotent.
Status Init(App& app, const std::string& iso_json_path);

}  // namespace tanzim::app
