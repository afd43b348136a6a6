// The [drempels] table of a node's configuration (services/config/drempels.h, node_config.h): known
// keys set the thresholds, anything else stops the node with the key's name.
#include "services/config/drempels.h"

#include <gtest/gtest.h>

#include <fstream>

#include "services/node/node_config.h"
#include "tests/support/log_entry.h"

namespace regiotafel::node {
namespace {

using config::DrempelNames;
using config::DrempelValue;

class DrempelsTest : public ::testing::Test {
 protected:
  // A node configuration with `drempels` after its top-level keys.
  Status Load(const std::string& drempels, NodeConfig* config) {
    const std::string path = dir_.Sub("node.toml");
    std::ofstream(path, std::ios::trunc) << "organisatie = \"gemeente:dordrecht\"\ndata = \"data\"\n"
                                            "sleutel = \"key\"\n"
                                         << drempels
                                         << "\n[bus]\nsubmit = \"tcp://127.0.0.1:1\"\n"
                                            "publish = \"tcp://127.0.0.1:2\"\nfetch = \"tcp://127.0.0.1:3\"\n"
                                            "[http]\npoort = 0\n";
    return LoadNodeConfig(path, config);
  }
  eventstore::testing::TempDir dir_;
};

TEST_F(DrempelsTest, WithoutTheTableTheDefaultsOfTheDomain) {
  NodeConfig config;
  ASSERT_TRUE(Load("", &config).ok());
  const projections::Drempels defaults;
  for (std::string_view name : DrempelNames()) {
    EXPECT_EQ(DrempelValue(name, config.drempels), DrempelValue(name, defaults)) << name;
  }
  EXPECT_EQ(config.drempels.termijn_huisvesting_dagen, 70);
  EXPECT_EQ(DrempelNames().size(), 10u);
}

TEST_F(DrempelsTest, BewaartermijnJarenReachesTheNode) {
  NodeConfig config;
  ASSERT_TRUE(Load("", &config).ok());
  EXPECT_EQ(config.bewaartermijn_jaren, 7);
  Status s = Load("bewaartermijn_jaren = 12\n", &config);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(config.bewaartermijn_jaren, 12);
  s = Load("bewaartermijn_jaren = 0\n", &config);
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_EQ(s.field(), "bewaartermijn_jaren");
}

TEST_F(DrempelsTest, EveryKnownKeySetsItsThreshold) {
  std::string table = "[drempels]\n";
  int days = 1;
  for (std::string_view name : DrempelNames())
    table += std::string(name) + " = " + std::to_string(days++) + "\n";
  NodeConfig config;
  Status s = Load(table, &config);
  ASSERT_TRUE(s.ok()) << s.ToString();
  days = 1;
  for (std::string_view name : DrempelNames()) EXPECT_EQ(DrempelValue(name, config.drempels), days++) << name;
  EXPECT_EQ(config.drempels.termijn_huisvesting_dagen, 1);
  EXPECT_EQ(config.drempels.monitoring_dagen, 10);
}

TEST_F(DrempelsTest, SomeKeysKeepTheOthersAtTheirDefaults) {
  NodeConfig config;
  ASSERT_TRUE(Load("[drempels]\ntermijn_huisvesting_dagen = 60\nstil_dagen = 45\n", &config).ok());
  EXPECT_EQ(config.drempels.termijn_huisvesting_dagen, 60);
  EXPECT_EQ(config.drempels.stil_dagen, 45);
  EXPECT_EQ(config.drempels.reservering_zonder_contract_dagen, 28);
}

TEST_F(DrempelsTest, AnUnknownKeyIsAnErrorNamingIt) {
  NodeConfig config;
  Status s = Load("[drempels]\ntermijn_huisvesting = 60\n", &config);
  ASSERT_TRUE(s.IsInvalidArgument());
  EXPECT_EQ(s.field(), "drempels.termijn_huisvesting");
  EXPECT_NE(s.message().find("drempels.termijn_huisvesting is not a threshold"), std::string::npos)
      << s.message();
  EXPECT_NE(s.message().find("termijn_huisvesting_dagen"), std::string::npos) << "lists the known keys";
  EXPECT_TRUE(Load("[drempels.stil]\ndagen = 30\n", &config).IsInvalidArgument());
}

TEST_F(DrempelsTest, ValuesAreWholeDaysInRange) {
  NodeConfig config;
  for (const std::string bad : {"-1", "3651", "7.5", "\"70\"", "true"}) {
    Status s = Load("[drempels]\nstil_dagen = " + bad + "\n", &config);
    EXPECT_TRUE(s.IsInvalidArgument()) << bad;
    EXPECT_EQ(s.field(), "drempels.stil_dagen") << bad;
  }
  EXPECT_TRUE(Load("[drempels]\nstil_dagen = 0\n", &config).ok());
  Status s = Load("[drempels]\nbegeleiding_ontbreekt_vanaf_dagen = 400\n", &config);
  EXPECT_TRUE(s.IsInvalidArgument()) << "vanaf must stay below tot";
  EXPECT_TRUE(Load("drempels = 5\n", &config).IsInvalidArgument());
}

}  // namespace
}  // namespace regiotafel::node
