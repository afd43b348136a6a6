#include "services/simulator/player.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>

#include "base/date.h"
#include "contract/json.h"
#include "contract/streams.h"
#include "services/node_client/node_client.h"

namespace regiotafel::simulator {
namespace {

using Clock = std::chrono::steady_clock;
using Kind = node_client::EventOutcome::Kind;

// "dordrecht" for gemeente:dordrecht, "coa" for coa:coa: short enough for a progress line.
std::string Label(const std::string& org) {
  const size_t colon = org.find(':');
  const std::string kind = org.substr(0, colon);
  return kind == "gemeente" || kind == "corporatie" ? org.substr(colon + 1) : kind;
}

// "2025-09-14 corporatie:trivire reservering 2000000017": which event, for a person reading along.
std::string Describe(const Step& step) {
  std::string datum, v_nummer;
  const auto* descriptor = step.envelope.GetDescriptor()->FindFieldByName(
      std::string(contract::PayloadName(step.envelope.payload_case())));
  if (descriptor != nullptr) {
    const auto& payload = step.envelope.GetReflection()->GetMessage(step.envelope, descriptor);
    const auto* fields = payload.GetDescriptor();
    if (const auto* f = fields->FindFieldByName("datum"))
      datum = payload.GetReflection()->GetString(payload, f);
    if (const auto* f = fields->FindFieldByName("v_nummer"))
      v_nummer = payload.GetReflection()->GetString(payload, f);
  }
  std::string out =
      datum + " " + step.origin + " " + std::string(contract::PayloadName(step.envelope.payload_case()));
  if (!v_nummer.empty()) out += " " + v_nummer;
  return out;
}

class Player {
 public:
  Player(const RegionNodes& region, const std::vector<Step>& plan, PlayState state,
         const PlayOptions& options, const StopSignal& stop, std::ostream& out)
      : region_(region), plan_(plan), state_(std::move(state)), options_(options), stop_(stop), out_(out) {}

  int Run() {
    if (int code = OpenClients(); code != 0) return code;
    for (uint64_t i = 0; i < state_.verstuurd && i < plan_.size(); ++i) Count(plan_[i]);
    if (state_.verstuurd >= plan_.size()) {
      Say("the year " + FormatDate(state_.year.eerste_dag()) + " … " + FormatDate(state_.year.laatste_dag) +
          " is played to its end (" + std::to_string(plan_.size()) + " events); nothing left to send");
      return 0;
    }
    const int32_t first = plan_[state_.verstuurd].day;
    Say(std::string(state_.verstuurd == 0 ? "playing" : "resuming") + " the year of " + region_.naam +
        " at " + FormatDate(first) + " (" + std::to_string(state_.verstuurd) + " of " +
        std::to_string(plan_.size()) + " events sent), " + Pace());
    const Clock::time_point started = Clock::now();
    for (int32_t day = first; day <= state_.year.laatste_dag; ++day) {
      if (options_.dagen > 0 && day - first >= options_.dagen) {
        Progress(day - 1);
        Say("played " + std::to_string(options_.dagen) + " simulated days; run again to continue");
        return Save() ? 0 : 2;
      }
      if (options_.tempo > 0) {
        const auto due = started + std::chrono::duration_cast<Clock::duration>(
                                       std::chrono::duration<double>((day - first) / options_.tempo));
        if (stop_.WaitFor(std::chrono::ceil<std::chrono::milliseconds>(due - Clock::now())))
          return Stopped(day);
      }
      while (state_.verstuurd < plan_.size() && plan_[state_.verstuurd].day == day) {
        const Result result = Send(plan_[state_.verstuurd]);
        if (result == Result::kStopped) return Stopped(day);
        if (result == Result::kFatal) {
          Save();  // what was sent stays sent
          return 2;
        }
        Count(plan_[state_.verstuurd]);
        ++state_.verstuurd;
        if (stop_.requested()) return Stopped(day);  // after the current event
      }
      if (!Save()) return 2;
      if ((day - state_.year.eerste_dag()) % 7 == 6 || day == state_.year.laatste_dag) Progress(day);
    }
    Say("the year is played: " + std::to_string(sent_) + " events, " + std::to_string(deliberate_) +
        " refused on purpose, " + std::to_string(unexpected_) + " refused unexpectedly");
    return unexpected_ == 0 ? 0 : 1;
  }

 private:
  enum class Result { kDone, kStopped, kFatal };

  void Say(const std::string& line) { out_ << line << std::endl; }

  std::string Pace() const {
    if (options_.tempo <= 0) return "as fast as the nodes answer";
    char text[96];
    const double seconds = (state_.year.laatste_dag - plan_[state_.verstuurd].day + 1) / options_.tempo;
    std::snprintf(text, sizeof text, "%g simulated days a second (about %.0f min to go)", options_.tempo,
                  std::ceil(seconds / 60));
    return text;
  }

  int OpenClients() {
    for (const Step& step : plan_) {
      if (clients_.contains(step.origin)) continue;
      auto node = region_.nodes.find(step.origin);
      if (node == region_.nodes.end()) {
        Say("error: region.json has no node for " + step.origin);
        return 2;
      }
      auto token = region_.tokens.find(step.origin);
      std::unique_ptr<node_client::NodeClient> client;
      // Long enough for a node's own wait for the bus (commit_wait, 30 s).
      Status s =
          node_client::NodeClient::Open(node->second, token == region_.tokens.end() ? "" : token->second,
                                        std::chrono::seconds(60), &client);
      if (!s.ok()) {
        Say("error: " + step.origin + ": " + s.message());
        return 2;
      }
      clients_[step.origin] = std::move(client);
    }
    return 0;
  }

  void Count(const Step& step) {
    if (!step.opzet.empty()) return;
    ++per_origin_[step.origin];
    ++sent_;
  }

  Result Send(const Step& step) {
    node_client::NodeClient& client = *clients_.at(step.origin);
    const std::string body = contract::BodyFromEnvelope(step.envelope);
    auto backoff = std::chrono::milliseconds(250);
    bool troubled = false;
    node_client::EventOutcome outcome;
    for (;;) {
      outcome = client.Post(body, /*wait_for_commit=*/true);
      // Not answered, not decided, or the node cannot take it now: the same event again later (its id
      // makes that safe).
      const bool again = outcome.kind == Kind::kUnreachable || outcome.kind == Kind::kPending ||
                         (outcome.kind == Kind::kRefused && outcome.http_status >= 500);
      if (!again) break;
      const std::string why = outcome.kind == Kind::kPending
                                  ? "the bus has not decided yet (is the bus running?)"
                                  : node_client::Describe(outcome);
      Say("  " + step.origin + " (" + client.url() + "): " + why + "; trying again in " +
          std::to_string(backoff.count()) + " ms");
      troubled = true;
      if (stop_.WaitFor(backoff)) return Result::kStopped;
      backoff = std::min(backoff * 2, options_.longest_backoff);
    }
    if (troubled) Say("  " + step.origin + " answers again");
    switch (outcome.kind) {
      case Kind::kCommitted:
        if (!step.opzet.empty()) {
          ++unexpected_;
          Say("  unexpected: " + Describe(step) + " was committed, though it has " + step.opzet);
        }
        return Result::kDone;
      case Kind::kRejected:
      case Kind::kRefused:
        if (!step.opzet.empty()) {
          ++deliberate_;
          Say("  refused on purpose (" + step.opzet + "): " + Describe(step) + ": " +
              node_client::Describe(outcome));
        } else {
          ++unexpected_;
          Say("  UNEXPECTED " + node_client::Describe(outcome) + ": " + Describe(step) + " (event " +
              step.envelope.event_id() + ")");
        }
        return Result::kDone;
      case Kind::kDenied:
        Say("error: " + outcome.error);
        return Result::kFatal;
      case Kind::kPending:
      case Kind::kUnreachable:
        break;
    }
    return Result::kFatal;
  }

  bool Save() {
    if (Status s = WritePlayState(options_.state_path, state_); !s.ok()) {
      Say("error: the progress cannot be saved: " + s.message());
      return false;
    }
    return true;
  }

  int Stopped(int32_t day) {
    if (!Save()) return 2;
    Progress(day);
    Say("stopped at " + FormatDate(day) + "; the progress is saved in " + options_.state_path +
        ", run again to continue");
    return 0;
  }

  void Progress(int32_t day) {
    std::string line = FormatDate(day) + "  day " + std::to_string(day - state_.year.eerste_dag() + 1) +
                       "/365  " + std::to_string(sent_) + " events ";
    const char* separator = " ";
    for (const auto& [origin, count] : per_origin_) {
      line += separator + Label(origin) + " " + std::to_string(count);
      separator = " · ";
    }
    if (deliberate_ > 0) line += "  (" + std::to_string(deliberate_) + " refused on purpose)";
    Say(line);
  }

  const RegionNodes& region_;
  const std::vector<Step>& plan_;
  PlayState state_;
  const PlayOptions& options_;
  const StopSignal& stop_;
  std::ostream& out_;
  std::map<std::string, std::unique_ptr<node_client::NodeClient>> clients_;
  std::map<std::string, uint64_t> per_origin_;
  uint64_t sent_ = 0;
  uint64_t deliberate_ = 0;
  uint64_t unexpected_ = 0;
};

}  // namespace

int Play(const RegionNodes& region, const std::vector<Step>& plan, PlayState state,
         const PlayOptions& options, const StopSignal& stop, std::ostream& out) {
  return Player(region, plan, std::move(state), options, stop, out).Run();
}

}  // namespace regiotafel::simulator
