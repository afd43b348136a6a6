// The files `up` writes (services/launcher/region_files.h) in a temporary directory: the bus's
// checkpoint key is made once, named in the bus's configuration, the trust file and every node's,
// and a region made before the bus signed checkpoints gets it on its next `up`.
#include "services/launcher/region_files.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "base/key_file.h"
#include "services/bus/bus_config.h"
#include "services/node/node_config.h"

namespace regiotafel::region {
namespace {

class RegionFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "regiotafel-files-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    layout_ = std::make_unique<RegionLayout>(dir_);
    plan_.naam = "proef";
    plan_.submit = "tcp://127.0.0.1:7100";
    plan_.publish = "tcp://127.0.0.1:7101";
    plan_.fetch = "tcp://127.0.0.1:7102";
    plan_.metrics = "127.0.0.1:7103";
    plan_.bus = {.name = "bus", .stem = "bus", .argv = {}, .ports = {}, .url = ""};
    for (const char* org : {"gemeente:dordrecht", "coa:coa"}) {
      plan_.nodes.push_back(
          {.name = org,
           .stem = RegionLayout::Stem(org),
           .argv = {},
           .ports = {{.number = 7110 + static_cast<int>(plan_.nodes.size()), .role = "HTTP"}},
           .url = ""});
    }
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  // The bus's checkpoint key as its own configuration, the trust file and each node's name it.
  void ExpectEveryoneNames(const std::string& public_key) {
    bus::BusConfig bus;
    Status s = bus::LoadBusConfig(layout_->ConfigFile("bus"), &bus);  // also checks it against the trust file
    ASSERT_TRUE(s.ok()) << s.ToString();
    ASSERT_TRUE(bus.checkpoint_sleutel);
    EXPECT_EQ(bus.checkpoint_sleutel->public_key(), public_key);
    ASSERT_TRUE(bus.metrics);  // the bus's metrics listener, beside its sockets
    EXPECT_EQ(bus.metrics->host, "127.0.0.1");
    EXPECT_EQ(bus.metrics->port, 7103);
    std::string trusted;
    ASSERT_TRUE(config::LoadBusCheckpointKey(layout_->TrustFile(), &trusted).ok());
    EXPECT_EQ(trusted, public_key);
    for (const ProcessPlan& plan : plan_.nodes) {
      node::NodeConfig node;
      s = node::LoadNodeConfig(layout_->ConfigFile(plan.stem), &node);
      ASSERT_TRUE(s.ok()) << s.ToString();
      EXPECT_EQ(node.bus_checkpoint_key, public_key) << plan.name;
    }
  }
  std::string CheckpointKey() {
    std::optional<SigningKey> key;
    EXPECT_TRUE(LoadSigningKeyFile(layout_->KeysDir() + "/bus.ed25519", &key).ok());
    return key ? key->public_key() : "";
  }

  std::string dir_;
  std::unique_ptr<RegionLayout> layout_;
  RegionPlan plan_;
};

TEST_F(RegionFilesTest, TheBussCheckpointKeyIsMadeOnceAndNamedEverywhere) {
  ASSERT_TRUE(WriteRegionFiles(plan_, *layout_).ok());
  const std::string key = CheckpointKey();
  ASSERT_EQ(key.size(), 32u);
  ExpectEveryoneNames(key);
  ASSERT_TRUE(WriteRegionFiles(plan_, *layout_).ok());
  EXPECT_EQ(CheckpointKey(), key) << "kept across ups";
  ExpectEveryoneNames(key);
}

TEST_F(RegionFilesTest, TheBewaartermijnReachesEveryNode) {
  plan_.bewaartermijn_jaren = 11;
  ASSERT_TRUE(WriteRegionFiles(plan_, *layout_).ok());
  for (const ProcessPlan& plan : plan_.nodes) {
    node::NodeConfig node;
    Status s = node::LoadNodeConfig(layout_->ConfigFile(plan.stem), &node);
    ASSERT_TRUE(s.ok()) << s.ToString();
    EXPECT_EQ(node.bewaartermijn_jaren, 11) << plan.name;
  }
}

TEST_F(RegionFilesTest, ARegionMadeBeforeCheckpointsGetsTheKeyOnItsNextUp) {
  ASSERT_TRUE(WriteRegionFiles(plan_, *layout_).ok());
  bus::BusConfig before;
  ASSERT_TRUE(bus::LoadBusConfig(layout_->ConfigFile("bus"), &before).ok());
  std::filesystem::remove(layout_->KeysDir() + "/bus.ed25519");  // as a region of an earlier version
  ASSERT_TRUE(WriteRegionFiles(plan_, *layout_).ok());
  ExpectEveryoneNames(CheckpointKey());
  bus::BusConfig after;
  ASSERT_TRUE(bus::LoadBusConfig(layout_->ConfigFile("bus"), &after).ok());
  EXPECT_EQ(after.curve->public_key, before.curve->public_key) << "the bus's Curve key stays";
}

}  // namespace
}  // namespace regiotafel::region
