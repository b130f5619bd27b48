#pragma once

// The world of the authorization-matrix test (authorization_matrix_test.cc):
// one server, one account per role scoped to MA-MOU (admin and auditor
// national), and in each of five places relative to that scope a person, a
// secretariat and a women's organization, memberships with dues, a mandate and
// positions. A registry remembers every person, body, membership and mandate
// the test creates, with its place, so lists can be checked for exactly what a
// role may read. Drivers turn a route, a place and a column into a request,
// making fresh objects for writes that consume them.

#include <sqlite3.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "web/testing/test_server.h"

namespace tanzim::web::testing {

// Where an object lies relative to a scope of MA-MOU.
enum class Place { kIn, kChild, kSibling, kParent, kOutside };
inline constexpr Place kAllPlaces[] = {Place::kIn, Place::kChild, Place::kSibling, Place::kParent,
                                       Place::kOutside};

inline std::string_view PlaceCode(Place place) {
  switch (place) {
    case Place::kIn:
      return "MA-MOU";
    case Place::kChild:
      return kCommuneMou;
    case Place::kSibling:
      return "MA-SEF";
    case Place::kParent:
      return "MA-03";
    case Place::kOutside:
      return "MA-RAB";
  }
  return "";
}

inline std::string_view PlaceName(Place place) {
  constexpr std::string_view kNames[] = {"in scope", "child", "sibling", "parent", "outside"};
  return kNames[static_cast<int>(place)];
}

// Who calls: the accounts of the fixture.
enum class Actor { kAdmin, kSecretary, kViewer, kClerk, kCoordinator, kAuditor, kByPosition };
inline constexpr Actor kAllActors[] = {Actor::kAdmin,     Actor::kSecretary,   Actor::kViewer,
                                       Actor::kClerk,     Actor::kCoordinator, Actor::kAuditor,
                                       Actor::kByPosition};

inline std::string_view ActorName(Actor actor) {
  constexpr std::string_view kNames[] = {
      "admin", "secretary", "viewer", "clerk", "sector_coordinator", "auditor", "by_position"};
  return kNames[static_cast<int>(actor)];
}

// The columns of the matrix: the sector coordinator twice (objects of its
// sector, objects of none), and an anonymous caller.
enum class Column {
  kAdmin,
  kSecretary,
  kViewer,
  kClerk,
  kCoordinator,
  kCoordinatorOther,
  kAuditor,
  kByPosition,
  kAnonymous
};
inline constexpr Column kAllColumns[] = {
    Column::kAdmin,   Column::kSecretary,   Column::kViewer,
    Column::kClerk,   Column::kCoordinator, Column::kCoordinatorOther,
    Column::kAuditor, Column::kByPosition,  Column::kAnonymous};

inline std::string_view ColumnName(Column column) {
  constexpr std::string_view kNames[] = {"admin",
                                         "secretary",
                                         "viewer",
                                         "clerk",
                                         "sector_coordinator (its sector)",
                                         "sector_coordinator (no sector)",
                                         "auditor",
                                         "by_position",
                                         "anonymous"};
  return kNames[static_cast<int>(column)];
}

inline Column ColumnOf(Actor actor, bool sector) {
  switch (actor) {
    case Actor::kAdmin:
      return Column::kAdmin;
    case Actor::kSecretary:
      return Column::kSecretary;
    case Actor::kViewer:
      return Column::kViewer;
    case Actor::kClerk:
      return Column::kClerk;
    case Actor::kCoordinator:
      return sector ? Column::kCoordinator : Column::kCoordinatorOther;
    case Actor::kAuditor:
      return Column::kAuditor;
    case Actor::kByPosition:
      return Column::kByPosition;
  }
  return Column::kAnonymous;
}

// An object the world made, with its place and whether it belongs to the
// women's organization (sector coordinators reach only those).
struct Known {
  Place place = Place::kIn;
  bool sector = false;
};

// One request; `on_success` records what an allowed write made or removed.
struct Call {
  std::string method;
  std::string target;
  std::string body = {};
  std::vector<std::pair<std::string, std::string>> headers = {};
  std::function<void(const HttpResponse&)> on_success = {};
  bool cookie_only = false;  // a browser call: no Authorization header
};

enum class Effect {
  kRead,   // changes nothing
  kWrite,  // must change the store when allowed and leave it alone when refused
  kSelf,   // the caller's own session: signs in or out
};

inline constexpr const char* kPassword = "correct horse";

class AuthorizationWorld {
 public:
  AuthorizationWorld()
      : server_(TestServerOptions{.threads = 2}), router_(MakeRouterLikeMain(server_.app())) {
    admin_ = server_.Token(auth::Role::kAdmin);
    consent_text_ = Post("/api/v1/consent-texts", ConsentTextJson()).value("id", int64_t{0});
    for (const Place place : kAllPlaces) {
      for (const bool sector : {false, true}) {
        const auto key = std::pair{place, sector};
        body_[key] =
            NewBody(place, sector, {}, sector ? "womens_organization" : SecretariatKind(place));
        if (place != Place::kParent) {
          person_[key] = NewPerson(place, sector);
          // A sector person already holds a membership; a general one gets one.
          if (!sector) NewMembershipOf(person_[key], place, false);
        }
      }
    }
    // Memberships with a payment each, held by people who live outside.
    for (const Place place : kAllPlaces) {
      for (const bool sector : {false, true}) {
        const int64_t m = NewMembership(place, sector, "applicant");
        membership_[{place, sector}] = m;
        Post("/api/v1/memberships/" + std::to_string(m) + "/dues", DuesJson());
      }
    }
    mandate_holder_ = person_[{Place::kIn, false}];
    for (const Place place : kAllPlaces) mandate_[place] = NewMandateOf(mandate_holder_, place);
    // A member of MA-MOU seated in every fixture body.
    position_holder_ = NewPerson(Place::kIn, false);
    for (const auto& [key, body] : body_) {
      Post("/api/v1/bodies/" + std::to_string(body) + "/positions",
           {{"person_id", position_holder_}, {"role", "member"}, {"from", "2024-01-01"}});
      position_bodies_.push_back(body);
    }
    // The by_position account: the secretary of MA-MOU's provincial secretariat.
    const int64_t khadija = NewPerson(Place::kIn, false);
    Post("/api/v1/bodies/" + std::to_string(body_[{Place::kIn, false}]) + "/positions",
         {{"person_id", khadija}, {"role", "secretary"}, {"from", "2024-01-01"}});
    auto& accounts = server_.app().accounts();
    if (!accounts
             .AddUser("khadija", "by_position", std::nullopt, kPassword,
                      {.sector = std::nullopt, .person_id = khadija})
             .ok()) {
      ADD_FAILURE() << "cannot add the by_position account";
    }
    auto token = accounts.CreateToken("khadija");
    if (token.ok()) by_position_ = *token;
    secretary_ = server_.Token(auth::Role::kSecretary, "MA-MOU");
    viewer_ = server_.Token(auth::Role::kViewer, "MA-MOU");
    clerk_ = server_.Token(auth::Role::kClerk, "MA-MOU");
    coordinator_ = server_.Token(auth::Role::kSectorCoordinator, "MA-MOU");
    auditor_ = server_.Token(auth::Role::kAuditor);
  }

  ~AuthorizationWorld() { sqlite3_close(watch_); }
  AuthorizationWorld(const AuthorizationWorld&) = delete;
  AuthorizationWorld& operator=(const AuthorizationWorld&) = delete;

  // The routes `tanzim serve` serves, registered as the test server's are.
  const Router& router() const { return router_; }

  const std::string& TokenOf(Column column) const {
    static const std::string kNone;
    switch (column) {
      case Column::kAdmin:
        return admin_;
      case Column::kSecretary:
        return secretary_;
      case Column::kViewer:
        return viewer_;
      case Column::kClerk:
        return clerk_;
      case Column::kCoordinator:
      case Column::kCoordinatorOther:
        return coordinator_;
      case Column::kAuditor:
        return auditor_;
      case Column::kByPosition:
        return by_position_;
      case Column::kAnonymous:
        break;
    }
    return kNone;
  }

  // The login that signs in for `column`; an anonymous caller signs in as admin.
  static std::string Login(Column column) {
    switch (column) {
      case Column::kSecretary:
        return "secretary.ma-mou";
      case Column::kViewer:
        return "viewer.ma-mou";
      case Column::kClerk:
        return "clerk.ma-mou";
      case Column::kCoordinator:
      case Column::kCoordinatorOther:
        return "sector_coordinator.ma-mou";
      case Column::kAuditor:
        return "auditor";
      case Column::kByPosition:
        return "khadija";
      case Column::kAdmin:
      case Column::kAnonymous:
        break;
    }
    return "admin";
  }

  HttpResponse Send(const Call& call, const std::string& token) const {
    return server_.Call(call.method, call.target, call.cookie_only ? std::string() : token,
                        call.body, call.headers);
  }

  // The session cookie of `column`'s account, signed in once; none for anonymous.
  std::string SessionCookieOf(Column column) {
    if (column == Column::kAnonymous) return {};
    const std::string login = Login(column);
    auto it = cookies_.find(login);
    if (it != cookies_.end()) return it->second;
    const HttpResponse r = server_.Call(
        "POST", "/api/v1/session", {},
        nlohmann::json{{"login", login}, {"password", kPassword}}.dump(), {{"X-Tanzim-CSRF", "1"}});
    std::string cookie = r.Header("set-cookie");
    cookie = cookie.substr(0, cookie.find(';'));
    if (r.status != 200 || cookie.empty()) ADD_FAILURE() << "sign-in of " << login << ": " << r;
    return cookies_.emplace(login, cookie).first->second;
  }

  // Writes the read log's queued notes now: it stores them in batches on a
  // thread of its own, which must not commit in the middle of a comparison.
  // Reading the log as admin writes what is queued first.
  void Settle() const {
    const HttpResponse r = server_.Call("GET", "/api/v1/audit/reads?limit=1", admin_);
    if (r.status != 200) ADD_FAILURE() << "cannot flush the read log: " << r;
  }

  // Changes whenever a connection other than ours commits a change to the
  // store (SQLite's data_version), whatever the table: the read log and
  // sessions included. Requests run one at a time, so between two readings
  // only the request in between can have written.
  std::string Fingerprint() {
    if (watch_ == nullptr && sqlite3_open_v2(server_.db_path().c_str(), &watch_,
                                             SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << "cannot open the store";
      return {};
    }
    sqlite3_stmt* stmt = nullptr;
    std::string version;
    if (sqlite3_prepare_v2(watch_, "PRAGMA data_version", -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      version = std::to_string(sqlite3_column_int64(stmt, 0));
    }
    sqlite3_finalize(stmt);
    if (version.empty()) ADD_FAILURE() << "cannot read data_version";
    return version;
  }

  // Every item of a list, following next_cursor.
  std::vector<nlohmann::json> ListAll(const std::string& path, const std::string& token,
                                      const std::string& query) const {
    std::vector<nlohmann::json> items;
    std::string cursor;
    for (int page = 0; page < 100; ++page) {
      std::string target = path + "?limit=500";
      if (!query.empty()) target += "&" + query;
      if (!cursor.empty()) target += "&cursor=" + PercentEncode(cursor);
      const HttpResponse r = server_.Call("GET", target, token);
      EXPECT_EQ(r.status, 200) << target << ": " << r;
      const auto body = r.Json();
      if (r.status != 200 || !body.is_object() || !body["items"].is_array()) break;
      for (const auto& item : body["items"]) items.push_back(item);
      if (!body.contains("next_cursor") || body["next_cursor"].is_null()) return items;
      cursor = body["next_cursor"].get<std::string>();
    }
    return items;
  }

  std::set<int64_t> ListIds(const std::string& path, const std::string& token,
                            const std::string& query) const {
    std::set<int64_t> ids;
    for (const auto& item : ListAll(path, token, query)) {
      EXPECT_TRUE(ids.insert(item["id"].get<int64_t>()).second) << path << " repeats an item";
    }
    return ids;
  }

  // --- The fixture's objects ---------------------------------------------------

  int64_t person(Place place, bool sector) const { return person_.at({place, sector}); }
  const nlohmann::json& PersonJson(Place place, bool sector) const {
    return person_json_.at(person(place, sector));
  }
  int64_t body(Place place, bool sector) const { return body_.at({place, sector}); }
  int64_t membership(Place place, bool sector) const { return membership_.at({place, sector}); }
  int64_t mandate(Place place) const { return mandate_.at(place); }
  int64_t mandate_holder() const { return mandate_holder_; }
  int64_t position_holder() const { return position_holder_; }
  const std::vector<int64_t>& position_bodies() const { return position_bodies_; }
  int64_t consent_text() const { return consent_text_; }
  int64_t HolderOf(int64_t mandate) const {
    const auto it = holder_.find(mandate);
    return it == holder_.end() ? 0 : it->second;
  }

  const std::map<int64_t, Known>& people() const { return people_; }
  const std::map<int64_t, Known>& bodies() const { return bodies_; }
  const std::map<int64_t, Known>& memberships() const { return memberships_; }
  const std::map<int64_t, Known>& mandates() const { return mandates_; }

  void Forget(std::map<int64_t, Known>& registry, int64_t id) { registry.erase(id); }
  std::map<int64_t, Known>& people_registry() { return people_; }
  std::map<int64_t, Known>& bodies_registry() { return bodies_; }
  std::map<int64_t, Known>& memberships_registry() { return memberships_; }
  std::map<int64_t, Known>& mandates_registry() { return mandates_; }
  void NoteMandate(int64_t id, Place place, int64_t holder) {
    mandates_[id] = {place, false};
    holder_[id] = holder;
  }

  // --- Fresh objects, made by the admin ----------------------------------------

  std::string Unique(std::string_view prefix) { return std::string(prefix) + std::to_string(++n_); }

  nlohmann::json PersonBody(Place place) {
    return {{"name_latin", Unique("Person ")},
            {"name_ar", "فاطمة بناني"},
            {"gender", "f"},
            {"birth_date", "1990-05-17"},
            {"cin", Unique("MX")},
            {"phone", "0612345678"},
            {"email", Unique("p") + "@example.ma"},
            {"territory_code", PlaceCode(place)}};
  }

  // A person living at `place`; a sector person also applies to the women's
  // organization there, which is what makes a sector coordinator see them.
  int64_t NewPerson(Place place, bool sector) {
    const nlohmann::json created = Post("/api/v1/people", PersonBody(place));
    const int64_t id = created.value("id", int64_t{0});
    person_json_[id] = created;
    people_[id] = {place, sector};
    if (sector) NewMembershipOf(id, place, true);
    return id;
  }

  // A body at `place`: a women's organization or, for no sector, a committee
  // (secretariats are one per territory, the fixture's are taken).
  int64_t NewBody(Place place, bool sector, const std::string& status = {},
                  const std::string& kind = {}) {
    nlohmann::json body = {{"territory_code", PlaceCode(place)}};
    body["kind"] = !kind.empty() ? kind : sector ? "womens_organization" : "committee";
    if (body["kind"] == "committee") body["name_ar"] = Unique("لجنة ");
    if (!status.empty()) body["status"] = status;
    if (status == "founded") body["founded_on"] = "2024-01-01";
    const int64_t id = Post("/api/v1/bodies", body).value("id", int64_t{0});
    bodies_[id] = {place, sector};
    return id;
  }

  static std::string SecretariatKind(Place place) {
    if (place == Place::kParent) return "regional_secretariat";
    if (place == Place::kChild) return "local_secretariat";
    return "provincial_secretariat";
  }

  int64_t NewMembershipOf(int64_t person, Place place, bool sector, int64_t body = 0) {
    const int64_t id =
        Post("/api/v1/memberships",
             {{"person_id", person}, {"body_id", body != 0 ? body : body_.at({place, sector})}})
            .value("id", int64_t{0});
    memberships_[id] = {place, sector};
    return id;
  }

  // A membership of the fixture body at `place` in `state` (applicant, active
  // or suspended), held by someone living outside every scope.
  int64_t NewMembership(Place place, bool sector, const std::string& state) {
    const int64_t id = NewMembershipOf(NewPerson(Place::kOutside, false), place, sector);
    const std::string path = "/api/v1/memberships/" + std::to_string(id);
    if (state != "applicant") Post(path + "/approve", nlohmann::json::object(), 200);
    if (state == "suspended") Post(path + "/suspend", {{"reason", "matrix"}}, 200);
    return id;
  }

  static nlohmann::json MandateJson(Place place) {
    const char* institution = place == Place::kParent  ? "regional_council"
                              : place == Place::kChild ? "communal_council"
                                                       : "provincial_council";
    return {{"institution", institution},
            {"territory_code", PlaceCode(place)},
            {"role", "member"},
            {"from", "2021-09-08"}};
  }

  int64_t NewMandateOf(int64_t holder, Place place) {
    const int64_t id =
        Post("/api/v1/people/" + std::to_string(holder) + "/mandates", MandateJson(place))
            .value("id", int64_t{0});
    NoteMandate(id, place, holder);
    return id;
  }

  int64_t NewMandate(Place place) { return NewMandateOf(NewPerson(Place::kOutside, false), place); }

  int64_t NewPosition(Place place, bool sector) {
    const int64_t holder = NewPerson(Place::kOutside, false);
    return Post("/api/v1/bodies/" + std::to_string(body(place, sector)) + "/positions",
                {{"person_id", holder}, {"role", "member"}, {"from", "2024-01-01"}})
        .value("id", int64_t{0});
  }

  // A person at `place` and a consent they gave: {person, consent}.
  std::pair<int64_t, int64_t> NewConsent(Place place, bool sector) {
    const int64_t person = NewPerson(place, sector);
    const int64_t consent = Post("/api/v1/people/" + std::to_string(person) + "/consents",
                                 {{"text_id", consent_text_}, {"channel", "paper"}})
                                .value("id", int64_t{0});
    return {person, consent};
  }

  nlohmann::json ConsentTextJson() {
    return {{"purpose", "membership_data"},
            {"text_ar", Unique("أوافق على معالجة معطياتي ")},
            {"text_fr", "J'accepte le traitement de mes données"},
            {"text_en", "I agree to the processing of my data"}};
  }

  static nlohmann::json DuesJson() {
    return {{"amount_mad", "100"}, {"period_from", "2026-01-01"}, {"period_to", "2026-12-31"}};
  }

  int NextGraceDays() { return 10 + (++n_ % 50); }

 private:
  // POSTs as the admin; records a failure unless the answer is `want` (201 by default).
  nlohmann::json Post(const std::string& path, const nlohmann::json& body, int want = 201) {
    const HttpResponse r = server_.Call("POST", path, admin_, body.dump());
    if (r.status != want) {
      ADD_FAILURE() << "fixture: POST " << path << " " << body.dump() << ": " << r;
      return nlohmann::json::object();
    }
    return r.Json();
  }

  TestServer server_;
  Router router_;
  sqlite3* watch_ = nullptr;  // our own connection, for Fingerprint
  std::string admin_, secretary_, viewer_, clerk_, coordinator_, auditor_, by_position_;
  int64_t consent_text_ = 0;
  int n_ = 0;
  std::map<std::pair<Place, bool>, int64_t> person_, body_, membership_;
  std::map<Place, int64_t> mandate_;
  std::map<int64_t, nlohmann::json> person_json_;
  int64_t mandate_holder_ = 0;
  int64_t position_holder_ = 0;
  std::vector<int64_t> position_bodies_;
  std::map<int64_t, int64_t> holder_;
  std::map<int64_t, Known> people_, bodies_, memberships_, mandates_;
  std::map<std::string, std::string> cookies_;
};

// How a route becomes a request for a place and a column.
struct Driver {
  Effect effect = Effect::kRead;
  bool placeless = false;  // the route takes no place: it runs once per column
  std::function<Call(AuthorizationWorld&, Place, Column)> make;
};

}  // namespace tanzim::web::testing
