#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "core/result.h"
#include "web/router.h"

namespace tanzim::web {

struct ServerOptions {
  std::string host = "127.0.0.1";  // an IP literal or a name such as localhost
  uint16_t port = 8080;            // 0 picks a free port (tests)
  int threads = 2;
  size_t body_limit = 1 << 20;  // larger bodies get 413
  // Set only when every connection comes through a TLS-terminating reverse
  // proxy (`tanzim serve --trusted-proxy`): then X-Forwarded-Proto: https
  // marks a request as TLS (HSTS, the Secure `__Host-` cookie), and the last
  // X-Forwarded-For and X-Forwarded-Host entries, which that proxy appended,
  // give the client's address and the host it asked for. Unset, those headers
  // are ignored, since any client could send them.
  bool trusted_proxy = false;
};

// The HTTP/1.1 server (Boost.Beast): one io_context per thread; each accepted
// connection is given to one of them for its whole life, so connections never
// hop threads and handlers need no strand. Handlers run on the I/O thread;
// store calls are short by design.
class Server {
 public:
  Server(const Router& router, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts the I/O threads; returns the port actually bound.
  Result<uint16_t> Start();
  // Stops accepting and ends all I/O threads; idempotent, safe from any thread.
  void Stop();
  // Blocks until the threads end (after Stop()).
  void Wait();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tanzim::web
