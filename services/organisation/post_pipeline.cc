#include "services/organisation/post_pipeline.h"

#include <unistd.h>

#include <algorithm>
#include <thread>

namespace regiotafel::organisation {
namespace {

using Clock = std::chrono::steady_clock;
using Kind = EventOutcome::Kind;

// A batch (POST /api/v1/events/batch) at most this large: well within the node's 1000 lines and
// 4 MiB, and small enough that progress moves.
constexpr size_t kBatchBodies = 500;
constexpr size_t kBatchBytes = size_t{2} << 20;

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

// Once every decision is in, waits (within the patience) until the node's own copy of the log holds
// the last committed one, so that a view asked right after shows all of them, as POST ?wait=commit
// promises for one event.
void WaitUntilVisible(NodeClient& client, const std::vector<Posted>& posted, const SubmitOptions& options) {
  uint64_t last = 0;
  for (const Posted& p : posted) {
    if (p.outcome.kind == Kind::kCommitted) last = std::max(last, p.outcome.position);
  }
  const Clock::time_point deadline = Clock::now() + options.patience;
  auto pause = std::chrono::milliseconds(5);
  for (uint64_t head = 0; last > 0 && Clock::now() < deadline;) {
    std::string hash;
    if (client.Head(&head, &hash).ok() && head >= last) return;
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(200));
  }
}

// The end of the batch that starts at `begin`: as many as fit, at least one.
size_t BatchEnd(const std::vector<Post>& posts, size_t begin) {
  size_t end = begin + 1, bytes = posts[begin].body.size();
  while (end < posts.size() && end - begin < kBatchBodies && bytes + posts[end].body.size() < kBatchBytes) {
    bytes += posts[end++].body.size() + 1;
  }
  return end;
}

}  // namespace

void SubmitFlags::AddTo(CLI::App& command) {
  command.add_flag("--progress", progress, "draw the progress bar even when stderr is not a terminal");
  command.add_flag("--no-progress", no_progress, "no progress bar");
  command.add_option("--patience", patience_seconds, "give up collecting after this many seconds without a decision")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
}

SubmitOptions SubmitFlags::Options() const {
  SubmitOptions options;
  options.progress = !no_progress && (progress || isatty(STDERR_FILENO) == 1);
  options.patience = std::chrono::seconds(patience_seconds);
  return options;
}

std::vector<Posted> PostAll(NodeClient& client, const std::vector<Post>& posts, std::string_view unit,
                            const SubmitOptions& options, ProgressMeter& meter) {
  std::vector<Posted> posted(posts.size());
  uint64_t pending = 0;
  std::string gone, denied;  // where the node stopped answering, or refused the token
  for (size_t begin = 0, end = 0; begin < posts.size(); begin = end) {
    end = BatchEnd(posts, begin);
    if (!denied.empty() || !gone.empty()) {
      const std::string why = !denied.empty() ? "not sent: the node refused the token at " + denied
                                              : "not sent: the node stopped answering at " + gone;
      for (size_t i = begin; i < end; ++i) posted[i].outcome = NotSent(why);
      continue;
    }
    std::vector<std::string> bodies;
    for (size_t i = begin; i < end; ++i) bodies.push_back(posts[i].body);
    std::vector<EventOutcome> outcomes = client.PostBatch(bodies);
    for (size_t i = begin; i < end; ++i) {
      EventOutcome& outcome = posted[i].outcome;
      outcome = std::move(outcomes[i - begin]);
      const std::string at = std::string(unit) + " " + std::to_string(posts[i].number);
      posted[i].known = outcome.decided() || (outcome.kind == Kind::kRefused && outcome.http_status == 409 &&
                                              outcome.field == "event_id");
      // A batch refused or unanswered as a whole: its first says why, the rest point at it, as they
      // would had each gone alone.
      if (outcome.kind == Kind::kDenied) {
        if (denied.empty()) {
          denied = at;
        } else {
          outcome = NotSent("not sent: the node refused the token at " + denied);
        }
      } else if (outcome.kind == Kind::kUnreachable && outcome.connected) {
        if (gone.empty()) gone = at;
        outcome.error = "no answer (the node may or may not have stored this): " + outcome.error;
      } else if (outcome.kind == Kind::kUnreachable) {
        outcome.error = gone.empty() ? "not sent: " + outcome.error : "not sent: the node stopped answering at " + gone;
        if (gone.empty()) gone = at;
      }
      if (outcome.kind == Kind::kPending) ++pending;
    }
    meter.Update("sending", static_cast<double>(end) / static_cast<double>(posts.size()), end);
  }
  if (pending > 0) Collect(client, posted, pending, options, meter);
  WaitUntilVisible(client, posted, options);
  meter.Finish();
  return posted;
}

}  // namespace regiotafel::organisation
