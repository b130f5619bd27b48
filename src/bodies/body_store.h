#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "bodies/body.h"
#include "core/result.h"

namespace tanzim::bodies {

struct BodyQuery {
  std::optional<Kind> kind;
  std::optional<BodyStatus> status;
  std::optional<int64_t> parent_id;
  // Only bodies whose territory lies within this path ('/MA-03/'); national
  // bodies have no territory and are left out. Unset: every body.
  std::optional<std::string> within_path;
  int64_t after_id = 0;  // keyset cursor
  int limit = 50;
};

// Reads and writes inside one write transaction, for the rules that must see
// what they change: one live secretariat per territory, one secretary at a time.
class BodyWriter {
 public:
  virtual ~BodyWriter() = default;

  virtual Result<std::optional<Body>> Find(int64_t id) = 0;
  // The body of `kind` on `territory_code` that is not dissolved, if any.
  virtual Result<std::optional<Body>> FindLive(Kind kind, const std::string& territory_code) = 0;
  // Stores a new body (timestamps set here) and returns it with its id.
  virtual Result<Body> Insert(const Body& body) = 0;
  virtual Status Update(const Body& body) = 0;
  virtual Status Remove(int64_t id) = 0;
  virtual Status AddEvent(int64_t body_id, const BodyEvent& event) = 0;
  // Is `ancestor` `id` itself or above it?
  virtual Result<bool> IsAncestor(int64_t ancestor, int64_t id) = 0;
  // Does anything refer to body `id` (bodies below it, positions, memberships)?
  virtual Result<bool> HasDependents(int64_t id) = 0;

  virtual Result<std::optional<Position>> FindPosition(int64_t id) = 0;
  // Positions of `role` in `body_id` whose dates meet [from, to] (to unset:
  // open-ended), other than `except_id`.
  virtual Result<std::vector<Position>> Overlapping(int64_t body_id, Role role,
                                                    const std::string& from,
                                                    const std::optional<std::string>& to,
                                                    int64_t except_id) = 0;
  virtual Result<Position> InsertPosition(const Position& position) = 0;
  virtual Status UpdatePosition(const Position& position) = 0;
  virtual Status RemovePosition(int64_t id) = 0;
  // Ends every position of `body_id` still held, on `on`.
  virtual Status EndOpenPositions(int64_t body_id, const std::string& on) = 0;

  // Records a change in the audit trail, in this same transaction.
  virtual Status Audit(const audit::Entry& entry) = 0;
};

// Where bodies and positions are kept. Implemented per backend (sqlite_body_store.h).
class BodyStore {
 public:
  virtual ~BodyStore() = default;

  virtual Result<std::optional<Body>> Find(int64_t id) = 0;
  // Up to `limit` bodies in id order after the cursor.
  virtual Result<std::vector<Body>> List(const BodyQuery& query) = 0;
  // Body `id` and everything below it, parents before children, at most
  // `limit` bodies (the caller asks for one more to detect a cut).
  virtual Result<std::vector<Body>> Subtree(int64_t id, int limit) = 0;
  virtual Result<std::vector<BodyEvent>> Events(int64_t id) = 0;
  virtual Result<std::optional<Position>> FindPosition(int64_t id) = 0;
  virtual Result<std::vector<Position>> PositionsOfBody(int64_t body_id) = 0;
  virtual Result<std::vector<Position>> PositionsOfPerson(int64_t person_id) = 0;

  // Runs `work` in one write transaction; commits when it returns Ok, else
  // rolls back so that nothing of it remains.
  virtual Status Write(const std::function<Status(BodyWriter&)>& work) = 0;
};

}  // namespace tanzim::bodies
