// `toon` on the command line, in-process: the request each view asks of the node (no node needed);
// and what it prints of data that holds control characters, asked of a node's views API over a real
// socket and a real EventLog.
#include "services/organisation/view_command.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <stdlib.h>

#include <algorithm>
#include <sstream>
#include <thread>

#include "base/date.h"
#include "services/node/http/views_api.h"
#include "services/organisation/organisation_cli.h"
#include "tests/support/test_replica.h"

namespace regiotafel::organisation {
namespace {

using namespace std::chrono_literals;

std::string TargetOf(std::vector<std::string> args, contract::OrgKind kind = contract::OrgKind::kGemeente) {
  OrganisationCli cli(kind);
  std::reverse(args.begin(), args.end());  // CLI11 consumes the vector from its end
  cli.app().parse(args);
  EXPECT_TRUE(cli.views().chosen());
  return cli.views().Target();
}

TEST(ViewCommandTest, EachViewAsksItsCallWithItsParameters) {
  EXPECT_EQ(TargetOf({"toon", "dossiers"}), "/api/v1/dossiers");
  EXPECT_EQ(
      TargetOf({"toon", "dossiers", "--fase", "gekoppeld", "--gemeente", "dordrecht", "--peildatum",
                "2026-03-01", "--signaal", "stil"}),
      "/api/v1/dossiers?peildatum=2026-03-01&gemeente=gemeente%3Adordrecht&fase=GEKOPPELD&signaal=STIL");
  EXPECT_EQ(TargetOf({"toon", "taakstelling", "--periode", "2026-h2", "--positie", "12"}),
            "/api/v1/taakstelling?positie=12&periode=2026-H2");
  EXPECT_EQ(TargetOf({"toon", "signalen", "--voor", "corporatie:trivire"}),
            "/api/v1/signalen?voor=corporatie%3Atrivire");
  EXPECT_EQ(TargetOf({"toon", "pijplijn", "--json"}, contract::OrgKind::kCoa), "/api/v1/pijplijn");
  EXPECT_EQ(TargetOf({"toon", "woningen", "--csv"}, contract::OrgKind::kCorporatie), "/api/v1/woningen");
  EXPECT_EQ(TargetOf({"toon", "corporaties"}, contract::OrgKind::kRegio), "/api/v1/corporaties");
  EXPECT_EQ(TargetOf({"toon", "te-vergeten", "--peildatum", "2033-01-09"}),
            "/api/v1/te-vergeten?peildatum=2033-01-09");
  EXPECT_EQ(
      TargetOf({"toon", "dossier", "1234567890", "--positie", "3"}, contract::OrgKind::kVluchtelingenwerk),
      "/api/v1/dossiers/1234567890?positie=3");
}

TEST(ViewCommandTest, JsonAndCsvExcludeEachOtherAndFiltersBelongToTheirView) {
  for (const std::vector<std::string>& bad : std::vector<std::vector<std::string>>{
           {"toon", "dossiers", "--json", "--csv"},
           {"toon", "pijplijn", "--fase", "GEKOPPELD"},
           {"toon", "dossier"},
           {"toon"},
       }) {
    OrganisationCli cli(contract::OrgKind::kGemeente);
    std::vector<std::string> args(bad.rbegin(), bad.rend());
    EXPECT_THROW(cli.app().parse(args), CLI::ParseError) << bad.back();
  }
}

// A node whose log holds texts with control characters, as one written before the contract refused
// them does (the contract's own test refuses them now): the views API over a real EventLog.
class ToonControlCharactersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    using namespace projections::testing;
    replica_ = std::make_unique<views_testing::TestReplica>(dir_.Sub("replica"));
    v1::Envelope amina = Aanmelding("2026-01-05", kV1, kDordrecht, 0, 0, "Amina\x1b[2J\r\nHaddad");
    amina.mutable_aanmelding()->set_verblijfplaats("AZC\tDordrecht\x7f");
    v1::Envelope zoe = Aanmelding("2026-01-08", kV2, kZwijndrecht, 0, 0,
                                  "Zo\xC3\xAB \xC2\x9B"
                                  "31mTesfaye\n");
    replica_->Append({amina, zoe});
    host_ = std::make_unique<node::ViewHost>(replica_->log(), node::ViewHostOptions{});
    host_->Start();
    api_ = std::make_unique<node::ViewsApi>(
        *host_, replica_->log(),
        node::ViewsApiOptions{
            .wait = 60s, .today = [] { return *ParseDate("2026-04-01"); }, .organisatie = kDordrecht});
    api_->Register(server_);
    port_ = server_.bind_to_any_port("127.0.0.1");
    ASSERT_GT(port_, 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }

  void TearDown() override {
    // stop() before the accept loop started would be lost (as in HttpApi::Stop).
    while (thread_.joinable() && !server_.is_running()) std::this_thread::yield();
    server_.stop();
    if (thread_.joinable()) thread_.join();
    if (host_) host_->Stop();
  }

  // `toon` with `args` against this node: its exit code, and what it printed on stdout and stderr.
  int Toon(std::vector<std::string> args, std::string* out) {
    args.insert(args.begin(), "toon");
    args.insert(args.end(), {"--node", "http://127.0.0.1:" + std::to_string(port_)});
    OrganisationCli cli(contract::OrgKind::kGemeente);
    std::reverse(args.begin(), args.end());
    cli.app().parse(args);
    std::ostringstream o, e;
    const int code = cli.views().Run(o, e);
    *out = o.str() + e.str();
    return code;
  }

  views_testing::TempDir dir_;
  std::unique_ptr<views_testing::TestReplica> replica_;
  std::unique_ptr<node::ViewHost> host_;
  std::unique_ptr<node::ViewsApi> api_;
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

// Every byte below 0x20 but the line ends, DEL, and every C1 control in UTF-8 (C2 80–C2 9F).
std::vector<std::string> ControlCharactersIn(const std::string& text) {
  std::vector<std::string> found;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto b = static_cast<unsigned char>(text[i]);
    const bool c1 = b == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9F;
    if ((b < 0x20 && b != '\n') || b == 0x7F || c1) found.push_back("byte " + std::to_string(i));
  }
  return found;
}

size_t Lines(const std::string& text) {
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

TEST_F(ToonControlCharactersTest, TableShowsControlCharactersAndKeepsOneLinePerRow) {
  std::string out;
  ASSERT_EQ(Toon({"dossiers", "--peildatum", "2026-03-01"}, &out), 0) << out;
  EXPECT_EQ(ControlCharactersIn(out), std::vector<std::string>{}) << out;
  EXPECT_EQ(Lines(out), 5u) << "header, rule, two rows, the count\n" << out;
  EXPECT_NE(out.find("Amina\u241B[2J\u240D\u240AHaddad"), std::string::npos) << out;
  EXPECT_NE(out.find("Zo\u00EB \uFFFD31mTesfaye\u240A"), std::string::npos) << out;
  EXPECT_NE(out.find("2 dossiers ("), std::string::npos) << out;
}

TEST_F(ToonControlCharactersTest, DossierFormAndHistoryShowThemToo) {
  std::string out;
  ASSERT_EQ(Toon({"dossier", projections::testing::kV1, "--peildatum", "2026-03-01"}, &out), 0) << out;
  EXPECT_EQ(ControlCharactersIn(out), std::vector<std::string>{}) << out;
  EXPECT_NE(out.find("AZC\u2409Dordrecht\u2421"), std::string::npos) << out;
  const size_t historie = out.find("Historie: 1 event\n");
  ASSERT_NE(historie, std::string::npos) << out;
  EXPECT_EQ(Lines(out.substr(historie)), 1u + 3u) << "its line, header, rule, one row\n" << out;
}

}  // namespace
}  // namespace regiotafel::organisation
