#include "services/organisation/post_pipeline.h"

#include <unistd.h>

#include <algorithm>
#include <thread>

#include "base/uuid.h"
#include "contract/json.h"

namespace regiotafel::organisation {
namespace {

using Clock = std::chrono::steady_clock;
using Kind = node_client::EventOutcome::Kind;

// A batch (POST /api/v1/events/batch) at most this large: well within the node's 1000 lines and
// 4 MiB, and small enough that progress moves.
constexpr size_t kBatchBodies = 500;
constexpr size_t kBatchBytes = size_t{2} << 20;

node_client::EventOutcome NotSent(std::string why) {
  node_client::EventOutcome outcome;
  outcome.kind = Kind::kUnreachable;
  outcome.error = std::move(why);
  return outcome;
}

// Asks the node for every PENDING one's decision, in order, a batch at a time: the same bodies posted
// again answer each event's state as it is now (the node keeps an event id's first answer and
// stores nothing twice), one request per batch instead of one per event. The node decides events in
// the order they were posted, so when the first of a batch is still pending the rest most likely
// are too: ask again after a short pause.
void Collect(node_client::NodeClient& client, const std::vector<Post>& posts, std::vector<Posted>& posted,
             uint64_t pending, const SubmitOptions& options, ProgressMeter& meter) {
  constexpr auto kFirstPause = std::chrono::milliseconds(5);
  constexpr auto kLongestPause = std::chrono::milliseconds(200);
  uint64_t decided = 0;
  Clock::time_point last_progress = Clock::now();
  auto pause = kFirstPause;
  size_t first = 0;  // before it, nothing is pending any more
  for (;;) {
    while (first < posted.size() && posted[first].outcome.kind != Kind::kPending) ++first;
    if (first == posted.size()) return;
    meter.Update("collecting", static_cast<double>(decided) / static_cast<double>(pending), decided);
    std::vector<size_t> asked;
    std::vector<std::string> bodies;
    size_t bytes = 0;
    for (size_t i = first; i < posted.size() && asked.size() < kBatchBodies && bytes < kBatchBytes; ++i) {
      if (posted[i].outcome.kind != Kind::kPending) continue;
      asked.push_back(i);
      bodies.push_back(posts[i].body);
      bytes += posts[i].body.size() + 1;
    }
    const std::vector<node_client::EventOutcome> answers = client.PostBatch(bodies);
    for (size_t k = 0; k < asked.size(); ++k) {
      const node_client::EventOutcome& answer = answers[k];
      if (answer.decided() || answer.kind == Kind::kRefused || answer.kind == Kind::kDenied) {
        posted[asked[k]].outcome = answer;
        ++decided;
        last_progress = Clock::now();
      }
    }
    if (posted[first].outcome.kind != Kind::kPending) {
      pause = kFirstPause;
      continue;
    }
    // Still pending, or the node did not answer this once: ask again, within the patience.
    if (Clock::now() - last_progress > options.patience) return;
    std::this_thread::sleep_for(pause);  // the HTTP API has no push; poll gently
    pause = std::min(pause * 2, std::chrono::duration_cast<std::chrono::milliseconds>(kLongestPause));
  }
}

// Once every decision is in, waits (within the patience) until the node's own copy of the log holds
// the last committed one, so that a view asked right after shows all of them, as POST ?wait=commit
// promises for one event.
void WaitUntilVisible(node_client::NodeClient& client, const std::vector<Posted>& posted,
                      const SubmitOptions& options) {
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
  command
      .add_option("--patience", patience_seconds,
                  "give up collecting after this many seconds without a decision")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
}

SubmitOptions SubmitFlags::Options() const {
  SubmitOptions options;
  options.progress = !no_progress && (progress || isatty(STDERR_FILENO) == 1);
  options.patience = std::chrono::seconds(patience_seconds);
  return options;
}

// `post` with an event id of its own when it parses as a body without one, so that posting it again
// (Collect) asks after the same event instead of adding another. What does not parse goes as it is:
// the node says why it refuses it.
Post WithEventId(Post post) {
  v1::Envelope envelope;
  if (contract::EnvelopeFromBody(post.body, &envelope).ok() && envelope.event_id().empty()) {
    envelope.set_event_id(NewUuid());
    post.body = contract::BodyFromEnvelope(envelope);
  }
  return post;
}

std::vector<Posted> PostAll(node_client::NodeClient& client, const std::vector<Post>& given,
                            std::string_view unit, const SubmitOptions& options, ProgressMeter& meter) {
  std::vector<Post> posts;
  posts.reserve(given.size());
  for (const Post& post : given) posts.push_back(WithEventId(post));
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
    std::vector<node_client::EventOutcome> outcomes = client.PostBatch(bodies);
    for (size_t i = begin; i < end; ++i) {
      node_client::EventOutcome& outcome = posted[i].outcome;
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
        outcome.error =
            gone.empty() ? "not sent: " + outcome.error : "not sent: the node stopped answering at " + gone;
        if (gone.empty()) gone = at;
      }
      if (outcome.kind == Kind::kPending) ++pending;
    }
    meter.Update("sending", static_cast<double>(end) / static_cast<double>(posts.size()), end);
  }
  if (pending > 0) Collect(client, posts, posted, pending, options, meter);
  WaitUntilVisible(client, posted, options);
  meter.Finish();
  return posted;
}

}  // namespace regiotafel::organisation
