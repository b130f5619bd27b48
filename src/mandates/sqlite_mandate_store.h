#pragma once

#include "mandates/mandate_store.h"
#include "store/sqlite.h"

namespace tanzim::mandates {

class SqliteMandateStore final : public MandateStore {
 public:
  explicit SqliteMandateStore(store::Pool& pool) : pool_(pool) {}

  Result<std::optional<MandateRow>> Find(int64_t id) override;
  Result<Mandate> Insert(const Mandate& mandate, const DescribeChange& describe) override;
  Result<Mandate> Update(int64_t id,
                         const std::function<Result<Mandate>(const MandateRow&)>& change,
                         const DescribeChange& describe) override;
  Status Remove(int64_t id, const std::function<Status(const MandateRow&)>& check,
                const DescribeChange& describe) override;
  Result<std::vector<Mandate>> List(const MandateQuery& query) override;

 private:
  store::Pool& pool_;
};

}  // namespace tanzim::mandates
