#pragma once

// Test support for running the built `tanzim` program (ctest passes its path
// in TANZIM_BINARY): one-shot commands with their output, and `tanzim serve`
// as a child process to signal and kill.

#include <fcntl.h>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "web/testing/test_server.h"

extern char** environ;

namespace tanzim::web::testing {

// The path of the `tanzim` program under test; "" outside ctest.
inline std::string TanzimBinary() {
  const char* path = std::getenv("TANZIM_BINARY");
  return path != nullptr ? path : "";
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void WriteFile(const std::string& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

// A TCP port nobody listens on right now (the kernel's pick, then released).
inline uint16_t FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  uint16_t port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  ::close(fd);
  return port;
}

// A child running TANZIM_BINARY with `args`; stdin, stdout and stderr are
// files in `dir` so no pipe can fill up and block it. Killed if still running
// when destroyed.
class Child {
 public:
  Child(const TempDir& dir, const std::vector<std::string>& args, std::string_view input = {})
      : out_path_(dir.File("out." + std::to_string(++Counter()))), err_path_(out_path_ + ".err") {
    const std::string in_path = out_path_ + ".in";
    WriteFile(in_path, input);
    std::vector<std::string> argv_storage{TanzimBinary()};
    argv_storage.insert(argv_storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    argv.reserve(argv_storage.size() + 1);
    for (auto& arg : argv_storage) argv.push_back(arg.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, in_path.c_str(), O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0600);
    posix_spawn_file_actions_addopen(&actions, 2, err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0600);
    const int rc = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
      pid_ = -1;
      throw std::runtime_error("cannot start " + argv_storage[0]);
    }
  }
  ~Child() {
    if (pid_ > 0 && !status_) {
      ::kill(pid_, SIGKILL);
      int ignored = 0;
      ::waitpid(pid_, &ignored, 0);
    }
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  pid_t pid() const { return pid_; }
  void Signal(int signal) const { ::kill(pid_, signal); }

  // The wait status once the child has ended within `timeout`; nullopt if it still runs.
  std::optional<int> Wait(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!status_) {
      int status = 0;
      const pid_t done = ::waitpid(pid_, &status, WNOHANG);
      if (done == pid_) {
        status_ = status;
      } else if (std::chrono::steady_clock::now() >= deadline) {
        break;
      } else {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }
    return status_;
  }

  std::string out() const { return ReadFile(out_path_); }
  std::string err() const { return ReadFile(err_path_); }

 private:
  static int& Counter() {
    static int counter = 0;
    return counter;
  }

  std::string out_path_;
  std::string err_path_;
  pid_t pid_ = -1;
  std::optional<int> status_;
};

struct RunResult {
  int exit_code = -1;  // -1: killed by a signal or timed out
  std::string out;
  std::string err;
};

// Runs `tanzim args…` to its end with `input` on stdin.
inline RunResult RunTanzim(const TempDir& dir, const std::vector<std::string>& args,
                           std::string_view input = {}) {
  Child child(dir, args, input);
  RunResult result;
  const auto status = child.Wait(std::chrono::seconds(60));
  if (status && WIFEXITED(*status)) result.exit_code = WEXITSTATUS(*status);
  result.out = child.out();
  result.err = child.err();
  return result;
}

// `tanzim serve` on a free port of 127.0.0.1, ready once /healthz answers.
class ServeProcess {
 public:
  ServeProcess(const TempDir& dir, const std::string& db)
      : port_(FreePort()),
        child_(dir, {"serve", "--db", db, "--listen", "127.0.0.1:" + std::to_string(port_),
                     "--threads", "2"}) {}

  // True once /healthz answers 200, false if that takes longer than `timeout`.
  bool WaitReady(std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      HttpConnection connection(port_, std::chrono::seconds(2));
      if (connection.open() && connection.Send({"GET", "/healthz", {}, {}}).status == 200) {
        return true;
      }
      if (child_.Wait(std::chrono::milliseconds(50))) return false;  // it exited
    }
    return false;
  }

  HttpResponse Call(const std::string& method, const std::string& target, const std::string& token,
                    const std::string& body = {}) const {
    HttpConnection connection(port_);
    HttpRequest request{method, target, body, {{"Authorization", "Bearer " + token}}};
    if (!body.empty()) request.headers.emplace_back("Content-Type", "application/json");
    return connection.Send(request);
  }

  uint16_t port() const { return port_; }
  Child& child() { return child_; }

 private:
  uint16_t port_;
  Child child_;
};

}  // namespace tanzim::web::testing
