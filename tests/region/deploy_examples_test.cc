// deploy/examples/ loaded with the real loaders, so the examples never drift from what the programs
// accept: every file copied into a temporary /etc and /var/lib, its "<…>" placeholders replaced by
// real keys and tokens as an operator would (regiotafel-keygen, openssl rand), and then loaded.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "base/bytes.h"
#include "services/bus/bus_config.h"
#include "services/keygen/organisation_keys.h"
#include "services/node/node_config.h"
#include "transport/curve.h"

namespace regiotafel {
namespace {

namespace fs = std::filesystem;

const fs::path kExamples = fs::path(SOURCE_DIR) / "deploy" / "examples";

std::string Read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class DeployExamplesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "regiotafel-examples-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    fs::create_directories(dir_ / "etc" / "keys");
    ASSERT_TRUE(
        keys::LoadOrMakeKeys(keys::KeyFilesOf((dir_ / "etc" / "keys").string(), "bus"), &bus_keys_).ok());
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  // The example as installed: paths into the temporary tree, every placeholder a real value.
  std::string Install(const std::string& name) {
    std::string text = Read(kExamples / name);
    EXPECT_FALSE(text.empty()) << name;
    text = std::regex_replace(text, std::regex("/etc/regiotafel"), (dir_ / "etc").string());
    text = std::regex_replace(text, std::regex("/var/lib/regiotafel"), (dir_ / "var").string());
    std::string out;
    std::istringstream lines(text);
    const std::regex placeholder(R"(^(\s*)(\w+)\s*=\s*"<[^"]*>\"(.*)$)");
    static int token_number = 0;
    for (std::string line; std::getline(lines, line);) {
      std::smatch m;
      if (std::regex_match(line, m, placeholder)) {
        const std::string key = m[2];
        std::string value;
        if (key == "checkpoint_sleutel") {
          value = ToHex(bus_keys_.signing->public_key());
        } else if (key == "curve") {
          // In a node's [bus] the bus's key; in the trust file each organisation's own.
          value = transport::ToZ85(name == "trust.toml" ? transport::GenerateCurveKeyPair().public_key
                                                        : bus_keys_.curve.public_key);
        } else if (key == "ed25519") {
          value = ToHex(SigningKey::Generate().public_key());
        } else if (key == "token") {
          value = std::string(63, 'a') + std::to_string(++token_number % 10);
        } else {
          ADD_FAILURE() << name << ": a placeholder for an unknown key: " << line;
        }
        line = std::string(m[1]) + key + " = \"" + value + "\"" + std::string(m[3]);
      }
      out += line + "\n";
    }
    const fs::path installed = dir_ / "etc" / name;
    std::ofstream(installed) << out;
    return installed.string();
  }

  fs::path dir_;
  keys::OrganisationKeys bus_keys_;
};

TEST_F(DeployExamplesTest, BusAndTrustFileLoad) {
  Install("trust.toml");
  bus::BusConfig config;
  Status s = bus::LoadBusConfig(Install("bus.toml"), &config);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(config.data_dir, (dir_ / "var" / "bus").string());
  EXPECT_EQ(config.backups_dir, (dir_ / "var" / "bus-backups").string());
  ASSERT_TRUE(config.trust);
  EXPECT_EQ(config.trust->size(), 5u);  // one organisation of every kind
  EXPECT_TRUE(config.curve);
  ASSERT_TRUE(config.checkpoint_sleutel);
  ASSERT_TRUE(config.metrics);
  EXPECT_EQ(config.metrics->host, "127.0.0.1");
}

TEST_F(DeployExamplesTest, ANodeOfEveryKindLoads) {
  const std::map<std::string, contract::OrgKind> kinds = {
      {"gemeente.toml", contract::OrgKind::kGemeente},
      {"corporatie.toml", contract::OrgKind::kCorporatie},
      {"vluchtelingenwerk.toml", contract::OrgKind::kVluchtelingenwerk},
      {"coa.toml", contract::OrgKind::kCoa},
      {"regio.toml", contract::OrgKind::kRegio}};
  for (const auto& [file, kind] : kinds) {
    node::NodeConfig config;
    const std::string path = Install(file);
    // Its own keys, as regiotafel-keygen makes them on its machine.
    const std::string org =
        Read(kExamples / file).substr(Read(kExamples / file).find("organisatie = \"") + 15);
    keys::OrganisationKeys pairs;
    ASSERT_TRUE(keys::LoadOrMakeKeys(
                    keys::KeyFilesOf((dir_ / "etc" / "keys").string(), org.substr(0, org.find('"'))), &pairs)
                    .ok());
    Status s = node::LoadNodeConfig(path, &config);
    ASSERT_TRUE(s.ok()) << file << ": " << s.ToString();
    EXPECT_EQ(config.kind, kind) << file;
    EXPECT_TRUE(fs::exists(config.key_file)) << file << ": " << config.key_file;
    EXPECT_EQ(config.backups_dir, config.data_dir + "-backups") << file;
    EXPECT_EQ(config.tokens.size(), 2u) << file;
    EXPECT_EQ(config.bus_checkpoint_key, bus_keys_.signing->public_key()) << file;
    EXPECT_EQ(config.http_address, "0.0.0.0") << file;
  }
}

TEST_F(DeployExamplesTest, SystemdUnitsRunTheProgramsWithTheExamplesPaths) {
  const std::string bus = Read(fs::path(SOURCE_DIR) / "deploy" / "systemd" / "regiotafel-bus.service");
  const std::string node = Read(fs::path(SOURCE_DIR) / "deploy" / "systemd" / "regiotafel-node@.service");
  EXPECT_NE(bus.find("ExecStart=/usr/local/bin/regiotafel-bus --config /etc/regiotafel/bus.toml"),
            std::string::npos);
  EXPECT_NE(node.find("ExecStart=/usr/local/bin/regiotafel-node --config /etc/regiotafel/%i.toml"),
            std::string::npos);
  for (const std::string& unit : {bus, node}) {
    for (const char* line :
         {"User=regiotafel", "Restart=on-failure", "NoNewPrivileges=yes", "ProtectSystem=strict",
          "ReadWritePaths=/var/lib/regiotafel", "PrivateTmp=yes", "LimitNOFILE=", "KillSignal=SIGTERM"}) {
      EXPECT_NE(unit.find(line), std::string::npos) << line;
    }
  }
}

}  // namespace
}  // namespace regiotafel
