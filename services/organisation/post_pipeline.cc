#include "services/organisation/post_pipeline.h"

#include <algorithm>
#include <thread>

namespace regiotafel::organisation {
namespace {

using Clock = std::chrono::steady_clock;
using Kind = EventOutcome::Kind;

EventOutcome NotSent(std::string why) {
  EventOutcome outcome;
  outcome.kind = Kind::kUnreachable;
  outcome.error = std::move(why);
  return outcome;
}

// Asks the node for every PENDING one's decision, in order. The node decides events in the order
// they were posted, so one still pending means the next ones are most likely pending too: ask again
// for that one after a short pause instead of running down the whole list.
void Collect(NodeClient& client, std::vector<Posted>& posted, uint64_t pending, const SubmitOptions& options,
             ProgressMeter& meter) {
  constexpr auto kFirstPause = std::chrono::milliseconds(5);
  constexpr auto kLongestPause = std::chrono::milliseconds(200);
  uint64_t decided = 0;
  Clock::time_point last_progress = Clock::now();
  auto pause = kFirstPause;
  for (Posted& p : posted) {
    while (p.outcome.kind == Kind::kPending) {
      meter.Update("collecting", static_cast<double>(decided) / static_cast<double>(pending), decided);
      EventOutcome asked = client.Get(p.outcome.event_id);
      if (asked.decided() || asked.kind == Kind::kRefused || asked.kind == Kind::kDenied) {
        p.outcome = asked;
        ++decided;
        last_progress = Clock::now();
        pause = kFirstPause;
        break;
      }
      // Still pending, or the node did not answer this once: ask again, within the patience.
      if (Clock::now() - last_progress > options.patience) return;
      std::this_thread::sleep_for(pause);  // the HTTP API has no push; poll gently
      pause = std::min(pause * 2, std::chrono::duration_cast<std::chrono::milliseconds>(kLongestPause));
    }
  }
}

}  // namespace

std::vector<Posted> PostAll(NodeClient& client, const std::vector<Post>& posts, std::string_view unit,
                            const SubmitOptions& options, ProgressMeter& meter) {
  std::vector<Posted> posted(posts.size());
  uint64_t pending = 0;
  std::string gone, denied;  // where the node stopped answering, or refused the token
  for (size_t i = 0; i < posts.size(); ++i) {
    EventOutcome& outcome = posted[i].outcome;
    const std::string here = std::string(unit) + " " + std::to_string(posts[i].number);
    if (!denied.empty()) {
      outcome = NotSent("not sent: the node refused the token at " + denied);
    } else if (!gone.empty()) {
      outcome = NotSent("not sent: the node stopped answering at " + gone);
    } else {
      outcome = client.Post(posts[i].body, /*wait_for_commit=*/false);
      posted[i].known = outcome.decided() || (outcome.kind == Kind::kRefused && outcome.http_status == 409 &&
                                              outcome.field == "event_id");
      if (outcome.kind == Kind::kUnreachable) {
        gone = here;
        outcome.error = (outcome.connected ? "no answer (the node may or may not have stored this): " : "not sent: ") +
                        outcome.error;
      }
      if (outcome.kind == Kind::kDenied) denied = here;  // every further one would be too
      if (outcome.kind == Kind::kPending) ++pending;
    }
    meter.Update("sending", static_cast<double>(i + 1) / static_cast<double>(posts.size()), i + 1);
  }
  if (pending > 0) Collect(client, posted, pending, options, meter);
  meter.Finish();
  return posted;
}

}  // namespace regiotafel::organisation
