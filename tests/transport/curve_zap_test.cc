// CurveZMQ and the ZAP handler over real tcp sockets on 127.0.0.1: a CURVE server from BindRouter
// (and BindPublisher) whose handshakes a ZapHandler judges, clients from ConnectDealer (and
// ConnectSubscriber) or from a raw socket with SetCurve. An allowed key gets through both ways and
// is known as its organisation; an unknown client key, a wrong server key and a plain client fail
// the handshake (ZeroMQ's socket monitor on the server is the evidence, not a timeout) and nothing
// they sent arrives; the refusal is logged with the address and the key.
#include <gtest/gtest.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tests/transport/transport_test_util.h"
#include "transport/curve.h"
#include "transport/frame_io.h"
#include "transport/sockets.h"
#include "transport/zap_handler.h"

namespace regiotafel::transport {
namespace {

using testing::kPatience;
using testing::NextFrame;
using testing::NextRoutedFrame;
using testing::Numbered;
using testing::SocketEvents;
using testing::WaitFor;

constexpr const char* kDordrecht = "gemeente:dordrecht";
constexpr const char* kTrivire = "corporatie:trivire";

// The default logger's lines ("<level> <text>") while it lives; the one before it afterwards.
// A member declared before the ZAP handler, so that it outlives the handler's thread.
class LogCapture {
 public:
  LogCapture() : previous_(spdlog::default_logger()) {
    sink_->set_pattern("%l %v");
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("transport-test", sink_));
  }
  ~LogCapture() { spdlog::set_default_logger(previous_); }
  LogCapture(const LogCapture&) = delete;
  LogCapture& operator=(const LogCapture&) = delete;

  std::vector<std::string> Lines() const { return sink_->last_formatted(); }

 private:
  std::shared_ptr<spdlog::logger> previous_;
  std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> sink_ =
      std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(1000);
};

// The bus's side: a ZAP handler that knows Dordrecht's and Trivire's keys, and a CURVE ROUTER.
class CurveZapTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const CurveKeyOwners owners = {{dordrecht_.public_key, kDordrecht}, {trivire_.public_key, kTrivire}};
    Status s = ZapHandler::Start(context_, owners, &zap_);
    ASSERT_TRUE(s.ok()) << s.ToString();
    s = BindRouter(context_, "tcp://127.0.0.1:*", Server(), &router_, &endpoint_);
    ASSERT_TRUE(s.ok()) << s.ToString();
    server_events_.Watch(router_);
  }

  CurveSettings Server() const { return {.own = server_, .server_key = ""}; }
  CurveSettings Client(const CurveKeyPair& own) const {
    return {.own = own, .server_key = server_.public_key};
  }

  // A node's DEALER, connected and through its handshake (ZMQ_IMMEDIATE: writable only then).
  void ConnectedDealer(const CurveSettings& curve, zmq::socket_t* out) {
    Status s = ConnectDealer(context_, endpoint_, curve, out);
    ASSERT_TRUE(s.ok()) << s.ToString();
    ASSERT_TRUE(WaitFor(*out, ZMQ_POLLOUT)) << "the handshake did not finish";
  }

  // A DEALER with `curve` but without ZMQ_IMMEDIATE, with a frame queued before it connects: were
  // its connection let through, that frame would arrive.
  zmq::socket_t QueuingDealer(const CurveSettings& curve) {
    zmq::socket_t socket(context_, zmq::socket_type::dealer);
    socket.set(zmq::sockopt::linger, 0);
    SetCurve(socket, curve);
    socket.connect(endpoint_);
    EXPECT_TRUE(SendFrame(socket, Numbered(666)).ok());
    return socket;
  }

  // Dordrecht connects and sends frame 1: the router's next frame is that one, from Dordrecht, and
  // nothing else is waiting (nothing from a refused client came before or with it).
  void OnlyDordrechtGetsThrough() {
    zmq::socket_t dealer;
    ASSERT_NO_FATAL_FAILURE(ConnectedDealer(Client(dordrecht_), &dealer));
    ASSERT_TRUE(SendFrame(dealer, Numbered(1)).ok());
    std::optional<RoutedFrame> in;
    Status s = NextRoutedFrame(router_, &in);
    ASSERT_TRUE(s.ok()) << s.ToString();
    ASSERT_TRUE(in.has_value());
    EXPECT_EQ(in->frame.heartbeat().head_position(), 1u);
    EXPECT_EQ(in->user_id, kDordrecht);
    s = RecvFrameFrom(router_, &in);
    EXPECT_TRUE(s.ok()) << s.ToString();
    EXPECT_FALSE(in.has_value()) << "from " << in->user_id << ": " << in->frame.DebugString();
  }

  const CurveKeyPair server_ = GenerateCurveKeyPair();
  const CurveKeyPair dordrecht_ = GenerateCurveKeyPair();
  const CurveKeyPair trivire_ = GenerateCurveKeyPair();
  const CurveKeyPair stranger_ = GenerateCurveKeyPair();  // known to no one
  LogCapture log_;
  zmq::context_t context_;
  std::unique_ptr<ZapHandler> zap_;
  zmq::socket_t router_;
  std::string endpoint_;
  SocketEvents server_events_;  // after router_: stops watching before the router closes
};

TEST_F(CurveZapTest, AnAllowedClientExchangesFramesBothWays) {
  zmq::socket_t dealer;
  ASSERT_NO_FATAL_FAILURE(ConnectedDealer(Client(dordrecht_), &dealer));
  ASSERT_TRUE(SendFrame(dealer, Numbered(1)).ok());

  std::optional<RoutedFrame> in;
  Status s = NextRoutedFrame(router_, &in);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_TRUE(in.has_value());
  EXPECT_EQ(in->frame.heartbeat().head_position(), 1u);
  EXPECT_EQ(in->frame.heartbeat().head_hash(), Numbered(1).heartbeat().head_hash());

  ASSERT_TRUE(SendFrameTo(router_, in->routing_id, Numbered(2)).ok());
  std::optional<v1::BusFrame> reply;
  s = NextFrame(dealer, &reply);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->heartbeat().head_position(), 2u);
}

TEST_F(CurveZapTest, EachConnectionIsKnownAsTheOrganisationOfTheKeyItUsed) {
  zmq::socket_t dordrecht, trivire;
  ASSERT_NO_FATAL_FAILURE(ConnectedDealer(Client(dordrecht_), &dordrecht));
  ASSERT_NO_FATAL_FAILURE(ConnectedDealer(Client(trivire_), &trivire));
  ASSERT_TRUE(SendFrame(dordrecht, Numbered(1)).ok());
  ASSERT_TRUE(SendFrame(trivire, Numbered(2)).ok());

  std::map<uint64_t, RoutedFrame> by_number;
  for (int i = 0; i < 2; ++i) {
    std::optional<RoutedFrame> in;
    Status s = NextRoutedFrame(router_, &in);
    ASSERT_TRUE(s.ok()) << s.ToString();
    ASSERT_TRUE(in.has_value());
    by_number[in->frame.heartbeat().head_position()] = *in;
  }
  ASSERT_EQ(by_number.size(), 2u);
  EXPECT_EQ(by_number[1].user_id, kDordrecht);
  EXPECT_EQ(by_number[2].user_id, kTrivire);

  // And a routing id leads back to the connection that user id came with.
  ASSERT_TRUE(SendFrameTo(router_, by_number[2].routing_id, Numbered(12)).ok());
  ASSERT_TRUE(SendFrameTo(router_, by_number[1].routing_id, Numbered(11)).ok());
  std::optional<v1::BusFrame> reply;
  ASSERT_TRUE(NextFrame(dordrecht, &reply).ok());
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->heartbeat().head_position(), 11u);
  ASSERT_TRUE(NextFrame(trivire, &reply).ok());
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->heartbeat().head_position(), 12u);
}

TEST_F(CurveZapTest, AnUnknownClientKeyFailsTheHandshakeAndNothingItSentArrives) {
  zmq::socket_t stranger = QueuingDealer(Client(stranger_));

  // The ZAP handler's answer 400, as the server's monitor reports it.
  ASSERT_TRUE(server_events_.WaitFor(ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, 400));
  EXPECT_FALSE(server_events_.Saw(ZMQ_EVENT_HANDSHAKE_SUCCEEDED));
  OnlyDordrechtGetsThrough();
}

TEST_F(CurveZapTest, AnUnknownClientKeyOnConnectDealerCannotSend) {
  zmq::socket_t stranger;
  Status s = ConnectDealer(context_, endpoint_, Client(stranger_), &stranger);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_TRUE(server_events_.WaitFor(ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, 400));

  s = SendFrame(stranger, Numbered(666));
  EXPECT_TRUE(s.IsUnavailable()) << s.ToString();
}

TEST_F(CurveZapTest, TheRefusalIsLoggedAsAWarningNamingTheAddressAndTheKey) {
  zmq::socket_t stranger = QueuingDealer(Client(stranger_));
  ASSERT_TRUE(server_events_.WaitFor(ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, 400));

  // The handler logs before it answers, and the monitor's event follows the answer.
  const std::string key = ToZ85(stranger_.public_key);
  bool found = false;
  for (const std::string& line : log_.Lines()) {
    if (line.starts_with("warning ") && line.find("127.0.0.1") != std::string::npos &&
        line.find(key) != std::string::npos)
      found = true;
  }
  EXPECT_TRUE(found) << "no warning names 127.0.0.1 and " << key;
}

TEST_F(CurveZapTest, AClientWithTheWrongServerKeyFailsTheHandshakeAndNothingItSentArrives) {
  // Dordrecht's own key is allowed; the server key is someone else's.
  const CurveSettings wrong = {.own = dordrecht_, .server_key = GenerateCurveKeyPair().public_key};
  zmq::socket_t client = QueuingDealer(wrong);

  // The server cannot open the client's HELLO, which was sealed for another key.
  ASSERT_TRUE(
      server_events_.WaitFor(ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL, ZMQ_PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC));
  EXPECT_FALSE(server_events_.Saw(ZMQ_EVENT_HANDSHAKE_SUCCEEDED));
  OnlyDordrechtGetsThrough();
}

TEST_F(CurveZapTest, APlainClientFailsTheHandshakeWithACurveServer) {
  zmq::socket_t plain = QueuingDealer({});

  ASSERT_TRUE(server_events_.WaitFor(ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL,
                                     ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH));
  EXPECT_FALSE(server_events_.Saw(ZMQ_EVENT_HANDSHAKE_SUCCEEDED));
  OnlyDordrechtGetsThrough();
}

TEST_F(CurveZapTest, ASecondZapHandlerInTheSameContextDoesNotStart) {
  std::unique_ptr<ZapHandler> second;
  Status s = ZapHandler::Start(context_, {}, &second);
  EXPECT_TRUE(s.IsIOError()) << s.ToString();
  EXPECT_EQ(second, nullptr);
}

TEST_F(CurveZapTest, AnAllowedSubscriberReceivesWhatTheCurvePublisherSends) {
  zmq::socket_t publisher, subscriber;
  std::string published;
  Status s = BindPublisher(context_, "tcp://127.0.0.1:*", Server(), &publisher, &published);
  ASSERT_TRUE(s.ok()) << s.ToString();
  s = ConnectSubscriber(context_, published, Client(trivire_), &subscriber);
  ASSERT_TRUE(s.ok()) << s.ToString();

  // A PUB drops what it sends before the subscription has arrived, and nothing tells when it has:
  // publish numbered frames until one comes (bounded), then the ones after it come in order.
  std::optional<v1::BusFrame> in;
  const auto deadline = std::chrono::steady_clock::now() + kPatience;
  uint64_t n = 0;
  while (!in && std::chrono::steady_clock::now() < deadline) {
    ASSERT_TRUE(SendFrame(publisher, Numbered(++n)).ok());
    ASSERT_TRUE(NextFrame(subscriber, &in, std::chrono::milliseconds(100)).ok());
  }
  ASSERT_TRUE(in.has_value()) << "no published frame arrived";
  const uint64_t first = in->heartbeat().head_position();
  EXPECT_GE(first, 1u);
  EXPECT_LE(first, n);
  // Whatever else is on its way (up to frame n) is drained; the next one published is n + 1.
  ASSERT_TRUE(SendFrame(publisher, Numbered(n + 1)).ok());
  uint64_t last = first;
  while (last < n + 1) {
    s = NextFrame(subscriber, &in);
    ASSERT_TRUE(s.ok()) << s.ToString();
    ASSERT_TRUE(in.has_value()) << "frame " << last + 1 << " did not arrive";
    EXPECT_EQ(in->heartbeat().head_position(), last + 1);
    last = in->heartbeat().head_position();
  }
}

}  // namespace
}  // namespace regiotafel::transport
