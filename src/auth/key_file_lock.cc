#include "auth/key_file_lock.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>
#include <utility>

namespace tanzim::auth {
namespace {

Error SystemError(std::string_view what, const std::string& path) {
  return Error::Internal(fmt::format("{} {}: {}", what, path, std::strerror(errno)));
}

int Flock(int fd, int operation) {
  int result = 0;
  do {
    result = ::flock(fd, operation);
  } while (result != 0 && errno == EINTR);
  return result;
}

}  // namespace

Result<std::optional<KeyFileLock>> KeyFileLock::Shared(const std::string& path) {
  return Acquire(path, LOCK_SH, std::nullopt);
}

Result<std::optional<KeyFileLock>> KeyFileLock::Exclusive(const std::string& path,
                                                          std::chrono::milliseconds patience) {
  return Acquire(path, LOCK_EX, std::chrono::steady_clock::now() + patience);
}

Result<std::optional<KeyFileLock>> KeyFileLock::Acquire(
    const std::string& path, int operation,
    std::optional<std::chrono::steady_clock::time_point> deadline) {
  // How often a lock with a deadline is tried again: flock cannot wait with a
  // timeout, and the holders it waits for are short commands.
  constexpr auto kRetryEvery = std::chrono::milliseconds(10);
  // A rotation renames the new key over `path` while it holds the old file's
  // lock: whoever waited on the old file gets a lock on a file no longer at
  // `path`, and must lock the new one instead.
  while (true) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      if (errno == ENOENT) return std::optional<KeyFileLock>();
      return SystemError("cannot open key file", path);
    }
    KeyFileLock lock(fd, path);
    while (Flock(fd, deadline ? operation | LOCK_NB : operation) != 0) {
      if (errno != EWOULDBLOCK || !deadline) return SystemError("cannot lock key file", path);
      if (std::chrono::steady_clock::now() >= *deadline) {
        return Error::Internal(fmt::format(
            "key file {} stays locked by another tanzim process (docs/operations.md, Keys)", path));
      }
      std::this_thread::sleep_for(kRetryEvery);
    }
    struct stat locked {};
    struct stat current {};
    if (::fstat(fd, &locked) != 0) return SystemError("cannot stat key file", path);
    if (::stat(path.c_str(), &current) != 0) {
      if (errno == ENOENT) continue;
      return SystemError("cannot stat key file", path);
    }
    if (locked.st_dev == current.st_dev && locked.st_ino == current.st_ino) {
      return std::optional<KeyFileLock>(std::move(lock));
    }
  }
}

KeyFileLock::KeyFileLock(KeyFileLock&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), path_(std::move(other.path_)) {}

KeyFileLock& KeyFileLock::operator=(KeyFileLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    path_ = std::move(other.path_);
  }
  return *this;
}

KeyFileLock::~KeyFileLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the last descriptor releases the lock
}

Result<bool> KeyFileLock::TryExclusive() {
  if (Flock(fd_, LOCK_EX | LOCK_NB) == 0) return true;
  if (errno == EWOULDBLOCK) return false;
  return SystemError("cannot lock key file", path_);
}

}  // namespace tanzim::auth
