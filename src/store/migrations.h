#pragma once

#include "core/result.h"
#include "store/sqlite.h"

namespace tanzim::store {

// Brings the schema up to the newest migration, one transaction per step,
// recording each in schema_migrations. Safe to run on every start.
Status Migrate(Connection& conn);

// The newest migration version this binary knows.
int LatestSchemaVersion();

}  // namespace tanzim::store
