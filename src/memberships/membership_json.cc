#include "memberships/membership_json.h"

namespace tanzim::memberships {
namespace {

template <typename T>
nlohmann::json OrNull(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json ToJson(const Membership& m) {
  return {{"id", m.id},
          {"person_id", m.person_id},
          {"body_id", m.body_id},
          {"status", StatusName(m.status)},
          {"number", OrNull(m.number)},
          {"joined_on", m.joined_on},
          {"approved_on", OrNull(m.approved_on)},
          {"left_on", OrNull(m.left_on)},
          {"dues_paid_until", OrNull(m.dues_paid_until)},
          {"territory_code", OrNull(m.territory_code)},
          {"created_at", m.created_at},
          {"updated_at", m.updated_at}};
}

nlohmann::json ToJson(const MembershipEvent& e) {
  return {{"id", e.id},
          {"action", e.action},
          {"on", e.on},
          {"reason", OrNull(e.reason)},
          {"actor_id", OrNull(e.actor_id)},
          {"at", e.at}};
}

nlohmann::json ToJson(const DuesPayment& p) {
  return {{"id", p.id},
          {"membership_id", p.membership_id},
          {"amount_mad", FormatCentimes(p.amount_centimes)},
          {"amount_centimes", p.amount_centimes},
          {"period_from", p.period_from},
          {"period_to", p.period_to},
          {"paid_on", p.paid_on},
          {"actor_id", OrNull(p.actor_id)},
          {"created_at", p.created_at}};
}

nlohmann::json ToJson(const MembershipDetail& detail) {
  nlohmann::json body = ToJson(detail.membership);
  nlohmann::json events = nlohmann::json::array();
  for (const auto& e : detail.events) events.push_back(ToJson(e));
  nlohmann::json dues = nlohmann::json::array();
  for (const auto& p : detail.dues) dues.push_back(ToJson(p));
  body["events"] = std::move(events);
  body["dues"] = std::move(dues);
  return body;
}

nlohmann::json ToJson(const Settings& s) { return {{"dues_grace_days", s.dues_grace_days}}; }

}  // namespace tanzim::memberships
