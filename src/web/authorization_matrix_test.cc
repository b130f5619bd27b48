// The authorization matrix of issue #4: every served route × every role × an
// object in scope, in a child, in a sibling, in a parent and out of scope,
// through the HTTP API. kMatrix below is the spec (docs/permissions.md says the
// same in prose); a route served without a row, or a row for a route not
// served, fails the suite. Denied writes must leave the store unchanged,
// allowed writes must change it, and lists must hold exactly what the role may
// read: 0 leaks.
#include <set>
#include <sstream>

#include "web/testing/authorization_world.h"

namespace tanzim::web::testing {
namespace {

using nlohmann::json;

// Cells, one per place in the order in, child, sibling, parent, outside
// (MA-MOU, MA-MOU-AIN, MA-SEF, MA-03, MA-RAB for accounts scoped to MA-MOU):
//   + the row's success status     3 403     4 404     2 422     1 401
//   9 409: allowed, but the state refuses (see POST /api/v1/memberships)
//   - no such object can exist there (people never live in a region)
// Columns: admin, secretary, viewer, clerk, the sector coordinator on an object
// of its sector (coord) and on one of no sector (coord'), auditor, the
// by_position account of the secretary of MA-MOU's secretariat, anonymous.
// Routes that take no place have five equal cells.
struct Row {
  std::string_view route;  // "METHOD /pattern", as the router holds it
  int ok;
  std::string_view cells;
};

// clang-format off
constexpr Row kMatrix[] = {
// route                                                      ok   admin secr. viewr clerk coord coord' audit. by_ps anon
{"GET /healthz",                                             200, "+++++ +++++ +++++ +++++ +++++ +++++ +++++ +++++ +++++"},
{"GET /api/v1/openapi.json",                                 200, "+++++ +++++ +++++ +++++ +++++ +++++ +++++ +++++ +++++"},
{"POST /api/v1/session",                                     200, "+++++ +++++ +++++ +++++ +++++ +++++ +++++ +++++ +++++"},
{"GET /api/v1/session",                                      200, "+++++ +++++ +++++ +++++ +++++ +++++ +++++ +++++ 11111"},
{"DELETE /api/v1/session",                                   204, "+++++ +++++ +++++ +++++ +++++ +++++ +++++ +++++ +++++"},
// TOTP acts on the caller's own browser session (a cookie; a bearer token gets
// 401). Every role may enrol; a wrong code is refused alike for every role.
{"POST /api/v1/session/totp",                                200, "+++++ +++++ +++++ +++++ +++++ +++++ +++++ +++++ 11111"},
{"POST /api/v1/session/totp/confirm",                        204, "22222 22222 22222 22222 22222 22222 22222 22222 11111"},
{"DELETE /api/v1/session/totp",                              204, "22222 22222 22222 22222 22222 22222 22222 22222 11111"},
// So do the password change (a new password too short: refused before any
// check of the current one, so the matrix's calls count toward no throttle)
// and the list of one's own sessions; a made-up session id is 404 for all.
{"POST /api/v1/session/password",                            204, "22222 22222 22222 22222 22222 22222 22222 22222 11111"},
{"GET /api/v1/sessions",                                     200, "+++++ +++++ +++++ +++++ +++++ +++++ +++++ +++++ 11111"},
{"DELETE /api/v1/sessions/{id}",                             204, "44444 44444 44444 44444 44444 44444 44444 44444 11111"},
{"GET /api/v1/territories",                                  200, "+++++ +++++ +++++ +++++ +++++ +++++ +++++ +++++ 11111"},
{"GET /api/v1/territories/{code}",                           200, "+++++ +++++ +++++ +++++ +++++ +++++ +++++ +++++ 11111"},
{"GET /api/v1/settings",                                     200, "+++++ +++++ +++++ +++++ +++++ +++++ +++++ +++++ 11111"},
{"PATCH /api/v1/settings",                                   200, "+++++ 33333 33333 33333 33333 33333 33333 33333 11111"},
{"GET /api/v1/consent-texts",                                200, "+++++ +++++ +++++ +++++ +++++ +++++ +++++ +++++ 11111"},
{"POST /api/v1/consent-texts",                               201, "+++++ 33333 33333 33333 33333 33333 33333 33333 11111"},
{"GET /api/v1/audit",                                        200, "+++++ 33333 33333 33333 33333 33333 +++++ 33333 11111"},
{"GET /api/v1/audit/reads",                                  200, "+++++ 33333 33333 33333 33333 33333 +++++ 33333 11111"},
{"GET /api/v1/stats/members",                                200, "+++++ ++444 ++444 ++444 44444 44444 +++++ ++444 11111"},
{"GET /api/v1/exports/people.csv",                           200, "+++++ +++++ +++++ 33333 +++++ +++++ +++++ +++++ 11111"},
// People: a person's place is where they live.
{"GET /api/v1/people",                                       200, "+++++ +++++ +++++ +++++ +++++ +++++ +++++ +++++ 11111"},
{"POST /api/v1/people",                                      201, "+++2+ ++323 33333 ++323 33323 33323 33333 ++323 11111"},
{"GET /api/v1/people/{id}",                                  200, "+++-+ ++4-4 ++4-4 ++4-4 ++4-4 444-4 +++-+ ++4-4 111-1"},
{"PATCH /api/v1/people/{id}",                                200, "+++-+ ++4-4 334-4 ++4-4 334-4 444-4 333-3 ++4-4 111-1"},
{"DELETE /api/v1/people/{id}",                               204, "+++-+ ++4-4 334-4 ++4-4 334-4 444-4 333-3 ++4-4 111-1"},
{"GET /api/v1/people/{id}/positions",                        200, "+++-+ ++4-4 ++4-4 ++4-4 ++4-4 444-4 +++-+ ++4-4 111-1"},
{"GET /api/v1/people/{id}/mandates",                         200, "+++-+ ++4-4 ++4-4 ++4-4 ++4-4 444-4 +++-+ ++4-4 111-1"},
{"GET /api/v1/people/{id}/consents",                         200, "+++-+ ++4-4 ++4-4 ++4-4 444-4 444-4 +++-+ ++4-4 111-1"},
{"POST /api/v1/people/{id}/consents",                        201, "+++-+ ++4-4 334-4 ++4-4 444-4 444-4 333-3 ++4-4 111-1"},
{"POST /api/v1/people/{id}/consents/{consent_id}/withdraw",  200, "+++-+ ++4-4 334-4 ++4-4 444-4 444-4 333-3 ++4-4 111-1"},
{"GET /api/v1/people/{id}/export",                           200, "+++-+ ++4-4 ++4-4 334-4 444-4 444-4 +++-+ ++4-4 111-1"},
{"POST /api/v1/people/{id}/erase",                           204, "+++-+ 334-4 334-4 334-4 444-4 444-4 333-3 334-4 111-1"},
// A mandate's place is its council's territory; the holder lives in MA-MOU.
{"POST /api/v1/people/{id}/mandates",                        201, "+++++ ++333 33333 ++333 33333 44444 33333 ++333 11111"},
{"GET /api/v1/mandates",                                     200, "+++++ +++++ +++++ +++++ +++++ +++++ +++++ +++++ 11111"},
{"GET /api/v1/mandates/{id}",                                200, "+++++ ++444 ++444 ++444 44444 44444 +++++ ++444 11111"},
{"PATCH /api/v1/mandates/{id}",                              200, "+++++ ++444 33444 ++444 44444 44444 33333 ++444 11111"},
{"DELETE /api/v1/mandates/{id}",                             204, "+++++ ++444 33444 ++444 44444 44444 33333 ++444 11111"},
// A body's place is its territory; coord's bodies are women's organizations.
{"GET /api/v1/bodies",                                       200, "+++++ +++++ +++++ +++++ +++++ +++++ +++++ +++++ 11111"},
{"POST /api/v1/bodies",                                      201, "+++++ ++333 33333 33333 33333 33333 33333 ++333 11111"},
{"GET /api/v1/bodies/{id}",                                  200, "+++++ ++444 ++444 ++444 ++444 44444 +++++ ++444 11111"},
{"PATCH /api/v1/bodies/{id}",                                200, "+++++ ++444 33444 33444 33444 44444 33333 ++444 11111"},
{"DELETE /api/v1/bodies/{id}",                               204, "+++++ ++444 33444 33444 33444 44444 33333 ++444 11111"},
{"GET /api/v1/bodies/{id}/tree",                             200, "+++++ ++444 ++444 ++444 ++444 44444 +++++ ++444 11111"},
{"POST /api/v1/bodies/{id}/found",                           200, "+++++ ++444 33444 33444 33444 44444 33333 ++444 11111"},
{"POST /api/v1/bodies/{id}/activate",                        200, "+++++ ++444 33444 33444 33444 44444 33333 ++444 11111"},
{"POST /api/v1/bodies/{id}/dissolve",                        200, "+++++ ++444 33444 33444 33444 44444 33333 ++444 11111"},
{"GET /api/v1/bodies/{id}/positions",                        200, "+++++ ++444 ++444 ++444 ++444 44444 +++++ ++444 11111"},
{"POST /api/v1/bodies/{id}/positions",                       201, "+++++ ++444 33444 33444 33444 44444 33333 ++444 11111"},
{"PATCH /api/v1/positions/{id}",                             200, "+++++ ++444 33444 33444 33444 44444 33333 ++444 11111"},
{"DELETE /api/v1/positions/{id}",                            204, "+++++ ++444 33444 33444 33444 44444 33333 ++444 11111"},
// A membership's place is its body's territory. A sector coordinator reads only
// people who already hold a current membership of its sector, and a person
// holds one current membership at a time: its applications in scope end in 409.
{"GET /api/v1/memberships",                                  200, "+++++ +++++ +++++ +++++ +++++ +++++ +++++ +++++ 11111"},
{"POST /api/v1/memberships",                                 201, "+++++ ++333 33333 ++333 99333 22222 33333 ++333 11111"},
{"GET /api/v1/memberships/{id}",                             200, "+++++ ++444 ++444 ++444 ++444 44444 +++++ ++444 11111"},
{"GET /api/v1/memberships/{id}/dues",                        200, "+++++ ++444 ++444 ++444 ++444 44444 +++++ ++444 11111"},
{"POST /api/v1/memberships/{id}/dues",                       201, "+++++ ++444 33444 ++444 ++444 44444 33333 ++444 11111"},
{"POST /api/v1/memberships/{id}/approve",                    200, "+++++ ++444 33444 33444 33444 44444 33333 ++444 11111"},
{"POST /api/v1/memberships/{id}/reject",                     200, "+++++ ++444 33444 33444 33444 44444 33333 ++444 11111"},
{"POST /api/v1/memberships/{id}/suspend",                    200, "+++++ ++444 33444 33444 33444 44444 33333 ++444 11111"},
{"POST /api/v1/memberships/{id}/reinstate",                  200, "+++++ ++444 33444 33444 33444 44444 33333 ++444 11111"},
{"POST /api/v1/memberships/{id}/resign",                     200, "+++++ ++444 33444 33444 33444 44444 33333 ++444 11111"},
{"POST /api/v1/memberships/{id}/expel",                      200, "+++++ ++444 33444 33444 33444 44444 33333 ++444 11111"},
{"POST /api/v1/memberships/{id}/lapse",                      200, "+++++ ++444 33444 33444 33444 44444 33333 ++444 11111"},
};
// clang-format on

const Row* FindRow(std::string_view route) {
  for (const Row& row : kMatrix) {
    if (row.route == route) return &row;
  }
  return nullptr;
}

// The cell of `row` for `column` at `place`.
char Cell(const Row& row, Column column, Place place) {
  return row.cells[static_cast<size_t>(column) * 6 + static_cast<size_t>(place)];
}

int Expected(const Row& row, char cell) {
  switch (cell) {
    case '+':
      return row.ok;
    case '1':
      return 401;
    case '2':
      return 422;
    case '3':
      return 403;
    case '4':
      return 404;
    case '9':
      return 409;
  }
  return 0;
}

std::string RouteName(const Route& route) {
  return std::string(MethodName(route.method)) + " " + route.pattern;
}

// --- Drivers: how each route is called ---------------------------------------

std::string Id(int64_t id) { return std::to_string(id); }
bool SectorOf(Column column) { return column == Column::kCoordinator; }
const std::vector<std::pair<std::string, std::string>> kCsrf = {{"X-Tanzim-CSRF", "1"}};

Driver Read(std::function<std::string(AuthorizationWorld&, Place, bool)> target) {
  return {Effect::kRead, false, [target](AuthorizationWorld& w, Place place, Column column) {
            return Call{"GET", target(w, place, SectorOf(column))};
          }};
}

Driver ReadOnce(std::string target) {
  return {Effect::kRead, true, [target](AuthorizationWorld&, Place, Column) {
            return Call{"GET", target};
          }};
}

Driver Write(std::function<Call(AuthorizationWorld&, Place, bool)> make, bool placeless = false) {
  return {Effect::kWrite, placeless, [make](AuthorizationWorld& w, Place place, Column column) {
            return make(w, place, SectorOf(column));
          }};
}

// Records an object an allowed create made.
std::function<void(const HttpResponse&)> Note(std::map<int64_t, Known>& registry, Known known) {
  return [&registry, known](const HttpResponse& r) {
    registry[r.Json().value("id", int64_t{0})] = known;
  };
}
std::function<void(const HttpResponse&)> Drop(std::map<int64_t, Known>& registry, int64_t id) {
  return [&registry, id](const HttpResponse&) { registry.erase(id); };
}

// A membership command on a fresh membership in the state it needs.
Driver Transition(const std::string& name, const std::string& state) {
  return Write([name, state](AuthorizationWorld& w, Place place, bool sector) {
    const int64_t m = w.NewMembership(place, sector, state);
    return Call{"POST", "/api/v1/memberships/" + Id(m) + "/" + name,
                json{{"reason", "matrix"}}.dump()};
  });
}

// A body command on a fresh body in the status it needs.
Driver BodyCommand(const std::string& name, const std::string& status) {
  return Write([name, status](AuthorizationWorld& w, Place place, bool sector) {
    return Call{"POST", "/api/v1/bodies/" + Id(w.NewBody(place, sector, status)) + "/" + name};
  });
}

// A call on the column's own browser session (TOTP, password, sessions).
Driver OwnAccount(const std::string& method, const std::string& target,
                  const std::string& body = {}) {
  return {Effect::kSelf, true, [method, target, body](AuthorizationWorld& w, Place, Column column) {
            auto headers = kCsrf;
            const std::string cookie = w.SessionCookieOf(column);
            if (!cookie.empty()) headers.emplace_back("Cookie", cookie);
            return Call{method, target, body, headers, {}, true};
          }};
}
const std::string kWrongTotp = json{{"totp", "000000"}}.dump();

const std::map<std::string, Driver>& Drivers() {
  static const auto* drivers = new std::map<std::string, Driver>{
      // The system and the caller's own session.
      {"GET /healthz", ReadOnce("/healthz")},
      {"GET /api/v1/openapi.json", ReadOnce("/api/v1/openapi.json")},
      {"POST /api/v1/session",
       {Effect::kSelf, true,
        [](AuthorizationWorld&, Place, Column column) {
          return Call{
              "POST", "/api/v1/session",
              json{{"login", AuthorizationWorld::Login(column)}, {"password", kPassword}}.dump(),
              kCsrf};
        }}},
      {"GET /api/v1/session", ReadOnce("/api/v1/session")},
      {"DELETE /api/v1/session",
       {Effect::kSelf, true,
        [](AuthorizationWorld&, Place, Column) {
          return Call{"DELETE", "/api/v1/session", {}, kCsrf};
        }}},
      {"POST /api/v1/session/totp", OwnAccount("POST", "/api/v1/session/totp")},
      {"POST /api/v1/session/totp/confirm",
       OwnAccount("POST", "/api/v1/session/totp/confirm", kWrongTotp)},
      {"DELETE /api/v1/session/totp", OwnAccount("DELETE", "/api/v1/session/totp", kWrongTotp)},
      {"POST /api/v1/session/password",
       OwnAccount("POST", "/api/v1/session/password",
                  json{{"current_password", kPassword}, {"new_password", "short"}}.dump())},
      {"GET /api/v1/sessions", OwnAccount("GET", "/api/v1/sessions")},
      {"DELETE /api/v1/sessions/{id}", OwnAccount("DELETE", "/api/v1/sessions/AAAAAAAAAAAAAAAA")},
      {"GET /api/v1/territories", ReadOnce("/api/v1/territories")},
      {"GET /api/v1/territories/{code}", Read([](AuthorizationWorld&, Place p, bool) {
         return "/api/v1/territories/" + std::string(PlaceCode(p));
       })},
      {"GET /api/v1/settings", ReadOnce("/api/v1/settings")},
      {"PATCH /api/v1/settings", Write(
                                     [](AuthorizationWorld& w, Place, bool) {
                                       return Call{
                                           "PATCH", "/api/v1/settings",
                                           json{{"dues_grace_days", w.NextGraceDays()}}.dump()};
                                     },
                                     true)},
      {"GET /api/v1/consent-texts", ReadOnce("/api/v1/consent-texts")},
      {"POST /api/v1/consent-texts",
       Write(
           [](AuthorizationWorld& w, Place, bool) {
             return Call{"POST", "/api/v1/consent-texts", w.ConsentTextJson().dump()};
           },
           true)},
      {"GET /api/v1/audit", ReadOnce("/api/v1/audit?limit=5")},
      {"GET /api/v1/audit/reads", ReadOnce("/api/v1/audit/reads?limit=5")},
      {"GET /api/v1/stats/members", Read([](AuthorizationWorld&, Place p, bool) {
         return "/api/v1/stats/members?from=2026-01-01&to=2026-06-30&territory=" +
                std::string(PlaceCode(p));
       })},
      {"GET /api/v1/exports/people.csv", Read([](AuthorizationWorld&, Place p, bool) {
         return "/api/v1/exports/people.csv?territory=" + std::string(PlaceCode(p));
       })},
      // People.
      {"GET /api/v1/people", Read([](AuthorizationWorld&, Place p, bool) {
         return "/api/v1/people?territory=" + std::string(PlaceCode(p));
       })},
      {"POST /api/v1/people", Write([](AuthorizationWorld& w, Place p, bool) {
         return Call{"POST",
                     "/api/v1/people",
                     w.PersonBody(p).dump(),
                     {},
                     Note(w.people_registry(), {p, false})};
       })},
      {"GET /api/v1/people/{id}", Read([](AuthorizationWorld& w, Place p, bool s) {
         return "/api/v1/people/" + Id(w.person(p, s));
       })},
      {"PATCH /api/v1/people/{id}", Write([](AuthorizationWorld& w, Place p, bool s) {
         return Call{"PATCH", "/api/v1/people/" + Id(w.NewPerson(p, s)),
                     json{{"name_latin", w.Unique("Changed ")}}.dump()};
       })},
      {"DELETE /api/v1/people/{id}", Write([](AuthorizationWorld& w, Place p, bool s) {
         const int64_t id = w.NewPerson(p, s);
         return Call{"DELETE", "/api/v1/people/" + Id(id), {}, {}, Drop(w.people_registry(), id)};
       })},
      {"GET /api/v1/people/{id}/positions", Read([](AuthorizationWorld& w, Place p, bool s) {
         return "/api/v1/people/" + Id(w.person(p, s)) + "/positions";
       })},
      {"GET /api/v1/people/{id}/mandates", Read([](AuthorizationWorld& w, Place p, bool s) {
         return "/api/v1/people/" + Id(w.person(p, s)) + "/mandates";
       })},
      {"GET /api/v1/people/{id}/consents", Read([](AuthorizationWorld& w, Place p, bool s) {
         return "/api/v1/people/" + Id(w.person(p, s)) + "/consents";
       })},
      {"POST /api/v1/people/{id}/consents", Write([](AuthorizationWorld& w, Place p, bool s) {
         return Call{"POST", "/api/v1/people/" + Id(w.NewPerson(p, s)) + "/consents",
                     json{{"text_id", w.consent_text()}, {"channel", "paper"}}.dump()};
       })},
      {"POST /api/v1/people/{id}/consents/{consent_id}/withdraw",
       Write([](AuthorizationWorld& w, Place p, bool s) {
         const auto [person, consent] = w.NewConsent(p, s);
         return Call{"POST",
                     "/api/v1/people/" + Id(person) + "/consents/" + Id(consent) + "/withdraw",
                     json{{"channel", "web"}}.dump()};
       })},
      {"GET /api/v1/people/{id}/export", Read([](AuthorizationWorld& w, Place p, bool s) {
         return "/api/v1/people/" + Id(w.person(p, s)) + "/export";
       })},
      {"POST /api/v1/people/{id}/erase", Write([](AuthorizationWorld& w, Place p, bool s) {
         return Call{"POST", "/api/v1/people/" + Id(w.NewPerson(p, s)) + "/erase"};
       })},
      // Mandates; a new one's holder lives in MA-MOU, so the place is the council's.
      {"POST /api/v1/people/{id}/mandates", Write([](AuthorizationWorld& w, Place p, bool s) {
         const int64_t holder = w.NewPerson(Place::kIn, s);
         return Call{"POST",
                     "/api/v1/people/" + Id(holder) + "/mandates",
                     AuthorizationWorld::MandateJson(p).dump(),
                     {},
                     [&w, p, holder](const HttpResponse& r) {
                       w.NoteMandate(r.Json().value("id", int64_t{0}), p, holder);
                     }};
       })},
      {"GET /api/v1/mandates", Read([](AuthorizationWorld&, Place p, bool) {
         return "/api/v1/mandates?territory=" + std::string(PlaceCode(p));
       })},
      {"GET /api/v1/mandates/{id}", Read([](AuthorizationWorld& w, Place p, bool) {
         return "/api/v1/mandates/" + Id(w.mandate(p));
       })},
      {"PATCH /api/v1/mandates/{id}", Write([](AuthorizationWorld& w, Place p, bool) {
         return Call{"PATCH", "/api/v1/mandates/" + Id(w.NewMandate(p)),
                     json{{"constituency", w.Unique("الدائرة ")}}.dump()};
       })},
      {"DELETE /api/v1/mandates/{id}", Write([](AuthorizationWorld& w, Place p, bool) {
         const int64_t id = w.NewMandate(p);
         return Call{
             "DELETE", "/api/v1/mandates/" + Id(id), {}, {}, Drop(w.mandates_registry(), id)};
       })},
      // Bodies and positions.
      {"GET /api/v1/bodies", Read([](AuthorizationWorld&, Place p, bool) {
         return "/api/v1/bodies?territory=" + std::string(PlaceCode(p));
       })},
      {"POST /api/v1/bodies", Write([](AuthorizationWorld& w, Place p, bool s) {
         json body = {{"kind", "womens_organization"}, {"territory_code", PlaceCode(p)}};
         if (!s)
           body = {{"kind", "committee"},
                   {"name_ar", w.Unique("لجنة ")},
                   {"territory_code", PlaceCode(p)}};
         return Call{"POST", "/api/v1/bodies", body.dump(), {}, Note(w.bodies_registry(), {p, s})};
       })},
      {"GET /api/v1/bodies/{id}", Read([](AuthorizationWorld& w, Place p, bool s) {
         return "/api/v1/bodies/" + Id(w.body(p, s));
       })},
      {"PATCH /api/v1/bodies/{id}", Write([](AuthorizationWorld& w, Place p, bool s) {
         return Call{"PATCH", "/api/v1/bodies/" + Id(w.NewBody(p, s)),
                     json{{"name_fr", w.Unique("Comité ")}}.dump()};
       })},
      {"DELETE /api/v1/bodies/{id}", Write([](AuthorizationWorld& w, Place p, bool s) {
         const int64_t id = w.NewBody(p, s);
         return Call{"DELETE", "/api/v1/bodies/" + Id(id), {}, {}, Drop(w.bodies_registry(), id)};
       })},
      {"GET /api/v1/bodies/{id}/tree", Read([](AuthorizationWorld& w, Place p, bool s) {
         return "/api/v1/bodies/" + Id(w.body(p, s)) + "/tree";
       })},
      {"POST /api/v1/bodies/{id}/found", BodyCommand("found", "preparatory")},
      {"POST /api/v1/bodies/{id}/activate", BodyCommand("activate", "founded")},
      {"POST /api/v1/bodies/{id}/dissolve", BodyCommand("dissolve", "")},
      {"GET /api/v1/bodies/{id}/positions", Read([](AuthorizationWorld& w, Place p, bool s) {
         return "/api/v1/bodies/" + Id(w.body(p, s)) + "/positions";
       })},
      {"POST /api/v1/bodies/{id}/positions", Write([](AuthorizationWorld& w, Place p, bool s) {
         const int64_t holder = w.NewPerson(Place::kIn, false);
         return Call{
             "POST", "/api/v1/bodies/" + Id(w.body(p, s)) + "/positions",
             json{{"person_id", holder}, {"role", "member"}, {"from", "2024-01-01"}}.dump()};
       })},
      {"PATCH /api/v1/positions/{id}", Write([](AuthorizationWorld& w, Place p, bool s) {
         return Call{"PATCH", "/api/v1/positions/" + Id(w.NewPosition(p, s)),
                     json{{"to", "2030-12-31"}}.dump()};
       })},
      {"DELETE /api/v1/positions/{id}", Write([](AuthorizationWorld& w, Place p, bool s) {
         return Call{"DELETE", "/api/v1/positions/" + Id(w.NewPosition(p, s))};
       })},
      // Memberships: a new application names someone the caller can read.
      {"GET /api/v1/memberships", ReadOnce("/api/v1/memberships")},
      {"POST /api/v1/memberships", Write([](AuthorizationWorld& w, Place p, bool s) {
         const int64_t person = w.NewPerson(Place::kIn, s);
         const int64_t body = w.NewBody(p, s);
         return Call{"POST",
                     "/api/v1/memberships",
                     json{{"person_id", person}, {"body_id", body}}.dump(),
                     {},
                     Note(w.memberships_registry(), {p, s})};
       })},
      {"GET /api/v1/memberships/{id}", Read([](AuthorizationWorld& w, Place p, bool s) {
         return "/api/v1/memberships/" + Id(w.membership(p, s));
       })},
      {"GET /api/v1/memberships/{id}/dues", Read([](AuthorizationWorld& w, Place p, bool s) {
         return "/api/v1/memberships/" + Id(w.membership(p, s)) + "/dues";
       })},
      {"POST /api/v1/memberships/{id}/dues", Write([](AuthorizationWorld& w, Place p, bool s) {
         return Call{"POST", "/api/v1/memberships/" + Id(w.NewMembership(p, s, "active")) + "/dues",
                     AuthorizationWorld::DuesJson().dump()};
       })},
      {"POST /api/v1/memberships/{id}/approve", Transition("approve", "applicant")},
      {"POST /api/v1/memberships/{id}/reject", Transition("reject", "applicant")},
      {"POST /api/v1/memberships/{id}/suspend", Transition("suspend", "active")},
      {"POST /api/v1/memberships/{id}/reinstate", Transition("reinstate", "suspended")},
      {"POST /api/v1/memberships/{id}/resign", Transition("resign", "active")},
      {"POST /api/v1/memberships/{id}/expel", Transition("expel", "active")},
      {"POST /api/v1/memberships/{id}/lapse", Transition("lapse", "active")},
  };
  return *drivers;
}

// The module test a route runs in, so one failing module reads on its own.
std::string_view ModuleOf(std::string_view route) {
  const std::string_view path = route.substr(route.find(' ') + 1);
  if (path.find("/consents") != std::string_view::npos || path.find("/consent-texts") == 7 ||
      path.ends_with("/export") || path.ends_with("/erase")) {
    return "privacy";
  }
  if (path.find("/mandates") != std::string_view::npos) return "mandates";
  if (path.find("/positions") != std::string_view::npos || path.starts_with("/api/v1/bodies")) {
    return "bodies";
  }
  if (path.starts_with("/api/v1/people")) return "people";
  if (path.starts_with("/api/v1/memberships")) return "memberships";
  if (path.starts_with("/api/v1/audit") || path.starts_with("/api/v1/stats") ||
      path.starts_with("/api/v1/exports")) {
    return "reports";
  }
  return "system";
}

constexpr std::string_view kModules[] = {"system", "people",      "privacy", "mandates",
                                         "bodies", "memberships", "reports"};

bool BelongsTo(std::string_view route, std::string_view module) {
  return ModuleOf(route) == module;
}

class AuthorizationMatrixTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { world_ = std::make_unique<AuthorizationWorld>(); }
  static void TearDownTestSuite() { world_.reset(); }

  static AuthorizationWorld& W() { return *world_; }

  // Runs every cell of `row` through `driver`; returns how many requests ran.
  static int RunRow(const Row& row, const Driver& driver) {
    int requests = 0;
    // A refused write leaves its object as it was (checked below), so the
    // next column tries the same one; only an allowed write uses one up.
    std::map<std::pair<Place, bool>, Call> unused;
    for (const Column column : kAllColumns) {
      for (const Place place : kAllPlaces) {
        if (driver.placeless && place != Place::kIn) {
          EXPECT_EQ(Cell(row, column, place), Cell(row, column, Place::kIn))
              << row.route << ": a route that takes no place needs five equal cells";
          continue;
        }
        const char cell = Cell(row, column, place);
        if (cell == '-') continue;
        const int want = Expected(row, cell);
        EXPECT_NE(want, 0) << row.route << ": bad cell '" << cell << "'";
        const std::pair<Place, bool> kind{place, column == Column::kCoordinator};
        const bool reuse = driver.effect == Effect::kWrite && unused.contains(kind);
        Call call = reuse ? unused.at(kind) : driver.make(W(), place, column);
        if (driver.effect == Effect::kWrite) unused[kind] = call;
        const std::string& token = W().TokenOf(column);
        if (driver.effect == Effect::kWrite) W().Settle();
        const std::string before =
            driver.effect == Effect::kWrite ? W().Fingerprint() : std::string();
        const HttpResponse r = W().Send(call, token);
        ++requests;
        const std::string where =
            std::string(row.route) + " as " + std::string(ColumnName(column)) + " at " +
            std::string(PlaceName(place)) + " (" + call.method + " " + call.target + ")";
        EXPECT_EQ(r.status, want) << where << ": " << r;
        if (r.status >= 400 && r.status != 401) {
          EXPECT_TRUE(IsProblem(r, r.status)) << where;
        }
        if (driver.effect != Effect::kWrite) continue;
        W().Settle();
        const std::string after = W().Fingerprint();
        if (r.status >= 200 && r.status < 300) {
          EXPECT_NE(before, after) << where << ": allowed, but nothing changed";
          unused.erase(kind);
          if (call.on_success) call.on_success(r);
        } else {
          EXPECT_EQ(before, after) << where << ": refused, but the store changed";
        }
      }
    }
    return requests;
  }

  static std::unique_ptr<AuthorizationWorld> world_;
};

std::unique_ptr<AuthorizationWorld> AuthorizationMatrixTest::world_;

TEST_F(AuthorizationMatrixTest, EveryServedRouteHasExactlyOneRowAndADriver) {
  std::set<std::string> served;
  for (const Route& route : W().router().routes()) {
    const std::string name = RouteName(route);
    EXPECT_TRUE(served.insert(name).second) << name << " is served twice";
    EXPECT_NE(FindRow(name), nullptr) << name << " is served but has no row in kMatrix";
    EXPECT_TRUE(Drivers().contains(name)) << name << " is served but has no driver";
  }
  std::set<std::string_view> rows;
  for (const Row& row : kMatrix) {
    EXPECT_TRUE(rows.insert(row.route).second) << row.route << " has two rows";
    EXPECT_TRUE(served.contains(std::string(row.route)))
        << row.route << " has a row but is not served";
    EXPECT_EQ(row.cells.size(), 9u * 6u - 1u) << row.route << ": nine groups of five cells";
  }
}

void CheckLists(AuthorizationWorld& w);

// One test per module keeps a failure's report short; together they cover
// every row (checked by EveryRowBelongsToExactlyOneModuleTest).
class MatrixByModule : public AuthorizationMatrixTest,
                       public ::testing::WithParamInterface<std::string_view> {};

TEST_P(MatrixByModule, EveryRoleGetsExactlyTheExpectedAnswerEverywhere) {
  int requests = 0;
  for (const Row& row : kMatrix) {
    if (!BelongsTo(row.route, GetParam())) continue;
    const auto driver = Drivers().find(std::string(row.route));
    ASSERT_NE(driver, Drivers().end()) << row.route;
    requests += RunRow(row, driver->second);
  }
  EXPECT_GT(requests, 0);
  // What the allowed writes made or removed changes no list's rule.
  CheckLists(W());
}

INSTANTIATE_TEST_SUITE_P(Modules, MatrixByModule, ::testing::ValuesIn(kModules),
                         [](const auto& info) { return std::string(info.param); });

// Needs no server: a plain test, so ctest starts no world for it.
TEST(AuthorizationMatrixTable, EveryRowBelongsToExactlyOneModuleTest) {
  for (const Row& row : kMatrix) {
    int modules = 0;
    for (const std::string_view module : kModules) modules += BelongsTo(row.route, module) ? 1 : 0;
    EXPECT_EQ(modules, 1) << row.route << " belongs to " << modules << " module tests";
  }
}

// --- Lists: exactly what the role may read, and nothing else ----------------

// Is an object at `object` inside a list filtered on `filter`?
bool Contains(Place filter, Place object) {
  if (filter == object) return true;
  if (filter == Place::kIn) return object == Place::kChild;
  if (filter == Place::kParent) {
    return object == Place::kIn || object == Place::kChild || object == Place::kSibling;
  }
  return false;
}

// May `actor` read an object of `known` by its own route `read_route`?
bool Readable(Actor actor, const Known& known, std::string_view read_route) {
  const Row* row = FindRow(read_route);
  if (row == nullptr) return false;
  return Cell(*row, ColumnOf(actor, known.sector), known.place) == '+';
}

std::set<int64_t> ExpectedIds(Actor actor, const std::map<int64_t, Known>& objects,
                              std::string_view read_route, std::optional<Place> filter) {
  std::set<int64_t> ids;
  for (const auto& [id, known] : objects) {
    if (filter && !Contains(*filter, known.place)) continue;
    if (Readable(actor, known, read_route)) ids.insert(id);
  }
  return ids;
}

std::set<int64_t> CsvIds(const std::string& csv) {
  std::set<int64_t> ids;
  std::istringstream lines(csv);
  std::string line;
  std::getline(lines, line);  // the header
  while (std::getline(lines, line)) {
    if (line.empty() || line == "\r") continue;
    ids.insert(std::stoll(line.substr(0, line.find(','))));
  }
  return ids;
}

// Every list, as every actor, at every filter, against the registry.
void CheckLists(AuthorizationWorld& w) {
  struct Listed {
    std::string_view path;
    std::string_view read_route;
    const std::map<int64_t, Known>& objects;
    bool filters;  // takes ?territory=
  };
  const Listed lists[] = {
      {"/api/v1/people", "GET /api/v1/people/{id}", w.people(), true},
      {"/api/v1/bodies", "GET /api/v1/bodies/{id}", w.bodies(), true},
      {"/api/v1/mandates", "GET /api/v1/mandates/{id}", w.mandates(), true},
      {"/api/v1/memberships", "GET /api/v1/memberships/{id}", w.memberships(), false},
  };
  for (const Actor actor : kAllActors) {
    const std::string& token = w.TokenOf(ColumnOf(actor, false));
    for (const Listed& list : lists) {
      std::vector<std::optional<Place>> filters{std::nullopt};
      if (list.filters) filters.insert(filters.end(), std::begin(kAllPlaces), std::end(kAllPlaces));
      for (const auto& filter : filters) {
        const std::string query =
            filter ? "territory=" + std::string(PlaceCode(*filter)) : std::string();
        const auto listed = w.ListIds(std::string(list.path), token, query);
        EXPECT_EQ(listed, ExpectedIds(actor, list.objects, list.read_route, filter))
            << list.path << "?" << query << " as " << ActorName(actor);
      }
    }
    // The CSV export holds the same people as the list, or is refused.
    for (const auto& filter :
         {std::optional<Place>(), std::optional<Place>(Place::kIn),
          std::optional<Place>(Place::kParent), std::optional<Place>(Place::kSibling)}) {
      const std::string query =
          filter ? "?territory=" + std::string(PlaceCode(*filter)) : std::string();
      const HttpResponse csv = w.Send({"GET", "/api/v1/exports/people.csv" + query}, token);
      if (actor == Actor::kClerk) {
        EXPECT_TRUE(IsProblem(csv, 403)) << csv;
        continue;
      }
      ASSERT_EQ(csv.status, 200) << ActorName(actor) << ": " << csv;
      EXPECT_EQ(CsvIds(csv.body), ExpectedIds(actor, w.people(), "GET /api/v1/people/{id}", filter))
          << "people.csv" << query << " as " << ActorName(actor);
    }
  }
}

TEST_F(AuthorizationMatrixTest, ListsHoldExactlyWhatEachRoleMayReadAtEveryFilter) {
  CheckLists(W());
}

TEST_F(AuthorizationMatrixTest, SubListsShowOnlyWhatTheRoleMayRead) {
  // The holder of every fixture mandate lives in MA-MOU; their list shows the
  // mandates located where the caller may read.
  const int64_t holder = W().mandate_holder();
  for (const Actor actor : kAllActors) {
    const std::string& token = W().TokenOf(ColumnOf(actor, false));
    std::map<int64_t, Known> held;
    for (const auto& [id, known] : W().mandates()) {
      if (W().HolderOf(id) == holder) held.emplace(id, known);
    }
    const std::string path = "/api/v1/people/" + std::to_string(holder) + "/mandates";
    if (Readable(actor, W().people().at(holder), "GET /api/v1/people/{id}")) {
      EXPECT_EQ(W().ListIds(path, token, {}),
                ExpectedIds(actor, held, "GET /api/v1/mandates/{id}", std::nullopt))
          << path << " as " << ActorName(actor);
    }
    // Positions of a person: only those in bodies the caller may read.
    const int64_t member = W().position_holder();
    const std::string positions = "/api/v1/people/" + std::to_string(member) + "/positions";
    const HttpResponse r = W().Send({"GET", positions}, token);
    if (!Readable(actor, W().people().at(member), "GET /api/v1/people/{id}")) {
      EXPECT_TRUE(IsProblem(r, 404)) << r;
      continue;
    }
    ASSERT_EQ(r.status, 200) << r;
    std::set<int64_t> bodies;
    const json items = r.Json()["items"];
    for (const auto& p : items) bodies.insert(p["body_id"].get<int64_t>());
    std::map<int64_t, Known> seated;
    for (const int64_t body : W().position_bodies()) seated.emplace(body, W().bodies().at(body));
    EXPECT_EQ(bodies, ExpectedIds(actor, seated, "GET /api/v1/bodies/{id}", std::nullopt))
        << positions << " as " << ActorName(actor);
  }
}

// --- Masking -----------------------------------------------------------------

struct Visible {
  Actor actor;
  bool identity;  // CIN and birth date
  bool contact;   // phone and email
};

// clang-format off
constexpr Visible kVisible[] = {
    {Actor::kAdmin,       true,  true},
    {Actor::kSecretary,   true,  true},
    {Actor::kViewer,      false, false},
    {Actor::kClerk,       true,  true},
    {Actor::kCoordinator, false, true},
    {Actor::kAuditor,     false, false},
    {Actor::kByPosition,  true,  true},
};
// clang-format on

TEST_F(AuthorizationMatrixTest, DetailsAreMaskedAlikeInReadsListsExportsAndCsv) {
  // A women's-organization member in MA-MOU: every account of the fixture reads her.
  const int64_t id = W().person(Place::kIn, true);
  const json full = W().PersonJson(Place::kIn, true);
  const std::string path = "/api/v1/people/" + std::to_string(id);
  for (const Visible& v : kVisible) {
    const std::string& token = W().TokenOf(ColumnOf(v.actor, true));
    const std::string who(ActorName(v.actor));
    const HttpResponse one = W().Send({"GET", path}, token);
    ASSERT_EQ(one.status, 200) << who << ": " << one;
    json listed;
    for (const auto& item : W().ListAll("/api/v1/people", token, "territory=MA-MOU")) {
      if (item["id"] == id) listed = item;
    }
    ASSERT_TRUE(listed.is_object()) << who;
    for (const json& shown : {one.Json(), listed}) {
      if (v.identity) {
        EXPECT_EQ(shown["cin"], full["cin"]) << who;
        EXPECT_EQ(shown["birth_date"], full["birth_date"]) << who;
      } else {
        EXPECT_NE(shown["cin"], full["cin"]) << who;
        EXPECT_TRUE(shown["cin"].get<std::string>().starts_with("•")) << who << shown;
        EXPECT_TRUE(shown["birth_date"].is_null()) << who << shown;
      }
      if (v.contact) {
        EXPECT_EQ(shown["phone"], full["phone"]) << who;
        EXPECT_EQ(shown["email"], full["email"]) << who;
      } else {
        EXPECT_TRUE(shown["phone"].get<std::string>().starts_with("•")) << who << shown;
        EXPECT_NE(shown["email"], full["email"]) << who;
      }
    }
    if (v.actor == Actor::kClerk) continue;  // clerks export nothing
    const HttpResponse csv =
        W().Send({"GET", "/api/v1/exports/people.csv?territory=MA-MOU"}, token);
    ASSERT_EQ(csv.status, 200) << who << ": " << csv;
    // Her row of the CSV, by her id in the first column.
    std::string row;
    std::istringstream lines(csv.body);
    for (std::string line; std::getline(lines, line);) {
      if (line.starts_with(std::to_string(id) + ",")) row = line;
    }
    ASSERT_FALSE(row.empty()) << who << ": " << csv.body;
    for (const char* field : {"cin", "birth_date"}) {
      EXPECT_EQ(row.find(full[field].get<std::string>()) != std::string::npos, v.identity)
          << who << " " << field << ": " << row;
    }
    for (const char* field : {"phone", "email"}) {
      EXPECT_EQ(row.find(full[field].get<std::string>()) != std::string::npos, v.contact)
          << who << " " << field << ": " << row;
    }
  }
}

}  // namespace
}  // namespace tanzim::web::testing
