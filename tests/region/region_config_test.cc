// The region file's rules (services/config/region_config.h), on files in a temporary directory, and
// the region the repository ships.
#include "services/config/region_config.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "services/launcher/region_layout.h"

namespace regiotafel::region {
namespace {

class RegionConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "regiotafel-config-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  Status Load(const std::string& toml, config::RegionConfig* config) {
    const std::string path = dir_ + "/region.toml";
    std::ofstream(path, std::ios::trunc) << toml;
    return config::LoadRegionConfig(path, config);
  }

  std::string dir_;
};

TEST_F(RegionConfigTest, NaamAndOrganisatiesAreEnoughTheRestHasDefaults) {
  config::RegionConfig config;
  Status s = Load("naam = \"proef\"\norganisaties = [\"regio:proef\", \"gemeente:dordrecht\"]\n", &config);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(config.naam, "proef");
  EXPECT_EQ(config.organisaties, (std::vector<std::string>{"regio:proef", "gemeente:dordrecht"}));
  EXPECT_EQ(config.port_base, config::kDefaultPortBase);
  EXPECT_EQ(config.heartbeat, std::chrono::milliseconds(1000));
}

TEST_F(RegionConfigTest, KeysOfLaterVersionsAreLeftAlone) {
  config::RegionConfig config;
  Status s = Load(
      "naam = \"proef\"\norganisaties = [\"coa:coa\"]\npoort_basis = 20000\nheartbeat_ms = 200\n"
      "dashboard = true\n[later]\nsleutel = 70\n",
      &config);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(config.port_base, 20000);
  EXPECT_EQ(config.heartbeat, std::chrono::milliseconds(200));
}

TEST_F(RegionConfigTest, DrempelsAreCheckedAndKept) {
  config::RegionConfig config;
  Status s = Load(
      "naam = \"proef\"\norganisaties = [\"coa:coa\"]\n[drempels]\ntermijn_huisvesting_dagen = 60\n"
      "stil_dagen = 21\n",
      &config);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(config.drempels,
            (std::map<std::string, int32_t>{{"stil_dagen", 21}, {"termijn_huisvesting_dagen", 60}}));

  config::RegionConfig none;
  ASSERT_TRUE(Load("naam = \"proef\"\norganisaties = [\"coa:coa\"]\n", &none).ok());
  EXPECT_TRUE(none.drempels.empty()) << "the nodes keep the defaults of DOMAIN.md §5";
}

TEST_F(RegionConfigTest, AnUnknownOrMalformedDrempelStopsWithItsName) {
  config::RegionConfig config;
  Status s = Load("naam = \"proef\"\norganisaties = [\"coa:coa\"]\n[drempels]\nstil = 30\n", &config);
  ASSERT_TRUE(s.IsInvalidArgument());
  EXPECT_EQ(s.field(), "drempels.stil");
  EXPECT_NE(s.message().find("drempels.stil is not a threshold"), std::string::npos) << s.message();
  s = Load("naam = \"proef\"\norganisaties = [\"coa:coa\"]\n[drempels]\nstil_dagen = -4\n", &config);
  EXPECT_EQ(s.field(), "drempels.stil_dagen") << s.ToString();
  s = Load("naam = \"proef\"\norganisaties = [\"coa:coa\"]\n[drempels.stil]\ndagen = 30\n", &config);
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
}

TEST_F(RegionConfigTest, BewaartermijnJarenIsSevenUnlessGivenAndOneToAHundred) {
  config::RegionConfig config;
  ASSERT_TRUE(Load("naam = \"proef\"\norganisaties = [\"coa:coa\"]\n", &config).ok());
  EXPECT_EQ(config.bewaartermijn_jaren, 7);
  Status s = Load("naam = \"proef\"\norganisaties = [\"coa:coa\"]\nbewaartermijn_jaren = 10\n", &config);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(config.bewaartermijn_jaren, 10);
  for (const std::string bad : {"0", "101", "-3", "7.5", "\"zeven\""}) {
    s = Load("naam = \"proef\"\norganisaties = [\"coa:coa\"]\nbewaartermijn_jaren = " + bad + "\n", &config);
    EXPECT_TRUE(s.IsInvalidArgument()) << bad;
    EXPECT_EQ(s.field(), "bewaartermijn_jaren") << bad;
    EXPECT_NE(s.message().find("bewaartermijn_jaren moet een geheel aantal jaren van 1 tot en met 100 zijn"),
              std::string::npos)
        << s.message();
  }
}

TEST_F(RegionConfigTest, AnUnknownKindIsNamedWithItsEntry) {
  config::RegionConfig config;
  Status s = Load("naam = \"proef\"\norganisaties = [\"coa:coa\", \"gemeent:dordrecht\"]\n", &config);
  ASSERT_TRUE(s.IsInvalidArgument());
  EXPECT_NE(s.message().find("organisaties[1] = \"gemeent:dordrecht\": unknown kind \"gemeent\""),
            std::string::npos)
      << s.message();
}

TEST_F(RegionConfigTest, MalformedIdsAreNamedWithTheirEntry) {
  for (const std::string bad : {"dordrecht", "gemeente:", "gemeente:Dordrecht", "gemeente:a_b", ":x"}) {
    config::RegionConfig config;
    Status s = Load("naam = \"proef\"\norganisaties = [\"" + bad + "\"]\n", &config);
    ASSERT_TRUE(s.IsInvalidArgument()) << bad;
    EXPECT_NE(s.message().find("organisaties[0] = \"" + bad + "\""), std::string::npos) << s.message();
  }
  config::RegionConfig config;
  Status s = Load("naam = \"proef\"\norganisaties = [\"coa:coa\", 7]\n", &config);
  EXPECT_NE(s.message().find("organisaties[1] is not a text"), std::string::npos) << s.message();
}

TEST_F(RegionConfigTest, AnOrganisationTwiceIsRefused) {
  config::RegionConfig config;
  Status s = Load("naam = \"proef\"\norganisaties = [\"coa:coa\", \"coa:coa\"]\n", &config);
  ASSERT_TRUE(s.IsInvalidArgument());
  EXPECT_NE(s.message().find("organisaties[1] = \"coa:coa\" is in the list twice"), std::string::npos);
}

TEST_F(RegionConfigTest, MissingOrMalformedRequiredKeys) {
  config::RegionConfig config;
  EXPECT_EQ(Load("organisaties = [\"coa:coa\"]\n", &config).field(), "naam");
  EXPECT_EQ(Load("naam = \"proef\"\n", &config).field(), "organisaties");
  EXPECT_EQ(Load("naam = \"proef\"\norganisaties = []\n", &config).field(), "organisaties");
  EXPECT_EQ(Load("naam = \"proef\"\norganisaties = [\"coa:coa\"]\npoort_basis = \"7100\"\n", &config).field(),
            "poort_basis");
  EXPECT_EQ(Load("naam = \"proef\"\norganisaties = [\"coa:coa\"]\npoort_basis = 65530\n", &config).field(),
            "poort_basis")
      << "the nodes' ports would pass 65535";
  EXPECT_EQ(Load("naam = \"proef\"\norganisaties = [\"coa:coa\"]\nheartbeat_ms = 0\n", &config).field(),
            "heartbeat_ms");
  EXPECT_TRUE(Load("naam = [\n", &config).IsInvalidArgument()) << "not TOML";
  EXPECT_TRUE(config::LoadRegionConfig(dir_ + "/absent.toml", &config).IsNotFound());
}

TEST(ShippedRegionTest, DrechtstedenHasItsTwelveOrganisations) {
  config::RegionConfig config;
  Status s = config::LoadRegionConfig(std::string(SOURCE_DIR) + "/deploy/regions/drechtsteden.toml", &config);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(config.naam, "drechtsteden");
  EXPECT_EQ(config.organisaties,
            (std::vector<std::string>{"regio:drechtsteden", "gemeente:dordrecht", "gemeente:zwijndrecht",
                                      "gemeente:alblasserdam", "gemeente:hendrik-ido-ambacht",
                                      "gemeente:papendrecht", "corporatie:trivire", "corporatie:woonbron",
                                      "corporatie:poort6", "corporatie:woonkracht10",
                                      "vluchtelingenwerk:zuidwest-nederland", "coa:coa"}));
}

TEST(RegionLayoutTest, StemsAreFileNamesAndTurnBackIntoIds) {
  EXPECT_EQ(RegionLayout::Stem("gemeente:hendrik-ido-ambacht"), "gemeente_hendrik-ido-ambacht");
  EXPECT_EQ(RegionLayout::NameOf("gemeente_hendrik-ido-ambacht"), "gemeente:hendrik-ido-ambacht");
  EXPECT_EQ(RegionLayout::NameOf("bus"), "bus");
  const RegionLayout layout("/tmp/r/data/");
  EXPECT_EQ(layout.PidFile("coa_coa"), "/tmp/r/data/run/coa_coa.pid");
  EXPECT_EQ(layout.ConfigFile("bus"), "/tmp/r/data/config/bus.toml");
}

// The configs name each other's files; a relative DIR would be resolved from the wrong directory.
TEST(RegionLayoutTest, ARelativeDirectoryThatDoesNotExistYetBecomesAbsolute) {
  const RegionLayout layout("not-yet-there-" + std::to_string(::getpid()) + "/demo");
  EXPECT_TRUE(std::filesystem::path(layout.ConfigFile("bus")).is_absolute()) << layout.ConfigFile("bus");
  EXPECT_EQ(layout.ConfigFile("bus"),
            (std::filesystem::current_path() / ("not-yet-there-" + std::to_string(::getpid())) / "demo" /
             "config" / "bus.toml")
                .string());
}

}  // namespace
}  // namespace regiotafel::region
