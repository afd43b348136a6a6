#include "services/node/http/metrics_api.h"

#include "base/metrics.h"
#include "services/node/http/store_health.h"

namespace regiotafel::node {

std::string NodeMetricsText(const NodeMetricsSources& s) {
  metrics::TextWriter w;
  w.Header("regiotafel_node_info", "gauge", "This node; its organisation as a label.");
  w.Sample("regiotafel_node_info", {{"organisatie", s.organisatie}}, 1);
  w.Counter("regiotafel_node_events_committed_total", "Own events the bus committed, since the node started.",
            s.outbox->CommittedSinceOpen());
  w.Counter("regiotafel_node_events_rejected_total", "Own events the bus rejected, since the node started.",
            s.outbox->RejectedSinceOpen());
  w.Gauge("regiotafel_node_outbox_pending", "Own events in the outbox waiting for the bus's decision.",
          static_cast<double>(s.outbox->PendingCount()));
  const uint64_t head = s.replica->Head().position;
  const uint64_t bus_head = s.follower->BusHead();
  w.Gauge("regiotafel_node_replica_head", "The replica's head position.", static_cast<double>(head));
  w.Gauge("regiotafel_node_bus_head", "The bus's head position as its last heartbeat or fetch answer told.",
          static_cast<double>(bus_head));
  w.Gauge("regiotafel_node_replica_lag", "Records the replica is behind the bus's last known head.",
          static_cast<double>(bus_head > head ? bus_head - head : 0));
  w.Histogram("regiotafel_node_replica_append_seconds", "Seconds per replica write, fsync included.",
              s.replica->AppendLatency().Read());
  w.Counter("regiotafel_node_checkpoints_stored_total",
            "Bus checkpoints the replica confirmed and stored, since the node started.",
            s.checkpoints->AddedSinceOpen());
  const std::optional<v1::Checkpoint> latest = s.checkpoints->Latest();
  w.Gauge("regiotafel_node_checkpoint_laatste_positie",
          "The positie of the newest stored bus checkpoint (0: none).",
          latest ? static_cast<double>(latest->position()) : 0);

  const std::vector<StoreState> stores =
      StoreStates({.outbox = s.outbox, .replica = s.replica, .checkpoints = s.checkpoints});
  w.Header("regiotafel_node_store_writing", "gauge",
           "1 while the store writes; 0 after a failed write (a full disk?) until it is reopened.");
  for (const StoreState& state : stores)
    w.Sample("regiotafel_node_store_writing", {{"store", state.store}}, state.write_error.ok() ? 1 : 0);
  w.Header("regiotafel_node_store_write_failures_total", "counter",
           "Writes to the store that failed and stopped it, since the node started.");
  for (const StoreState& state : stores) {
    w.Sample("regiotafel_node_store_write_failures_total", {{"store", state.store}},
             static_cast<double>(state.write_failures));
  }
  w.Header("regiotafel_node_store_reopens_total", "counter",
           "Reopens that made a stopped store write again, since the node started.");
  for (const StoreState& state : stores) {
    w.Sample("regiotafel_node_store_reopens_total", {{"store", state.store}},
             static_cast<double>(state.reopens));
  }
  if (s.sender != nullptr) {
    w.Counter("regiotafel_node_sender_batches_total",
              "Batches submitted to the bus (resubmissions included), since the node started.",
              s.sender->BatchesSent());
  }
  return w.text();
}

void RegisterMetricsApi(httplib::Server& server, NodeMetricsSources sources) {
  server.Get("/metrics",
             [sources = std::move(sources)](const httplib::Request&, httplib::Response& response) {
               response.set_content(NodeMetricsText(sources), metrics::kContentType);
             });
}

}  // namespace regiotafel::node
