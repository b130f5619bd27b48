#include "web/server.h"

#include <spdlog/spdlog.h>

#include <array>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <optional>
#include <thread>
#include <vector>

#include "i18n/language.h"
#include "web/problem.h"
#include "web/target.h"

namespace tanzim::web {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr auto kIdleTimeout = std::chrono::seconds(30);
constexpr size_t kHeaderLimit = size_t{16} * 1024;

std::string_view View(beast::string_view text) { return {text.data(), text.size()}; }

Method ToMethod(http::verb verb) {
  switch (verb) {
    case http::verb::get:
      return Method::kGet;
    case http::verb::post:
      return Method::kPost;
    case http::verb::patch:
      return Method::kPatch;
    case http::verb::delete_:
      return Method::kDelete;
    case http::verb::put:
      return Method::kPut;
    case http::verb::head:
      return Method::kHead;
    case http::verb::options:
      return Method::kOptions;
    default:
      return Method::kOther;
  }
}

using Message = http::request<http::string_body>;

// The headers read below that must come once (RFC 9110 §5.3: only list-valued
// fields may repeat). A second Authorization or Host line is either a broken
// client or an attempt to have us read another value than a proxy checked.
// Written as the 400 names them; Beast matches header names in any case.
constexpr std::array<std::string_view, 6> kSingleHeaders{
    "authorization", "host", "cookie", "origin", "sec-fetch-site", "x-tanzim-csrf"};

// The first of kSingleHeaders given more than once, as a 400 naming it.
Status CheckSingleHeaders(const Message& message) {
  for (const std::string_view name : kSingleHeaders) {
    if (message.count(beast::string_view(name.data(), name.size())) > 1) {
      return Error::Malformed(std::string(name), "field.header_repeated");
    }
  }
  return Status::Ok();
}

// The last comma-separated entry of a forwarding header's last line, trimmed:
// the one our own proxy added (earlier ones come from the client and prove
// nothing; a proxy may add a line of its own rather than extend the client's).
std::string LastForwarded(const Message& message, std::string_view name) {
  std::string_view value;
  for (auto [it, end] = message.equal_range(beast::string_view(name.data(), name.size()));
       it != end; ++it) {
    value = View(it->value());
  }
  const size_t comma = value.rfind(',');
  if (comma != std::string_view::npos) value.remove_prefix(comma + 1);
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  return std::string(value);
}

// HSTS for two years on the host and its subdomains, sent only over TLS
// (RFC 6797 §7.2: a plain HTTP answer must not carry it).
constexpr const char* kHsts = "max-age=63072000; includeSubDomains";

// One keep-alive connection: read a request, answer it, repeat.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const Router& router, size_t body_limit, bool trusted_proxy)
      : socket_(std::move(socket)),
        idle_timer_(socket_.get_executor()),
        router_(router),
        body_limit_(body_limit),
        trusted_proxy_(trusted_proxy) {
    beast::error_code ec;
    const auto remote = socket_.remote_endpoint(ec);
    if (!ec) peer_ = remote.address().to_string();
  }

  void Start() {
    Read();
    WatchIdle();
  }

 private:
  // Each request, its body and its answer must be done within kIdleTimeout of
  // starting to read it (as a slowloris defence), else the connection is closed.
  // Moving the deadline is a clock read; the one timer per connection wakes at
  // the old deadline and waits again for what is left, instead of being
  // cancelled and re-armed (timer queue work, and often a timerfd_settime
  // system call) on every read as beast::tcp_stream::expires_after would.
  void Read() {
    parser_.emplace();
    parser_->body_limit(body_limit_);
    parser_->header_limit(kHeaderLimit);
    deadline_ = Clock::now() + kIdleTimeout;
    http::async_read(
        socket_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

  void WatchIdle() {
    idle_timer_.expires_at(deadline_);
    idle_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec || self->closed_) return;  // cancelled, or already due when Close() ran
      if (Clock::now() < self->deadline_) return self->WatchIdle();
      // Ends the pending read or write with operation_aborted, which closes.
      beast::error_code ignored;
      self->socket_.close(ignored);
    });
  }

  void OnRead(beast::error_code ec) {
    // The idle timer closes the socket: a pending read ends with
    // operation_aborted, one started after the close with bad_descriptor.
    if (ec == http::error::end_of_stream || ec == asio::error::connection_reset ||
        ec == asio::error::operation_aborted || ec == asio::error::bad_descriptor) {
      return Close();
    }
    if (ec) {
      // The request could not be read whole: say why, then close, since the
      // rest of the stream cannot be trusted to start a new request.
      const Error error =
          ec == http::error::body_limit     ? Error(ErrorCode::kPayloadTooLarge, "error.too_large")
          : ec == http::error::header_limit ? HeadTooLarge()
                                            : Error(ErrorCode::kMalformed, "error.malformed");
      // The header may have been read before the body overflowed; honour its language.
      const auto lang = i18n::NegotiateLanguage(View(parser_->get()[http::field::accept_language]));
      Response response = ProblemResponse(error, lang);
      router_.NoteProblem(response, {}, {}, {}, ClientAddress(parser_->get()));
      return Write(std::move(response), 11, false, false, ForwardedTls(parser_->get()));
    }
    const auto& message = parser_->get();
    if (const Status single = CheckSingleHeaders(message); !single.ok()) {
      const auto lang = i18n::NegotiateLanguage(View(message[http::field::accept_language]));
      Response response = ProblemResponse(single.error(), lang);
      router_.NoteProblem(response, MethodName(ToMethod(message.method())), {}, {},
                          ClientAddress(message));
      return Write(std::move(response), message.version(), false, false, ForwardedTls(message));
    }
    Request request;
    request.method = ToMethod(message.method());
    request.lang = i18n::NegotiateLanguage(View(message[http::field::accept_language]));
    request.authorization = std::string(View(message[http::field::authorization]));
    request.cookie = std::string(View(message[http::field::cookie]));
    request.origin = std::string(View(message[http::field::origin]));
    request.sec_fetch_site = std::string(View(message["Sec-Fetch-Site"]));
    request.csrf = std::string(View(message["X-Tanzim-CSRF"]));
    request.host = std::string(View(message[http::field::host]));
    request.peer = ClientAddress(message);
    request.tls = ForwardedTls(message);
    if (trusted_proxy_) {
      const auto forwarded_host = LastForwarded(message, "X-Forwarded-Host");
      if (!forwarded_host.empty()) request.host = forwarded_host;
    }
    Response response;
    if (const Status target = ParseTarget(View(message.target()), request); !target.ok()) {
      response = ProblemResponse(target.error(), request.lang);
      router_.NoteProblem(response, MethodName(request.method), {}, {}, request.peer);
    } else {
      request.body = std::move(parser_->get().body());
      response = router_.Dispatch(request);
    }
    Write(std::move(response), message.version(), message.keep_alive(),
          request.method == Method::kHead, request.tls);
  }

  // Why a head over kHeaderLimit was refused. Beast looks for the head's end
  // before parsing any of it, so what was read is still in the buffer: without
  // a line end in it, the request line alone is too long (414, naming the
  // target), else the headers are (431).
  Error HeadTooLarge() const {
    const std::string_view read(static_cast<const char*>(buffer_.data().data()),
                                buffer_.data().size());
    if (read.find("\r\n") == std::string_view::npos) {
      return {ErrorCode::kUriTooLong, "error.target_too_long", {{"target", "field.too_long"}}};
    }
    return {
        ErrorCode::kHeadersTooLarge, "error.headers_too_large", {{"headers", "field.too_long"}}};
  }

  // The client's address: the trusted proxy's X-Forwarded-For, else the
  // connection's. Requests refused before routing use it too, so a proxied
  // server's log names the client there as well, not the proxy.
  std::string ClientAddress(const Message& message) const {
    if (trusted_proxy_) {
      std::string forwarded_for = LastForwarded(message, "X-Forwarded-For");
      if (!forwarded_for.empty()) return forwarded_for;
    }
    return peer_;
  }

  // Whether the request came over TLS, as the trusted proxy tells.
  bool ForwardedTls(const Message& message) const {
    if (!trusted_proxy_) return false;
    std::string proto = LastForwarded(message, "X-Forwarded-Proto");
    for (char& c : proto) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return proto == "https";
  }

  void Write(Response&& response, unsigned version, bool keep_alive, bool head = false,
             bool tls = false) {
    response_ = {static_cast<http::status>(response.status), version};
    auto* out = &response_;
    out->set(http::field::content_type, response.content_type);
    // Every answer, errors included, carries the same defences (OWASP secure
    // headers): nothing cached, no sniffing, no framing, no referrer leaks,
    // and a policy that lets a JSON answer load nothing if opened as a page.
    out->set(http::field::cache_control, "no-store");
    out->set("X-Content-Type-Options", "nosniff");
    // base-uri is not covered by default-src: named so an injected <base> cannot redirect.
    out->set("Content-Security-Policy",
             "default-src 'none'; base-uri 'none'; frame-ancestors 'none'");
    out->set("X-Frame-Options", "DENY");
    out->set("Referrer-Policy", "no-referrer");
    if (tls) out->set(http::field::strict_transport_security, kHsts);
    for (const auto& [name, value] : response.headers) out->set(name, value);
    out->keep_alive(keep_alive);
    if (response.status == 204) {
      out->erase(http::field::content_type);
    } else if (head) {
      // HEAD announces the length GET would send, without the body.
      out->content_length(response.body.size());
    } else {
      out->body() = std::move(response.body);
      out->prepare_payload();
    }
    // Beast's serializer formats the header; it goes out copied into one buffer,
    // with the body beside it, in a single send. Handing the serializer's own
    // buffer sequence (one piece per header field, behind several layers of
    // views) to async_write cost about a third of all our instructions per request.
    header_.clear();
    http::response_serializer<http::string_body> serializer(*out);
    serializer.split(true);
    beast::error_code ec;
    while (!ec && !serializer.is_header_done()) {
      serializer.next(ec, [&](beast::error_code&, const auto& buffers) {
        for (const asio::const_buffer piece : beast::buffers_range_ref(buffers)) {
          header_.append(static_cast<const char*>(piece.data()), piece.size());
        }
        serializer.consume(beast::buffer_bytes(buffers));
      });
    }
    if (ec) return Close();
    const std::array<asio::const_buffer, 2> message{asio::buffer(header_),
                                                    asio::buffer(out->body())};
    asio::async_write(socket_, message,
                      [self = shared_from_this(), keep_alive](beast::error_code ec, size_t) {
                        if (ec || !keep_alive) return self->Close();
                        self->Read();
                      });
  }

  void Close() {
    beast::error_code ignored;
    closed_ = true;
    idle_timer_.cancel();
    socket_.shutdown(tcp::socket::shutdown_send, ignored);
  }

  using Clock = std::chrono::steady_clock;
  tcp::socket socket_;
  asio::steady_timer idle_timer_;
  Clock::time_point deadline_;
  bool closed_ = false;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  // The answer being sent, and its formatted header.
  http::response<http::string_body> response_;
  std::string header_;
  const Router& router_;
  size_t body_limit_;
  bool trusted_proxy_;
  std::string peer_;
};

// Accepts on the first io_context and hands each connection, round-robin, to
// the io_context that will serve it for its whole life. One listening socket
// (no SO_REUSEPORT) so a second server on the same port fails to start
// instead of silently sharing the traffic.
class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(std::vector<std::unique_ptr<asio::io_context>>& contexts, const Router& router,
           size_t body_limit, bool trusted_proxy)
      : contexts_(contexts),
        acceptor_(*contexts.front()),
        router_(router),
        body_limit_(body_limit),
        trusted_proxy_(trusted_proxy) {}

  beast::error_code Bind(const tcp::endpoint& endpoint) {
    beast::error_code ec;
    acceptor_.open(endpoint.protocol(), ec);
    if (ec) return ec;
    acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    acceptor_.bind(endpoint, ec);
    if (ec) return ec;
    acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    return ec;
  }

  uint16_t port() const { return acceptor_.local_endpoint().port(); }

  void Accept() {
    asio::io_context& target = *contexts_[next_++ % contexts_.size()];
    acceptor_.async_accept(
        target, [self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
          if (ec == asio::error::operation_aborted) return;
          if (!ec) {
            socket.set_option(tcp::no_delay(true), ec);
            // Start the session on the socket's own thread.
            const auto executor = socket.get_executor();
            asio::post(executor, [s = std::make_shared<Session>(
                                      std::move(socket), self->router_, self->body_limit_,
                                      self->trusted_proxy_)] { s->Start(); });
          }
          self->Accept();
        });
  }

 private:
  std::vector<std::unique_ptr<asio::io_context>>& contexts_;
  tcp::acceptor acceptor_;
  const Router& router_;
  size_t body_limit_;
  bool trusted_proxy_;
  size_t next_ = 0;
};

}  // namespace

struct Server::Impl {
  const Router& router;
  ServerOptions options;
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  // Keeps each io_context's run() going while it has no connection yet: only
  // the first one has the pending accept, the others would return at once.
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> idle_guards;
  std::vector<std::thread> threads;
};

Server::Server(const Router& router, ServerOptions options)
    : impl_(new Impl{router, std::move(options), {}, {}, {}}) {}

Server::~Server() {
  Stop();
  Wait();
}

Result<uint16_t> Server::Start() {
  const int threads = std::max(1, impl_->options.threads);
  for (int i = 0; i < threads; ++i) {
    impl_->contexts.push_back(std::make_unique<asio::io_context>(1));
    impl_->idle_guards.push_back(asio::make_work_guard(*impl_->contexts.back()));
  }
  // Accept names ("localhost") as well as IPv4 and IPv6 literals.
  beast::error_code ec;
  tcp::resolver resolver(*impl_->contexts.front());
  const auto endpoints =
      resolver.resolve(impl_->options.host, std::to_string(impl_->options.port),
                       tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec || endpoints.empty()) {
    spdlog::error("cannot resolve {}: {}", impl_->options.host, ec.message());
    return Error::Invalid("listen", "field.listen_invalid");
  }
  auto listener = std::make_shared<Listener>(
      impl_->contexts, impl_->router, impl_->options.body_limit, impl_->options.trusted_proxy);
  ec = listener->Bind(endpoints.begin()->endpoint());
  if (ec) {
    spdlog::error("cannot listen on {}:{}: {}", impl_->options.host, impl_->options.port,
                  ec.message());
    return Error(ErrorCode::kUnavailable, "error.unavailable");
  }
  const uint16_t port = listener->port();
  listener->Accept();
  for (auto& ioc : impl_->contexts) {
    impl_->threads.emplace_back([&ioc] { ioc->run(); });
  }
  return port;
}

void Server::Stop() {
  for (auto& ioc : impl_->contexts) ioc->stop();
}

void Server::Wait() {
  for (auto& thread : impl_->threads) {
    if (thread.joinable()) thread.join();
  }
}

}  // namespace tanzim::web
