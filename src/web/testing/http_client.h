#pragma once

// A plain HTTP/1.1 client for the API tests. Its Beast code lives in
// http_client.cc, compiled once: instantiating Beast's parser and Asio's
// operations in every test file tripled each file's build time.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace tanzim::web::testing {

inline constexpr auto kHttpTimeout = std::chrono::seconds(15);

struct HttpResponse {
  int status = 0;     // 0: no response arrived; `error` says why
  std::string error;  // transport failure, for messages
  std::string body;
  std::map<std::string, std::string> headers;  // names lower-cased

  std::string Header(const std::string& lower_name) const {
    const auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
  // The body as JSON; a discarded value when it is not JSON.
  nlohmann::json Json() const { return nlohmann::json::parse(body, nullptr, false); }
};

std::ostream& operator<<(std::ostream& os, const HttpResponse& r);

struct HttpRequest {
  std::string method = "GET";
  std::string target = "/";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// One HTTP/1.1 connection to 127.0.0.1. Each exchange writes and reads at the
// same time (a server may answer 413 before it has read the body) and gives
// up after the timeout.
class HttpConnection {
 public:
  explicit HttpConnection(uint16_t port, std::chrono::milliseconds timeout = kHttpTimeout);
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  bool open() const;

  // Sends `request` as Beast serializes it (Host and Content-Length set).
  HttpResponse Send(const HttpRequest& request);

  // Writes `bytes` as they are and reads one response. With `half_close` the
  // sending side is shut after the write, as a client that gave up would.
  HttpResponse SendRaw(std::string bytes, bool half_close = false);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace tanzim::web::testing
