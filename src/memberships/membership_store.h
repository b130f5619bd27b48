#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "core/result.h"
#include "memberships/membership.h"
#include "territory/territory.h"

namespace tanzim::memberships {

// What a membership needs to know of a body (the bodies module owns them).
struct BodyRef {
  int64_t id = 0;
  std::string kind;
  std::string status;                         // preparatory | founded | active | dissolved
  std::optional<territory::Territory> place;  // none for a national body
};

// A stored membership with where it sits, as authorization needs it, and the
// date of its latest event, before which no new event may be dated.
struct StoredMembership {
  Membership membership;
  std::optional<territory::Territory> place;  // none for a national body
  std::string last_event_on;
  std::string body_kind;  // the body's kind: its sector, for sector coordinators
};

// What a use case asks the store to write when a membership changes status.
// The store copies the old values it does not set and writes the event.
struct StatusChange {
  MembershipStatus status = MembershipStatus::kActive;
  std::optional<std::string> approved_on;  // set when given
  std::optional<std::string> left_on;      // the new value: none clears it
  bool assign_number = false;              // give a number unless it has one
  int number_year = 0;                     // the year in the number
  MembershipEvent event;                   // action, on, reason, actor_id, at
};

struct NewMembership {
  int64_t person_id = 0;
  BodyRef body;
  std::string joined_on;
  std::optional<int64_t> actor_id;
  std::string at;  // RFC 3339, created_at and the "apply" event's time
};

struct MembershipQuery {
  std::optional<MembershipStatus> status;
  std::optional<int64_t> body_id;
  std::optional<int64_t> person_id;
  // Restrict to memberships of bodies in this subtree ("/MA-03/"); none: all,
  // national ones included.
  std::optional<std::string> within_path;
  std::optional<std::string> body_kind;  // only memberships of bodies of this kind
  int64_t after_id = 0;                  // keyset cursor
  int limit = 50;
};

// Builders of the audit entries of changes. The store appends each entry in
// the change's own transaction, so a change and its entry commit or roll back
// together.
// One membership, before (none: a creation) and after the change, as stored.
using DescribeChange =
    std::function<audit::Entry(const std::optional<Membership>& before, const Membership& after)>;
// One dues payment, as stored.
using DescribePayment = std::function<audit::Entry(const DuesPayment& payment)>;
// The settings before and after a change.
using DescribeSettings = std::function<audit::Entry(const Settings& before, const Settings& after)>;

// Where memberships, their events, dues and the settings are kept.
// Implemented per backend (sqlite_membership_store.h).
class MembershipStore {
 public:
  virtual ~MembershipStore() = default;

  // Body `id`, or nullopt when there is none.
  virtual Result<std::optional<BodyRef>> FindBody(int64_t id) = 0;

  // Membership `id` with its place, or nullopt.
  virtual Result<std::optional<StoredMembership>> Find(int64_t id) = 0;

  // Stores a new applicant (copying the person's gender and birth date) and
  // its "apply" event, audited by `describe`. A person with a current
  // membership → kConflict naming "person_id"; nothing is stored then.
  virtual Result<Membership> Insert(const NewMembership& membership,
                                    const DescribeChange& describe) = 0;

  // Reads membership `id` under the write lock, lets `decide` compute the
  // change (or refuse with an Error, writing nothing), and applies it with its
  // event and audit entry in the same transaction. Numbers come from
  // membership_sequences, bumped in that transaction. kNotFound when absent.
  virtual Result<Membership> ChangeStatus(
      int64_t id, const std::function<Result<StatusChange>(const StoredMembership&)>& decide,
      const DescribeChange& describe) = 0;

  // The events of membership `id`, oldest first, and its dues payments.
  virtual Result<std::vector<MembershipEvent>> Events(int64_t id) = 0;
  virtual Result<std::vector<DuesPayment>> Dues(int64_t id) = 0;

  // Records a payment after `check` accepts the membership as read under the
  // write lock, and moves dues_paid_until to the latest period_to. Two audit
  // entries: the payment's (`describe_payment`) and the membership's
  // (`describe_change`).
  virtual Result<DuesPayment> AddDues(int64_t id, const DuesPayment& payment,
                                      const std::function<Status(const StoredMembership&)>& check,
                                      const DescribePayment& describe_payment,
                                      const DescribeChange& describe_change) = 0;

  // Up to `limit` memberships in id order after the cursor.
  virtual Result<std::vector<Membership>> List(const MembershipQuery& query) = 0;

  // Moves every active membership whose dues_paid_until (approved_on when
  // never paid) is before `cutoff` to lapsed, dated `today`, with a "lapse"
  // event of reason "dues" and an audit entry each, in one transaction.
  // Returns how many lapsed.
  virtual Result<int> LapseOverdue(const std::string& cutoff, const std::string& today,
                                   const std::string& at, const DescribeChange& describe) = 0;

  // The organization's settings, defaults for those never set.
  virtual Result<Settings> ReadSettings() = 0;
  // Stores `dues_grace_days` (none removes it: back to the default) with its
  // audit entry, and returns the settings as they now are.
  virtual Result<Settings> WriteGraceDays(std::optional<int> days, const std::string& at,
                                          const DescribeSettings& describe) = 0;
};

}  // namespace tanzim::memberships
