#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/line_ration.h"

namespace tanzim::web {

// Server log lines for refused requests and rejected input, naming the status,
// the problem, the route (its pattern: never the target, whose query may hold
// a name), the account when known and the client address (ASVS V16.3.1–V16.3.3).
//
// They come from anyone on the network, so the lines are rationed (LineRation):
// at most kLinesPerSecond a second per log, the ones held back counted in the
// next line written.
class RefusalLog {
 public:
  static constexpr int kLinesPerSecond = 20;

  enum class Kind {
    // "refused …", a warning: 401 (no, bad or expired token or session), 403
    // (a role refusal, a cross-site form), and the answers that hide what lies
    // outside the actor's scope (problem "out_of_scope"): the 404 of an object
    // there, the empty 200 page of a list filtered by a territory there.
    kRefusal,
    // "rejected …", for information: input the server would not take (400, 413,
    // 414, 422, 431). Mostly typing slips; a stream from one address is probing.
    kRejection,
  };

  using Writer = std::function<void(const std::string& line)>;
  using Clock = std::function<int64_t()>;  // milliseconds, any epoch

  // Writes to spdlog (warning or information by kind), on the steady clock.
  explicit RefusalLog(Kind kind = Kind::kRefusal);
  RefusalLog(Writer writer, Clock clock, Kind kind = Kind::kRefusal);

  // An empty method or route (a request refused before routing) is written "-".
  void Note(int status, std::string_view problem, std::string_view method, std::string_view route,
            std::string_view login, std::string_view address);

 private:
  Kind kind_;
  Writer writer_;
  LineRation ration_;
};

}  // namespace tanzim::web
