#include "services/node/views/personal_data.h"

#include <spdlog/spdlog.h>

#include "privacy/klassen.h"
#include "privacy/reveal.h"

namespace regiotafel::node {

void PersonalData::Reveal(const std::vector<eventstore::Part>& parts, v1::Envelope* envelope) {
  std::vector<v1::VerzegeldDeel> sealed;
  for (const eventstore::Part& part : parts) {
    if (!sealed.emplace_back().ParseFromString(part.bytes)) sealed.pop_back();  // then it reads as onleesbaar
  }
  for (const privacy::Unreadable& u : privacy::Reveal(sealed, opener_, kind_, envelope)) {
    spdlog::warn("persoonsgegevens: event {}, klasse {}: onleesbaar: {}", envelope->event_id(),
                 privacy::KlasseName(u.klasse), u.why.message());
  }
}

Status PersonalData::RevealRange(const eventstore::EventLog& replica, const std::vector<uint64_t>& positions,
                                 const std::vector<v1::Envelope*>& envelopes) {
  std::vector<eventstore::PositionParts> stored;
  if (!positions.empty()) {
    if (Status s = replica.ReadParts(positions.front(), positions.back(), &stored); !s.ok()) return s;
  }
  static const std::vector<eventstore::Part> kNone;
  auto next = stored.begin();
  for (size_t i = 0; i < positions.size(); ++i) {
    while (next != stored.end() && next->position < positions[i]) ++next;
    const bool held = next != stored.end() && next->position == positions[i];
    Reveal(held ? next->parts : kNone, envelopes[i]);
  }
  return Status::Ok();
}

}  // namespace regiotafel::node
