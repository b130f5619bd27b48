#pragma once

#include "memberships/membership_store.h"
#include "store/sqlite.h"

namespace tanzim::memberships {

class SqliteMembershipStore final : public MembershipStore {
 public:
  explicit SqliteMembershipStore(store::Pool& pool) : pool_(pool) {}

  Result<std::optional<BodyRef>> FindBody(int64_t id) override;
  Result<std::optional<StoredMembership>> Find(int64_t id) override;
  Result<Membership> Insert(const NewMembership& membership,
                            const DescribeChange& describe) override;
  Result<Membership> ChangeStatus(
      int64_t id, const std::function<Result<StatusChange>(const StoredMembership&)>& decide,
      const DescribeChange& describe) override;
  Result<std::vector<MembershipEvent>> Events(int64_t id) override;
  Result<std::vector<DuesPayment>> Dues(int64_t id) override;
  Result<DuesPayment> AddDues(int64_t id, const DuesPayment& payment,
                              const std::function<Status(const StoredMembership&)>& check,
                              const DescribePayment& describe_payment,
                              const DescribeChange& describe_change) override;
  Result<std::vector<Membership>> List(const MembershipQuery& query) override;
  Result<int> LapseOverdue(const std::string& cutoff, const std::string& today,
                           const std::string& at, const DescribeChange& describe) override;
  Result<Settings> ReadSettings() override;
  Result<Settings> WriteGraceDays(std::optional<int> days, const std::string& at,
                                  const DescribeSettings& describe) override;

 private:
  store::Pool& pool_;
};

}  // namespace tanzim::memberships
