// libFuzzer target: the identifying-field validators (people/validators.h).
// Each must accept or refuse any bytes without crashing, and what it accepts
// must be a fixed point: normalizing the stored form again changes nothing.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "people/validators.h"

namespace {

template <typename Normalize>
void CheckFixedPoint(std::string_view text, Normalize normalize) {
  const auto once = normalize(text);
  if (!once) return;
  const auto twice = normalize(*once);
  if (!twice || *twice != *once) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  CheckFixedPoint(text, tanzim::people::NormalizeCin);
  CheckFixedPoint(text, tanzim::people::NormalizePhone);
  CheckFixedPoint(text, tanzim::people::NormalizeEmail);

  if (const auto day = tanzim::people::ParseDate(text)) {
    // Only real calendar dates written YYYY-MM-DD pass.
    if (!day->ok() || text.size() != 10) std::abort();
  }
  constexpr std::chrono::year_month_day kToday{std::chrono::year(2026), std::chrono::month(11),
                                               std::chrono::day(29)};
  (void)tanzim::people::CheckBirthDate(text, kToday);
  return 0;
}
