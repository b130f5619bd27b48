#pragma once

#include "auth/account_service.h"
#include "people/people_service.h"
#include "territory/territory_service.h"
#include "web/router.h"

// Route tables, one function per module; each handler parses the request,
// calls one use case and renders its result, nothing more.
namespace tanzim::web {

// Every route `tanzim serve` serves; the OpenAPI test checks this same set.
void AddApiRoutes(Router& router, territory::TerritoryService& territories,
                  people::PeopleService& people);

void AddSystemRoutes(Router& router);
void AddTerritoryRoutes(Router& router, territory::TerritoryService& territories);
void AddPeopleRoutes(Router& router, people::PeopleService& people);

// The OpenAPI 3.1 document served at /api/v1/openapi.json.
std::string_view OpenApiDocument();

}  // namespace tanzim::web
