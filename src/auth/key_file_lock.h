#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "core/result.h"

namespace tanzim::auth {

// An advisory lock (flock) on a key file, held for as long as this object
// lives. Every process that uses the TOTP key holds it shared, so a key
// rotation, which needs it exclusive, cannot run while one of them could still
// seal a secret with the old key. The kernel drops the lock with the process,
// so a killed holder never leaves it behind.
class KeyFileLock {
 public:
  // The file at `path`, locked shared, waiting while another process holds it
  // exclusive. Makes sure the lock is on the file that is at `path` once it
  // is granted, not one a rotation replaced meanwhile. nullopt when there is
  // no file at `path`.
  static Result<std::optional<KeyFileLock>> Shared(const std::string& path);
  // The same, exclusive, waiting at most `patience` for the other holders to
  // let go: an error naming the file past it (a server holds its shared lock
  // for as long as it runs).
  static Result<std::optional<KeyFileLock>> Exclusive(const std::string& path,
                                                      std::chrono::milliseconds patience);

  KeyFileLock(KeyFileLock&& other) noexcept;
  KeyFileLock& operator=(KeyFileLock&& other) noexcept;
  KeyFileLock(const KeyFileLock&) = delete;
  KeyFileLock& operator=(const KeyFileLock&) = delete;
  ~KeyFileLock();

  // Turns a shared lock exclusive without waiting; false, and no lock held
  // any more, when another process holds it too (flock converts by dropping
  // the old lock first).
  Result<bool> TryExclusive();

 private:
  KeyFileLock(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  static Result<std::optional<KeyFileLock>> Acquire(
      const std::string& path, int operation,
      std::optional<std::chrono::steady_clock::time_point> deadline);

  int fd_ = -1;
  std::string path_;
};

}  // namespace tanzim::auth
