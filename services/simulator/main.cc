// regiotafel-simulator: plays a realistic year of a region into its running nodes (docs/DEMO.md).
//
//   regiotafel-simulator --region data/demo/region.json [--tempo 2] [--dagen N]
//   regiotafel-simulator --region data/demo/region.json --plan     # the year's events, one a line
//
// The year ends today (or --tot) and is fixed by the first run in DIR/simulator.toml beside
// region.json; a later run continues where the previous one stopped.
#include <time.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>

#include "base/date.h"
#include "contract/streams.h"
#include "services/simulator/play_state.h"
#include "services/simulator/player.h"
#include "services/simulator/region_json.h"
#include "services/simulator/stop_signal.h"
#include "services/simulator/year_plan.h"

namespace regiotafel::simulator {
namespace {

int32_t Today() {
  const time_t now = time(nullptr);
  tm local{};
  localtime_r(&now, &local);
  char text[16];
  strftime(text, sizeof text, "%Y-%m-%d", &local);
  return ParseDate(text).value_or(0);
}

void PrintPlan(const std::vector<Step>& plan) {
  for (size_t i = 0; i < plan.size(); ++i) {
    const Step& step = plan[i];
    std::cout << i << "\t" << FormatDate(step.day) << "\t" << step.origin << "\t" << step.envelope.event_id()
              << "\t" << contract::PayloadName(step.envelope.payload_case());
    if (!step.opzet.empty()) std::cout << "\t" << step.opzet;  // a deliberate mistake: what it is
    std::cout << "\n";
  }
}

int Main(int argc, char** argv) {
  CLI::App app{
      "Plays a realistic year of a region into its nodes: every event through its own organisation's "
      "node, at an accelerated pace; resumes where it stopped (docs/DEMO.md)"};
  std::string region_path, state_path, tot;
  PlayOptions options;
  int huishoudens = 0;
  uint32_t seed = 1;
  bool plan_only = false;
  app.add_option("--region", region_path, "the region.json of `deploy/region up` (node URLs and tokens)")
      ->required();
  app.add_option("--tempo", options.tempo, "simulated days per real second; 0: as fast as the nodes answer")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  app.add_option("--dagen", options.dagen,
                 "play this many simulated days and stop (0: to the end of the year)")
      ->check(CLI::NonNegativeNumber);
  auto* huishoudens_option = app.add_option("--huishoudens", huishoudens,
                                            "households aangemeld in the year (default: from the inwoners)")
                                 ->check(CLI::PositiveNumber);
  auto* seed_option = app.add_option("--seed", seed, "another seed, another year")->capture_default_str();
  auto* tot_option = app.add_option("--tot", tot, "the year's last day, YYYY-MM-DD (default: today)");
  app.add_option("--state", state_path,
                 "where the progress is kept (default: simulator.toml beside region.json)");
  app.add_flag("--plan", plan_only,
               "print the year's events (number, day, origin, event id, event, mistake) and exit");
  CLI11_PARSE(app, argc, argv);

  RegionNodes region;
  if (Status s = ReadRegionJson(region_path, &region); !s.ok()) {
    std::cerr << "error: " << s.message() << "\n";
    return 2;
  }
  std::vector<std::string> ids;
  for (const auto& [org, url] : region.nodes) ids.push_back(org);
  simulation::RegionOrganisations organisations;
  if (Status s = OrganisationsOf(ids, &organisations); !s.ok()) {
    std::cerr << "error: " << region_path << ": " << s.message() << "\n";
    return 2;
  }
  if (state_path.empty()) {
    state_path = (std::filesystem::path(region_path).parent_path() / "simulator.toml").string();
  }

  PlayState state;
  const Status read = ReadPlayState(state_path, &state);
  if (!read.ok() && !read.IsNotFound()) {
    std::cerr << "error: " << read.message() << "\n";
    return 2;
  }
  const bool fresh = read.IsNotFound();
  if (fresh) {
    state.year.regio = region.naam;
    state.year.seed = seed;
    state.year.huishoudens = huishoudens > 0 ? huishoudens : HuishoudensVoor(organisations);
    state.year.laatste_dag = Today();
    if (!tot.empty()) {
      const std::optional<int32_t> day = ParseDate(tot);
      if (!day) {
        std::cerr << "error: --tot " << tot << " is not a date YYYY-MM-DD\n";
        return 2;
      }
      state.year.laatste_dag = *day;
    }
  } else if (*huishoudens_option || *seed_option || *tot_option) {
    std::cout << "note: " << state_path << " fixes the year already (seed " << state.year.seed << ", "
              << state.year.huishoudens << " households, up to " << FormatDate(state.year.laatste_dag)
              << "); --huishoudens, --seed and --tot apply to a new year only" << std::endl;
  }

  const std::vector<Step> plan = PlanYear(state.year, organisations);
  if (plan_only) {
    PrintPlan(plan);
    return 0;
  }
  if (fresh) {
    std::cout << "a new year for " << region.naam << ": " << FormatDate(state.year.eerste_dag()) << " … "
              << FormatDate(state.year.laatste_dag) << ", " << state.year.huishoudens << " households, "
              << plan.size() << " events from " << ids.size() << " organisations (kept in " << state_path
              << ")" << std::endl;
    if (Status s = WritePlayState(state_path, state); !s.ok()) {
      std::cerr << "error: " << s.message() << "\n";
      return 2;
    }
  }
  options.state_path = state_path;
  const StopSignal stop;
  return Play(region, plan, state, options, stop, std::cout);
}

}  // namespace
}  // namespace regiotafel::simulator

int main(int argc, char** argv) { return regiotafel::simulator::Main(argc, argv); }
