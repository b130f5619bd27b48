// tanzim-bench-http-baseline: the reference server of BASELINES.md ("Boost.Beast,
// one io_context per thread, SO_REUSEPORT, TCP_NODELAY": 163,000 req/s for a
// 62-byte JSON answer, keep-alive, wrk -t2 -c64), rebuilt here so bench/run.sh
// can measure it on the same machine in the same run and judge `tanzim serve`
// by ratio rather than by absolute figures from another machine.
//
//   tanzim-bench-http-baseline [--listen 127.0.0.1:0] [--threads N]
//
// Each thread has its own io_context and its own acceptor, all bound to the
// same port with SO_REUSEPORT, so the kernel spreads connections over the
// threads and nothing is shared between them. Every GET (and HEAD) gets the
// same 62-byte JSON body; anything else a 405. No idle timeout, no security
// headers, no routing: this is the floor our server is measured against.
// With port 0 it logs "serving on http://HOST:PORT" like `tanzim serve`.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <charconv>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "guarded_main.h"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// {"status":"ok"} padded to the 62 bytes of BASELINES.md.
constexpr std::string_view kBody =
    R"({"status":"ok","padding":"oooooooooooooooooooooooooooooooooo"})";
static_assert(kBody.size() == 62);

// One keep-alive connection: read a request, answer it, repeat until the
// client closes or sends "Connection: close".
class Session : public std::enable_shared_from_this<Session> {
 public:
  explicit Session(tcp::socket socket) : socket_(std::move(socket)) {}

  void Read() {
    request_ = {};
    http::async_read(socket_, buffer_, request_,
                     [self = shared_from_this()](beast::error_code ec, size_t) {
                       if (!ec) self->Answer();
                     });
  }

 private:
  void Answer() {
    const bool get = request_.method() == http::verb::get || request_.method() == http::verb::head;
    response_ = {get ? http::status::ok : http::status::method_not_allowed, request_.version()};
    response_.set(http::field::content_type, "application/json");
    response_.keep_alive(request_.keep_alive());
    if (get) response_.body() = kBody;
    response_.prepare_payload();
    http::async_write(socket_, response_,
                      [self = shared_from_this()](beast::error_code ec, size_t) {
                        if (ec || !self->response_.keep_alive()) {
                          beast::error_code ignored;
                          self->socket_.shutdown(tcp::socket::shutdown_send, ignored);
                          return;
                        }
                        self->Read();
                      });
  }

  tcp::socket socket_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  http::response<http::string_body> response_;
};

// One thread's acceptor: accepts connections for its own io_context only.
class Listener : public std::enable_shared_from_this<Listener> {
 public:
  explicit Listener(asio::io_context& ioc) : acceptor_(ioc) {}

  // Binds with SO_REUSEPORT, so every thread's acceptor can share the port.
  // Returns what failed and why ("setting SO_REUSEPORT: Protocol not
  // available"), or an empty string once it listens.
  std::string Bind(const tcp::endpoint& endpoint) {
    beast::error_code ec;
    const auto failed = [&ec](std::string_view step) {
      return std::string(step) + ": " + ec.message();
    };
    acceptor_.open(endpoint.protocol(), ec);
    if (ec) return failed("opening the socket");
    acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (ec) return failed("setting SO_REUSEADDR");
    acceptor_.set_option(asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>(true), ec);
    if (ec) return failed("setting SO_REUSEPORT");
    acceptor_.bind(endpoint, ec);
    if (ec) return failed("binding");
    acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) return failed("listening");
    return {};
  }

  uint16_t port() const { return acceptor_.local_endpoint().port(); }

  void Accept() {
    acceptor_.async_accept([self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
      if (!ec) {
        // Without TCP_NODELAY this is not the reference server: drop the connection
        // (wrk counts it as an error) rather than measure another server.
        socket.set_option(tcp::no_delay(true), ec);
        if (ec) {
          spdlog::error("TCP_NODELAY refused: {}; connection dropped", ec.message());
        } else {
          std::make_shared<Session>(std::move(socket))->Read();
        }
      }
      self->Accept();
    });
  }

 private:
  tcp::acceptor acceptor_;
};

int Run(int argc, char** argv) {
  CLI::App cli{"The bare Boost.Beast server of BASELINES.md, for bench/run.sh"};
  std::string listen = "127.0.0.1:0";
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  cli.add_option("--listen", listen, "HOST:PORT; port 0 picks a free one");
  cli.add_option("--threads", threads, "Threads, each with its own io_context and acceptor")
      ->check(CLI::Range(1, 256));
  CLI11_PARSE(cli, argc, argv);
  spdlog::set_default_logger(spdlog::stderr_color_mt("baseline"));  // stderr, like tanzim

  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos) {
    spdlog::error("--listen wants HOST:PORT, not {}", listen);
    return 2;
  }
  beast::error_code ec;
  const auto address = asio::ip::make_address(listen.substr(0, colon), ec);
  if (ec) {
    spdlog::error("--listen: {} is not an IP address", listen.substr(0, colon));
    return 2;
  }
  const std::string digits = listen.substr(colon + 1);
  uint16_t port = 0;
  if (const auto [end, bad] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
      digits.empty() || bad != std::errc() || end != digits.data() + digits.size()) {
    spdlog::error("--listen: {} is not a port (0 to 65535)", digits);
    return 2;
  }

  std::vector<std::unique_ptr<asio::io_context>> contexts;
  for (int i = 0; i < threads; ++i) {
    contexts.push_back(std::make_unique<asio::io_context>(1));  // 1: one thread runs it
    auto listener = std::make_shared<Listener>(*contexts.back());
    // The first acceptor picks the port (when 0 was asked); the others join it.
    if (const std::string failed = listener->Bind({address, port}); !failed.empty()) {
      spdlog::error("cannot listen on {}:{}: {}", address.to_string(), port, failed);
      return 1;
    }
    port = listener->port();
    listener->Accept();
  }
  spdlog::info("serving on http://{}:{} ({} threads)", address.to_string(), port, threads);

  std::vector<std::thread> workers;
  workers.reserve(contexts.size());
  for (auto& ioc : contexts) workers.emplace_back([&ioc] { ioc->run(); });
  for (auto& worker : workers) worker.join();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return tanzim::bench::GuardedMain("tanzim-bench-http-baseline", Run, argc, argv);
}
