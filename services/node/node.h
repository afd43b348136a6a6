// Node: the runtime every organisation's node shares (DESIGN.md): its outbox, its replica of the
// regional log, the sender and follower threads that connect both to the bus, the views kept up to
// date with the replica (ViewHost, thresholds from the configuration's [drempels]), and the HTTP API
// (events: HttpApi; views: ViewsApi).
//
//   data/outbox    the node's own envelopes until the bus decided (eventstore::Outbox)
//   data/replica   byte-identical prefix of the regional log (eventstore::EventLog)
//   data/checkpoints  the bus's signed checkpoints the replica confirmed (eventstore::CheckpointStore),
//                  served on GET /api/v1/checkpoints (checkpoints_api.h)
//
// The node reaches RocksDB only through eventstore. Open() prepares everything without starting a
// thread; Start() starts the follower, the sender, the views and then the HTTP API; Stop() ends them
// in the reverse order of dependence (waiters first, so no HTTP request is left hanging).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <zmq.hpp>

#include "base/signing.h"
#include "base/status.h"
#include "eventstore/checkpoint_store.h"
#include "eventstore/event_log.h"
#include "eventstore/outbox.h"
#include "privacy/seal.h"
#include "services/forgetting/forgetter.h"
#include "services/node/bus_client/outbox_sender.h"
#include "services/node/bus_client/replica_follower.h"
#include "services/node/http/events_api.h"
#include "services/node/http/views_api.h"
#include "services/node/node_config.h"
#include "services/node/views/personal_data.h"
#include "services/node/views/view_host.h"

namespace regiotafel::node {

class Node {
 public:
  static Status Open(NodeConfig config, std::unique_ptr<Node>* out);
  ~Node();  // Stop()
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  Status Start();
  void Stop();  // idempotent

  const NodeConfig& config() const { return config_; }
  eventstore::Outbox& outbox() { return *outbox_; }
  const eventstore::EventLog& replica() const { return *replica_; }
  const eventstore::CheckpointStore& checkpoints() const { return *checkpoints_; }
  ViewHost& views() { return *view_host_; }
  // Add an organisation's own routes (views) here before Start().
  httplib::Server& http_server() { return http_->server(); }
  int http_port() const { return http_->port(); }

 private:
  explicit Node(NodeConfig config);
  std::string RestoredMarker() const;
  Status CatchUpAfterRestore();

  const NodeConfig config_;
  zmq::context_t context_;  // first member: outlives every socket
  std::optional<SigningKey> key_;
  std::unique_ptr<privacy::Sealer> sealer_;      // null without class keys: events go out whole
  std::unique_ptr<PersonalData> personal_data_;  // what views_api_ and view_host_ show of it
  std::unique_ptr<eventstore::Outbox> outbox_;
  std::unique_ptr<eventstore::EventLog> replica_;
  std::unique_ptr<eventstore::CheckpointStore> checkpoints_;  // written by follower_, read by http_
  std::unique_ptr<OutboxSender> sender_;
  std::unique_ptr<ReplicaFollower> follower_;
  std::unique_ptr<forgetting::Forgetter> forgetter_;  // erases forgotten dossiers' parts; waits on follower_
  std::unique_ptr<ViewHost> view_host_;               // waits on follower_, reads replica_
  std::unique_ptr<ViewsApi> views_api_;               // its routes live in http_'s server
  std::unique_ptr<HttpApi> http_;
  bool started_ = false;
};

// What an organisation executable's main calls: loads the configuration, checks that its
// organisation is of `kind`, opens and starts the node (after `setup`, e.g. to add routes), serves
// until SIGTERM/SIGINT and stops cleanly. Returns the process exit code: 0 after a clean stop, 1 when
// the node cannot start, 2 for a bad configuration. Call it first thing in main, before any thread
// is started: it blocks the shutdown signals for every thread.
int RunNode(contract::OrgKind kind, const std::string& config_path,
            const std::function<void(Node&)>& setup = nullptr);

}  // namespace regiotafel::node
