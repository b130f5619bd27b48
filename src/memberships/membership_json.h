#pragma once

#include <nlohmann/json.hpp>

#include "memberships/membership.h"

// The JSON form of memberships, their events, dues and the settings: what the
// API answers and what the audit trail keeps as "before" and "after", written once.
namespace tanzim::memberships {

nlohmann::json ToJson(const Membership& membership);
nlohmann::json ToJson(const MembershipEvent& event);
nlohmann::json ToJson(const DuesPayment& payment);
// The membership with its "events" and "dues".
nlohmann::json ToJson(const MembershipDetail& detail);
nlohmann::json ToJson(const Settings& settings);

}  // namespace tanzim::memberships
