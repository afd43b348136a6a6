// The built dashboard (web/), compiled into the binary: web/embed.mjs writes the definition of
// DashboardAssets() from web/dist at build time (web/CMakeLists.txt), so a node needs no file beside it.
#pragma once

#include <span>
#include <string_view>

namespace regiotafel::node {

struct DashboardAsset {
  std::string_view path{};          // "/index.html", "/assets/main-IC3ZNPLV.js"
  std::string_view content_type{};  // "text/javascript; charset=utf-8"
  std::string_view bytes{};
  bool immutable = false;  // its name carries a hash of its content: cacheable for ever
};

// Every file of the dashboard, sorted by path.
std::span<const DashboardAsset> DashboardAssets();

}  // namespace regiotafel::node
