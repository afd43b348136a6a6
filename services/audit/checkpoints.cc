#include "services/audit/checkpoints.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>

#include "eventstore/checkpoint.h"
#include "eventstore/checkpoint_store.h"
#include "services/audit/proofs.h"

namespace regiotafel::audit {
namespace {

struct Held {
  v1::Checkpoint checkpoint;
  std::string store;
};

}  // namespace

Status CheckCheckpoints(const merkle::Tree& tree, const std::vector<std::string>& stores,
                        std::optional<std::string_view> bus_key, CheckpointVerdict* out) {
  *out = CheckpointVerdict{};
  std::vector<Held> all;
  for (const std::string& dir : stores) {
    std::unique_ptr<eventstore::CheckpointStore> store;
    if (Status s = eventstore::CheckpointStore::OpenReadOnly(dir, &store); !s.ok()) return s;
    std::vector<v1::Checkpoint> list;
    if (Status s = store->List(&list); !s.ok()) return s;
    for (v1::Checkpoint& c : list) all.push_back({std::move(c), dir});
  }
  std::stable_sort(all.begin(), all.end(), [](const Held& a, const Held& b) {
    return a.checkpoint.position() < b.checkpoint.position();
  });
  for (const Held& held : all) {
    const v1::Checkpoint& c = held.checkpoint;
    if (c.position() > tree.size()) {
      ++out->voorbij;
      continue;
    }
    const std::string tijd = google::protobuf::util::TimeUtil::ToString(c.tijd());
    if (bus_key && !eventstore::CheckpointSigned(c, *bus_key)) {
      out->bevinding =
          Bevinding{.position = c.position(),
                    .reden = "het controlepunt op positie " + std::to_string(c.position()) + " uit " +
                             held.store + " (" + tijd + ") is niet door de bus getekend: vervalst"};
      return Status::Ok();
    }
    if (std::optional<std::string> wrong =
            CheckCheckpoint(c, c.position(), tree.RootAt(c.position()), bus_key)) {
      const uint64_t from = out->hoogste + 1;
      out->bevinding =
          Bevinding{.position = from,
                    .reden = *wrong + ": het controlepunt op positie " + std::to_string(c.position()) +
                             " uit " + held.store + " (getekend " + tijd +
                             ") klopt niet met deze log, die dus tussen positie " + std::to_string(from) +
                             " en " + std::to_string(c.position()) + " anders is dan de bus toen tekende"};
      return Status::Ok();
    }
    ++out->gecontroleerd;
    out->hoogste = c.position();
  }
  return Status::Ok();
}

}  // namespace regiotafel::audit
