#include "services/node/http/dashboard_api.h"

#include <algorithm>
#include <string>

#include "services/node/http/dashboard_assets.h"

namespace regiotafel::node {
namespace {

const DashboardAsset* Find(std::string_view path) {
  if (path == "/") path = "/index.html";
  const std::span<const DashboardAsset> assets = DashboardAssets();
  auto it =
      std::find_if(assets.begin(), assets.end(), [path](const DashboardAsset& a) { return a.path == path; });
  return it == assets.end() ? nullptr : &*it;
}

void Serve(const httplib::Request& request, httplib::Response& response) {
  const DashboardAsset* asset = Find(request.path);
  if (asset == nullptr) {
    response.status = 404;  // the error handler writes the JSON body
    return;
  }
  response.status = 200;
  response.set_content(asset->bytes.data(), asset->bytes.size(), std::string(asset->content_type));
  response.set_header("Cache-Control", asset->immutable ? "public, max-age=31536000, immutable" : "no-cache");
  response.set_header("Content-Security-Policy", "default-src 'self'");
  response.set_header("X-Content-Type-Options", "nosniff");
  response.set_header("X-Frame-Options", "DENY");
  response.set_header("Referrer-Policy", "no-referrer");
}

}  // namespace

void RegisterDashboard(httplib::Server& server) {
  server.Get(R"(/|/index\.html|/favicon\.svg|/assets/[A-Za-z0-9._-]+)", Serve);
}

bool IsDashboardFile(std::string_view path) {
  return path == "/" || path == "/index.html" || path == "/favicon.svg" ||
         (path.starts_with("/assets/") && path.find('/', 8) == std::string_view::npos);
}

}  // namespace regiotafel::node
