#pragma once

#include "bodies/body_store.h"
#include "store/sqlite.h"

namespace tanzim::bodies {

class SqliteBodyStore final : public BodyStore {
 public:
  explicit SqliteBodyStore(store::Pool& pool) : pool_(pool) {}

  Result<std::optional<Body>> Find(int64_t id) override;
  Result<std::vector<Body>> List(const BodyQuery& query) override;
  Result<std::vector<Body>> Subtree(int64_t id, int limit) override;
  Result<std::vector<BodyEvent>> Events(int64_t id) override;
  Result<std::optional<Position>> FindPosition(int64_t id) override;
  Result<std::vector<Position>> PositionsOfBody(int64_t body_id) override;
  Result<std::vector<Position>> PositionsOfPerson(int64_t person_id) override;
  Status Write(const std::function<Status(BodyWriter&)>& work) override;

 private:
  store::Pool& pool_;
};

}  // namespace tanzim::bodies
