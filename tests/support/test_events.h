// Test helpers for the projection tests, and for the view and administratie tests that fold events:
// envelopes written out field by field (the simulator's services/simulator/event_builders.h), and a
// Log that hands them to a Projection at positions 1, 2, 3…
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/date.h"
#include "projections/projection.h"
#include "regiotafel/v1/events.pb.h"
#include "services/simulator/event_builders.h"

namespace regiotafel::projections::testing {

// The builders are the simulator's (a realistic region is made of the same events).
using namespace ::regiotafel::simulation;  // NOLINT(build/namespaces)

// A date that must parse (the tests write only real dates).
inline int32_t Day(const std::string& date) {
  auto day = ParseDate(date);
  EXPECT_TRUE(day.has_value()) << date;
  return day.value_or(0);
}

inline AsOf At(const std::string& peildatum, uint64_t position = kWholeLog) {
  return AsOf{Day(peildatum), position};
}

// The log of a test: events in log order; Fold applies them at positions 1, 2, 3…
class Log {
 public:
  Log() = default;
  Log(std::initializer_list<v1::Envelope> events) : events_(events) {}

  Log& Add(v1::Envelope e) {
    events_.push_back(std::move(e));
    return *this;
  }
  const std::vector<v1::Envelope>& events() const { return events_; }

  Projection Fold(const Drempels& drempels = {}) const {
    Projection projection(drempels);
    uint64_t position = 0;
    for (const auto& e : events_) {
      Status s = projection.Apply(++position, e);
      EXPECT_TRUE(s.ok()) << s.ToString();
    }
    return projection;
  }

 private:
  std::vector<v1::Envelope> events_;
};

// The dossier `v_nummer` at `at` (fails the test when it does not exist).
inline v1::Dossier DossierAt(const Projection& projection, const std::string& v_nummer, const AsOf& at) {
  v1::Dossier d;
  Status s = projection.Dossier(v_nummer, at, &d);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return d;
}

inline std::vector<std::string> Codes(const v1::Dossier& d) {
  return {d.signalen().begin(), d.signalen().end()};
}

// The signals of the region as "CODE v_nummer|woning_id voor" lines.
inline std::vector<std::string> SignalLines(const Projection& projection, const AsOf& at) {
  std::vector<std::string> out;
  const auto view = projection.Signalen(at);
  for (const auto& s : view.signalen()) {
    out.push_back(s.code() + " " + (s.v_nummer().empty() ? s.woning_id() : s.v_nummer()) + " " + s.voor());
  }
  return out;
}

inline bool HasSignal(const Projection& projection, const std::string& v_nummer, const std::string& code,
                      const AsOf& at) {
  const auto view = projection.Signalen(at);
  for (const auto& s : view.signalen()) {
    if (s.code() == code && s.v_nummer() == v_nummer) return true;
  }
  return false;
}

}  // namespace regiotafel::projections::testing
