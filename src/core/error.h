#pragma once

#include <string>
#include <utility>
#include <vector>

namespace tanzim {

// What went wrong, independent of transport. The web layer maps each code to
// one HTTP status (web/problem.cc); nothing else should branch on transport.
enum class ErrorCode {
  kMalformed,         // the request cannot be read: bad JSON, wrong type, unknown field
  kInvalidArgument,   // readable but breaks a rule: bad CIN, unknown territory
  kNotFound,          // no such object, or not visible to the actor
  kConflict,          // clashes with stored state: duplicate CIN, existing login
  kUnauthenticated,   // no or bad credentials
  kPermissionDenied,  // authenticated but outside the actor's rights
  kMethodNotAllowed,  // the path exists but not with this method
  kPayloadTooLarge,   // body over the limit
  kUriTooLong,        // the request line alone is over the head's limit
  kHeadersTooLarge,   // the request line and headers together are over the limit
  kUnavailable,       // store busy or down; retrying may help
  kInternal,          // a bug or an unexpected failure; details go to the log only
};

// One offending field. `message_key` names an entry of the i18n catalog
// (i18n/messages.cc) so the text is chosen in the user's language at the edge.
struct FieldError {
  std::string field;
  std::string message_key;
  bool operator==(const FieldError&) const = default;
};

// An error value carried across layers instead of an exception.
class Error {
 public:
  Error(ErrorCode code, std::string message_key, std::vector<FieldError> fields = {})
      : code_(code), message_key_(std::move(message_key)), fields_(std::move(fields)) {}

  // Shorthands for the common cases.
  static Error Invalid(std::string field, std::string message_key) {
    return {
        ErrorCode::kInvalidArgument, "error.invalid", {{std::move(field), std::move(message_key)}}};
  }
  static Error Malformed(std::string field, std::string message_key) {
    return {ErrorCode::kMalformed, "error.malformed", {{std::move(field), std::move(message_key)}}};
  }
  static Error NotFound() { return {ErrorCode::kNotFound, "error.not_found"}; }
  // An object the actor may not see. The client gets exactly NotFound's answer
  // (ids must not reveal what is on file elsewhere); the server log records a
  // refusal, which an unknown id is not.
  static Error OutOfScope() {
    Error e = NotFound();
    e.out_of_scope_ = true;
    return e;
  }
  static Error Denied() { return {ErrorCode::kPermissionDenied, "error.forbidden"}; }
  // `detail` is for the log; it never reaches a client.
  static Error Internal(std::string detail) {
    Error e{ErrorCode::kInternal, "error.internal"};
    e.log_detail_ = std::move(detail);
    return e;
  }

  ErrorCode code() const { return code_; }
  const std::string& message_key() const { return message_key_; }
  const std::vector<FieldError>& fields() const { return fields_; }
  const std::string& log_detail() const { return log_detail_; }
  bool out_of_scope() const { return out_of_scope_; }

 private:
  ErrorCode code_;
  std::string message_key_;
  std::vector<FieldError> fields_;
  std::string log_detail_;
  bool out_of_scope_ = false;
};

}  // namespace tanzim
