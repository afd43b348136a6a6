// Who may call a node's HTTP API (services/node/http/api_access.h) and the [[tokens]] of its
// configuration (node_config.h): the decisions for every kind of request, and every configuration
// the node must refuse to start with.
#include <gtest/gtest.h>

#include <fstream>

#include "services/node/http/api_access.h"
#include "services/node/node_config.h"
#include "tests/support/log_entry.h"

namespace regiotafel::node {
namespace {

const std::string kSchrijven(40, 's');
const std::string kLezen = "lezen-" + std::string(40, 'l');

ApiAccess TwoTokens() {
  return ApiAccess({{kSchrijven, config::TokenRol::kSchrijven}, {kLezen, config::TokenRol::kLezen}});
}

TEST(ApiAccessTest, WithoutTokensEverythingIsAllowed) {
  const ApiAccess open({});
  EXPECT_TRUE(open.open());
  EXPECT_TRUE(open.Check("POST", "/api/v1/events", "").allowed());
  EXPECT_TRUE(open.Check("GET", "/api/v1/dossiers", "Bearer whatever").allowed());
  EXPECT_EQ(open.Check("GET", "/api/v1/toegang", "").rol, config::TokenRol::kSchrijven) << "as it may";
}

TEST(ApiAccessTest, HealthzIsOpenToEveryone) {
  const ApiAccess access = TwoTokens();
  EXPECT_TRUE(access.Check("GET", "/healthz", "").allowed());
  EXPECT_TRUE(access.Check("GET", "/healthz", "Bearer wrong").allowed());
  EXPECT_EQ(access.Check("POST", "/healthz", "").code, 401) << "only reading it is open";
  EXPECT_FALSE(access.Check("GET", "/healthz", "Bearer " + kSchrijven).rol) << "no token looked at";
}

TEST(ApiAccessTest, NoOrAnUnknownTokenIs401) {
  const ApiAccess access = TwoTokens();
  const AccessDecision none = access.Check("GET", "/api/v1/log/head", "");
  EXPECT_EQ(none.code, 401);
  EXPECT_EQ(none.reason, "no Authorization header");
  EXPECT_NE(none.error.find("geen toegang"), std::string::npos) << none.error;
  const AccessDecision unknown = access.Check("GET", "/api/v1/log/head", "Bearer " + kSchrijven + "x");
  EXPECT_EQ(unknown.code, 401);
  EXPECT_EQ(unknown.reason, "unknown token");
  EXPECT_EQ(unknown.error.find(kSchrijven), std::string::npos) << "never the token in a message";
  EXPECT_FALSE(unknown.rol);
  EXPECT_EQ(access.Check("GET", "/api/v1/log/head", "Basic " + kSchrijven).code, 401);
  EXPECT_EQ(access.Check("GET", "/api/v1/log/head", kSchrijven).code, 401) << "no scheme";
  EXPECT_EQ(access.Check("GET", "/api/v1/log/head", "Bearer").code, 401);
  EXPECT_EQ(access.Check("GET", "/api/v1/log/head", "Bearer " + kSchrijven.substr(1)).code, 401);
  EXPECT_EQ(access.Check("POST", "/api/v1/events", "").code, 401);
}

TEST(ApiAccessTest, ALezenTokenReadsButDoesNotWrite) {
  const ApiAccess access = TwoTokens();
  EXPECT_TRUE(access.Check("GET", "/api/v1/dossiers", "Bearer " + kLezen).allowed());
  EXPECT_TRUE(access.Check("HEAD", "/api/v1/dossiers", "Bearer " + kLezen).allowed());
  const AccessDecision post = access.Check("POST", "/api/v1/events", "Bearer " + kLezen);
  EXPECT_EQ(post.code, 403);
  EXPECT_NE(post.error.find("alleen lezen"), std::string::npos) << post.error;
  EXPECT_FALSE(post.rol);
  EXPECT_EQ(access.Check("GET", "/api/v1/toegang", "Bearer " + kLezen).rol, config::TokenRol::kLezen);
  EXPECT_EQ(access.Check("DELETE", "/api/v1/events/x", "Bearer " + kLezen).code, 403);
}

TEST(ApiAccessTest, ASchrijvenTokenReadsAndWrites) {
  const ApiAccess access = TwoTokens();
  EXPECT_TRUE(access.Check("GET", "/api/v1/dossiers", "Bearer " + kSchrijven).allowed());
  EXPECT_TRUE(access.Check("POST", "/api/v1/events", "Bearer " + kSchrijven).allowed());
  // The scheme is case-insensitive (RFC 7235); spaces around the token do not count.
  EXPECT_TRUE(access.Check("POST", "/api/v1/events", "bearer   " + kSchrijven + " ").allowed());
  EXPECT_EQ(access.Check("GET", "/api/v1/toegang", "Bearer " + kSchrijven).rol, config::TokenRol::kSchrijven);
}

TEST(TokenRolTest, NamesBothWays) {
  EXPECT_EQ(config::TokenRolName(config::TokenRol::kLezen), "lezen");
  EXPECT_EQ(config::TokenRolName(config::TokenRol::kSchrijven), "schrijven");
  EXPECT_EQ(config::ParseTokenRol("schrijven"), config::TokenRol::kSchrijven);
  EXPECT_FALSE(config::ParseTokenRol("Schrijven"));
  EXPECT_FALSE(config::ParseTokenRol("admin"));
}

class NodeConfigTokensTest : public ::testing::Test {
 protected:
  // A node configuration listening on `adres`, with `extra` at its end.
  Status Load(const std::string& adres, const std::string& extra, NodeConfig* config = nullptr) {
    const std::string path = dir_.Sub("node.toml");
    std::ofstream(path, std::ios::trunc) << "organisatie = \"corporatie:trivire\"\ndata = \"data\"\n"
                                            "sleutel = \"key\"\n"
                                            "[bus]\nsubmit = \"tcp://127.0.0.1:1\"\n"
                                            "publish = \"tcp://127.0.0.1:2\"\nfetch = \"tcp://127.0.0.1:3\"\n"
                                            "[http]\npoort = 0\n"
                                         << (adres.empty() ? "" : "adres = \"" + adres + "\"\n") << extra;
    NodeConfig ignored;
    return LoadNodeConfig(path, config ? config : &ignored);
  }
  static std::string Token(const std::string& token, const std::string& rol) {
    return "[[tokens]]\ntoken = \"" + token + "\"\nrol = \"" + rol + "\"\n";
  }
  eventstore::testing::TempDir dir_;
};

TEST_F(NodeConfigTokensTest, TokensWithTheirRoles) {
  NodeConfig config;
  Status s = Load("", Token(kSchrijven, "schrijven") + Token(kLezen, "lezen"), &config);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_EQ(config.tokens.size(), 2u);
  EXPECT_EQ(config.tokens[0].token, kSchrijven);
  EXPECT_EQ(config.tokens[0].rol, config::TokenRol::kSchrijven);
  EXPECT_EQ(config.tokens[1].rol, config::TokenRol::kLezen);
  EXPECT_EQ(config.http_address, "127.0.0.1") << "the default address stays loopback";
}

TEST_F(NodeConfigTokensTest, AShortTokenIsRefusedByName) {
  Status s = Load("", Token(kSchrijven, "schrijven") + Token(std::string(31, 'k'), "lezen"));
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_EQ(s.field(), "tokens[1].token");
  EXPECT_NE(s.message().find("at least 32"), std::string::npos) << s.message();
  EXPECT_EQ(s.message().find(std::string(31, 'k')), std::string::npos) << "never the token in a message";
  EXPECT_TRUE(Load("", Token(std::string(32, 'k'), "lezen")).ok()) << "32 characters are enough";
}

TEST_F(NodeConfigTokensTest, AnUnknownOrMissingRolIsRefused) {
  Status s = Load("", Token(kSchrijven, "beheer"));
  EXPECT_EQ(s.field(), "tokens[0].rol");
  EXPECT_NE(s.message().find("\"lezen\" or \"schrijven\", not \"beheer\""), std::string::npos) << s.message();
  s = Load("", "[[tokens]]\ntoken = \"" + kSchrijven + "\"\n");
  EXPECT_EQ(s.field(), "tokens[0].rol") << s.ToString();
}

TEST_F(NodeConfigTokensTest, OtherMistakesAreNamed) {
  EXPECT_EQ(Load("", "[[tokens]]\nrol = \"lezen\"\n").field(), "tokens[0].token");
  EXPECT_EQ(Load("", Token(kSchrijven, "lezen") + "role = \"x\"\n").field(), "tokens[0].role");
  EXPECT_EQ(Load("", "[tokens]\ntoken = \"" + kSchrijven + "\"\n").field(), "tokens")
      << "a table, not [[tokens]]";
  EXPECT_EQ(Load("", Token(kLezen, "lezen") + Token(kLezen, "schrijven")).field(), "tokens[1].token");
  EXPECT_EQ(Load("", Token("met spatie " + kLezen, "lezen")).field(), "tokens[0].token");
}

TEST_F(NodeConfigTokensTest, WithoutTokensOnlyALoopbackAddress) {
  for (const std::string adres : {"127.0.0.1", "127.1.2.3", "::1", "localhost"})
    EXPECT_TRUE(Load(adres, "").ok()) << adres;
  for (const std::string adres : {"0.0.0.0", "::", "192.168.1.10", "10.0.0.1"}) {
    Status s = Load(adres, "");
    EXPECT_TRUE(s.IsInvalidArgument()) << adres;
    EXPECT_EQ(s.field(), "http.adres") << adres;
    EXPECT_NE(s.message().find("not a loopback address"), std::string::npos) << s.message();
    EXPECT_TRUE(Load(adres, Token(kSchrijven, "schrijven")).ok()) << adres << " with a token";
  }
}

}  // namespace
}  // namespace regiotafel::node
