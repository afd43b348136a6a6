// GET /metrics on the node's HTTP server: Prometheus text format 0.0.4 (base/metrics.h). Under the
// same access rules as the views (api_access.h: a lezen token when tokens are configured).
//
//   regiotafel_node_info{organisatie}                 1
//   regiotafel_node_events_committed_total            own events the bus committed (outbox decisions)
//   regiotafel_node_events_rejected_total             own events the bus rejected
//   regiotafel_node_outbox_pending                    own events waiting for the bus's decision
//   regiotafel_node_replica_head                      the replica's head position
//   regiotafel_node_bus_head                          the bus's head, from its last heartbeat or fetch answer
//   regiotafel_node_replica_lag                       bus head minus replica head (0 when not behind)
//   regiotafel_node_replica_append_seconds            histogram: one replica write, fsync included
//   regiotafel_node_checkpoints_stored_total          bus checkpoints the replica confirmed and stored
//   regiotafel_node_checkpoint_laatste_positie        the positie of the newest stored checkpoint
//   regiotafel_node_store_writing{store}              1 while the store writes, 0 after a failed write
//   regiotafel_node_store_write_failures_total{store} writes that failed (and stopped the store)
//   regiotafel_node_store_reopens_total{store}        reopens that made a stopped store write again
//   regiotafel_node_sender_batches_total              batches submitted to the bus, resubmissions too
//
// {store} is outbox, replica or checkpoints (store_health.h).
//
// Counters count from the node's start (Prometheus handles the reset at a restart). A scrape reads
// atomics and two small lookups (the outbox's pending count, the newest checkpoint).
#pragma once

#include <httplib.h>

#include <string>

#include "eventstore/checkpoint_store.h"
#include "eventstore/event_log.h"
#include "eventstore/outbox.h"
#include "services/node/bus_client/outbox_sender.h"
#include "services/node/bus_client/replica_follower.h"

namespace regiotafel::node {

struct NodeMetricsSources {
  std::string organisatie;
  const eventstore::Outbox* outbox = nullptr;
  const eventstore::EventLog* replica = nullptr;
  const ReplicaFollower* follower = nullptr;
  const eventstore::CheckpointStore* checkpoints = nullptr;
  const OutboxSender* sender = nullptr;  // null: no sender's numbers
};

std::string NodeMetricsText(const NodeMetricsSources& sources);

// Every pointer in `sources` must outlive the server's handling of requests.
void RegisterMetricsApi(httplib::Server& server, NodeMetricsSources sources);

}  // namespace regiotafel::node
