#include "services/organisation/submit_file.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>
#include <vector>

#include "contract/identifiers.h"
#include "services/organisation/progress_meter.h"

namespace regiotafel::organisation {
namespace {

using Clock = std::chrono::steady_clock;
using Kind = EventOutcome::Kind;

struct Line {
  uint64_t number = 0;  // in the file, counting blank lines too, so that an editor finds it
  EventOutcome outcome;
};

bool Blank(const std::string& text) { return text.find_first_not_of(" \t") == std::string::npos; }

EventOutcome NotSent(std::string why) {
  EventOutcome outcome;
  outcome.kind = Kind::kUnreachable;
  outcome.error = std::move(why);
  return outcome;
}

// Asks the node for every PENDING line's decision, in line order. The node decides events in the
// order they were posted, so one still pending means the next ones are most likely pending too:
// ask again for that one after a short pause instead of running down the whole list.
void Collect(NodeClient& client, std::vector<Line>& lines, uint64_t pending, const SubmitOptions& options,
             ProgressMeter& meter) {
  constexpr auto kFirstPause = std::chrono::milliseconds(5);
  constexpr auto kLongestPause = std::chrono::milliseconds(200);
  uint64_t decided = 0;
  Clock::time_point last_progress = Clock::now();
  auto pause = kFirstPause;
  for (Line& line : lines) {
    while (line.outcome.kind == Kind::kPending) {
      meter.Update("collecting", static_cast<double>(decided) / static_cast<double>(pending), decided);
      EventOutcome asked = client.Get(line.outcome.event_id);
      if (asked.decided() || asked.kind == Kind::kRefused || asked.kind == Kind::kDenied) {
        line.outcome = asked;
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

std::string ReportOf(const EventOutcome& outcome) {
  // An unreachable line's error already says "not sent: …" or "no answer: …".
  return outcome.kind == Kind::kUnreachable ? outcome.error : Describe(outcome);
}

}  // namespace

SubmitSummary SubmitLines(NodeClient& client, std::istream& in, uint64_t total_bytes,
                          const SubmitOptions& options, std::ostream& report, std::ostream& err) {
  ProgressMeter meter(err, options.progress);
  std::vector<Line> lines;
  uint64_t number = 0, bytes = 0, pending = 0, gone_at = 0, denied_at = 0;
  for (std::string text; std::getline(in, text);) {
    ++number;
    bytes += text.size() + 1;
    if (!text.empty() && text.back() == '\r') text.pop_back();
    if (Blank(text)) continue;
    Line line{number, {}};
    if (denied_at != 0) {
      line.outcome = NotSent("not sent: the node refused the token at line " + std::to_string(denied_at));
    } else if (gone_at != 0) {
      line.outcome = NotSent("not sent: the node stopped answering at line " + std::to_string(gone_at));
    } else if (!contract::IsValidUtf8(text)) {
      // Refused here: the report must stay valid UTF-8, and the node would refuse it anyway.
      line.outcome.kind = Kind::kRefused;
      line.outcome.http_status = 400;
      line.outcome.error = "the line is not valid UTF-8";
    } else {
      line.outcome = client.Post(text, /*wait_for_commit=*/false);
      if (line.outcome.kind == Kind::kUnreachable) {
        gone_at = number;
        line.outcome.error =
            (line.outcome.connected ? "no answer (the node may or may not have stored this line): "
                                    : "not sent: ") +
            line.outcome.error;
      }
      if (line.outcome.kind == Kind::kDenied) denied_at = number;  // every further line would be too
      if (line.outcome.kind == Kind::kPending) ++pending;
    }
    lines.push_back(std::move(line));
    meter.Update("sending",
                 total_bytes > 0 ? static_cast<double>(bytes) / static_cast<double>(total_bytes) : -1,
                 lines.size());
  }
  if (pending > 0) Collect(client, lines, pending, options, meter);
  meter.Finish();

  SubmitSummary summary;
  for (const Line& line : lines) {
    report << "line " << line.number << ": " << ReportOf(line.outcome) << "\n";
    ++summary.lines;
    switch (line.outcome.kind) {
      case Kind::kCommitted:
        ++summary.committed;
        break;
      case Kind::kRejected:
        ++summary.rejected;
        break;
      case Kind::kRefused:
        ++summary.refused;
        break;
      case Kind::kPending:
        ++summary.pending;
        break;
      case Kind::kUnreachable:
        ++summary.not_sent;
        break;
      case Kind::kDenied:
        ++summary.not_sent;
        summary.denied = true;
        break;
    }
  }
  return summary;
}

int SubmitFile(const std::string& node_url, const std::string& token, const std::string& path,
               const SubmitOptions& options, std::ostream& out, std::ostream& err) {
  std::unique_ptr<NodeClient> client;
  if (Status s = NodeClient::Open(node_url, token, std::chrono::seconds(60), &client); !s.ok()) {
    err << "error: " << s.message() << "\n";
    return 2;
  }
  std::ifstream file;
  uint64_t total_bytes = 0;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) {
      err << "error: cannot open " << path << "\n";
      return 2;
    }
    std::error_code ignored;  // a pipe or a device has no size: no percentage then
    const auto size = std::filesystem::file_size(path, ignored);
    total_bytes = ignored ? 0 : static_cast<uint64_t>(size);
  }
  std::istream& in = path == "-" ? std::cin : file;

  const Clock::time_point started = Clock::now();
  const SubmitSummary s = SubmitLines(*client, in, total_bytes, options, out, err);
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  char timing[64];
  std::snprintf(timing, sizeof timing, "%.1f s, %.0f lines/s", seconds,
                seconds > 0 ? static_cast<double>(s.lines) / seconds : 0.0);
  out << path << ": " << s.lines << " lines: " << s.committed << " committed, " << s.rejected << " rejected, "
      << s.refused << " refused, " << s.pending << " pending, " << s.not_sent << " not sent (" << timing
      << ")\n";
  if (s.denied) {
    err << "error: de node weigert het token (zie het verslag hierboven); wat erna kwam is niet verstuurd\n";
    return 2;
  }
  return s.all_committed() ? 0 : 1;
}

}  // namespace regiotafel::organisation
