// The validation tests' cases: an envelope of one payload kind changed in one way, and the field a
// refusal must name (validate_test.cc, validate_fields_test.cc).
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <ostream>
#include <string>

#include "regiotafel/v1/events.pb.h"
#include "tests/contract/envelopes.h"

namespace regiotafel::contract::testing {

struct Case {
  std::string name;
  P::PayloadCase payload;
  std::function<void(v1::Envelope&)> change;
  std::string field;  // the field the refusal names (refused cases only)
};

inline std::string CaseName(const ::testing::TestParamInfo<Case>& info) { return info.param.name; }
// Keeps CTest's test names short: GoogleTest would print the parameter's bytes.
inline void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

}  // namespace regiotafel::contract::testing
