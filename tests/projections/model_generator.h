// The model tests' random logs (Generator, seeded), and the comparison of the Projection's views with
// the reference's (model_reference.h), reporting a difference with the log that replays it.
#pragma once

#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "base/date.h"
#include "projections/projection.h"
#include "tests/projections/model_reference.h"
#include "tests/support/test_events.h"

namespace regiotafel::projections::testing {

// Seeds are fixed, so a run is repeatable with the same compiler (the order in which C++ evaluates
// the arguments of one call, several of which draw numbers, is the compiler's); a failure prints the
// whole log, which replays anywhere.
class Generator {
 public:
  explicit Generator(uint32_t seed) : rng_(seed) {}

  std::vector<Event> Log();

  int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool Chance(int percent) { return Int(1, 100) <= percent; }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[Int(0, static_cast<int>(v.size()) - 1)];
  }

  // A date in 2025-01-01 … 2026-02-04; one date in three repeats an earlier one (same-day ties).
  std::string Date();
  std::string OptionalDate();
  AsOf RandomAsOf(uint64_t log_size);
  Drempels RandomDrempels();

 private:
  const std::vector<std::string> vs_{"1000000001", "1000000002", "1000000003", "1000000004", "1000000005"};
  const std::vector<std::string> woningen_{"W1", "W2", "W3", "W4"};
  const std::vector<std::string> gemeenten_{kDordrecht, kZwijndrecht, kPapendrecht};
  const std::vector<std::string> corporaties_{kTrivire, kWoonbron};
  const std::vector<std::string> periodes_{"2024-H2", "2025-H1", "2025-H2", "2026-H1"};
  const std::vector<std::string> origins_{kCoa, kRegio, kDordrecht, kTrivire, kWoonbron, kVwn};

  v1::Envelope One();

  std::mt19937 rng_;
  std::vector<std::string> dates_;
};

std::string Describe(const std::vector<Event>& log);

// Compares one view; on a difference, reports it with everything needed to replay it.
template <typename M>
bool Same(const M& model, const M& actual, const std::string& what, uint32_t seed, const AsOf& at,
          const std::vector<Event>& log) {
  std::string diff;
  google::protobuf::util::MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&diff);
  if (differencer.Compare(model, actual)) return true;
  ADD_FAILURE() << what << " differs (seed " << seed << ", peildatum " << FormatDate(at.peildatum)
                << ", positie "
                << (at.position == kWholeLog ? std::string("all") : std::to_string(at.position)) << "):\n"
                << diff << "log:\n"
                << Describe(log);
  return false;
}

bool CompareAll(const RegionViews& model, const RegionViews& actual, uint32_t seed, const AsOf& at,
                const std::vector<Event>& log);

Projection FoldAll(const std::vector<Event>& log, const Drempels& t, uint64_t up_to = kWholeLog);

constexpr int kSequences = 1200;

}  // namespace regiotafel::projections::testing
