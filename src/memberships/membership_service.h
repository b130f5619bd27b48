#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "auth/actor.h"
#include "core/page.h"
#include "core/patch.h"
#include "core/result.h"
#include "memberships/membership.h"
#include "memberships/membership_store.h"
#include "people/people_service.h"

namespace tanzim::memberships {

// POST /memberships: absent and null mean "not given".
struct MembershipDraft {
  std::optional<int64_t> person_id{};
  std::optional<int64_t> body_id{};
  std::optional<std::string> joined_on{};  // default: today
};

// The body of a transition command.
struct TransitionDraft {
  std::optional<std::string> on{};  // default: today
  std::optional<std::string> reason{};
};

struct DuesDraft {
  std::optional<std::string> amount_mad{};  // decimal text, at most two decimals
  std::optional<std::string> period_from{};
  std::optional<std::string> period_to{};
  std::optional<std::string> paid_on{};  // default: today
};

// List filters as the client wrote them; the service checks them.
struct ListRequest {
  std::optional<std::string> status{};
  std::optional<std::string> body{};    // a body id
  std::optional<std::string> person{};  // a person id
  std::optional<std::string> cursor{};
  int limit = kDefaultPageSize;
};

struct SettingsPatch {
  Patch<int64_t> dues_grace_days{};  // null: back to the default
};

// Memberships, their transitions and dues, and the settings they depend on.
// Each use case takes the acting user and asks auth/authorization.h before
// touching anything; a membership is placed where its body is. Each change
// writes its audit entries ("membership.<verb>", "dues.create",
// "setting.update") in its own transaction.
class MembershipService {
 public:
  using Today = std::function<std::chrono::year_month_day()>;

  MembershipService(MembershipStore& store, people::PeopleService& people, Today today = {});

  // A new applicant of a body in the actor's write scope for a person the
  // actor may read; kConflict naming "person_id" when the person already has
  // a current membership.
  Result<Membership> Create(const auth::Actor& actor, const MembershipDraft& draft);

  // The membership with its history and dues; kNotFound outside the actor's scope.
  Result<MembershipDetail> Get(const auth::Actor& actor, int64_t id);

  // A page of the memberships the actor may read, in id order.
  Result<Page<Membership>> List(const auth::Actor& actor, const ListRequest& request);

  // Applies `transition`; kConflict naming "status" when the membership's
  // status does not allow it. Approval gives the membership its number.
  Result<Membership> Change(const auth::Actor& actor, int64_t id, Transition transition,
                            const TransitionDraft& draft);

  // Records a dues payment and extends dues_paid_until.
  Result<DuesPayment> AddDues(const auth::Actor& actor, int64_t id, const DuesDraft& draft);
  Result<std::vector<DuesPayment>> ListDues(const auth::Actor& actor, int64_t id);

  // Lapses every active membership whose dues ran out more than the grace
  // period before `today` (default: the service's today). National writers only
  // (the scheduler acts as auth::SystemActor()). Returns how many lapsed.
  Result<int> LapseOverdue(const auth::Actor& actor,
                           std::optional<std::chrono::year_month_day> today = std::nullopt);

  Result<Settings> GetSettings(const auth::Actor& actor);
  // National writers only; dues_grace_days within 0…kMaxDuesGraceDays.
  Result<Settings> UpdateSettings(const auth::Actor& actor, const SettingsPatch& patch);

 private:
  MembershipStore& store_;
  people::PeopleService& people_;
  Today today_;
};

}  // namespace tanzim::memberships
