#include "services/organisation/submit_file.h"

#include <unistd.h>

#include <fstream>
#include <iostream>
#include <utility>
#include <vector>

#include "contract/identifiers.h"

namespace regiotafel::organisation {
namespace {

using Kind = node_client::EventOutcome::Kind;

bool Blank(const std::string& text) { return text.find_first_not_of(" \t") == std::string::npos; }

std::string ReportOf(const node_client::EventOutcome& outcome) {
  // An unreachable line's error already says "not sent: …" or "no answer: …".
  return outcome.kind == Kind::kUnreachable ? outcome.error : node_client::Describe(outcome);
}

}  // namespace

SubmitSummary SubmitLines(node_client::NodeClient& client, std::istream& in, const SubmitOptions& options,
                          std::ostream& report, std::ostream& err) {
  // Every non-blank line, in order; a line that is not UTF-8 is refused here (the report must stay
  // valid UTF-8, and the node would refuse it anyway), the others are posted.
  std::vector<std::pair<uint64_t, node_client::EventOutcome>>
      lines;  // line number (blank lines counted), outcome
  std::vector<Post> posts;
  std::vector<size_t> posted_line;  // posts[i] is lines[posted_line[i]]
  uint64_t number = 0;
  for (std::string text; std::getline(in, text);) {
    ++number;
    if (!text.empty() && text.back() == '\r') text.pop_back();
    if (Blank(text)) continue;
    node_client::EventOutcome outcome;
    if (!contract::IsValidUtf8(text)) {
      outcome.kind = Kind::kRefused;
      outcome.http_status = 400;
      outcome.error = "the line is not valid UTF-8";
    } else {
      posted_line.push_back(lines.size());
      posts.push_back(Post{number, std::move(text)});
    }
    lines.emplace_back(number, std::move(outcome));
  }
  ProgressMeter meter(err, options.progress);
  std::vector<Posted> posted = PostAll(client, posts, "line", options, meter);
  for (size_t i = 0; i < posted.size(); ++i) lines[posted_line[i]].second = std::move(posted[i].outcome);

  SubmitSummary summary;
  for (const auto& [line, outcome] : lines) {
    report << "line " << line << ": " << ReportOf(outcome) << "\n";
    ++summary.lines;
    switch (outcome.kind) {
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
  std::unique_ptr<node_client::NodeClient> client;
  if (Status s = node_client::NodeClient::Open(node_url, token, std::chrono::seconds(60), &client); !s.ok()) {
    err << "error: " << s.message() << "\n";
    return 2;
  }
  std::ifstream file;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) {
      err << "error: cannot open " << path << "\n";
      return 2;
    }
  }
  std::istream& in = path == "-" ? std::cin : file;

  const auto started = std::chrono::steady_clock::now();
  const SubmitSummary s = SubmitLines(*client, in, options, out, err);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
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
