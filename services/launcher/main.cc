// regiotafel-region: the local region launcher (DOMAIN.md §6); deploy/region builds and runs it.
//
//   regiotafel-region up REGION.toml --data DIR [--timeout S]
//   regiotafel-region down --data DIR [--timeout S]
//   regiotafel-region status --data DIR
//   regiotafel-region roteer --data DIR [KLASSE…]
#include <CLI/CLI.hpp>
#include <iostream>

#include "services/launcher/region_commands.h"

int main(int argc, char** argv) {
  CLI::App app{
      "regiotafel-region: start, stop and inspect a region (the bus and one node per organisation) on "
      "127.0.0.1",
      "regiotafel-region"};
  app.require_subcommand(1);
  std::string region_file, data_dir;
  int up_timeout = 60, down_timeout = 30;

  CLI::App* up = app.add_subcommand("up",
                                    "make keys and configurations, start everything, wait until ready, "
                                    "write DIR/region.json; resumes with the data in DIR");
  up->add_option("region", region_file, "the region's TOML file (naam, organisaties, optional poort_basis)")
      ->required();
  up->add_option("--data", data_dir, "the region's data directory")->required();
  up->add_option("--timeout", up_timeout, "seconds to wait until every process is ready")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);

  CLI::App* down = app.add_subcommand("down", "stop every process of the region (SIGTERM, then SIGKILL)");
  down->add_option("--data", data_dir, "the region's data directory")->required();
  down->add_option("--timeout", down_timeout, "seconds after SIGTERM before SIGKILL")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);

  CLI::App* status = app.add_subcommand("status", "which processes run, and each node's head");
  status->add_option("--data", data_dir, "the region's data directory")->required();

  CLI::App* roteer = app.add_subcommand(
      "roteer", "the next epoch of the region's class keys (docs/PRIVACY.md); `down` and `up` hand them out");
  std::vector<std::string> klassen;
  roteer->add_option("--data", data_dir, "the region's data directory")->required();
  roteer->add_option("klassen", klassen, "identiteit, bsn, toelichting (default: all three)");

  CLI11_PARSE(app, argc, argv);
  using regiotafel::region::RegionDown;
  using regiotafel::region::RegionStatus;
  using regiotafel::region::RegionUp;
  if (*up) return RegionUp(region_file, data_dir, std::chrono::seconds(up_timeout), std::cout, std::cerr);
  if (*roteer) return regiotafel::region::RegionRotate(data_dir, klassen, std::cout, std::cerr);
  if (*down) return RegionDown(data_dir, std::chrono::seconds(down_timeout), std::cout, std::cerr);
  return RegionStatus(data_dir, std::cout, std::cerr);
}
