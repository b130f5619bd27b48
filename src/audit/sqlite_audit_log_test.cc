#include "audit/sqlite_audit_log.h"

#include <gtest/gtest.h>

#include <memory>
#include <thread>
#include <vector>

#include "audit/audit_service.h"
#include "audit/sqlite_read_log.h"
#include "store/testing/temp_store.h"

namespace tanzim::audit {
namespace {

class AuditLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<store::testing::TempStore>("audit");
    log_ = std::make_unique<SqliteAuditLog>(db_->pool());
    admin_.user_id = 1;
    admin_.login = "admin";
    admin_.role = auth::Role::kAdmin;
  }

  // Appends one entry in a transaction of its own, as a store does.
  void Write(const Entry& entry) {
    auto conn = db_->pool().Acquire();
    ASSERT_TRUE(conn.ok());
    auto tx = store::Transaction::Begin(**conn);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(Append(**conn, entry).ok());
    ASSERT_TRUE(tx->Commit().ok());
  }

  // Appends Sample(first_id) … Sample(first_id + count - 1) as creations through
  // one ChainWriter, in one transaction, as a bulk change does.
  void WriteBatch(int64_t first_id, int count) {
    auto conn = db_->pool().Acquire();
    ASSERT_TRUE(conn.ok());
    auto tx = store::Transaction::Begin(**conn);
    ASSERT_TRUE(tx.ok());
    auto chain = ChainWriter::Open(**conn);
    ASSERT_TRUE(chain.ok());
    for (int i = 0; i < count; ++i) ASSERT_TRUE(chain->Append(Sample(first_id + i, "create")).ok());
    ASSERT_TRUE(tx->Commit().ok());
  }

  Entry Sample(int64_t id, std::string_view verb = "update") {
    Entry entry = Change(admin_, ObjectType::kBody, id, verb);
    entry.before = R"({"name_ar":"قديم"})";
    entry.after = R"({"name_ar":"جديد"})";
    return entry;
  }

  // Runs SQL the way someone with the database file would, bypassing Tanzim.
  void Tamper(const std::string& sql) {
    auto conn = db_->pool().Acquire();
    ASSERT_TRUE(conn.ok());
    ASSERT_TRUE((*conn)->Exec(sql).ok()) << sql;
  }

  VerifyReport Verify() {
    auto report = log_->Verify();
    EXPECT_TRUE(report.ok());
    return report.ok() ? *report : VerifyReport{};
  }

  std::unique_ptr<store::testing::TempStore> db_;
  std::unique_ptr<SqliteAuditLog> log_;
  auth::Actor admin_;
};

TEST_F(AuditLogTest, AnIntactChainVerifies) {
  EXPECT_EQ(Verify().entries, 0);
  for (int i = 1; i <= 5; ++i) Write(Sample(i));
  const VerifyReport report = Verify();
  EXPECT_EQ(report.entries, 5);
  EXPECT_FALSE(report.broken_at);
  auto listed = log_->List({});
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 5u);
  EXPECT_EQ((*listed)[0].entry.action, "body.update");
  EXPECT_EQ((*listed)[0].entry.actor_login, "admin");
  EXPECT_EQ((*listed)[0].entry.after, R"({"name_ar":"جديد"})");
}

TEST_F(AuditLogTest, EntriesCannotBeChangedOrRemovedThroughSql) {
  Write(Sample(1));
  auto conn = db_->pool().Acquire();
  ASSERT_TRUE(conn.ok());
  EXPECT_FALSE((*conn)->Exec("UPDATE audit_log SET actor_login = 'x'").ok());
  EXPECT_FALSE((*conn)->Exec("DELETE FROM audit_log").ok());
}

TEST_F(AuditLogTest, FindsAnAlteredEntry) {
  for (int i = 1; i <= 3; ++i) Write(Sample(i));
  Tamper("DROP TRIGGER audit_log_no_update");
  Tamper("UPDATE audit_log SET actor_login = 'someone else' WHERE id = 2");
  const VerifyReport report = Verify();
  EXPECT_EQ(report.broken_at, 2);
  EXPECT_EQ(report.problem, "altered");
  EXPECT_EQ(report.entries, 1);
}

TEST_F(AuditLogTest, FindsAnAlteredPayloadButAcceptsAnErasedOne) {
  for (int i = 1; i <= 3; ++i) Write(Sample(i));
  Tamper("UPDATE audit_payloads SET before = NULL, after = NULL, erased_at = 'now' WHERE id = 1");
  EXPECT_FALSE(Verify().broken_at);  // erasure blanks personal data, the chain holds
  Tamper("UPDATE audit_payloads SET after = '{\"name_ar\":\"مزور\"}' WHERE id = 3");
  const VerifyReport report = Verify();
  EXPECT_EQ(report.broken_at, 3);
  EXPECT_EQ(report.problem, "payload altered");
}

TEST_F(AuditLogTest, FindsARemovedEntryAndARemovedTail) {
  for (int i = 1; i <= 4; ++i) Write(Sample(i));
  Tamper("DROP TRIGGER audit_log_no_delete");
  Tamper("DELETE FROM audit_log WHERE id = 4");
  VerifyReport report = Verify();
  EXPECT_EQ(report.broken_at, 4);
  EXPECT_EQ(report.problem, "tail removed");
  Tamper("DELETE FROM audit_log WHERE id = 2");
  report = Verify();
  EXPECT_EQ(report.broken_at, 2);
  EXPECT_EQ(report.problem, "missing");
}

TEST_F(AuditLogTest, ARolledBackChangeLeavesNoEntry) {
  Write(Sample(1));
  {
    auto conn = db_->pool().Acquire();
    ASSERT_TRUE(conn.ok());
    auto tx = store::Transaction::Begin(**conn);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(Append(**conn, Sample(2)).ok());
    // No Commit(): the change failed, so its entry goes with it.
  }
  Write(Sample(3));
  const VerifyReport report = Verify();
  EXPECT_EQ(report.entries, 2);
  EXPECT_FALSE(report.broken_at);
}

TEST_F(AuditLogTest, ConcurrentWritersKeepOneChain) {
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([this, t] {
      for (int i = 0; i < 10; ++i) Write(Sample(t * 100 + i));
    });
  }
  for (auto& w : writers) w.join();
  const VerifyReport report = Verify();
  EXPECT_EQ(report.entries, 40);
  EXPECT_FALSE(report.broken_at);
}

// A bulk change appends through one ChainWriter: the head is read once, yet
// the chain it leaves is the one single appends would, before and after it.
TEST_F(AuditLogTest, ABulkWriterContinuesTheChainOthersAppendTo) {
  Write(Sample(1));
  WriteBatch(2, 200);
  Write(Sample(202));
  const VerifyReport report = Verify();
  EXPECT_EQ(report.entries, 202);
  EXPECT_FALSE(report.broken_at);
  auto listed = log_->List({.after_id = 0, .limit = 500});
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 202u);
  for (size_t i = 0; i < listed->size(); ++i) {
    EXPECT_EQ((*listed)[i].id, static_cast<int64_t>(i + 1));
    EXPECT_EQ((*listed)[i].entry.object_id, static_cast<int64_t>(i + 1));
  }
}

TEST_F(AuditLogTest, BulkAndSingleWritersAtOnceKeepOneChain) {
  std::thread bulk([this] {
    for (int batch = 0; batch < 5; ++batch) WriteBatch(1000, 50);
  });
  std::vector<std::thread> singles;
  for (int t = 0; t < 2; ++t) {
    singles.emplace_back([this, t] {
      for (int i = 0; i < 20; ++i) Write(Sample(t * 100 + i));
    });
  }
  bulk.join();
  for (auto& w : singles) w.join();
  const VerifyReport report = Verify();
  EXPECT_EQ(report.entries, 5 * 50 + 2 * 20);
  EXPECT_FALSE(report.broken_at);
}

TEST_F(AuditLogTest, ServiceFiltersPagesAndIsForNationalAccountsOnly) {
  SqliteReadLog reads(db_->pool());
  AuditService service(*log_, reads);
  for (int i = 1; i <= 3; ++i) Write(Sample(i));
  Entry position = Change(admin_, ObjectType::kPosition, 7, "create");
  position.after = "{}";
  Write(position);

  auto bodies = service.List(admin_, {.object = "body", .limit = 50});
  ASSERT_TRUE(bodies.ok());
  EXPECT_EQ(bodies->items.size(), 3u);
  auto one = service.List(admin_, {.object = "position/7", .limit = 50});
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one->items.size(), 1u);
  EXPECT_EQ(one->items[0].entry.action, "position.create");
  auto today = service.List(admin_, {.from = "2000-01-01", .to = "2999-12-31", .limit = 50});
  EXPECT_EQ(today->items.size(), 4u);
  auto none = service.List(admin_, {.to = "2000-01-01", .limit = 50});
  EXPECT_TRUE(none->items.empty());

  std::vector<int64_t> ids;
  std::optional<std::string> cursor;
  do {
    auto page = service.List(admin_, {.cursor = cursor, .limit = 3});
    ASSERT_TRUE(page.ok());
    for (const Record& r : page->items) ids.push_back(r.id);
    cursor = page->next_cursor;
  } while (cursor);
  EXPECT_EQ(ids, (std::vector<int64_t>{1, 2, 3, 4}));

  for (const ListRequest& bad : {ListRequest{.object = "/3"}, ListRequest{.object = "body/x"},
                                 ListRequest{.actor = "me"}, ListRequest{.from = "2026-02-30"},
                                 ListRequest{.to = "yesterday"}, ListRequest{.cursor = "!"}}) {
    auto refused = service.List(admin_, bad);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code(), ErrorCode::kInvalidArgument);
  }

  auth::Actor secretary;
  secretary.role = auth::Role::kSecretary;
  territory::Territory mou;
  mou.code = "MA-MOU";
  mou.path = "/MA-03/MA-MOU/";
  secretary.scope = mou;
  EXPECT_EQ(service.List(secretary, {}).error().code(), ErrorCode::kPermissionDenied);
}

// The time filters bound the ids to walk by the entries' times, which the
// writer keeps in chain order even when the clock reads earlier than the head.
TEST_F(AuditLogTest, TimeFiltersFollowTheChainAndTimesNeverGoBack) {
  SqliteReadLog reads(db_->pool());
  AuditService service(*log_, reads);
  for (int i = 1; i <= 6; ++i) Write(Sample(i));
  // Spread the entries over six months, as someone with the file could.
  Tamper("DROP TRIGGER audit_log_no_update");
  Tamper("UPDATE audit_log SET at = printf('2026-%02d-01T08:00:00Z', id)");
  const auto ids = [&](ListRequest request) {
    std::vector<int64_t> out;
    do {
      request.limit = 1;
      auto page = service.List(admin_, request);
      EXPECT_TRUE(page.ok());
      if (!page.ok()) break;
      for (const Record& r : page->items) out.push_back(r.id);
      request.cursor = page->next_cursor;
    } while (request.cursor);
    return out;
  };
  EXPECT_EQ(ids({.from = "2026-02-01T08:00:00Z", .to = "2026-04-01T08:00:00Z"}),
            (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(ids({.from = "2026-02-01", .to = "2026-04-01"}), (std::vector<int64_t>{2, 3, 4}));
  EXPECT_EQ(ids({.from = "2026-05-15"}), (std::vector<int64_t>{6}));
  EXPECT_EQ(ids({.to = "2026-02-01"}), (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(ids({.object = "body/3", .from = "2026-01-01"}), (std::vector<int64_t>{3}));
  EXPECT_TRUE(ids({.from = "2026-07-01"}).empty());
  EXPECT_TRUE(ids({.to = "2025-12-31"}).empty());

  // The head is "in the future": the server's clock is behind it. The next
  // entry takes the head's time rather than one before it.
  Tamper("UPDATE audit_log SET at = '2999-01-01T00:00:00Z' WHERE id = 6");
  Write(Sample(7));
  auto last = service.List(admin_, {.from = "2999-01-01T00:00:00Z", .limit = 50});
  ASSERT_TRUE(last.ok());
  ASSERT_EQ(last->items.size(), 2u);
  EXPECT_EQ(last->items[1].id, 7);
  EXPECT_EQ(last->items[1].at, "2999-01-01T00:00:00Z");
}

TEST_F(AuditLogTest, APersonsHistoryStartsWithTheImportThatCreatedThem) {
  SqliteReadLog reads(db_->pool());
  AuditService service(*log_, reads);
  const auto import = [&](int64_t first, int64_t last) {
    Entry entry = Change(admin_, ObjectType::kPeople, first, "import");
    entry.after = R"({"count":)" + std::to_string(last - first + 1) + R"(,"first_id":)" +
                  std::to_string(first) + R"(,"last_id":)" + std::to_string(last) + "}";
    Write(entry);
  };
  const auto update = [&](int64_t person, int64_t actor_id) {
    auth::Actor actor = admin_;
    actor.user_id = actor_id;
    Entry entry = Change(actor, ObjectType::kPerson, person, "update");
    entry.after = "{}";
    Write(entry);
  };
  import(10, 14);  // entry 1
  update(12, 1);   // 2
  update(20, 1);   // 3
  import(30, 31);  // 4
  update(12, 2);   // 5
  update(15, 2);   // 6
  const auto ids = [&](ListRequest request) {
    request.limit = 50;
    auto page = service.List(admin_, request);
    EXPECT_TRUE(page.ok());
    std::vector<int64_t> out;
    if (page.ok()) {
      for (const Record& r : page->items) out.push_back(r.id);
    }
    return out;
  };
  EXPECT_EQ(ids({.object = "person/12"}), (std::vector<int64_t>{1, 2, 5}));
  EXPECT_EQ(ids({.object = "person/10"}), (std::vector<int64_t>{1}));
  EXPECT_EQ(ids({.object = "person/14"}), (std::vector<int64_t>{1}));
  EXPECT_EQ(ids({.object = "person/15"}), (std::vector<int64_t>{6}));  // after the first import
  EXPECT_EQ(ids({.object = "person/9"}), (std::vector<int64_t>{}));
  EXPECT_EQ(ids({.object = "person/31"}), (std::vector<int64_t>{4}));
  EXPECT_EQ(ids({.object = "person"}), (std::vector<int64_t>{2, 3, 5, 6}));
  EXPECT_EQ(ids({.object = "people/30"}), (std::vector<int64_t>{4}));
  EXPECT_EQ(ids({.object = "person/12", .actor = "2"}), (std::vector<int64_t>{5}));
  EXPECT_EQ(ids({.actor = "2"}), (std::vector<int64_t>{5, 6}));

  // Pages of a person's history follow the same order.
  auto first = service.List(admin_, {.object = "person/12", .limit = 1});
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->items.size(), 1u);
  EXPECT_EQ(first->items[0].entry.action, "people.import");
  auto rest = service.List(admin_, {.object = "person/12", .cursor = first->next_cursor});
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ(rest->items.size(), 2u);
  EXPECT_EQ(rest->items[0].id, 2);
}

}  // namespace
}  // namespace tanzim::audit
