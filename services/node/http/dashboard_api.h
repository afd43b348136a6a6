// The live dashboard (web/, docs/DASHBOARD.md) on the node's HTTP server: `/` and `/index.html`
// answer the page, `/assets/…` and `/favicon.svg` its files, all from the bytes compiled into the
// binary (dashboard_assets.h).
//
// Every answer carries `Content-Security-Policy: default-src 'self'` (no script, style or
// connection but the node's own), nosniff and no framing. Hashed assets are cacheable for a year;
// the page itself is revalidated (no-cache), so a new node binary shows its new dashboard at once.
//
// The files hold no data and the browser cannot send a token when it opens a page, so they are
// served without one (api_access.cc); every call the page makes for data needs the token as usual.
#pragma once

#include <httplib.h>

#include <string_view>

namespace regiotafel::node {

// Adds the dashboard's routes to `server` (before it serves).
void RegisterDashboard(httplib::Server& server);

// Whether `path` names one of the dashboard's files (the page, an asset): public (see above).
bool IsDashboardFile(std::string_view path);

}  // namespace regiotafel::node
