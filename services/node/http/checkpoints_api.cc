#include "services/node/http/checkpoints_api.h"

#include <google/protobuf/util/time_util.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "base/json_text.h"
#include "services/http/reply.h"

namespace regiotafel::node {
namespace {

using http::Refuse;
using http::Reply;

// A whole number ≥ 1 given once, when the parameter is there.
Status Number(const httplib::Request& request, const std::string& key, uint64_t* out) {
  if (!request.has_param(key)) return Status::Ok();
  if (request.get_param_value_count(key) > 1) return Status::InvalidArgument(key + " mag maar één keer", key);
  const std::string value = request.get_param_value(key);
  uint64_t number = 0;
  auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (error != std::errc() || end != value.data() + value.size() || number == 0) {
    return Status::InvalidArgument(key + " moet een geheel getal vanaf 1 zijn", key);
  }
  *out = number;
  return Status::Ok();
}

std::string ToJson(const std::vector<v1::Checkpoint>& list) {
  std::string json = "[";
  for (size_t i = 0; i < list.size(); ++i) {
    const v1::Checkpoint& c = list[i];
    json += (i == 0 ? "" : ", ");
    json += "{\"positie\": " + std::to_string(c.position()) + ", \"root\": " + JsonQuote(ToHex(c.root())) +
            ", \"tijd\": " + JsonQuote(google::protobuf::util::TimeUtil::ToString(c.tijd())) +
            ", \"signature\": " + JsonQuote(ToHex(c.signature())) + "}";
  }
  return json + "]";
}

void List(const eventstore::CheckpointStore& store, const httplib::Request& request,
          httplib::Response& response) {
  for (const auto& [key, value] : request.params) {
    if (key != "vanaf" && key != "limit") {
      return Refuse(
          response, 400,
          Status::InvalidArgument("onbekende parameter " + key + "; deze vraag kent vanaf, limit", key));
    }
  }
  uint64_t vanaf = 1, limit = 0;
  if (Status s = Number(request, "vanaf", &vanaf); !s.ok()) return Refuse(response, 400, s);
  if (Status s = Number(request, "limit", &limit); !s.ok()) return Refuse(response, 400, s);
  std::vector<v1::Checkpoint> valid, evidence;
  Status s = store.List(&valid, vanaf, static_cast<size_t>(limit));
  if (s.ok()) s = store.ListEvidence(&evidence);
  if (!s.ok()) {
    spdlog::error("checkpoints: {}", s.ToString());
    return Refuse(response, 500, s);
  }
  Reply(response, 200,
        "{\"checkpoints\": " + ToJson(valid) + ", \"tegenstrijdig\": " + ToJson(evidence) + "}");
}

}  // namespace

void RegisterCheckpointsApi(httplib::Server& server, const eventstore::CheckpointStore& store) {
  server.Get("/api/v1/checkpoints", [&store](const httplib::Request& request, httplib::Response& response) {
    List(store, request, response);
  });
}

}  // namespace regiotafel::node
