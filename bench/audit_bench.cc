// The auditor's `verify` over a realistic region of a million events, each signed by its origin as a
// node's sender signs (one Ed25519 signature per batch of consecutive events of one origin, each
// event carrying its Merkle proof: docs/TRUST.md), next to what the machine's SHA-256 and Ed25519
// do on their own in the same run:
//   - verify with the trust file (chain, positions, contract, every signature) and without it;
//   - SHA-256 over record-sized inputs (the chain's floor: one hash of each record's bytes);
//   - Ed25519 verifications (what one signature per event would cost).
//
//   audit_bench --data-dir DIR --out FILE [--events 1000000] [--reps 3] [--quick]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "base/batch_signature.h"
#include "base/sha256.h"
#include "base/signing.h"
#include "base/uuid.h"
#include "bench/die.h"
#include "bench/options.h"
#include "bench/report.h"
#include "contract/streams.h"
#include "eventstore/event_log.h"
#include "eventstore/log_copy.h"
#include "services/audit/verify.h"
#include "services/simulator/region_generator.h"

namespace regiotafel::bench {
namespace {

constexpr size_t kBatch = 100;    // as a node's sender: at most this many of one origin at a time
constexpr size_t kWindow = 1000;  // the log's events that come in while the nodes' batches fill

struct Config : CommonOptions {
  size_t events = 1'000'000;
  int reps = 3;
};

struct Region {
  size_t events = 0, signatures = 0;
  double record_bytes = 0;  // mean stored record
  config::TrustMap trust;
};

// The region, signed per batch of one origin, appended to a new log in `dir` (closed on return).
Region Fill(const Config& config, const std::string& dir) {
  simulation::RegionShape shape;
  shape.households = static_cast<int>(config.events / 9 + 100);
  std::vector<v1::Envelope> log = simulation::RegionGenerator(shape).Log();
  if (log.size() < config.events) Die("the generated region is too small");
  log.resize(config.events);
  // Nodes submit what their outboxes hold and the bus commits each submission as one run: within
  // every kWindow events of the log, each origin's events come together.
  for (size_t first = 0; first < log.size(); first += kWindow) {
    const auto end = log.begin() + static_cast<ptrdiff_t>(std::min(first + kWindow, log.size()));
    std::stable_sort(log.begin() + static_cast<ptrdiff_t>(first), end,
                     [](const v1::Envelope& a, const v1::Envelope& b) { return a.origin() < b.origin(); });
  }

  Region region;
  std::map<std::string, SigningKey> keys;
  std::map<std::string, uint64_t> origin_seq;
  std::vector<std::string> envelopes(log.size());
  for (size_t i = 0; i < log.size(); ++i) {
    v1::Envelope& e = log[i];
    e.set_event_id(NewUuid());
    e.set_origin_seq(++origin_seq[e.origin()]);
    e.set_stream(contract::StreamOf(e));
    e.mutable_occurred_at()->set_seconds(1'700'000'000 + static_cast<int64_t>(i));
    envelopes[i] = e.SerializeAsString();
    keys.try_emplace(e.origin(), SigningKey::Generate());
  }
  std::unique_ptr<eventstore::EventLog> event_log;
  Check(eventstore::EventLog::Open(dir, {.sync = false}, &event_log), "EventLog::Open");
  for (size_t first = 0; first < log.size();) {
    size_t end = first + 1;
    while (end < log.size() && end - first < kBatch && log[end].origin() == log[first].origin()) ++end;
    std::vector<std::string_view> batch(envelopes.begin() + first, envelopes.begin() + end);
    std::vector<std::string> proofs = SignBatch(keys.at(log[first].origin()), batch);
    ++region.signatures;
    std::vector<eventstore::AppendEntry> entries(end - first);
    for (size_t i = first; i < end; ++i) {
      Check(eventstore::AppendEntry::FromSigned(std::move(envelopes[i]), std::move(proofs[i - first]),
                                                &entries[i - first]),
            "entry");
    }
    std::vector<eventstore::AppendResult> results;
    Check(event_log->Append(std::move(entries), &results), "filling the log");
    first = end;
  }
  region.events = event_log->Head().position;
  std::vector<v1::LogRecord> sample;
  Check(event_log->Read(1, 10'000, &sample), "reading back");
  for (const v1::LogRecord& r : sample) region.record_bytes += static_cast<double>(r.ByteSizeLong());
  region.record_bytes /= static_cast<double>(sample.size());
  for (const auto& [origin, key] : keys)
    region.trust[origin].sleutels.push_back({.ed25519 = key.public_key()});
  return region;
}

// Records per second of one verify of the whole log.
double VerifyRate(const std::string& dir, const config::TrustMap* trust, uint64_t events) {
  std::unique_ptr<eventstore::LogCopy> copy;
  Check(eventstore::LogCopy::Open(dir, &copy), "LogCopy::Open");
  audit::VerifyResult result;
  const auto begin = Clock::now();
  Check(audit::VerifyLog(*copy, {.trust = trust}, &result), "verify");
  const double seconds = SecondsSince(begin);
  if (result.bevinding) Die("the log does not verify: " + result.bevinding->reden);
  if (result.records != events) Die("verify read " + std::to_string(result.records) + " records");
  return static_cast<double>(events) / seconds;
}

// SHA-256 of `bytes`-sized inputs per second, one core.
double Sha256Rate(size_t bytes) {
  std::string input(bytes, 'x'), digest;
  const size_t n = 2'000'000;
  const auto begin = Clock::now();
  for (size_t i = 0; i < n; ++i) {
    input[i % bytes] = static_cast<char>(i);
    digest = Sha256Of(input);
  }
  if (digest.size() != 32) Die("sha-256");
  return static_cast<double>(n) / SecondsSince(begin);
}

// Ed25519 verifications (of a record-sized message) per second, one core.
double Ed25519VerifyRate(size_t bytes) {
  const SigningKey key = SigningKey::Generate();
  const std::string message(bytes, 'y');
  const std::string signature = key.Sign(message);
  const size_t n = 20'000;
  size_t good = 0;
  const auto begin = Clock::now();
  for (size_t i = 0; i < n; ++i) good += VerifySignature(key.public_key(), message, signature);
  const double rate = static_cast<double>(n) / SecondsSince(begin);
  if (good != n) Die("ed25519");
  return rate;
}

Config ParseArgs(int argc, char** argv) {
  Config config;
  Options options("the auditor's verify of a region's signed log, next to the machine's SHA-256 and Ed25519",
                  &config);
  options.RequireOut();
  options.Add("--events", &config.events, "events in the log, at least 10 000", size_t{50'000})
      ->check(CLI::Range(size_t{10'000}, std::numeric_limits<size_t>::max()));
  options.AddReps(&config.reps);
  options.Parse(argc, argv);
  return config;
}

int Main(int argc, char** argv) {
  const Config config = ParseArgs(argc, argv);
  const std::string dir = config.data_dir + "/log";
  std::cerr << "audit: generating and signing " << config.events << " events\n";
  const Region region = Fill(config, dir);

  std::vector<double> with_trust, chain_only, sha, ed;
  for (int rep = 0; rep < config.reps; ++rep) {
    with_trust.push_back(VerifyRate(dir, &region.trust, region.events));
    chain_only.push_back(VerifyRate(dir, nullptr, region.events));
    sha.push_back(Sha256Rate(static_cast<size_t>(region.record_bytes)));
    ed.push_back(Ed25519VerifyRate(static_cast<size_t>(region.record_bytes)));
    std::cerr << "audit rep " << rep + 1 << ": verify " << Grouped(with_trust.back()) << "/s (chain only "
              << Grouped(chain_only.back()) << "/s), sha-256 " << Grouped(sha.back()) << "/s, ed25519 verify "
              << Grouped(ed.back()) << "/s\n";
  }
  auto rate = [](double v) { return Grouped(v) + "/s"; };
  const double verify = Median(with_trust);
  std::string section;
  section += "## Audit (`audit_bench`)\n\n";
  section +=
      "`regiotafel-audit verify` (services/audit/verify.h: the contract and signature checks on every core, "
      "the chain in order) over a copy of a region's log of " +
      Grouped(static_cast<double>(region.events)) +
      " events (services/simulator/region_generator.h), each signed by its origin as a node's sender "
      "signs: " +
      "one Ed25519 signature per batch of up to " + std::to_string(kBatch) +
      " events of one origin, each event carrying its Merkle proof; the nodes submit what their outboxes "
      "hold, so within every " +
      Grouped(kWindow) + " events of the log each origin's events come together (" +
      Grouped(static_cast<double>(region.signatures)) + " batch signatures, " + Grouped(region.record_bytes) +
      " bytes a record on average). In the same run, on one core: SHA-256 over inputs of that size (a record "
      "hashed once is the chain's floor) and Ed25519 verifications of such a message (what one signature per "
      "event would cost). " +
      std::to_string(config.reps) + " rounds; the median, lowest–highest in brackets.\n\n";
  section += "| | per second | against SHA-256 | against Ed25519 verify |\n|---|--:|--:|--:|\n";
  section += "| verify: positions, chain, contract, every signature (`--trust`) | " +
             Spread(with_trust, rate) + " | " + Times(verify / Median(sha)) + " | " +
             Times(verify / Median(ed)) + " |\n";
  section += "| verify without `--trust`: positions, chain, contract | " + Spread(chain_only, rate) + " | " +
             Times(Median(chain_only) / Median(sha)) + " | " + Times(Median(chain_only) / Median(ed)) +
             " |\n";
  section += "| SHA-256 of one record-sized input | " + Spread(sha, rate) + " | 1.00× | — |\n";
  section += "| Ed25519 verification of one signature | " + Spread(ed, rate) + " | — | 1.00× |\n";
  char line[256];
  std::snprintf(line, sizeof line,
                "\nVerifying the %s events with their signatures took %.1f s: %.1f µs a record, of which the "
                "chain's SHA-256 is %.1f µs.\n",
                Grouped(static_cast<double>(region.events)).c_str(),
                static_cast<double>(region.events) / verify, 1e6 / verify, 1e6 / Median(sha));
  section += line;
  WriteSection(section, config.out);
  return 0;
}

}  // namespace
}  // namespace regiotafel::bench

int main(int argc, char** argv) { return regiotafel::bench::Main(argc, argv); }
