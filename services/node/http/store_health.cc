#include "services/node/http/store_health.h"

#include "base/json_text.h"

namespace regiotafel::node {

std::vector<StoreState> StoreStates(const NodeStores& s) {
  std::vector<StoreState> states;
  if (s.outbox != nullptr) {
    states.push_back({"outbox", s.outbox->WriteError(), s.outbox->WriteFailures(), s.outbox->Reopens()});
  }
  if (s.replica != nullptr) {
    states.push_back({"replica", s.replica->WriteError(), s.replica->WriteFailures(), s.replica->Reopens()});
  }
  if (s.checkpoints != nullptr) {
    states.push_back({"checkpoints", s.checkpoints->WriteError(), s.checkpoints->WriteFailures(),
                      s.checkpoints->Reopens()});
  }
  return states;
}

HealthAnswer HealthOf(const NodeStores& stores, const std::string& extra) {
  std::string problems;
  for (const StoreState& state : StoreStates(stores)) {
    if (state.write_error.ok()) continue;
    if (!problems.empty()) problems += ", ";
    problems += "{\"store\": " + JsonQuote(state.store) +
                ", \"reason\": " + JsonQuote(state.write_error.message()) + "}";
  }
  if (problems.empty()) return {200, "{\"status\": \"ok\", " + extra + "}"};
  return {503, "{\"status\": \"not ok\", " + extra + ", \"problems\": [" + problems + "]}"};
}

}  // namespace regiotafel::node
