// A node's HTTP answers as the tests that run nodes as real processes read them (tests/node/,
// tests/faults/, the launcher's tests): the code with the JSON body parsed, and a valid event body to post.
#pragma once

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <httplib.h>

#include <cstdint>
#include <string>
#include <vector>

namespace regiotafel::testing {

// One HTTP answer of a node, its JSON body parsed.
struct Answer {
  int code = 0;  // 0: no HTTP answer at all
  google::protobuf::Struct json;
  std::string body;

  std::string Text(const std::string& key) const {
    auto it = json.fields().find(key);
    return it == json.fields().end() ? "" : it->second.string_value();
  }
  uint64_t Number(const std::string& key) const {
    auto it = json.fields().find(key);
    return it == json.fields().end() ? 0 : static_cast<uint64_t>(it->second.number_value());
  }
  // The rows of a view's list `list`.
  std::vector<google::protobuf::Struct> Rows(const std::string& list) const {
    std::vector<google::protobuf::Struct> rows;
    auto it = json.fields().find(list);
    if (it == json.fields().end()) return rows;
    for (const google::protobuf::Value& v : it->second.list_value().values())
      rows.push_back(v.struct_value());
    return rows;
  }
};

inline Answer ToAnswer(const httplib::Result& result) {
  Answer answer;
  if (!result) return answer;
  answer.code = result->status;
  answer.body = result->body;
  (void)google::protobuf::util::JsonStringToMessage(result->body, &answer.json);
  return answer;
}

// A valid POST /api/v1/events body (a Signaal, which every kind of organisation may publish).
inline std::string SignaalBody(const std::string& event_id, int i) {
  return R"({"event_id": ")" + event_id + R"(", "signaal": {"datum": "2025-03-01", "v_nummer": "1234567890",
      "signaal_id": "s)" +
         std::to_string(i) + R"(", "soort": "OVERIG", "omschrijving": "test"}})";
}

}  // namespace regiotafel::testing
