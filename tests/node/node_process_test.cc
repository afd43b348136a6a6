// The bus and a node as separate processes (regiotafel-bus, regiotafel-node) on free 127.0.0.1
// ports, with real RocksDB directories. The test talks HTTP to the node and BusFrames to the bus's
// fetch socket: posting, refusals, batches, CurveZMQ and tokens. Processes killed:
// node_process_faults_test.cc; catching up and checkpoints: node_process_catch_up_test.cc.
#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "base/bytes.h"
#include "base/merkle.h"
#include "eventstore/checkpoint.h"
#include "eventstore/checkpoint_store.h"
#include "tests/node/node_process_fixture.h"
#include "tests/support/bus_frames.h"
#include "tests/support/node_answer.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"
#include "tests/support/whole_log.h"

namespace regiotafel {
namespace {

using namespace std::chrono_literals;
using testing::Answer;
using testing::Eventually;
using testing::kOrg;
using testing::RegionTest;
using testing::SignaalBody;
using testing::ToAnswer;

TEST_F(RegionTest, PostWithWaitForCommitAnswersOnceTheReplicaHasIt) {
  StartBus();
  StartNode();
  const std::string id = NewUuid();
  Answer answer = Post(SignaalBody(id, 1), true);
  ASSERT_EQ(answer.code, 200) << answer.body;
  EXPECT_EQ(answer.Text("status"), "COMMITTED");
  EXPECT_EQ(answer.Text("event_id"), id);
  EXPECT_EQ(answer.Number("position"), 1u);

  // Read-your-writes: the node's own log shows it already.
  Answer head = Get("/api/v1/log/head");
  ASSERT_EQ(head.code, 200);
  EXPECT_EQ(head.Number("position"), 1u);
  EXPECT_EQ(head.Text("hash").size(), 64u);
  EXPECT_EQ(BusHead(), 1u);

  Answer status = Get("/api/v1/events/" + id);
  ASSERT_EQ(status.code, 200) << status.body;
  EXPECT_EQ(status.Text("status"), "COMMITTED");
  EXPECT_EQ(status.Number("position"), 1u);

  // Without an id the node makes one; without wait it answers at once.
  Answer second =
      Post(R"({"begeleiding_taak": {"datum": "2025-03-02", "v_nummer": "1234567890", "taak": "HUISARTS"}})",
           false);
  ASSERT_EQ(second.code, 202) << second.body;
  EXPECT_EQ(second.Text("status"), "PENDING");
  EXPECT_TRUE(IsCanonicalUuid(second.Text("event_id")));
  ASSERT_TRUE(Eventually(
      [&] { return Get("/api/v1/events/" + second.Text("event_id")).Text("status") == "COMMITTED"; }));
  EXPECT_EQ(Get("/api/v1/events/" + second.Text("event_id")).Number("position"), 2u);

  // Posting the same event again answers its decision; nothing new is written.
  Answer again = Post(SignaalBody(id, 1), true);
  EXPECT_EQ(again.code, 200) << again.body;
  EXPECT_EQ(again.Number("position"), 1u);
  EXPECT_EQ(BusHead(), 2u);
  ExpectReplicaIdenticalToBus();
}

TEST_F(RegionTest, RefusedAtTheDoorIsNeverStored) {
  StartBus();
  StartNode();
  // A gemeente may not publish an Aanmelding.
  Answer wrong_kind = Post(R"({"aanmelding": {"datum": "2025-03-01", "v_nummer": "1234567890", "naam": "A",
      "gemeente": "gemeente:dordrecht"}})",
                           true);
  EXPECT_EQ(wrong_kind.code, 400) << wrong_kind.body;
  EXPECT_EQ(wrong_kind.Text("field"), "aanmelding");
  EXPECT_FALSE(wrong_kind.Text("error").empty());

  // A BSN that fails the 11-proef.
  Answer bad_bsn = Post(R"({"brp_inschrijving": {"datum": "2025-03-01", "v_nummer": "1234567890",
      "gemeente": "gemeente:dordrecht", "personen": [{"v_nummer": "1234567890", "bsn": "123456789"}]}})",
                        true);
  EXPECT_EQ(bad_bsn.code, 400) << bad_bsn.body;
  EXPECT_NE(bad_bsn.Text("field").find("bsn"), std::string::npos) << bad_bsn.body;

  // Someone else's BrpInschrijving ("own" rule).
  Answer not_own = Post(R"({"brp_inschrijving": {"datum": "2025-03-01", "v_nummer": "1234567890",
      "gemeente": "gemeente:zwijndrecht", "personen": [{"v_nummer": "1234567890", "bsn": "111222333"}]}})",
                        true);
  EXPECT_EQ(not_own.code, 400) << not_own.body;

  for (const std::string& body : {std::string("{\"signaal\": "), std::string("[]"), std::string("\xff\xfe{}"),
                                  std::string(""), std::string(R"({"signaal": {}, "origin": "coa:coa"})")}) {
    Answer answer = Post(body, false);
    EXPECT_EQ(answer.code, 400) << body << " → " << answer.body;
    EXPECT_FALSE(answer.Text("error").empty()) << answer.body;
  }
  // Random bytes, and random cuts of a good body: always a 400 with a reason, never a crash.
  std::mt19937 random(7);
  const std::string good = SignaalBody(NewUuid(), 1);
  for (int i = 0; i < 40; ++i) {
    std::string body = i % 2 ? good.substr(0, random() % good.size()) : std::string(random() % 300, '\0');
    if (i % 2 == 0) {
      for (char& c : body) c = static_cast<char>(random());
    }
    Answer answer = Post(body, i % 4 == 0);
    EXPECT_EQ(answer.code, 400) << answer.body;
  }
  Answer bad_wait = ToAnswer(Client().Post("/api/v1/events?wait=later", good, "application/json"));
  EXPECT_EQ(bad_wait.code, 400);
  EXPECT_EQ(bad_wait.Text("field"), "wait");
  Answer control = Post(good, false);  // a good one still works
  EXPECT_EQ(control.code, 202);

  // Only the control event went anywhere.
  ASSERT_TRUE(Eventually([&] { return Get("/healthz").Number("pending") == 0; }));
  EXPECT_EQ(BusHead(), 1u);
  EXPECT_EQ(Get("/api/v1/events/" + NewUuid()).code, 404);
  EXPECT_EQ(Get("/api/v1/events/not-a-uuid").code, 400);
  EXPECT_EQ(Get("/api/v1/nothing").code, 404);
}

// POST /api/v1/events/batch: each line answered as its own POST would be, with that POST's code; the
// good ones stored in one write and appended in the batch's order.
TEST_F(RegionTest, ABatchAnswersEachLineAsItsOwnPostWouldAndKeepsTheirOrder) {
  StartBus();
  StartNode();
  // SignaalBody spans lines; a batch line is one.
  auto line = [](const std::string& id, int i) {
    std::string body = SignaalBody(id, i);
    std::replace(body.begin(), body.end(), '\n', ' ');
    return body;
  };
  const std::string a = NewUuid(), b = NewUuid();
  const std::string batch =
      line(a, 1) + "\n" + "dit is geen json\n" +
      R"({"aanmelding": {"datum": "2025-03-01", "v_nummer": "1234567890", "naam": "A", "gemeente": "gemeente:dordrecht"}})" +
      "\n" + line(b, 2) + "\r\n" + line(a, 1) + "\n" + line(a, 3);
  Answer answer = ToAnswer(Client().Post("/api/v1/events/batch", batch, "application/x-ndjson"));
  ASSERT_EQ(answer.code, 200) << answer.body;
  const google::protobuf::ListValue& results = answer.json.fields().at("results").list_value();
  ASSERT_EQ(results.values_size(), 6) << answer.body;
  auto field = [&](int i, const std::string& key) {
    const auto& fields = results.values(i).struct_value().fields();
    auto it = fields.find(key);
    return it == fields.end() ? google::protobuf::Value() : it->second;
  };
  EXPECT_EQ(field(0, "code").number_value(), 202);
  EXPECT_EQ(field(0, "event_id").string_value(), a);
  EXPECT_EQ(field(0, "status").string_value(), "PENDING");
  EXPECT_EQ(field(1, "code").number_value(), 400);
  EXPECT_FALSE(field(1, "error").string_value().empty());
  EXPECT_EQ(field(2, "code").number_value(), 400) << "a gemeente may not publish an aanmelding";
  EXPECT_EQ(field(2, "field").string_value(), "aanmelding");
  EXPECT_EQ(field(3, "code").number_value(), 202);
  EXPECT_EQ(field(4, "code").number_value(), 202) << "the same event again: the first answer";
  EXPECT_EQ(field(4, "event_id").string_value(), a);
  EXPECT_EQ(field(5, "code").number_value(), 409) << "the same id with another payload";
  EXPECT_EQ(field(5, "field").string_value(), "event_id");

  ASSERT_TRUE(Eventually([&] { return Get("/api/v1/events/" + b).Text("status") == "COMMITTED"; }));
  EXPECT_EQ(Get("/api/v1/events/" + a).Number("position"), 1u);
  EXPECT_EQ(Get("/api/v1/events/" + b).Number("position"), 2u) << "the batch's order";
  EXPECT_EQ(BusHead(), 2u);

  // Again, now decided: each answered with its decision.
  Answer again = ToAnswer(Client().Post("/api/v1/events/batch", line(b, 2), "application/x-ndjson"));
  ASSERT_EQ(again.code, 200) << again.body;
  EXPECT_NE(again.body.find("\"code\": 200"), std::string::npos) << again.body;
  EXPECT_NE(again.body.find("\"COMMITTED\""), std::string::npos) << again.body;

  EXPECT_EQ(ToAnswer(Client().Post("/api/v1/events/batch", "", "application/x-ndjson")).code, 400);
  std::string too_many;
  for (int i = 0; i < 1001; ++i) too_many += line(NewUuid(), i) + "\n";
  Answer refused = ToAnswer(Client().Post("/api/v1/events/batch", too_many, "application/x-ndjson"));
  EXPECT_EQ(refused.code, 413) << refused.body;
  EXPECT_FALSE(refused.Text("error").empty());
  ASSERT_TRUE(Eventually([&] { return Get("/healthz").Number("pending") == 0; }));
  EXPECT_EQ(BusHead(), 2u) << "nothing of a refused batch was stored";
}

TEST_F(RegionTest, ABusRejectionIsAnsweredWith422AndKept) {
  WriteTrust(SigningKey::Generate());  // the bus trusts another key for this organisation
  StartBus();
  StartNode();
  const std::string id = NewUuid();
  Answer answer = Post(SignaalBody(id, 1), true);
  ASSERT_EQ(answer.code, 422) << answer.body;
  EXPECT_EQ(answer.Text("status"), "REJECTED");
  EXPECT_FALSE(answer.Text("error").empty());
  Answer status = Get("/api/v1/events/" + id);
  EXPECT_EQ(status.code, 200);
  EXPECT_EQ(status.Text("status"), "REJECTED");
  EXPECT_EQ(status.Text("error"), answer.Text("error"));
  EXPECT_EQ(BusHead(), 0u);
  EXPECT_NE(testing::ReadFile(dir_.Sub("bus.log")).find(kOrg), std::string::npos);  // the rejection is logged
}

// Separate processes with CurveZMQ: a node whose Curve key the bus does not trust gets nothing in
// (its event waits in its outbox, the bus logs the refusal with the key); once the trust file names
// its key and the bus restarts, the same outbox drains.
TEST_F(RegionTest, WithCurveOnlyATrustedKeyGetsThrough) {
  const transport::CurveKeyPair node_key = transport::GenerateCurveKeyPair();
  ASSERT_NO_FATAL_FAILURE(UseCurve(node_key, transport::GenerateCurveKeyPair().public_key));
  ASSERT_NO_FATAL_FAILURE(StartBus());
  ASSERT_NO_FATAL_FAILURE(StartNode());
  const std::string id = NewUuid();
  Answer answer = Post(SignaalBody(id, 1), false);
  ASSERT_EQ(answer.code, 202) << answer.body;
  const std::string refusal =
      "verbinding geweigerd: adres=127.0.0.1 sleutel=" + transport::ToZ85(node_key.public_key);
  EXPECT_TRUE(Eventually([&] {
    return testing::ReadFile(dir_.Sub("bus.log")).find(refusal) != std::string::npos;
  })) << "no refusal naming the node's key in the bus's log";
  EXPECT_EQ(BusHead(), 0u);
  EXPECT_EQ(Get("/api/v1/events/" + id).Text("status"), "PENDING");

  ASSERT_NO_FATAL_FAILURE(StopGently(bus_));
  probe_.reset();
  WriteCurveTrust(node_key.public_key);
  ASSERT_NO_FATAL_FAILURE(StartBus());
  EXPECT_TRUE(Eventually([&] { return Get("/api/v1/events/" + id).Text("status") == "COMMITTED"; }));
  EXPECT_EQ(BusHead(), 1u);
  EXPECT_NE(testing::ReadFile(dir_.Sub("bus.log")).find("verbonden: organisatie=gemeente:dordrecht"),
            std::string::npos);
  ExpectReplicaIdenticalToBus();

  // An auditor checks the stopped node's replica: the chain, and the record's signature (a batch
  // proof, made by the node's sender) against the trust file; with another key in it, it fails.
  auto audit = [&](const std::string& out) {
    return testing::RunToEnd({AUDIT_BINARY, "verify", dir_.Sub("node"), "--trust", dir_.Sub("trust.toml")},
                             dir_.Sub(out))
        .exit_code;
  };
  EXPECT_EQ(audit("audit.txt"), 0) << testing::ReadFile(dir_.Sub("audit.txt"));
  EXPECT_NE(testing::ReadFile(dir_.Sub("audit.txt")).find("elke handtekening klopt"), std::string::npos);
  key_ = SigningKey::Generate();
  WriteCurveTrust(node_key.public_key);  // the same organisation, another Ed25519 key
  EXPECT_EQ(audit("audit-other-key.txt"), 1);
  EXPECT_NE(testing::ReadFile(dir_.Sub("audit-other-key.txt")).find("NIET IN ORDE op positie 1"),
            std::string::npos)
      << testing::ReadFile(dir_.Sub("audit-other-key.txt"));
}
// A node with [[tokens]]: every call but GET /healthz needs a Bearer token; a lezen token reads but
// does not write; each refusal is logged with the remote address, never with the token.
TEST_F(RegionTest, TokensGuardEveryCallButHealthz) {
  const std::string schrijven = NewUuid() + NewUuid();  // 72 characters
  const std::string lezen = NewUuid() + NewUuid();
  {
    std::ofstream out(dir_.Sub("node.toml"), std::ios::app);
    out << "[[tokens]]\ntoken = \"" << schrijven << "\"\nrol = \"schrijven\"\n"
        << "[[tokens]]\ntoken = \"" << lezen << "\"\nrol = \"lezen\"\n";
  }
  StartBus();
  StartNode();  // waits for /healthz, without a token
  struct Reply {
    Answer answer;
    std::string challenge;  // WWW-Authenticate
  };
  httplib::Client client = Client();  // one keep-alive connection for every call below
  client.set_keep_alive(true);
  auto call = [&](const std::string& method, const std::string& path, const std::string& token,
                  const std::string& body = "") {
    httplib::Headers headers;
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    httplib::Result result = method == "POST" ? client.Post(path.c_str(), headers, body, "application/json")
                                              : client.Get(path.c_str(), headers);
    Reply reply{ToAnswer(result), result ? result->get_header_value("WWW-Authenticate") : ""};
    return reply;
  };

  EXPECT_EQ(call("GET", "/healthz", "").answer.code, 200) << "open to liveness probes";
  const Reply none = call("GET", "/api/v1/log/head", "");
  EXPECT_EQ(none.answer.code, 401) << none.answer.body;
  EXPECT_EQ(none.challenge, "Bearer");
  EXPECT_NE(none.answer.Text("error").find("geen toegang"), std::string::npos) << none.answer.body;
  const Reply wrong = call("GET", "/api/v1/log/head", schrijven + "0");
  EXPECT_EQ(wrong.answer.code, 401) << wrong.answer.body;
  EXPECT_NE(wrong.challenge.find("invalid_token"), std::string::npos) << wrong.challenge;
  EXPECT_EQ(call("GET", "/api/v1/dossiers", "").answer.code, 401) << "the views too";
  EXPECT_EQ(call("GET", "/api/v1/checkpoints", "").answer.code, 401) << "the checkpoints too";
  EXPECT_EQ(call("GET", "/api/v1/onbekend", "").answer.code, 401) << "no route is told without a token";

  // Refused POSTs, with their bodies: the connection goes on with the next request.
  const std::string body = SignaalBody(NewUuid(), 1);
  EXPECT_EQ(call("POST", "/api/v1/events?wait=commit", "", body).answer.code, 401);
  EXPECT_EQ(call("POST", "/api/v1/onbekend", "", body).answer.code, 401);
  const Reply read_only = call("POST", "/api/v1/events?wait=commit", lezen, body);
  EXPECT_EQ(read_only.answer.code, 403) << read_only.answer.body;
  EXPECT_NE(read_only.challenge.find("insufficient_scope"), std::string::npos) << read_only.challenge;
  EXPECT_NE(read_only.answer.Text("error").find("alleen lezen"), std::string::npos) << read_only.answer.body;
  EXPECT_EQ(call("GET", "/api/v1/log/head", lezen).answer.code, 200);
  EXPECT_EQ(call("GET", "/api/v1/dossiers", lezen).answer.code, 200);
  EXPECT_EQ(call("GET", "/api/v1/checkpoints", lezen).answer.code, 200);
  EXPECT_EQ(call("GET", "/api/v1/log/head", lezen).answer.Number("position"), 0u) << "nothing was stored";
  // What a token may do, for the dashboard to offer no more (docs/DASHBOARD.md).
  EXPECT_EQ(call("GET", "/api/v1/toegang", "").answer.code, 401);
  const Reply toegang = call("GET", "/api/v1/toegang", lezen);
  EXPECT_EQ(toegang.answer.code, 200) << toegang.answer.body;
  EXPECT_EQ(toegang.answer.Text("rol"), "lezen") << toegang.answer.body;
  EXPECT_EQ(toegang.answer.Text("organisatie"), "gemeente:dordrecht") << toegang.answer.body;
  EXPECT_EQ(call("GET", "/api/v1/toegang", schrijven).answer.Text("rol"), "schrijven");

  const Reply written = call("POST", "/api/v1/events?wait=commit", schrijven, body);
  EXPECT_EQ(written.answer.code, 200) << written.answer.body;
  EXPECT_EQ(written.answer.Text("status"), "COMMITTED");
  EXPECT_EQ(call("GET", "/api/v1/log/head", schrijven).answer.Number("position"), 1u);
  EXPECT_EQ(call("POST", "/api/v1/onbekend", schrijven, body).answer.code, 404) << "with a token: the route";

  const std::string log = testing::ReadFile(dir_.Sub("node.log"));
  EXPECT_NE(log.find("GET /api/v1/log/head from 127.0.0.1 refused (401): no Authorization header"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("refused (401): unknown token"), std::string::npos) << log;
  EXPECT_NE(log.find("POST /api/v1/events from 127.0.0.1 refused (403): a lezen token may not POST"),
            std::string::npos)
      << log;
  EXPECT_EQ(log.find(schrijven), std::string::npos) << "a token never reaches the log";
  EXPECT_EQ(log.find(lezen), std::string::npos) << "a token never reaches the log";
}

// Without tokens the API is open, so the node refuses to listen anywhere but on loopback.
TEST_F(RegionTest, ANodeWithoutTokensRefusesANonLoopbackAddress) {
  std::string config = testing::ReadFile(dir_.Sub("node.toml"));
  const std::string loopback = "adres = \"127.0.0.1\"";
  ASSERT_NE(config.find(loopback), std::string::npos);
  config.replace(config.find(loopback), loopback.size(), "adres = \"0.0.0.0\"");
  WriteFile("node.toml", config);
  ASSERT_TRUE(node_.Start({NODE_BINARY, "--config", dir_.Sub("node.toml")}, dir_.Sub("node.log")));
  const std::optional<int> status = node_.Wait(30s);
  ASSERT_TRUE(status) << "still running";
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 2) << "wait status " << *status;
  const std::string log = testing::ReadFile(dir_.Sub("node.log"));
  EXPECT_NE(log.find("http.adres = \"0.0.0.0\" is not a loopback address"), std::string::npos) << log;
  EXPECT_NE(log.find("[[tokens]]"), std::string::npos) << log;
}

}  // namespace
}  // namespace regiotafel
