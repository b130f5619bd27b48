#pragma once

#include <chrono>

#include "core/periodic_job.h"
#include "privacy/privacy_service.h"

namespace tanzim::privacy {

// One retention run as auth::SystemActor(), logging what it did or why it failed.
void RunRetentionOnce(PrivacyService& privacy);

// The daily retention run of `tanzim serve`: once at Start(), then every `interval`.
inline PeriodicJob RetentionJob(PrivacyService& privacy,
                                std::chrono::milliseconds interval = std::chrono::hours(24)) {
  return {[&privacy] { RunRetentionOnce(privacy); }, interval};
}

}  // namespace tanzim::privacy
