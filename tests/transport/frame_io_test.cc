// frame_io.h over real sockets from sockets.h (plain, without Curve): a BusFrame goes whole both
// ways between a DEALER and a ROUTER; "nothing yet" is ok and empty; what a peer sends that is not
// exactly one BusFrame (garbage, an empty message, a multipart) is Corruption, consumed whole so
// the next frame still comes; a drain loop as the bus and the follower write it (RecvFrame until
// nothing is waiting) takes every waiting frame in order, one Corruption per bad message between
// them; and the socket options the module promises: ZMQ_IMMEDIATE (a send without a connection is
// Unavailable) and MAXMSGSIZE (a message over kMaxMessageBytes closes its connection unseen); a
// SubmitBatch over FrameLimits is counted on the wire and not parsed.
#include "transport/frame_io.h"

#include <arpa/inet.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "tests/transport/transport_test_util.h"
#include "transport/sockets.h"

namespace regiotafel::transport {
namespace {

using google::protobuf::util::MessageDifferencer;
using testing::NextFrame;
using testing::NextRoutedFrame;
using testing::Numbered;
using testing::SocketEvents;
using testing::WaitFor;

// Bytes that protobuf cannot parse: a tag whose varint never ends.
const std::string kGarbage("\xff\xff\xff\xff\xff\xff", 6);
// Bytes that parse (an unknown field 15 = 1) but name none of BusFrame's frames.
const std::string kNoFrame("\x78\x01", 2);

// A frame with some body: a submit of two signed envelopes.
v1::BusFrame Submit() {
  v1::BusFrame frame;
  frame.mutable_submit()->set_request_id(42);
  for (int i = 0; i < 2; ++i) {
    v1::SignedEnvelope* event = frame.mutable_submit()->add_events();
    event->set_envelope("envelope " + std::to_string(i) + std::string("\0\x01\xff", 3));
    event->set_signature(std::string(64, static_cast<char>(i)));
  }
  return frame;
}

// "1", "2", … for a numbered frame; "C" for a Corruption; the status otherwise.
std::string Outcome(const Status& s, const std::optional<v1::BusFrame>& frame) {
  if (s.IsCorruption()) return "C";
  if (!s.ok()) return s.ToString();
  if (!frame) return "none";
  return std::to_string(frame->heartbeat().head_position());
}

// A plain ROUTER (BindRouter) with one DEALER (ConnectDealer) connected to it, and a raw socket of
// ZeroMQ's when a test has to send what SendFrame never would.
class FrameIoTest : public ::testing::Test {
 protected:
  void SetUp() override { Connect("tcp://127.0.0.1:*"); }

  void Connect(const std::string& endpoint) {
    Status s = BindRouter(context_, endpoint, {}, &router_, &endpoint_);
    ASSERT_TRUE(s.ok()) << s.ToString();
    s = ConnectDealer(context_, endpoint_, {}, &dealer_);
    ASSERT_TRUE(s.ok()) << s.ToString();
    // ZMQ_IMMEDIATE: the DEALER can send once its connection is up.
    ASSERT_TRUE(WaitFor(dealer_, ZMQ_POLLOUT));
    // The ROUTER learns the DEALER's routing id from its first frame.
    ASSERT_TRUE(SendFrame(dealer_, Numbered(0)).ok());
    std::optional<RoutedFrame> hello;
    s = NextRoutedFrame(router_, &hello);
    ASSERT_TRUE(s.ok()) << s.ToString();
    ASSERT_TRUE(hello.has_value());
    routing_id_ = hello->routing_id;
  }

  // A DEALER without the module's options, with the routing id "raw-peer", connected to the router.
  zmq::socket_t RawDealer() {
    zmq::socket_t raw(context_, zmq::socket_type::dealer);
    raw.set(zmq::sockopt::linger, 0);
    raw.set(zmq::sockopt::routing_id, "raw-peer");
    raw.connect(endpoint_);
    return raw;
  }

  // The parts of one message from the ROUTER to the DEALER, sent as they are.
  void RouterSendsRaw(const std::vector<std::string>& parts) {
    router_.send(zmq::buffer(routing_id_), zmq::send_flags::sndmore);
    for (size_t i = 0; i < parts.size(); ++i) {
      router_.send(zmq::buffer(parts[i]),
                   i + 1 < parts.size() ? zmq::send_flags::sndmore : zmq::send_flags::none);
    }
  }

  static void SendRaw(zmq::socket_t& socket, const std::vector<std::string>& parts) {
    for (size_t i = 0; i < parts.size(); ++i) {
      socket.send(zmq::buffer(parts[i]),
                  i + 1 < parts.size() ? zmq::send_flags::sndmore : zmq::send_flags::none);
    }
  }

  zmq::context_t context_;
  zmq::socket_t router_;
  zmq::socket_t dealer_;
  std::string endpoint_;
  std::string routing_id_;
};

TEST_F(FrameIoTest, AFrameFromTheDealerArrivesIntactWithItsRoutingIdAndSize) {
  const v1::BusFrame sent = Submit();
  ASSERT_TRUE(SendFrame(dealer_, sent).ok());

  std::optional<RoutedFrame> in;
  Status s = NextRoutedFrame(router_, &in);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_TRUE(in.has_value());
  EXPECT_TRUE(MessageDifferencer::Equals(in->frame, sent)) << in->frame.DebugString();
  EXPECT_EQ(in->routing_id, routing_id_);
  EXPECT_EQ(in->bytes, sent.ByteSizeLong());
  EXPECT_EQ(in->user_id, "");  // a plain socket: no ZAP handler named anyone
}

TEST_F(FrameIoTest, AFrameSentToARoutingIdArrivesIntactAtThatDealer) {
  const v1::BusFrame sent = Submit();
  ASSERT_TRUE(SendFrameTo(router_, routing_id_, sent).ok());

  std::optional<v1::BusFrame> in;
  Status s = NextFrame(dealer_, &in);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_TRUE(in.has_value());
  EXPECT_TRUE(MessageDifferencer::Equals(*in, sent)) << in->DebugString();
}

TEST_F(FrameIoTest, AFrameToAGonePeerIsSilentlySkipped) {
  Status s = SendFrameTo(router_, "no such peer", Numbered(1));
  EXPECT_TRUE(s.ok()) << s.ToString();
  ASSERT_TRUE(SendFrameTo(router_, routing_id_, Numbered(2)).ok());

  // The dealer's next frame is the one addressed to it; nothing else came with it.
  std::optional<v1::BusFrame> in;
  s = NextFrame(dealer_, &in);
  EXPECT_EQ(Outcome(s, in), "2");
  s = RecvFrame(dealer_, &in);
  EXPECT_EQ(Outcome(s, in), "none");
}

TEST_F(FrameIoTest, NothingWaitingOnTheDealerIsOkAndLeavesTheFrameEmpty) {
  std::optional<v1::BusFrame> in = Numbered(7);  // left from an earlier receive
  Status s = RecvFrame(dealer_, &in);
  EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_FALSE(in.has_value());
}

TEST_F(FrameIoTest, NothingWaitingOnTheRouterIsOkAndLeavesTheFrameEmpty) {
  std::optional<RoutedFrame> in =
      RoutedFrame{.routing_id = "old", .user_id = "", .bytes = 2, .frame = Numbered(7)};
  Status s = RecvFrameFrom(router_, &in);
  EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_FALSE(in.has_value());
}

TEST_F(FrameIoTest, GarbageBytesToTheDealerAreCorruptionAndTheNextFrameStillComes) {
  RouterSendsRaw({kGarbage});
  ASSERT_TRUE(SendFrameTo(router_, routing_id_, Numbered(1)).ok());

  std::optional<v1::BusFrame> in = Numbered(7);
  Status s = NextFrame(dealer_, &in);
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();
  EXPECT_FALSE(in.has_value());
  s = NextFrame(dealer_, &in);
  EXPECT_EQ(Outcome(s, in), "1");
}

TEST_F(FrameIoTest, AnEmptyMessageToTheDealerIsCorruption) {
  RouterSendsRaw({""});
  ASSERT_TRUE(SendFrameTo(router_, routing_id_, Numbered(1)).ok());

  std::optional<v1::BusFrame> in;
  Status s = NextFrame(dealer_, &in);
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();
  s = NextFrame(dealer_, &in);
  EXPECT_EQ(Outcome(s, in), "1");
}

TEST_F(FrameIoTest, BytesThatParseButHoldNoFrameAreCorruption) {
  RouterSendsRaw({kNoFrame});
  ASSERT_TRUE(SendFrameTo(router_, routing_id_, Numbered(1)).ok());

  std::optional<v1::BusFrame> in;
  Status s = NextFrame(dealer_, &in);
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();
  s = NextFrame(dealer_, &in);
  EXPECT_EQ(Outcome(s, in), "1");
}

TEST_F(FrameIoTest, AMultipartMessageToTheDealerIsOneCorruptionConsumedWhole) {
  // Two good frames in one message of two parts: neither is taken, the second not later either.
  RouterSendsRaw({Numbered(1).SerializeAsString(), Numbered(2).SerializeAsString()});
  ASSERT_TRUE(SendFrameTo(router_, routing_id_, Numbered(3)).ok());

  std::optional<v1::BusFrame> in;
  Status s = NextFrame(dealer_, &in);
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();
  EXPECT_FALSE(in.has_value());
  s = NextFrame(dealer_, &in);
  EXPECT_EQ(Outcome(s, in), "3");
}

TEST_F(FrameIoTest, GarbageBytesFromAPeerAreCorruptionOnTheRouterAndItsNextFrameStillComes) {
  zmq::socket_t raw = RawDealer();
  SendRaw(raw, {kGarbage});
  SendRaw(raw, {Numbered(1).SerializeAsString()});

  std::optional<RoutedFrame> in =
      RoutedFrame{.routing_id = "old", .user_id = "", .bytes = 2, .frame = Numbered(7)};
  Status s = NextRoutedFrame(router_, &in);
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();
  EXPECT_FALSE(in.has_value());
  s = NextRoutedFrame(router_, &in);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_TRUE(in.has_value());
  EXPECT_EQ(in->frame.heartbeat().head_position(), 1u);
  EXPECT_EQ(in->routing_id, "raw-peer");
}

TEST_F(FrameIoTest, AnEmptyMessageFromAPeerIsCorruptionOnTheRouter) {
  zmq::socket_t raw = RawDealer();
  SendRaw(raw, {""});
  SendRaw(raw, {Numbered(1).SerializeAsString()});

  std::optional<RoutedFrame> in;
  Status s = NextRoutedFrame(router_, &in);
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();
  s = NextRoutedFrame(router_, &in);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_TRUE(in.has_value());
  EXPECT_EQ(in->frame.heartbeat().head_position(), 1u);
}

TEST_F(FrameIoTest, AMultipartMessageFromAPeerIsOneCorruptionOnTheRouterConsumedWhole) {
  zmq::socket_t raw = RawDealer();
  SendRaw(raw, {Numbered(1).SerializeAsString(), Numbered(2).SerializeAsString()});
  SendRaw(raw, {Numbered(3).SerializeAsString()});

  std::optional<RoutedFrame> in;
  Status s = NextRoutedFrame(router_, &in);
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();
  EXPECT_FALSE(in.has_value());
  s = NextRoutedFrame(router_, &in);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_TRUE(in.has_value());
  EXPECT_EQ(in->frame.heartbeat().head_position(), 3u);
}

TEST_F(FrameIoTest, ARouterDropsAMessageOverTheSizeLimitAndClosesItsConnection) {
  SocketEvents events;
  events.Watch(router_);
  zmq::socket_t raw = RawDealer();
  zmq::message_t big(static_cast<size_t>(kMaxMessageBytes) + 1);
  ASSERT_TRUE(raw.send(big, zmq::send_flags::none));

  // The router closes the connection when it reads the size, before the application sees a byte.
  ASSERT_TRUE(events.WaitFor(ZMQ_EVENT_DISCONNECTED));
  // The other peer is still heard, and nothing of the big message came before or after its frame.
  ASSERT_TRUE(SendFrame(dealer_, Numbered(1)).ok());
  std::optional<RoutedFrame> in;
  Status s = NextRoutedFrame(router_, &in);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_TRUE(in.has_value());
  EXPECT_EQ(in->routing_id, routing_id_);
  s = RecvFrameFrom(router_, &in);
  EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_FALSE(in.has_value());
}

// A BusFrame holding a SubmitBatch of `n` empty envelopes, written byte by byte: two bytes each,
// so millions of them fit in a few MB (and would be millions of objects once parsed).
std::string SubmitOfEmptyEnvelopes(uint64_t request_id, size_t n, const std::string& tail = "") {
  auto varint = [](uint64_t v) {
    std::string out;
    for (; v >= 0x80; v >>= 7) out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    out.push_back(static_cast<char>(v));
    return out;
  };
  std::string batch = "\x08" + varint(request_id);
  batch.reserve(batch.size() + 2 * n + tail.size());
  for (size_t i = 0; i < n; ++i) batch.append("\x12\x00", 2);
  batch += tail;
  return "\x0a" + varint(batch.size()) + batch;
}

TEST_F(FrameIoTest, ASubmitOverTheLimitsIsCountedOnTheWireAndNotParsed) {
  const FrameLimits limits{.max_submit_events = 1000, .max_submit_parts = 2000, .max_submit_bytes = 1 << 20};
  auto receive = [&](const std::string& bytes, std::optional<RoutedFrame>* in) {
    SendRaw(dealer_, {bytes});
    EXPECT_TRUE(WaitFor(router_, ZMQ_POLLIN));
    return RecvFrameFrom(router_, in, limits);
  };
  std::optional<RoutedFrame> in;
  // Within the limits: parsed as always, with the count beside it.
  Status s = receive(SubmitOfEmptyEnvelopes(7, 1000), &in);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_TRUE(in.has_value());
  EXPECT_FALSE(in->over_limits);
  EXPECT_EQ(in->submitted_events, 1000u);
  EXPECT_EQ(in->frame.submit().events_size(), 1000);
  EXPECT_EQ(in->frame.submit().request_id(), 7u);

  // Two million envelopes: the request id and the count, no envelope made.
  s = receive(SubmitOfEmptyEnvelopes(8, 2'000'000), &in);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_TRUE(in.has_value());
  EXPECT_TRUE(in->over_limits);
  EXPECT_EQ(in->submitted_events, 2'000'000u);
  EXPECT_EQ(in->frame.submit().request_id(), 8u);
  EXPECT_EQ(in->frame.submit().events_size(), 0);

  // Few envelopes, but more bytes than the limit: the same.
  v1::BusFrame big = Submit();
  big.mutable_submit()->mutable_events(0)->set_envelope(std::string((1 << 20) + 1, 'x'));
  s = receive(big.SerializeAsString(), &in);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_TRUE(in.has_value());
  EXPECT_TRUE(in->over_limits);
  EXPECT_EQ(in->submitted_events, 2u);
  EXPECT_EQ(in->frame.submit().request_id(), 42u);

  // Few envelopes with many sealed parts: the parts are counted too.
  v1::BusFrame parts = Submit();
  for (int i = 0; i < 2001; ++i) parts.mutable_submit()->mutable_events(1)->add_delen("");
  s = receive(parts.SerializeAsString(), &in);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_TRUE(in.has_value());
  EXPECT_TRUE(in->over_limits);
  EXPECT_EQ(in->submitted_parts, 2001u);

  // Broken protobuf after many envelopes is Corruption before anything is parsed.
  s = receive(SubmitOfEmptyEnvelopes(9, 5000, std::string("\xff", 1)), &in);
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();
  EXPECT_FALSE(in.has_value());
  // And the socket goes on.
  ASSERT_TRUE(SendFrame(dealer_, Numbered(3)).ok());
  s = NextRoutedFrame(router_, &in);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_TRUE(in.has_value());
  EXPECT_EQ(in->frame.heartbeat().head_position(), 3u);
}

// A TCP port on 127.0.0.1 that accepts connections (the kernel does) but never speaks ZMTP: a
// ZeroMQ connection to it never comes up.
class SilentListener {
 public:
  SilentListener() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    if (fd_ < 0 || bind(fd_, reinterpret_cast<sockaddr*>(&address), size) != 0 || listen(fd_, 8) != 0 ||
        getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
      return;
    }
    port_ = ntohs(address.sin_port);
  }
  ~SilentListener() {
    if (fd_ >= 0) close(fd_);
  }
  SilentListener(const SilentListener&) = delete;
  SilentListener& operator=(const SilentListener&) = delete;
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

TEST(ConnectDealerTest, ASendWithoutAConnectionUpIsUnavailable) {
  SilentListener listener;
  ASSERT_NE(listener.port(), 0);
  zmq::context_t context;
  zmq::socket_t dealer;
  Status s = ConnectDealer(context, "tcp://127.0.0.1:" + std::to_string(listener.port()), {}, &dealer);
  ASSERT_TRUE(s.ok()) << s.ToString();

  s = SendFrame(dealer, Numbered(1));
  EXPECT_TRUE(s.IsUnavailable()) << s.ToString();
}

// The drain loop of the bus (bus.cc) and of the follower (replica_follower.cc): receive until
// nothing is waiting, log a bad message and go on. transport/ has no drain function of its own;
// these tests hold RecvFrame/RecvFrameFrom to what such a loop relies on. Over inproc://, where a
// message is waiting for the receiver as soon as the sender's send returned, so "everything sent"
// is "everything waiting".
class DrainTest : public FrameIoTest {
 protected:
  void SetUp() override {
    static int count = 0;
    Connect("inproc://drain-test-" + std::to_string(++count));
  }

  // The outcomes of one drain of the ROUTER: what a loop like the bus's sees, in order.
  std::vector<std::string> DrainRouter(std::string* routing_ids = nullptr) {
    std::vector<std::string> seen;
    for (;;) {
      std::optional<RoutedFrame> in;
      Status s = RecvFrameFrom(router_, &in);
      if (s.ok() && !in) return seen;
      if (s.ok() && routing_ids != nullptr) *routing_ids += in->routing_id + " ";
      seen.push_back(Outcome(s, in ? std::optional<v1::BusFrame>(in->frame) : std::nullopt));
      if (!s.ok() && !s.IsCorruption()) return seen;  // an I/O error ends a drain
    }
  }

  std::vector<std::string> DrainDealer() {
    std::vector<std::string> seen;
    for (;;) {
      std::optional<v1::BusFrame> in;
      Status s = RecvFrame(dealer_, &in);
      if (s.ok() && !in) return seen;
      seen.push_back(Outcome(s, in));
      if (!s.ok() && !s.IsCorruption()) return seen;
    }
  }
};

TEST_F(DrainTest, ADrainTakesEveryWaitingFrameInOrderAndStopsWhenNoneIsLeft) {
  std::vector<std::string> sent;
  for (uint64_t n = 1; n <= 50; ++n) {
    ASSERT_TRUE(SendFrame(dealer_, Numbered(n)).ok());
    sent.push_back(std::to_string(n));
  }
  ASSERT_TRUE(WaitFor(router_, ZMQ_POLLIN));
  EXPECT_EQ(DrainRouter(), sent);

  // Stopped at "nothing yet", the socket goes on: a later frame is the next drain's.
  ASSERT_TRUE(SendFrame(dealer_, Numbered(51)).ok());
  ASSERT_TRUE(WaitFor(router_, ZMQ_POLLIN));
  EXPECT_EQ(DrainRouter(), std::vector<std::string>{"51"});
}

TEST_F(DrainTest, BadMessagesInTheMiddleOfADrainAreOneCorruptionEachAndTheRestFollows) {
  zmq::socket_t raw = RawDealer();
  SendRaw(raw, {Numbered(1).SerializeAsString()});
  SendRaw(raw, {kGarbage});
  SendRaw(raw, {Numbered(2).SerializeAsString(), Numbered(3).SerializeAsString()});
  SendRaw(raw, {Numbered(4).SerializeAsString()});
  SendRaw(raw, {""});
  SendRaw(raw, {Numbered(5).SerializeAsString()});
  ASSERT_TRUE(WaitFor(router_, ZMQ_POLLIN));

  std::string routing_ids;
  EXPECT_EQ(DrainRouter(&routing_ids), (std::vector<std::string>{"1", "C", "C", "4", "C", "5"}));
  EXPECT_EQ(routing_ids, "raw-peer raw-peer raw-peer ");
}

TEST_F(DrainTest, BadMessagesInTheMiddleOfADrainOfTheDealerAreOneCorruptionEach) {
  ASSERT_TRUE(SendFrameTo(router_, routing_id_, Numbered(1)).ok());
  RouterSendsRaw({Numbered(2).SerializeAsString(), Numbered(3).SerializeAsString()});
  ASSERT_TRUE(SendFrameTo(router_, routing_id_, Numbered(4)).ok());
  RouterSendsRaw({kNoFrame});
  RouterSendsRaw({kGarbage});
  ASSERT_TRUE(SendFrameTo(router_, routing_id_, Numbered(5)).ok());
  ASSERT_TRUE(WaitFor(dealer_, ZMQ_POLLIN));

  EXPECT_EQ(DrainDealer(), (std::vector<std::string>{"1", "C", "4", "C", "C", "5"}));
}

}  // namespace
}  // namespace regiotafel::transport
