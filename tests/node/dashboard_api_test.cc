// The dashboard's files on a real httplib server: the page and every asset from the bytes built
// into the binary, with their types, caching and Content-Security-Policy; and who may fetch them.
#include "services/node/http/dashboard_api.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>

#include "services/node/http/api_access.h"
#include "services/node/http/dashboard_assets.h"

namespace regiotafel::node {
namespace {

class DashboardApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RegisterDashboard(server_);
    port_ = server_.bind_to_any_port("127.0.0.1");
    ASSERT_GT(port_, 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::yield();  // a stop() before this would be lost
  }
  void TearDown() override {
    server_.stop();
    thread_.join();
  }
  httplib::Result Get(const std::string& path) { return httplib::Client("127.0.0.1", port_).Get(path); }

  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

TEST_F(DashboardApiTest, ServesThePageAtTheRootWithItsPolicy) {
  auto page = Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(page->get_header_value("Content-Security-Policy"), "default-src 'self'");
  EXPECT_EQ(page->get_header_value("Cache-Control"), "no-cache");
  EXPECT_EQ(page->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_NE(page->body.find("<html lang=\"nl\">"), std::string::npos);
  auto index = Get("/index.html");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->body, page->body);
}

TEST_F(DashboardApiTest, ServesEveryAssetThePageNamesAsImmutable) {
  const std::string page = Get("/")->body;
  int named = 0;
  for (const DashboardAsset& asset : DashboardAssets()) {
    if (!asset.path.starts_with("/assets/")) continue;
    EXPECT_NE(page.find(std::string(asset.path)), std::string::npos) << asset.path << " is not in the page";
    ++named;
    auto got = Get(std::string(asset.path));
    ASSERT_TRUE(got);
    EXPECT_EQ(got->status, 200);
    EXPECT_EQ(got->body, asset.bytes);
    EXPECT_EQ(got->get_header_value("Content-Type"), asset.content_type);
    EXPECT_EQ(got->get_header_value("Cache-Control"), "public, max-age=31536000, immutable");
    EXPECT_EQ(got->get_header_value("Content-Security-Policy"), "default-src 'self'");
  }
  EXPECT_EQ(named, 2) << "one script and one style sheet";
}

TEST_F(DashboardApiTest, AnUnknownAssetIsNotFound) {
  auto got = Get("/assets/main-ONBEKEND.js");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, 404);
  EXPECT_EQ(Get("/assets/../index.html")->status, 404);
}

TEST(DashboardAccessTest, TheFilesNeedNoTokenButTheDataDoes) {
  const ApiAccess access({config::ApiToken{.token = std::string(40, 'a'), .rol = config::TokenRol::kLezen}});
  for (const char* path : {"/", "/index.html", "/favicon.svg", "/assets/main-IC3ZNPLV.js"}) {
    EXPECT_TRUE(access.Check("GET", path, "").allowed()) << path;
    EXPECT_EQ(access.Check("POST", path, "").code, 401) << path;
  }
  for (const char* path :
       {"/api/v1/stroom", "/api/v1/taakstelling", "/assets/x/../../api/v1/dossiers", "/index.htm"}) {
    EXPECT_EQ(access.Check("GET", path, "").code, 401) << path;
  }
  EXPECT_TRUE(access.Check("GET", "/api/v1/stroom", "Bearer " + std::string(40, 'a')).allowed());
}

}  // namespace
}  // namespace regiotafel::node
