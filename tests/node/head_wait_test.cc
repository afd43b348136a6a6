// The long-poll of a node's replica head, GET /api/v1/log/head?na=N[&wacht=S], against real
// regiotafel-bus and regiotafel-node processes (the region of tests/support/fault_region.h): it
// answers at once when the head is already beyond N, as soon as a commit moves it beyond N, and
// with the unchanged head after `wacht`; bad parameters are 400 with the field, no token 401.
#include "tests/support/head_wait.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>

#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "base/uuid.h"
#include "services/node_client/node_client.h"
#include "tests/support/fault_region.h"
#include "tests/support/node_answer.h"

namespace regiotafel::testing {
namespace {

using node_client::LogHead;
using node_client::NodeClient;

const std::string kLezen(40, 'l');
const std::string kSchrijven(40, 's');

class HeadWaitTest : public FaultRegion {
 protected:
  // The bus and a node (n_, with tokens when `tokens`), started.
  void StartRegion(bool tokens = false) {
    NodeOptions options;
    if (tokens) options.lezen_token = kLezen, options.schrijven_token = kSchrijven;
    n_ = AddNode(kOrg, options);
    ASSERT_NO_FATAL_FAILURE(StartBus());
    ASSERT_NO_FATAL_FAILURE(StartNode(n_));
  }
  // Posts `count` events and waits for each to be committed and in the node's replica.
  void Commit(size_t n, int count, const std::string& token = "") {
    httplib::Client client("127.0.0.1", node(n).http_port);
    client.set_read_timeout(120s);
    if (!token.empty()) client.set_bearer_token_auth(token);
    for (int i = 0; i < count; ++i) {
      const Answer answer = ToAnswer(
          client.Post("/api/v1/events?wait=commit", SignaalBody(NewUuid(), posted_++), "application/json"));
      ASSERT_EQ(answer.code, 200) << answer.body;
    }
  }
  // A NodeClient of node n whose read timeout is shorter than any wacht the tests give, so that
  // an answer that should come at once cannot come from the wacht running out instead.
  std::unique_ptr<NodeClient> Client(size_t n, const std::string& token = "") {
    std::unique_ptr<NodeClient> client;
    EXPECT_TRUE(NodeClient::Open(Url(n), token, 20s, &client).ok());
    return client;
  }
  LogHead PlainHead(size_t n, const std::string& token = "") {
    const Answer head = Get(n, "/api/v1/log/head", token);
    EXPECT_EQ(head.code, 200) << head.body;
    return {head.Number("position"), head.Text("hash")};
  }

  static constexpr const char* kOrg = "gemeente:dordrecht";
  size_t n_ = 0;
  int posted_ = 0;
};

TEST_F(HeadWaitTest, AnswersAtOnceWhenTheHeadIsAlreadyBeyond) {
  ASSERT_NO_FATAL_FAILURE(StartRegion());
  const size_t n = n_;
  ASSERT_NO_FATAL_FAILURE(Commit(n, 3));
  const LogHead plain = PlainHead(n);
  ASSERT_EQ(plain.position, 3u);
  // wacht=60 and a client that gives up after 20 s: only an answer at once passes.
  httplib::Client client("127.0.0.1", node(n).http_port);
  client.set_read_timeout(20s);
  for (const char* na : {"0", "1", "2"}) {
    const Answer answer = ToAnswer(client.Get(std::string("/api/v1/log/head?na=") + na + "&wacht=60"));
    ASSERT_EQ(answer.code, 200) << "na=" << na << ": " << answer.body;
    EXPECT_EQ(answer.Number("position"), 3u) << answer.body;
    EXPECT_EQ(answer.Text("hash"), plain.hash) << answer.body;
  }
  // The same through NodeClient, with a patience far beyond the client's read timeout.
  LogHead head;
  ASSERT_TRUE(Client(n)->WaitForHead(2, 120s, &head).ok());
  EXPECT_EQ(head.position, 3u);
  EXPECT_EQ(head.hash, plain.hash);
}

TEST_F(HeadWaitTest, AnswersWhenACommitMovesTheHeadBeyond) {
  ASSERT_NO_FATAL_FAILURE(StartRegion());
  const size_t n = n_;
  ASSERT_NO_FATAL_FAILURE(Commit(n, 2));
  // The bus frozen: nothing the node posts can be committed, so the head cannot move.
  bus_.Kill(SIGSTOP);
  std::future<Answer> waiting = std::async(std::launch::async, [&] {
    httplib::Client client("127.0.0.1", node(n).http_port);
    client.set_read_timeout(30s);  // shorter than wacht: the answer must come from the commit
    return ToAnswer(client.Get("/api/v1/log/head?na=2&wacht=60"));
  });
  // A second long-poll that runs out (1 s) with the head where it was: by then the first one waits.
  const Answer unmoved = Get(n, "/api/v1/log/head?na=2&wacht=1");
  EXPECT_EQ(unmoved.code, 200) << unmoved.body;
  EXPECT_EQ(unmoved.Number("position"), 2u) << unmoved.body;
  httplib::Client poster("127.0.0.1", node(n).http_port);
  const Answer pending =
      ToAnswer(poster.Post("/api/v1/events", SignaalBody(NewUuid(), posted_++), "application/json"));
  ASSERT_EQ(pending.code, 202) << pending.body;
  ASSERT_EQ(waiting.wait_for(0s), std::future_status::timeout) << "answered while the head could not move";
  bus_.Kill(SIGCONT);  // the outbox's event is committed: the head moves to 3
  const Answer moved = waiting.get();
  ASSERT_EQ(moved.code, 200) << moved.body;
  EXPECT_EQ(moved.Number("position"), 3u) << moved.body;
  EXPECT_EQ(moved.Text("hash"), PlainHead(n).hash);
}

TEST_F(HeadWaitTest, NodeClientWaitsForTheHeadAcrossACommit) {
  ASSERT_NO_FATAL_FAILURE(StartRegion(true));
  const size_t n = n_;
  ASSERT_NO_FATAL_FAILURE(Commit(n, 1, kSchrijven));
  bus_.Kill(SIGSTOP);
  std::future<std::pair<Status, LogHead>> waiting = std::async(std::launch::async, [&] {
    LogHead head;
    Status s = Client(n, kLezen)->WaitForHead(1, 120s, &head);
    return std::pair{s, head};
  });
  // As above: a long-poll that runs out first, so that the client's is waiting by now.
  EXPECT_EQ(Get(n, "/api/v1/log/head?na=1&wacht=1", kLezen).Number("position"), 1u);
  httplib::Client poster("127.0.0.1", node(n).http_port);
  poster.set_bearer_token_auth(kSchrijven);
  const Answer pending =
      ToAnswer(poster.Post("/api/v1/events", SignaalBody(NewUuid(), posted_++), "application/json"));
  ASSERT_EQ(pending.code, 202) << pending.body;
  ASSERT_EQ(waiting.wait_for(0s), std::future_status::timeout) << "answered while the head could not move";
  bus_.Kill(SIGCONT);
  const auto [status, head] = waiting.get();
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(head.position, 2u);
  EXPECT_EQ(head.hash, PlainHead(n, kLezen).hash);
}

TEST_F(HeadWaitTest, AnswersTheUnchangedHeadAfterWacht) {
  ASSERT_NO_FATAL_FAILURE(StartRegion());
  const size_t n = n_;
  ASSERT_NO_FATAL_FAILURE(Commit(n, 2));
  const LogHead plain = PlainHead(n);
  for (const char* wacht : {"0", "1"}) {
    const Answer answer = Get(n, std::string("/api/v1/log/head?na=2&wacht=") + wacht);
    ASSERT_EQ(answer.code, 200) << "wacht=" << wacht << ": " << answer.body;
    EXPECT_EQ(answer.Number("position"), 2u) << answer.body;
    EXPECT_EQ(answer.Text("hash"), plain.hash) << answer.body;
  }
  // Far beyond the head: the client sees it did not move.
  LogHead head;
  ASSERT_TRUE(Client(n)->WaitForHead(1000, 2s, &head).ok());
  EXPECT_EQ(head.position, 2u);
  EXPECT_EQ(head.hash, plain.hash);
  EXPECT_FALSE(HeadReaches(Url(n), "", 1001, 1s)) << "a head that did not move must not pass";
}

TEST_F(HeadWaitTest, RefusesBadParametersWithTheirField) {
  ASSERT_NO_FATAL_FAILURE(StartRegion());
  const size_t n = n_;
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"na=", "na"},
      {"na=abc", "na"},
      {"na=-1", "na"},
      {"na=+1", "na"},
      {"na=1.5", "na"},
      {"na=%201", "na"},
      {"na=18446744073709551615", "na"},
      {"na=18446744073709551616", "na"},
      {"na=1&na=2", "na"},
      {"na=1&wacht=61", "wacht"},
      {"na=1&wacht=-1", "wacht"},
      {"na=1&wacht=x", "wacht"},
      {"na=1&wacht=", "wacht"},
      {"wacht=1", "wacht"},
      {"na=1&tot=5", "tot"},
      {"positie=1", "positie"},
  };
  for (const auto& [query, field] : bad) {
    const Answer answer = Get(n, "/api/v1/log/head?" + query);
    EXPECT_EQ(answer.code, 400) << query << ": " << answer.body;
    EXPECT_EQ(answer.Text("field"), field) << query << ": " << answer.body;
    EXPECT_FALSE(answer.Text("error").empty()) << query << ": " << answer.body;
  }
  EXPECT_NE(Get(n, "/api/v1/log/head?na=1&wacht=61").Text("error").find("seconden"), std::string::npos);
  EXPECT_EQ(Get(n, "/api/v1/log/head?na=0&wacht=0").code, 200);
  EXPECT_EQ(Get(n, "/api/v1/log/head").code, 200);
}

TEST_F(HeadWaitTest, NeedsATokenWhenTokensAreConfigured) {
  ASSERT_NO_FATAL_FAILURE(StartRegion(true));
  const size_t n = n_;
  httplib::Client anonymous("127.0.0.1", node(n).http_port);
  const httplib::Result refused = anonymous.Get("/api/v1/log/head?na=0&wacht=1");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 401) << refused->body;
  EXPECT_EQ(refused->get_header_value("WWW-Authenticate"), "Bearer");
  EXPECT_EQ(Get(n, "/api/v1/log/head?na=0&wacht=1", kSchrijven + "x").code, 401);
  // The token is checked before the parameters: a bad na without a token is a 401 too.
  EXPECT_EQ(Get(n, "/api/v1/log/head?na=x").code, 401);
  const Answer allowed = Get(n, "/api/v1/log/head?na=0&wacht=1", kLezen);
  EXPECT_EQ(allowed.code, 200) << allowed.body;
  LogHead head;
  const Status denied = Client(n)->WaitForHead(0, 1s, &head);
  EXPECT_TRUE(denied.IsUnavailable()) << denied.ToString();
  EXPECT_TRUE(Client(n, kLezen)->WaitForHead(0, 1s, &head).ok());
}

}  // namespace
}  // namespace regiotafel::testing
