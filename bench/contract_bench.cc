// contract_bench: EnvelopeFromBody refusing bodies nested 1 000 to 100 000 deep (the depth check runs
// before protobuf's parser, whose time grows with the square of the depth), next to an ordinary body.
//
//   refused  {"aanmelding": [[[…]]]}, EnvelopeFromBody's InvalidArgument  vs  one valid aanmelding parsed
//
// Usage (bench/CMakeLists.txt describes the contract with bench/run):
//   contract_bench --data-dir DIR --out FILE [--seconds 0.5] [--reps 5] [--quick]
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <tuple>
#include <vector>

#include "bench/die.h"
#include "bench/options.h"
#include "bench/report.h"
#include "contract/json.h"
#include "regiotafel/v1/events.pb.h"

namespace regiotafel::bench {
namespace {

struct Config : CommonOptions {  // data_dir: bench/run's contract; this bench writes nothing there
  double seconds = 0.5;          // per measurement
  int reps = 5;
};

// The body a POST of the deepest kind brings: `depth` arrays inside the payload's key.
std::string NestedBody(size_t depth) {
  return "{\"aanmelding\":" + std::string(depth, '[') + std::string(depth, ']') + "}";
}

// An ordinary aanmelding with two gezinsleden, as a node's clients post it.
std::string OrdinaryBody() {
  v1::Envelope e;
  e.set_event_id("3f2b8c1e-9d4a-4e5f-8a7b-1c2d3e4f5a6b");
  auto* p = e.mutable_aanmelding();
  p->set_datum("2025-03-03");
  p->set_v_nummer("1234567890");
  p->set_naam("Amina Yusuf");
  p->set_geboortedatum("1990-05-17");
  for (const auto& [v_nummer, naam, geboortedatum] :
       {std::tuple{"1234567891", "Sara Yusuf", "2015-08-01"}, {"1234567892", "Adam Yusuf", "2018-02-11"}}) {
    auto* lid = p->add_gezinsleden();
    lid->set_v_nummer(v_nummer);
    lid->set_naam(naam);
    lid->set_geboortedatum(geboortedatum);
  }
  p->set_verwachte_nareizigers(1);
  p->set_verblijfplaats("AZC Dordrecht");
  p->set_gemeente("gemeente:dordrecht");
  return contract::BodyFromEnvelope(e);
}

// Seconds per EnvelopeFromBody of `body`, over at least `seconds` (and 3 calls); dies when the answer
// is not the expected one (refused with InvalidArgument, or accepted).
double SecondsPerCall(const std::string& body, bool refused, double seconds) {
  v1::Envelope out;
  size_t calls = 0;
  const auto begin = Clock::now();
  double elapsed = 0;
  do {
    const Status status = contract::EnvelopeFromBody(body, &out);
    if (refused ? !status.IsInvalidArgument() : !status.ok()) {
      Die("a body of " + std::to_string(body.size()) + " bytes answered " + status.ToString());
    }
    ++calls;
    elapsed = SecondsSince(begin);
  } while (calls < 3 || elapsed < seconds);
  return elapsed / static_cast<double>(calls);
}

Config ParseArgs(int argc, char** argv) {
  Config config;
  Options options(
      "contract::EnvelopeFromBody refusing bodies nested 1 000 to 100 000 deep, next to parsing "
      "an ordinary body",
      &config);
  options.RequireOut();
  options.Add("--seconds", &config.seconds, "the least time of calls in each measurement", 0.05)
      ->check(CLI::PositiveNumber);
  options.AddReps(&config.reps);
  options.Parse(argc, argv);
  return config;
}

std::string Micros(double seconds) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f µs", seconds * 1e6);
  return buf;
}

std::string Seconds(double seconds) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g s", seconds);
  return buf;
}

int Main(int argc, char** argv) {
  const Config config = ParseArgs(argc, argv);
  const std::string ordinary = OrdinaryBody();
  const std::vector<size_t> depths = {1'000, 10'000, 100'000};

  std::vector<double> parsed;
  std::vector<std::vector<double>> refused(depths.size());
  for (int rep = 0; rep < config.reps; ++rep) {
    parsed.push_back(SecondsPerCall(ordinary, false, config.seconds));
    for (size_t d = 0; d < depths.size(); ++d) {
      refused[d].push_back(SecondsPerCall(NestedBody(depths[d]), true, config.seconds));
    }
    std::cerr << "contract rep " << rep + 1 << ": ordinary body " << Micros(parsed.back()) << ", nested "
              << Grouped(static_cast<double>(depths.back())) << " deep refused in "
              << Micros(refused.back().back()) << "\n";
  }

  // Bytes per second of each round, so that lowest–highest run from the slowest round to the fastest.
  auto rates = [](const std::vector<double>& seconds, double bytes) {
    std::vector<double> out;
    for (double s : seconds) out.push_back(bytes / s);
    return out;
  };
  auto megabytes = [](double rate) { return Grouped(rate / 1e6) + " MB/s"; };
  std::string section;
  section += "## Contract (`contract_bench`)\n\n";
  section +=
      "`contract::EnvelopeFromBody` (contract/json.h), what POST /api/v1/events does with its body, refusing "
      "bodies nested 1 000 to 100 000 arrays deep: the strict JSON check stops at 32 levels before "
      "protobuf's parser sees the text, which would take time quadratic in the depth (40 000 levels about a "
      "minute). "
      "Next to it, in the same run, one ordinary aanmelding with two gezinsleden (" +
      Grouped(static_cast<double>(ordinary.size())) +
      " bytes) parsed. Each figure is the time of one call over at least " + Seconds(config.seconds) +
      " of calls; " + std::to_string(config.reps) + " rounds; the median, lowest–highest in brackets.\n\n";
  section +=
      "| body | bytes | per call | bytes per second | time against the ordinary body "
      "|\n|---|--:|--:|--:|--:|\n";
  section += "| ordinary aanmelding, parsed | " + Grouped(static_cast<double>(ordinary.size())) + " | " +
             Spread(parsed, Micros) + " | " +
             Spread(rates(parsed, static_cast<double>(ordinary.size())), megabytes) + " | 1.00× |\n";
  for (size_t d = 0; d < depths.size(); ++d) {
    const double bytes = static_cast<double>(NestedBody(depths[d]).size());
    section += "| nested " + Grouped(static_cast<double>(depths[d])) + " deep, refused | " + Grouped(bytes) +
               " | " + Spread(refused[d], Micros) + " | " + Spread(rates(refused[d], bytes), megabytes) +
               " | " + Times(Median(refused[d]) / Median(parsed)) + " |\n";
  }
  WriteSection(section, config.out);
  return 0;
}

}  // namespace
}  // namespace regiotafel::bench

int main(int argc, char** argv) { return regiotafel::bench::Main(argc, argv); }
