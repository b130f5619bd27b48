#pragma once

#include "app/app.h"
#include "web/router.h"

// Route tables, one function per module; each handler parses the request,
// calls one use case and renders its result, nothing more.
namespace tanzim::web {

// Every route `tanzim serve` serves; the OpenAPI test checks this same set.
void AddApiRoutes(Router& router, app::App& app);

void AddSystemRoutes(Router& router);
void AddTerritoryRoutes(Router& router, territory::TerritoryService& territories);
void AddPeopleRoutes(Router& router, people::PeopleService& people);
// The audit trail, for national accounts.
void AddAuditRoutes(Router& router, audit::AuditService& audit);
// Bodies, their lifecycle commands and tree, and the positions held in them.
void AddBodyRoutes(Router& router, bodies::BodyService& bodies, bodies::PositionService& positions);
// Memberships, their transitions and dues, and the organization's settings.
void AddMembershipRoutes(Router& router, memberships::MembershipService& memberships);
// Public mandates (elected officials), under people and on their own.
void AddMandateRoutes(Router& router, mandates::MandateService& mandates);
// Browser sign-in: POST (sign in), GET (who am I) and DELETE (sign out) /api/v1/session,
// and the account's TOTP under /api/v1/session/totp.
void AddSessionRoutes(Router& router, auth::SessionService& sessions);
// CSV exports of lists, for roles that may export.
void AddExportRoutes(Router& router, exports::ExportService& exports);
// Member figures per period and territory.
void AddStatsRoutes(Router& router, stats::StatsService& stats);
// Personal-data rights: consent texts and ledger, export and erasure of a person.
void AddPrivacyRoutes(Router& router, privacy::PrivacyService& privacy);

// The OpenAPI 3.1 document served at /api/v1/openapi.json.
std::string_view OpenApiDocument();

}  // namespace tanzim::web
