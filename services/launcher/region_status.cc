// `regiotafel-region status`: see region_commands.h.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <ostream>
#include <set>
#include <sstream>

#include "services/launcher/process_control.h"
#include "services/launcher/region_commands.h"
#include "services/launcher/region_layout.h"
#include "services/node_client/node_client.h"

namespace regiotafel::region {
namespace {

namespace pb = google::protobuf;

// "running (pid 123)" or "not running".
std::string ProcessState(const RegionLayout& layout, const std::string& stem, bool* running) {
  const std::optional<pid_t> pid = ReadPidFile(layout.PidFile(stem));
  *running = pid && RunningAs(*pid, layout.ConfigFile(stem));
  return *running ? "running (pid " + std::to_string(*pid) + ")" : "not running";
}

std::string Padded(const std::string& text, size_t width) {
  return text + std::string(text.size() < width ? width - text.size() : 1, ' ');
}

}  // namespace

int RegionStatus(const std::string& data_dir, std::ostream& out, std::ostream& err) {
  const RegionLayout layout(data_dir);
  std::ifstream in(layout.RegionJson());
  if (!in) {
    err << "error: no " << layout.RegionJson() << ": this region was never started (regiotafel-region up)\n";
    return 2;
  }
  std::stringstream text;
  text << in.rdbuf();
  pb::Struct region;
  if (!pb::util::JsonStringToMessage(text.str(), &region).ok() || !region.fields().contains("bus") ||
      !region.fields().contains("nodes")) {
    err << "error: " << layout.RegionJson() << " is not what regiotafel-region up writes\n";
    return 2;
  }

  bool all_running = true, running = false;
  const pb::Struct& bus = region.fields().at("bus").struct_value();
  out << Padded("bus", 38) << ProcessState(layout, std::string(RegionLayout::kBus), &running) << "  submit "
      << (bus.fields().contains("submit") ? bus.fields().at("submit").string_value() : "?") << "\n";
  all_running = all_running && running;

  // Sorted by organisation id: region.json is read as a map.
  std::map<std::string, std::string> nodes;
  for (const auto& [org, url] : region.fields().at("nodes").struct_value().fields())
    nodes[org] = url.string_value();
  // Each node's token from region.json; a region from before tokens has none.
  std::map<std::string, std::string> tokens;
  if (auto it = region.fields().find("tokens"); it != region.fields().end()) {
    for (const auto& [org, token] : it->second.struct_value().fields()) tokens[org] = token.string_value();
  }
  std::set<uint64_t> heads;
  for (const auto& [org, url] : nodes) {
    out << Padded(org, 38) << ProcessState(layout, RegionLayout::Stem(org), &running) << "  " << url;
    all_running = all_running && running;
    std::unique_ptr<node_client::NodeClient> client;
    uint64_t position = 0;
    std::string hash;
    if (!running || !node_client::NodeClient::Open(url, tokens[org], std::chrono::seconds(2), &client).ok()) {
      out << "\n";
      continue;
    }
    if (Status s = client->Head(&position, &hash); s.ok()) {
      out << "  head " << position << " " << hash.substr(0, 12);
      heads.insert(position);
    } else {
      out << "  " << s.message();  // e.g. a token that does not fit: say why there is no head
    }
    out << "\n";
  }
  if (heads.size() == 1) {
    out << "every answering node is at position " << *heads.begin() << "\n";
  } else if (heads.size() > 1) {
    out << "the heads differ (nodes catch up by themselves; ask again in a moment)\n";
  }
  return all_running ? 0 : 1;
}

}  // namespace regiotafel::region
