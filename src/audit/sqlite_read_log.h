#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "audit/read_log.h"
#include "store/sqlite.h"

namespace tanzim::audit {

// The read log on SQLite. Note() only queues; a thread of its own writes the
// queue in one transaction every `flush_every`, so a read costs no write lock.
// A killed process loses at most that interval of notes. When the queue
// cannot be written and grows to `max_pending`, Note() refuses, so reads fail
// closed instead of going unrecorded.
class SqliteReadLog final : public ReadLog {
 public:
  explicit SqliteReadLog(store::Pool& pool,
                         std::chrono::milliseconds flush_every = std::chrono::seconds(1),
                         size_t max_pending = 100'000);
  SqliteReadLog(const SqliteReadLog&) = delete;
  SqliteReadLog& operator=(const SqliteReadLog&) = delete;
  // Stops the thread and writes what is queued.
  ~SqliteReadLog() override;

  Status Note(int64_t user_id, int64_t person_id, std::string_view what) override;
  Result<std::vector<Read>> List(const ReadQuery& query) override;

  // Writes the queue now; on failure the notes stay queued for the next try.
  Status Flush();

 private:
  // A note as queued: the time stays a number until the flush writes it, so a
  // read pays no formatting or allocation for it (this is on every by-id read).
  struct Pending {
    std::chrono::sys_seconds at;
    int64_t user_id;
    int64_t person_id;
    std::string what;  // "record" or "export": short enough not to allocate
  };

  void Loop();

  store::Pool& pool_;
  // The flush's own connection, opened at the first flush, with a larger page
  // cache: the by-person index takes notes in random order, and a pooled
  // connection's cache is dropped whenever another connection writes.
  std::unique_ptr<store::Connection> writer_;  // guarded by flush_mu_
  const std::chrono::milliseconds flush_every_;
  const size_t max_pending_;
  std::mutex flush_mu_;  // one flush at a time, so notes are stored in order
  std::mutex mu_;        // guards pending_ and stopping_
  std::condition_variable wake_;
  std::vector<Pending> pending_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace tanzim::audit
