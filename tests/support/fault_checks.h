// FaultTest: the fault tests' fixture, the region of fault_region.h with the checks a test makes
// after the trouble: the region settled (outboxes drained, every replica at the bus's head), heads
// equal to the bus's, every accepted event COMMITTED at its position on its node, and every
// replica on disk the bus's log byte for byte.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/bytes.h"
#include "regiotafel/v1/log.pb.h"
#include "tests/support/fault_region.h"
#include "tests/support/head_wait.h"
#include "tests/support/node_answer.h"
#include "tests/support/process.h"
#include "tests/support/whole_log.h"

namespace regiotafel::testing {

class FaultTest : public FaultRegion {
 protected:
  // The longest WaitUntilSettled waits for an outbox that drains without a head moving.
  static constexpr std::chrono::milliseconds kOutboxSlice{1'000};

  // Waits until every running node has an empty outbox (nothing PENDING) and its replica at the
  // bus's head, and the bus's head is at least `at_least`. A replica reaching the bus's head and an
  // outbox's event being committed both move a node's head: the wait is the node's long-poll
  // (head_wait.h). Only an outbox entry whose record is already in the log, its acknowledgement
  // still on the way, drains without moving any head; for that the long-poll is cut at a second.
  void WaitUntilSettled(uint64_t at_least = 0) {
    using Clock = std::chrono::steady_clock;
    const Clock::time_point deadline = Clock::now() + kSettle;
    const auto left = [&] {
      return std::max(std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()),
                      std::chrono::milliseconds(0));
    };
    std::string state;
    for (;;) {
      const uint64_t bus_head = BusHead();
      state = "bus head " + std::to_string(bus_head);
      // Every replica at the bus's head.
      for (size_t i = 0; i < nodes_.size(); ++i) {
        if (node(i).process.running()) (void)HeadReaches(node(i).http_port, bus_head, left());
      }
      bool all = bus_head >= at_least && bus_head > 0;
      size_t waiting_on = nodes_.size();  // a node with something pending, else the first running
      for (size_t i = 0; i < nodes_.size(); ++i) {
        if (!node(i).process.running()) continue;
        Answer health = Get(i, "/healthz");
        state += "; " + node(i).name + " head " + std::to_string(health.Number("position")) + " pending " +
                 std::to_string(health.Number("pending")) + " (HTTP " + std::to_string(health.code) + ")";
        all = all && health.code == 200 && health.Number("pending") == 0 &&
              health.Number("position") == bus_head;
        if (waiting_on == nodes_.size() || health.Number("pending") > 0) waiting_on = i;
      }
      // An event committed while the nodes were asked (its outbox entry decided, its record not
      // yet in the replica) would pass the checks above against the older head: ask again.
      const uint64_t bus_head_now = BusHead();
      if (all && bus_head_now == bus_head) return;
      ASSERT_GT(left().count(), 0) << "the region did not settle within " << kSettle.count()
                                   << " ms (wanted head >= " << at_least << "): " << state;
      ASSERT_LT(waiting_on, nodes_.size()) << "no node runs that could settle the region: " << state;
      if (bus_head_now != bus_head) continue;
      // Something still in an outbox (or not yet at_least): its commit moves the head beyond.
      (void)HeadReaches(node(waiting_on).http_port, bus_head + 1, std::min(left(), kOutboxSlice));
    }
  }

  // Every running node's replica head (position and chained hash) is the bus's. Because a replica
  // recomputes the SHA-256 chain of every record it takes, an equal head hash means equal records.
  void ExpectHeadsEqual(const std::vector<v1::LogRecord>& bus_log) {
    ASSERT_FALSE(bus_log.empty());
    for (size_t i = 0; i < nodes_.size(); ++i) {
      if (!node(i).process.running()) continue;
      Answer head = Get(i, "/api/v1/log/head");
      EXPECT_EQ(head.Number("position"), bus_log.size()) << node(i).name;
      EXPECT_EQ(head.Text("hash"), ToHex(bus_log.back().hash())) << node(i).name;
    }
  }

  // Every one of `positions` (event id → position in the bus log) as node i answers it:
  // COMMITTED at that position. Asked from a few threads: there may be thousands.
  void ExpectCommittedOn(size_t i, const std::vector<std::string>& ids,
                         const std::map<std::string, uint64_t>& positions) {
    constexpr size_t kThreads = 4;
    std::mutex mutex;
    std::vector<std::string> wrong;
    std::vector<std::thread> threads;
    for (size_t t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        httplib::Client client("127.0.0.1", node(i).http_port);
        client.set_keep_alive(true);
        client.set_read_timeout(60s);
        for (size_t k = t; k < ids.size(); k += kThreads) {
          Answer a = ToAnswer(client.Get(("/api/v1/events/" + ids[k]).c_str()));
          auto it = positions.find(ids[k]);
          if (a.code != 200 || a.Text("status") != "COMMITTED" || it == positions.end() ||
              a.Number("position") != it->second) {
            std::lock_guard lock(mutex);
            wrong.push_back(ids[k] + " → HTTP " + std::to_string(a.code) + " " + a.body);
          }
        }
        client.stop();
      });
    }
    for (std::thread& t : threads) t.join();
    EXPECT_TRUE(wrong.empty()) << wrong.size() << " of " << ids.size() << " events not COMMITTED on "
                               << node(i).name << " at their log position, e.g. " << wrong.front();
  }

  // Stops every running node and then the bus, gently, and compares each replica on disk with the
  // bus's log on disk, record by record, byte for byte (both chains verified). Returns the bus log.
  std::vector<v1::LogRecord> ExpectIdenticalOnDisk(const std::string& when) {
    for (size_t i = 0; i < nodes_.size(); ++i) {
      if (node(i).process.running()) StopNode(i);
    }
    if (bus_.running()) StopBus();
    std::vector<v1::LogRecord> bus_log;
    EXPECT_TRUE(ReadWholeLog(dir_.Sub("bus/log"), &bus_log)) << when;
    for (size_t i = 0; i < nodes_.size(); ++i) {
      std::vector<v1::LogRecord> replica;
      if (!std::filesystem::exists(dir_.Sub(node(i).name + "/replica"))) continue;  // never started
      EXPECT_TRUE(ReadWholeLog(dir_.Sub(node(i).name + "/replica"), &replica)) << when;
      EXPECT_TRUE(SameRecords(bus_log, replica)) << node(i).name << ", " << when;
    }
    return bus_log;
  }
};

}  // namespace regiotafel::testing
