#pragma once

#include "people/people_store.h"
#include "store/sqlite.h"

namespace tanzim::people {

class SqlitePeopleStore final : public PeopleStore {
 public:
  explicit SqlitePeopleStore(store::Pool& pool) : pool_(pool) {}

  Result<std::optional<PersonRow>> Find(int64_t id) override;
  Result<Person> Insert(const PersonRow& row, const DescribeChange& describe) override;
  Result<IdRange> InsertMany(size_t count, const NextRows& next, const DescribeImport& describe,
                             std::string_view refused_digest) override;
  Result<std::vector<size_t>> CinsOnFile(std::span<const std::optional<std::string>> cins) override;
  Result<std::optional<PastImport>> FindImport(std::string_view sha256) override;
  Result<Person> Update(int64_t id,
                        const std::function<Result<PersonRow>(const PersonRow&)>& change,
                        const DescribeChange& describe) override;
  Status Remove(int64_t id, const std::function<Status(const PersonRow&)>& check,
                const DescribeChange& describe) override;
  Result<std::vector<PersonRow>> List(const PeopleQuery& query) override;
  Result<bool> InSector(int64_t id, std::string_view kind, std::string_view path) override;

 private:
  store::Pool& pool_;
};

}  // namespace tanzim::people
