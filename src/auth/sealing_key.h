#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace tanzim::auth {

// A secret key that seals the few secrets the store must keep readable (TOTP
// shared secrets: checking a code needs the secret itself, a hash would not
// do), so that a copy of the database alone does not yield them. The key lives
// in a file apart from the database; docs/security.md and docs/operations.md
// say where and how to back it up.
//
// A sealed value is kSealedVersion ‖ 24-byte nonce ‖ XChaCha20-Poly1305
// ciphertext and tag (libsodium), kSealedOverhead bytes longer than the plain
// one. The version byte and the caller's `context` (which row the value
// belongs to) are authenticated with it, so a sealed value copied onto another
// row does not open.
class SealingKey {
 public:
  static constexpr size_t kKeyBytes = 32;
  static constexpr unsigned char kSealedVersion = 0x01;
  static constexpr size_t kSealedOverhead = 1 + 24 + 16;

  // A new random key, kept in memory only.
  static SealingKey Generate();

  // The key in the file at `path`; nullopt when there is no file there. An
  // error when the file cannot be read or does not hold exactly kKeyBytes.
  static Result<std::optional<SealingKey>> Load(const std::string& path);

  // The key in the file at `path`, writing a new one there (readable by its
  // owner only, complete before it is visible) when there is none. Two
  // processes creating it at once end with the same key.
  static Result<SealingKey> LoadOrCreate(const std::string& path);

  // A new key, written to a new file at `path` (as LoadOrCreate writes it);
  // an error when a file is there already.
  static Result<SealingKey> Create(const std::string& path);

  // Moves the key file at `from` over the one at `to`, durably: the last step
  // of a key rotation.
  static Status Replace(const std::string& from, const std::string& to);

  SealingKey(const SealingKey& other) = default;
  SealingKey& operator=(const SealingKey& other) = default;
  ~SealingKey();

  // `plain` sealed for `context`; a different value every time.
  std::string Seal(std::string_view plain, std::string_view context) const;

  // The plain value of `sealed`; nullopt when it was not sealed by this key
  // for this `context`, or was altered since.
  std::optional<std::string> Open(std::string_view sealed, std::string_view context) const;

  // Whether `stored` has the shape of a sealed value of `plain_size` bytes.
  // Tells sealed values from the clear ones an older version wrote.
  static bool LooksSealed(std::string_view stored, size_t plain_size);

 private:
  SealingKey() = default;

  std::array<unsigned char, kKeyBytes> key_{};
};

}  // namespace tanzim::auth
