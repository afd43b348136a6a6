// The trust model's files: the bus's trust file and curve_sleutel, a node's Curve keys, and
// regiotafel-keygen, which makes them (docs/TRUST.md). Bad files stop the process with the key's name.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/bytes.h"
#include "base/key_file.h"
#include "privacy/klassen.h"
#include "services/bus/bus_config.h"
#include "services/config/klasse_sleutels.h"
#include "services/keygen/organisation_keys.h"
#include "services/node/node_config.h"
#include "tests/support/temp_dir.h"

namespace regiotafel {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class TrustConfigTest : public ::testing::Test {
 protected:
  // regiotafel-keygen ARGS, its stdout into `out` and its stderr into `out`.err; its exit code.
  int Keygen(const std::string& args, const std::string& out) {
    const std::string command =
        std::string(KEYGEN_BINARY) + " " + args + " >" + dir_.Sub(out) + " 2>" + dir_.Sub(out + ".err");
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = dir_.Sub(name);
    std::ofstream(path, std::ios::trunc) << text;
    return path;
  }
  std::string TrustLine(const std::string& org, const std::string& ed25519, const std::string& curve) {
    return "[organisaties.\"" + org + "\"]\ned25519 = \"" + ToHex(ed25519) + "\"\n" +
           (curve.empty() ? "" : "curve = \"" + transport::ToZ85(curve) + "\"\n");
  }
  Status LoadBus(const std::string& extra, bus::BusConfig* config) {
    return bus::LoadBusConfig(Write("bus.toml",
                                    "data = \"bus\"\nsubmit = \"tcp://127.0.0.1:1\"\n"
                                    "publish = \"tcp://127.0.0.1:2\"\nfetch = \"tcp://127.0.0.1:3\"\n" +
                                        extra),
                              config);
  }
  Status LoadNode(const std::string& top, const std::string& bus, node::NodeConfig* config) {
    return node::LoadNodeConfig(Write("node.toml",
                                      "organisatie = \"gemeente:dordrecht\"\ndata = \"data\"\n"
                                      "sleutel = \"key\"\n" +
                                          top +
                                          "\n[bus]\nsubmit = \"tcp://127.0.0.1:1\"\n"
                                          "publish = \"tcp://127.0.0.1:2\"\nfetch = \"tcp://127.0.0.1:3\"\n" +
                                          bus + "\n[http]\npoort = 0\n"),
                                config);
  }

  testing::TempDir dir_;
  SigningKey signing_ = SigningKey::Generate();
  transport::CurveKeyPair curve_ = transport::GenerateCurveKeyPair();
};

TEST_F(TrustConfigTest, ABusWithCurveKeysLoadsThemAll) {
  const transport::CurveKeyPair bus_key = transport::GenerateCurveKeyPair();
  ASSERT_TRUE(transport::WriteCurveKeyFile(dir_.Sub("bus.curve"), bus_key).ok());
  const SigningKey other = SigningKey::Generate();
  Write("trust.toml", TrustLine("gemeente:dordrecht", signing_.public_key(), curve_.public_key) +
                          TrustLine("regio:drechtsteden", other.public_key(), ""));
  bus::BusConfig config;
  Status s = LoadBus("trust = \"trust.toml\"\ncurve_sleutel = \"bus.curve\"\n", &config);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_TRUE(config.trust && config.curve);
  EXPECT_EQ(config.curve->secret_key, bus_key.secret_key);
  EXPECT_EQ(config.curve->public_key, bus_key.public_key);  // follows from the secret key
  EXPECT_EQ(config.trust->at("gemeente:dordrecht").sleutels.at(0).curve, curve_.public_key);
  EXPECT_EQ(config.trust->at("gemeente:dordrecht").sleutels.at(0).ed25519, signing_.public_key());
  EXPECT_TRUE(config.trust->at("regio:drechtsteden").sleutels.at(0).curve.empty());
}

TEST_F(TrustConfigTest, BadCurveSettingsOfTheBusNameTheirKey) {
  ASSERT_TRUE(transport::WriteCurveKeyFile(dir_.Sub("bus.curve"), transport::GenerateCurveKeyPair()).ok());
  Write("not-a-key", "hello\n");
  Write("trust.toml", TrustLine("gemeente:dordrecht", signing_.public_key(), curve_.public_key));
  Write("bad-curve.toml", TrustLine("gemeente:dordrecht", signing_.public_key(), "") + "curve = \"short\"\n");
  Write("shared-curve.toml", TrustLine("gemeente:dordrecht", signing_.public_key(), curve_.public_key) +
                                 TrustLine("gemeente:sliedrecht", signing_.public_key(), curve_.public_key));
  const struct {
    std::string extra, field;
  } cases[] = {
      {"curve_sleutel = \"bus.curve\"\n", "trust"},  // no trust file: nobody could be authenticated
      {"trust = \"trust.toml\"\ncurve_sleutel = \"not-a-key\"\n", "curve_sleutel"},
      {"trust = \"trust.toml\"\ncurve_sleutel = \"missing\"\n", "curve_sleutel"},
      {"trust = \"bad-curve.toml\"\n", "organisaties.gemeente:dordrecht.curve"},
      {"trust = \"shared-curve.toml\"\n", "organisaties.gemeente:sliedrecht.curve"},
  };
  for (const auto& c : cases) {
    bus::BusConfig config;
    Status s = LoadBus(c.extra, &config);
    EXPECT_FALSE(s.ok()) << c.extra;
    EXPECT_EQ(s.field(), c.field) << s.ToString();
  }
}

TEST_F(TrustConfigTest, TheBussCheckpointKeyAndItsRhythm) {
  const SigningKey bus_key = SigningKey::Generate();
  Write("bus.ed25519", ToHex(bus_key.secret_key()) + "\n");
  Write("trust.toml", TrustLine("gemeente:dordrecht", signing_.public_key(), "") +
                          "[bus]\ncheckpoint_sleutel = \"" + ToHex(bus_key.public_key()) + "\"\n");
  bus::BusConfig config;
  ASSERT_TRUE(LoadBus("", &config).ok());
  EXPECT_FALSE(config.checkpoint_sleutel) << "without a key no checkpoints";
  EXPECT_EQ(config.checkpoint_elke, 1000u);
  EXPECT_EQ(config.checkpoint_interval, std::chrono::seconds(10));

  Status s = LoadBus(
      "trust = \"trust.toml\"\ncheckpoint_sleutel = \"bus.ed25519\"\ncheckpoint_elke = 50\n"
      "checkpoint_seconden = 2\n",
      &config);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_TRUE(config.checkpoint_sleutel);
  EXPECT_EQ(config.checkpoint_sleutel->public_key(), bus_key.public_key());
  EXPECT_EQ(config.checkpoint_elke, 50u);
  EXPECT_EQ(config.checkpoint_interval, std::chrono::seconds(2));
  std::string trusted;
  ASSERT_TRUE(config::LoadBusCheckpointKey(dir_.Sub("trust.toml"), &trusted).ok());
  EXPECT_EQ(trusted, bus_key.public_key());

  // A trust file without [bus] names no key; the bus signs all the same.
  Write("plain-trust.toml", TrustLine("gemeente:dordrecht", signing_.public_key(), ""));
  ASSERT_TRUE(config::LoadBusCheckpointKey(dir_.Sub("plain-trust.toml"), &trusted).ok());
  EXPECT_TRUE(trusted.empty());
  ASSERT_TRUE(LoadBus("trust = \"plain-trust.toml\"\ncheckpoint_sleutel = \"bus.ed25519\"\n", &config).ok());

  Write("other-trust.toml", TrustLine("gemeente:dordrecht", signing_.public_key(), "") +
                                "[bus]\ncheckpoint_sleutel = \"" +
                                ToHex(SigningKey::Generate().public_key()) + "\"\n");
  Write("bad-trust.toml", TrustLine("gemeente:dordrecht", signing_.public_key(), "") +
                              "[bus]\ncheckpoint_sleutel = \"abcd\"\n");
  Write("odd-trust.toml",
        TrustLine("gemeente:dordrecht", signing_.public_key(), "") + "[bus]\nsleutel = \"x\"\n");
  Write("not-a-key", "hello\n");
  const struct {
    std::string extra, field;
  } cases[] = {
      {"checkpoint_sleutel = \"not-a-key\"\n", "checkpoint_sleutel"},
      {"checkpoint_sleutel = \"missing\"\n", "checkpoint_sleutel"},
      {"trust = \"other-trust.toml\"\ncheckpoint_sleutel = \"bus.ed25519\"\n", "checkpoint_sleutel"},
      {"trust = \"bad-trust.toml\"\n", "bus.checkpoint_sleutel"},
      {"trust = \"odd-trust.toml\"\n", "bus.sleutel"},
      {"checkpoint_elke = 0\n", "checkpoint_elke"},
      {"checkpoint_seconden = 0\n", "checkpoint_seconden"},
      {"checkpoint_seconden = \"10\"\n", "checkpoint_seconden"},
  };
  for (const auto& c : cases) {
    Status refused = LoadBus(c.extra, &config);
    EXPECT_FALSE(refused.ok()) << c.extra;
    EXPECT_EQ(refused.field(), c.field) << refused.ToString();
  }
}

TEST_F(TrustConfigTest, ARotationListsEachKeyWithItsPositions) {
  const SigningKey next = SigningKey::Generate();
  const transport::CurveKeyPair next_curve = transport::GenerateCurveKeyPair();
  const std::string table = "[[organisaties.\"gemeente:dordrecht\".sleutels]]\n";
  Write("trust.toml", table + "ed25519 = \"" + ToHex(signing_.public_key()) + "\"\ncurve = \"" +
                          transport::ToZ85(curve_.public_key) + "\"\ntot = 120000\n" + table +
                          "ed25519 = \"" + ToHex(next.public_key()) + "\"\ncurve = \"" +
                          transport::ToZ85(next_curve.public_key) + "\"\nvanaf = 118000\n");
  config::TrustMap trust;
  Status s = config::LoadTrust(dir_.Sub("trust.toml"), &trust);
  ASSERT_TRUE(s.ok()) << s.ToString();
  const std::vector<config::TrustedKey>& keys = trust.at("gemeente:dordrecht").sleutels;
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(keys[0].ed25519, signing_.public_key());
  EXPECT_TRUE(keys[0].InEffectAt(1) && keys[0].InEffectAt(119'999) && !keys[0].InEffectAt(120'000));
  EXPECT_EQ(keys[1].curve, next_curve.public_key);
  EXPECT_TRUE(!keys[1].InEffectAt(117'999) && keys[1].InEffectAt(118'000) &&
              keys[1].InEffectAt(1'000'000'000));
  EXPECT_TRUE(config::KeyChangeWithin(trust, 117'000, 118'000));
  EXPECT_TRUE(config::KeyChangeWithin(trust, 119'999, 120'010));
  EXPECT_FALSE(config::KeyChangeWithin(trust, 118'000, 119'999));
  EXPECT_FALSE(config::KeyChangeWithin(trust, 1, 117'999));

  const std::string key = "ed25519 = \"" + ToHex(signing_.public_key()) + "\"\n";
  const struct {
    std::string text, field;
  } bad[] = {
      {table + key + "vanaf = 10\ntot = 10\n", "organisaties.gemeente:dordrecht.sleutels[0].tot"},
      {table + key + "vanaf = 0\n", "organisaties.gemeente:dordrecht.sleutels[0].vanaf"},
      {"[organisaties.\"gemeente:dordrecht\"]\n" + key + "vanaf = 5\n", "organisaties.gemeente:dordrecht"},
      {"[organisaties.\"gemeente:dordrecht\"]\n" + key + "sleutels = [{ " + key.substr(0, key.size() - 1) +
           " }]\n",
       "organisaties.gemeente:dordrecht.sleutels"},
  };
  for (const auto& c : bad) {
    Write("bad.toml", c.text);
    Status refused = config::LoadTrust(dir_.Sub("bad.toml"), &trust);
    EXPECT_FALSE(refused.ok()) << c.text;
    EXPECT_EQ(refused.field(), c.field) << refused.ToString();
  }
}

TEST_F(TrustConfigTest, ANodeNeedsItsCurveKeyAndTheBussTogether) {
  ASSERT_TRUE(transport::WriteCurveKeyFile(dir_.Sub("node.curve"), curve_).ok());
  const transport::CurveKeyPair bus_key = transport::GenerateCurveKeyPair();
  const std::string bus_curve = "curve = \"" + transport::ToZ85(bus_key.public_key) + "\"";
  node::NodeConfig config;
  Status s = LoadNode("curve_sleutel = \"node.curve\"", bus_curve, &config);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_TRUE(config.bus_curve.enabled());
  EXPECT_EQ(config.bus_curve.own.public_key, curve_.public_key);
  EXPECT_EQ(config.bus_curve.server_key, bus_key.public_key);

  ASSERT_TRUE(LoadNode("", "", &config).ok());
  EXPECT_FALSE(config.bus_curve.enabled());  // a plain bus

  EXPECT_EQ(LoadNode("curve_sleutel = \"node.curve\"", "", &config).field(), "bus.curve");
  EXPECT_EQ(LoadNode("", bus_curve, &config).field(), "curve_sleutel");
  EXPECT_EQ(LoadNode("curve_sleutel = \"node.curve\"", "curve = \"not z85\"", &config).field(), "bus.curve");
  EXPECT_EQ(LoadNode("curve_sleutel = \"missing.curve\"", bus_curve, &config).field(), "curve_sleutel");
}

TEST_F(TrustConfigTest, ANodeTakesTheBussCheckpointKeyInHex) {
  const SigningKey bus_key = SigningKey::Generate();
  node::NodeConfig config;
  ASSERT_TRUE(LoadNode("", "", &config).ok());
  EXPECT_TRUE(config.bus_checkpoint_key.empty()) << "optional: then signatures are not checked";
  Status s = LoadNode("", "checkpoint_sleutel = \"" + ToHex(bus_key.public_key()) + "\"", &config);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(config.bus_checkpoint_key, bus_key.public_key());
  EXPECT_EQ(LoadNode("", "checkpoint_sleutel = \"abcd\"", &config).field(), "bus.checkpoint_sleutel");
  EXPECT_EQ(LoadNode("", "checkpoint_sleutel = \"bus.ed25519\"", &config).field(), "bus.checkpoint_sleutel");
  EXPECT_EQ(LoadNode("", "checkpoint_sleutel = 7", &config).field(), "bus.checkpoint_sleutel");
}

TEST_F(TrustConfigTest, KeyFilesAreTheOwnersOnlyAndNeverOverwritten) {
  const keys::KeyFiles files = keys::KeyFilesOf(dir_.path(), "gemeente:dordrecht");
  EXPECT_EQ(files.ed25519, dir_.Sub("gemeente_dordrecht.ed25519"));
  keys::OrganisationKeys first, again;
  int made = 0;
  ASSERT_TRUE(keys::LoadOrMakeKeys(files, &first, &made).ok());
  EXPECT_EQ(made, 2);
  for (const std::string& path : {files.ed25519, files.curve}) {
    struct stat info {};
    ASSERT_EQ(stat(path.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600u) << path;
  }
  ASSERT_TRUE(keys::LoadOrMakeKeys(files, &again, &made).ok());
  EXPECT_EQ(made, 0);
  EXPECT_EQ(again.signing->public_key(), first.signing->public_key());
  EXPECT_EQ(again.curve.public_key, first.curve.public_key);
  EXPECT_FALSE(transport::WriteCurveKeyFile(files.curve, transport::GenerateCurveKeyPair()).ok());
}

// The operator's tool as a process: its trust-file table is what the bus loads, run twice it
// keeps the keys, and a wrong id is refused.
TEST_F(TrustConfigTest, KeygenPrintsTheTrustTableOfTheKeysItMade) {
  const std::string keys = dir_.Sub("keys");
  auto run = [&](const std::string& args, const std::string& out) {
    return Keygen(args + " --dir " + keys, out);
  };
  ASSERT_EQ(run("gemeente:dordrecht", "first.toml"), 0);
  ASSERT_EQ(run("gemeente:dordrecht", "second.toml"), 0);
  EXPECT_EQ(ReadAll(dir_.Sub("first.toml")), ReadAll(dir_.Sub("second.toml")));
  EXPECT_NE(ReadAll(dir_.Sub("second.toml.err")).find("kept the existing"), std::string::npos);

  config::TrustMap trust;
  Status s = config::LoadTrust(dir_.Sub("first.toml"), &trust);
  ASSERT_TRUE(s.ok()) << s.ToString();
  keys::OrganisationKeys made;
  ASSERT_TRUE(keys::LoadOrMakeKeys(keys::KeyFilesOf(keys, "gemeente:dordrecht"), &made).ok());
  EXPECT_EQ(trust.at("gemeente:dordrecht").sleutels.at(0).ed25519, made.signing->public_key());
  EXPECT_EQ(trust.at("gemeente:dordrecht").sleutels.at(0).curve, made.curve.public_key);

  ASSERT_EQ(run("bus", "bus.txt"), 0);
  transport::CurveKeyPair bus_key;
  ASSERT_TRUE(transport::LoadCurveKeyFile(keys + "/bus.curve", &bus_key).ok());
  EXPECT_NE(ReadAll(dir_.Sub("bus.txt")).find(transport::ToZ85(bus_key.public_key)), std::string::npos);
  // And its checkpoint key: printed for the nodes and as the trust file's [bus] table.
  std::optional<SigningKey> checkpoint_key;
  ASSERT_TRUE(LoadSigningKeyFile(keys + "/bus.ed25519", &checkpoint_key).ok());
  std::string printed;
  ASSERT_TRUE(config::LoadBusCheckpointKey(dir_.Sub("bus.txt"), &printed).ok())
      << ReadAll(dir_.Sub("bus.txt"));
  EXPECT_EQ(printed, checkpoint_key->public_key());
  ASSERT_EQ(run("bus", "bus-again.txt"), 0);
  EXPECT_EQ(ReadAll(dir_.Sub("bus.txt")), ReadAll(dir_.Sub("bus-again.txt"))) << "kept, never replaced";

  // A rotation: new files beside the old, printed as a sleutels entry the bus loads.
  ASSERT_EQ(run("gemeente:dordrecht --vanaf 500", "rotation.toml"), 0);
  EXPECT_TRUE(std::filesystem::exists(keys + "/gemeente_dordrecht.vanaf-500.curve"));
  ASSERT_TRUE(config::LoadTrust(dir_.Sub("rotation.toml"), &trust).ok())
      << ReadAll(dir_.Sub("rotation.toml"));
  EXPECT_EQ(trust.at("gemeente:dordrecht").sleutels.at(0).vanaf, 500u);
  EXPECT_NE(trust.at("gemeente:dordrecht").sleutels.at(0).ed25519, made.signing->public_key());

  EXPECT_EQ(run("dordrecht", "bad.txt"), 2);
  EXPECT_NE(ReadAll(dir_.Sub("bad.txt.err")).find("not an organisation id"), std::string::npos);
}

// A region run without the launcher: `regiotafel-keygen klassen` makes the region's class keys once and
// gives every organisation of the trust file what its kind may read, sealed to its Curve key; a
// rotation adds an epoch that the next run hands out.
TEST_F(TrustConfigTest, KeygenKlassenGivesEveryOrganisationTheClassKeysOfItsKind) {
  const std::string keys = dir_.Sub("keys");
  auto run = [&](const std::string& args, const std::string& out) {
    return Keygen(args + " --dir " + keys, out);
  };
  ASSERT_EQ(run("gemeente:dordrecht", "gemeente.toml"), 0);
  ASSERT_EQ(run("corporatie:trivire", "corporatie.toml"), 0);
  const std::string trust = dir_.Sub("trust.toml");
  std::ofstream(trust) << ReadAll(dir_.Sub("gemeente.toml")) << ReadAll(dir_.Sub("corporatie.toml"));
  EXPECT_EQ(run("klassen", "no-trust.txt"), 2);
  EXPECT_EQ(run("klassen --trust " + trust + " --roteer adres", "bad.txt"), 2);
  EXPECT_FALSE(std::filesystem::exists(keys + "/regio.klassesleutels.json")) << "nothing written";

  ASSERT_EQ(run("klassen --trust " + trust, "klassen.txt"), 0) << ReadAll(dir_.Sub("klassen.txt.err"));
  const std::string region_file = keys + "/regio.klassesleutels.json";
  const std::string region_bytes = ReadAll(region_file);
  auto keyring = [&](const std::string& organisatie, privacy::Keyring* ring) {
    std::string stem = organisatie;
    std::replace(stem.begin(), stem.end(), ':', '_');
    const std::string path = keys + "/" + stem + ".klassesleutels.json";
    struct stat info {};
    ASSERT_EQ(stat(path.c_str(), &info), 0) << path;
    EXPECT_EQ(info.st_mode & 0777, 0600u) << path;
    v1::KlasseSleutels file;
    ASSERT_TRUE(config::ReadKlasseSleutels(path, &file).ok()) << path;
    keys::OrganisationKeys pairs;
    ASSERT_TRUE(keys::LoadOrMakeKeys(keys::KeyFilesOf(keys, organisatie), &pairs).ok());
    ASSERT_TRUE(config::KeyringOf(file, pairs.curve.public_key, pairs.curve.secret_key, ring).ok()) << path;
  };
  privacy::Keyring gemeente, corporatie;
  ASSERT_NO_FATAL_FAILURE(keyring("gemeente:dordrecht", &gemeente));
  ASSERT_NO_FATAL_FAILURE(keyring("corporatie:trivire", &corporatie));
  for (v1::Klasse klasse : privacy::kKlassen) {
    EXPECT_FALSE(gemeente.Find(klasse, 1)->secret_key.empty()) << privacy::KlasseName(klasse);
    EXPECT_EQ(corporatie.Find(klasse, 1)->secret_key.empty(), klasse != v1::IDENTITEIT)
        << privacy::KlasseName(klasse);
  }

  ASSERT_EQ(run("klassen --trust " + trust, "again.txt"), 0);
  EXPECT_EQ(ReadAll(region_file), region_bytes) << "the region's keys are made once";
  ASSERT_EQ(run("klassen --trust " + trust + " --roteer bsn", "rotated.txt"), 0);
  privacy::Keyring rotated;
  ASSERT_NO_FATAL_FAILURE(keyring("gemeente:dordrecht", &rotated));
  EXPECT_EQ(rotated.Newest(v1::BSN)->epoch, 2u);
  EXPECT_FALSE(rotated.Newest(v1::BSN)->secret_key.empty());
  EXPECT_EQ(rotated.Newest(v1::IDENTITEIT)->epoch, 1u);
  EXPECT_NE(rotated.Find(v1::BSN, 1), nullptr) << "the history stays readable";
}

}  // namespace
}  // namespace regiotafel
