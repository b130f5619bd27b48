#include "auth/sealing_key.h"

#include <fcntl.h>
#include <sodium.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace tanzim::auth {
namespace {

static_assert(SealingKey::kKeyBytes == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
static_assert(SealingKey::kSealedOverhead == 1 + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES +
                                                 crypto_aead_xchacha20poly1305_ietf_ABYTES);

constexpr size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;

void InitSodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialize");
}

std::string SystemError(std::string_view what, const std::string& path) {
  return fmt::format("{} {}: {}", what, path, std::strerror(errno));
}

// Closes a file descriptor when it goes out of scope.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

// The authenticated data of a sealed value: its version byte, then `context`.
std::string AssociatedData(std::string_view context) {
  std::string data(1, static_cast<char>(SealingKey::kSealedVersion));
  data.append(context);
  return data;
}

// A name for a file beside `path` no other process picks.
std::string TemporaryName(const std::string& path) {
  std::array<unsigned char, 8> random{};
  randombytes_buf(random.data(), random.size());
  std::array<char, random.size() * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), random.data(), random.size());
  return path + ".new-" + hex.data();
}

// Writes `key` to a new file beside `path`, flushed to disk, readable by its
// owner only. Its name, on success.
Result<std::string> WriteTemporary(const std::string& path,
                                   const std::array<unsigned char, SealingKey::kKeyBytes>& key) {
  const std::string temporary = TemporaryName(path);
  Fd fd(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (fd.get() < 0) return Error::Internal(SystemError("cannot create key file", temporary));
  const bool written =
      ::write(fd.get(), key.data(), key.size()) == static_cast<ssize_t>(key.size()) &&
      ::fsync(fd.get()) == 0;
  if (!written) {
    auto error = Error::Internal(SystemError("cannot write key file", temporary));
    ::unlink(temporary.c_str());
    return error;
  }
  return temporary;
}

// Makes the names in `path`'s directory outlive a power cut as surely as the
// rows sealed with the key they name.
Status FlushDirectory(const std::string& path) {
  const auto directory = std::filesystem::absolute(path).parent_path();
  Fd dir(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() < 0 || ::fsync(dir.get()) != 0) {
    return Error::Internal(SystemError("cannot flush directory", directory.string()));
  }
  return Status::Ok();
}

// Writes `key` to a new file at `path`, complete before it is visible there:
// false when a file is at `path` already (left as it is).
Result<bool> Publish(const std::array<unsigned char, SealingKey::kKeyBytes>& key,
                     const std::string& path) {
  auto temporary = WriteTemporary(path, key);
  if (!temporary.ok()) return std::move(temporary).error();
  // link() publishes the complete file under its name, or fails when one is
  // there: unlike rename(), it never replaces a key.
  const bool linked = ::link(temporary->c_str(), path.c_str()) == 0;
  const int link_errno = errno;
  ::unlink(temporary->c_str());
  if (!linked) {
    if (link_errno == EEXIST) return false;
    errno = link_errno;
    return Error::Internal(SystemError("cannot create key file", path));
  }
  TANZIM_RETURN_IF_ERROR(FlushDirectory(path));
  return true;
}

}  // namespace

SealingKey::~SealingKey() { sodium_memzero(key_.data(), key_.size()); }

SealingKey SealingKey::Generate() {
  InitSodium();
  SealingKey key;
  crypto_aead_xchacha20poly1305_ietf_keygen(key.key_.data());
  return key;
}

Result<std::optional<SealingKey>> SealingKey::Load(const std::string& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT) return std::optional<SealingKey>();
    return Error::Internal(SystemError("cannot open key file", path));
  }
  struct stat status {};
  if (::fstat(fd.get(), &status) != 0) return Error::Internal(SystemError("cannot stat", path));
  if (!S_ISREG(status.st_mode)) return Error::Internal("key file " + path + " is not a file");
  if ((status.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    spdlog::warn("key file {} can be read by others than its owner: chmod 600 it", path);
  }
  SealingKey key;
  // One byte more than a key, to tell a longer file from a key.
  std::array<unsigned char, kKeyBytes + 1> buffer{};
  size_t size = 0;
  while (size < buffer.size()) {
    const ssize_t got = ::read(fd.get(), buffer.data() + size, buffer.size() - size);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return Error::Internal(SystemError("cannot read key file", path));
    if (got == 0) break;
    size += static_cast<size_t>(got);
  }
  if (size != kKeyBytes) {
    sodium_memzero(buffer.data(), buffer.size());
    return Error::Internal(fmt::format("key file {} does not hold a key ({} bytes, not {})", path,
                                       size > kKeyBytes ? "more" : std::to_string(size),
                                       kKeyBytes));
  }
  std::memcpy(key.key_.data(), buffer.data(), kKeyBytes);
  sodium_memzero(buffer.data(), buffer.size());
  return std::optional<SealingKey>(key);
}

Result<SealingKey> SealingKey::LoadOrCreate(const std::string& path) {
  auto existing = Load(path);
  if (!existing.ok()) return std::move(existing).error();
  if (*existing) return **existing;

  const SealingKey fresh = Generate();
  auto published = Publish(fresh.key_, path);
  if (!published.ok()) return std::move(published).error();
  if (*published) return fresh;
  // Another process published its key first: both use that one.
  auto theirs = Load(path);
  if (!theirs.ok()) return std::move(theirs).error();
  if (!*theirs) return Error::Internal("key file " + path + " vanished while being created");
  return **theirs;
}

Result<SealingKey> SealingKey::Create(const std::string& path) {
  const SealingKey fresh = Generate();
  auto published = Publish(fresh.key_, path);
  if (!published.ok()) return std::move(published).error();
  if (!*published) return Error::Internal("key file " + path + " exists already");
  return fresh;
}

Status SealingKey::Replace(const std::string& from, const std::string& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) {
    return Error::Internal(SystemError("cannot rename key file " + from + " to", to));
  }
  return FlushDirectory(to);
}

std::string SealingKey::Seal(std::string_view plain, std::string_view context) const {
  InitSodium();
  const std::string data = AssociatedData(context);
  std::string sealed(plain.size() + kSealedOverhead, '\0');
  auto* out = reinterpret_cast<unsigned char*>(sealed.data());
  out[0] = kSealedVersion;
  unsigned char* nonce = out + 1;
  randombytes_buf(nonce, kNonceBytes);
  unsigned long long length = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      nonce + kNonceBytes, &length, reinterpret_cast<const unsigned char*>(plain.data()),
      plain.size(), reinterpret_cast<const unsigned char*>(data.data()), data.size(), nullptr,
      nonce, key_.data());
  return sealed;
}

std::optional<std::string> SealingKey::Open(std::string_view sealed,
                                            std::string_view context) const {
  if (sealed.size() < kSealedOverhead || static_cast<unsigned char>(sealed[0]) != kSealedVersion) {
    return std::nullopt;
  }
  InitSodium();
  const std::string data = AssociatedData(context);
  const auto* in = reinterpret_cast<const unsigned char*>(sealed.data());
  const unsigned char* nonce = in + 1;
  std::string plain(sealed.size() - kSealedOverhead, '\0');
  unsigned long long length = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plain.data()), &length, nullptr, nonce + kNonceBytes,
          sealed.size() - 1 - kNonceBytes, reinterpret_cast<const unsigned char*>(data.data()),
          data.size(), nonce, key_.data()) != 0) {
    return std::nullopt;
  }
  return plain;
}

bool SealingKey::LooksSealed(std::string_view stored, size_t plain_size) {
  return stored.size() == plain_size + kSealedOverhead &&
         static_cast<unsigned char>(stored[0]) == kSealedVersion;
}

}  // namespace tanzim::auth
