// `toon` on the command line, in-process: the request each view asks of the node (no node needed).
#include "services/organisation/view_command.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>

#include "services/organisation/organisation_cli.h"

namespace regiotafel::organisation {
namespace {

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

}  // namespace
}  // namespace regiotafel::organisation
