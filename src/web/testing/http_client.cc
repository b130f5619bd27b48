#include "web/testing/http_client.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <sstream>

namespace tanzim::web::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

// The bytes Beast would send for `request` (HTTP/1.1, Host and Content-Length set).
std::string Serialize(const HttpRequest& request) {
  http::request<http::string_body> out;
  out.method_string(request.method);
  out.target(request.target);
  out.version(11);
  out.set(http::field::host, "127.0.0.1");
  for (const auto& [name, value] : request.headers) out.set(name, value);
  out.body() = request.body;
  out.prepare_payload();
  std::ostringstream bytes;
  bytes << out;
  return bytes.str();
}

}  // namespace

std::ostream& operator<<(std::ostream& os, const HttpResponse& r) {
  os << "HTTP " << r.status;
  if (!r.error.empty()) os << " (" << r.error << ")";
  return os << ' ' << r.body.substr(0, 2000);
}

struct HttpConnection::State {
  explicit State(std::chrono::milliseconds timeout) : stream(ioc), timeout(timeout) {}

  HttpResponse Exchange(std::string bytes, bool head, bool half_close);

  asio::io_context ioc;
  beast::tcp_stream stream;
  beast::flat_buffer buffer;
  std::chrono::milliseconds timeout;
  bool open = false;
  std::string error;
};

HttpConnection::HttpConnection(uint16_t port, std::chrono::milliseconds timeout)
    : state_(std::make_unique<State>(timeout)) {
  beast::error_code result = asio::error::would_block;
  state_->stream.expires_after(timeout);
  state_->stream.async_connect({asio::ip::make_address_v4("127.0.0.1"), port},
                               [&result](beast::error_code ec) { result = ec; });
  state_->ioc.run();
  state_->open = !result;
  if (result) state_->error = "connect: " + result.message();
}

HttpConnection::~HttpConnection() = default;

bool HttpConnection::open() const { return state_->open; }

HttpResponse HttpConnection::Send(const HttpRequest& request) {
  return state_->Exchange(Serialize(request), request.method == "HEAD", false);
}

HttpResponse HttpConnection::SendRaw(std::string bytes, bool half_close) {
  return state_->Exchange(std::move(bytes), false, half_close);
}

HttpResponse HttpConnection::State::Exchange(std::string bytes, bool head, bool half_close) {
  HttpResponse out;
  if (!open) {
    out.error = error.empty() ? "connection closed" : error;
    return out;
  }
  http::response_parser<http::string_body> parser;
  parser.body_limit(boost::none);
  parser.skip(head);
  bool wrote = false;
  beast::error_code write_ec;
  beast::error_code read_ec;
  stream.expires_after(timeout);
  asio::async_write(stream, asio::buffer(bytes), [&](beast::error_code ec, size_t) {
    wrote = !ec;
    write_ec = ec;
    if (!ec && half_close) stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
  });
  bool read = false;
  http::async_read(stream, buffer, parser, [&](beast::error_code ec, size_t) {
    read = true;
    read_ec = ec;
    // An early answer (413) ends the exchange even if the body is still going out.
    if (!wrote && !write_ec) stream.cancel();
  });
  ioc.restart();
  ioc.run();
  if (!read || read_ec) {
    open = false;
    out.error = "read: " + read_ec.message() + (write_ec ? "; write: " + write_ec.message() : "");
    return out;
  }
  const auto& message = parser.get();
  out.status = static_cast<int>(message.result_int());
  out.body = message.body();
  for (const auto& field : message) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers[name] = std::string(field.value());
  }
  if (!wrote || half_close || !message.keep_alive()) open = false;
  return out;
}

}  // namespace tanzim::web::testing
