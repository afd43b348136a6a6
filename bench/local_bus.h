// A bus::Bus in the bench's process (what regiotafel-bus runs), on 127.0.0.1 at ports the system
// picks, served by a thread of its own: what a bench measures, or connects its nodes to.
#pragma once

#include <pthread.h>
#include <time.h>

#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <zmq.hpp>

#include "bench/die.h"
#include "services/bus/bus.h"

namespace regiotafel::bench {

class LocalBus {
 public:
  // The plain bus (no Curve, no trust file) keeping its data in `data_dir`, on 127.0.0.1.
  static bus::BusConfig Loopback(const std::string& data_dir) {
    bus::BusConfig config;
    config.data_dir = data_dir;
    config.submit = "tcp://127.0.0.1:*";
    config.publish = "tcp://127.0.0.1:*";
    config.fetch = "tcp://127.0.0.1:*";
    return config;
  }

  // Opens the bus (Die with `what` when it cannot) and runs it. It has a ZeroMQ context of its own
  // (a context has one ZAP handler: a bus with Curve needs its own).
  explicit LocalBus(const bus::BusConfig& config, const std::string& what = "Bus::Open") {
    std::filesystem::create_directories(config.data_dir);
    Check(bus::Bus::Open(context_, config, &bus_), what);
    thread_ = std::thread([this] { status_ = bus_->Run(); });
  }
  ~LocalBus() { (void)Stop(); }
  LocalBus(const LocalBus&) = delete;
  LocalBus& operator=(const LocalBus&) = delete;

  bus::Bus& operator*() { return *bus_; }
  bus::Bus* operator->() { return bus_.get(); }

  // The CPU-time clock of the thread that runs the bus (its fetch thread is apart).
  clockid_t cpu_clock() {
    clockid_t clock;
    if (pthread_getcpuclockid(thread_.native_handle(), &clock) != 0) Die("no CPU clock for the bus thread");
    return clock;
  }

  // Stops the bus; what its Run answered.
  Status Stop() {
    if (thread_.joinable()) {
      bus_->Stop();
      thread_.join();
    }
    return status_;
  }

 private:
  zmq::context_t context_{1};
  std::unique_ptr<bus::Bus> bus_;
  std::thread thread_;
  Status status_;
};

}  // namespace regiotafel::bench
