#include "services/simulator/region_json.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <fstream>
#include <sstream>

namespace regiotafel::simulator {

namespace pb = google::protobuf;

Status ReadRegionJson(const std::string& path, RegionNodes* out) {
  std::ifstream in(path);
  if (!in) return Status::NotFound("cannot read " + path + " (is the region started? deploy/region up …)");
  std::stringstream text;
  text << in.rdbuf();
  pb::Struct json;
  if (!pb::util::JsonStringToMessage(text.str(), &json).ok()) {
    return Status::InvalidArgument(path + " is not JSON");
  }
  const auto& fields = json.fields();
  if (!fields.contains("nodes") || fields.at("nodes").kind_case() != pb::Value::kStructValue) {
    return Status::InvalidArgument(path + " has no \"nodes\" (a region.json of regiotafel-region up?)");
  }
  RegionNodes nodes;
  if (fields.contains("naam")) nodes.naam = fields.at("naam").string_value();
  for (const auto& [org, url] : fields.at("nodes").struct_value().fields())
    nodes.nodes[org] = url.string_value();
  if (fields.contains("tokens")) {
    for (const auto& [org, token] : fields.at("tokens").struct_value().fields()) {
      nodes.tokens[org] = token.string_value();
    }
  }
  if (nodes.nodes.empty()) return Status::InvalidArgument(path + " names no nodes");
  *out = std::move(nodes);
  return Status::Ok();
}

}  // namespace regiotafel::simulator
