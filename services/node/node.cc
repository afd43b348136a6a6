#include "services/node/node.h"

#include <spdlog/spdlog.h>

#include <filesystem>

#include "base/key_file.h"
#include "services/node/http/beheer_api.h"
#include "services/node/http/checkpoints_api.h"
#include "services/node/http/metrics_api.h"
#include "services/node/node_backup.h"
#include "transport/shutdown.h"

namespace regiotafel::node {

Status Node::Open(NodeConfig config, std::unique_ptr<Node>* out) {
  std::unique_ptr<Node> node(new Node(std::move(config)));
  const NodeConfig& c = node->config_;
  if (Status s = LoadSigningKeyFile(c.key_file, &node->key_); !s.ok()) return s;
  std::error_code ec;
  std::filesystem::create_directories(c.data_dir, ec);
  if (ec) return Status::IOError("cannot create " + c.data_dir + ": " + ec.message());
  if (!c.klassesleutels.empty()) node->sealer_ = std::make_unique<privacy::Sealer>(c.klassesleutels);
  node->personal_data_ = std::make_unique<PersonalData>(c.kind, c.klassesleutels);
  if (Status s = eventstore::Outbox::Open(c.data_dir + "/outbox", &node->outbox_); !s.ok()) return s;
  // Small memtables and block cache: the replica is written in bulk only while it catches up, and
  // read by scans (docs/PROJECTIONS.md, "Served", has the node's memory).
  eventstore::EventLogOptions replica_options;
  replica_options.memtable_bytes = size_t{24} << 20;
  replica_options.cache_bytes = size_t{12} << 20;
  if (Status s = eventstore::EventLog::Open(c.data_dir + "/replica", replica_options, &node->replica_);
      !s.ok())
    return s;
  if (Status s = eventstore::CheckpointStore::Open(c.data_dir + "/checkpoints", &node->checkpoints_); !s.ok())
    return s;

  node->sender_ = std::make_unique<OutboxSender>(node->context_, *node->outbox_,
                                                 SenderOptions{.endpoint = c.bus_submit,
                                                               .curve = c.bus_curve,
                                                               .batch_key = node->key_,
                                                               .timeout = c.submit_timeout});
  node->follower_ =
      std::make_unique<ReplicaFollower>(node->context_, *node->replica_,
                                        FollowerOptions{.publish = c.bus_publish,
                                                        .fetch = c.bus_fetch,
                                                        .curve = c.bus_curve,
                                                        .heartbeat = c.heartbeat,
                                                        .bus_checkpoint_key = c.bus_checkpoint_key,
                                                        .organisatie = c.organisatie},
                                        node->checkpoints_.get());
  ReplicaFollower* follower = node->follower_.get();
  node->forgetter_ = std::make_unique<forgetting::Forgetter>(
      *node->replica_, node->outbox_.get(),
      [follower](uint64_t position, forgetting::Forgetter::Clock::time_point deadline) {
        return follower->WaitForPosition(position, deadline);
      });
  // Before anything is served: a node restored from an older backup erases again what was forgotten.
  if (Status s = node->forgetter_->CatchUp(); !s.ok()) return s;
  node->view_host_ = std::make_unique<ViewHost>(
      *node->replica_,
      ViewHostOptions{.drempels = c.drempels,
                      .wait_for_position =
                          [follower](uint64_t position, ReplicaFollower::Clock::time_point deadline) {
                            return follower->WaitForPosition(position, deadline);
                          },
                      .personal_data = node->personal_data_.get()});
  node->http_ = std::make_unique<HttpApi>(HttpApiOptions{.organisatie = c.organisatie,
                                                         .kind = c.kind,
                                                         .commit_wait = c.commit_wait,
                                                         .tokens = c.tokens,
                                                         .views = node->view_host_.get(),
                                                         .sealer = node->sealer_.get(),
                                                         .checkpoints = node->checkpoints_.get()},
                                          *node->outbox_, *node->replica_, *node->sender_, *node->follower_,
                                          *node->key_);
  node->views_api_ =
      std::make_unique<ViewsApi>(*node->view_host_, *node->replica_,
                                 ViewsApiOptions{.today = nullptr,
                                                 .personal_data = node->personal_data_.get(),
                                                 .organisatie = c.organisatie,
                                                 .bewaartermijn_jaren = c.bewaartermijn_jaren});
  node->views_api_->Register(node->http_->server());
  RegisterCheckpointsApi(node->http_->server(), *node->checkpoints_);
  RegisterMetricsApi(node->http_->server(), {.organisatie = c.organisatie,
                                             .outbox = node->outbox_.get(),
                                             .replica = node->replica_.get(),
                                             .follower = node->follower_.get(),
                                             .checkpoints = node->checkpoints_.get(),
                                             .sender = node->sender_.get()});
  HttpApi* http = node->http_.get();
  RegisterBeheerApi(
      node->http_->server(),
      {.backup =
           [organisatie = c.organisatie, data = c.data_dir, dir = c.backups_dir, n = node.get()](
               const std::string& naam, BackupReport* report) {
             return BackupNode(organisatie, data, *n->outbox_, *n->replica_, *n->checkpoints_, dir, naam,
                               report);
           },
       .allowed = [http](const httplib::Request& q, httplib::Response& r) { return http->Allowed(q, r); }});
  *out = std::move(node);
  return Status::Ok();
}

Node::Node(NodeConfig config) : config_(std::move(config)), context_(1) {}

Node::~Node() { Stop(); }

Status Node::Start() {
  follower_->Start();
  if (std::filesystem::exists(RestoredMarker())) {
    if (Status s = CatchUpAfterRestore(); !s.ok()) {
      Stop();
      return s;
    }
  }
  forgetter_->Start();
  sender_->Start();
  view_host_->Start();
  if (Status s = http_->Start(config_.http_address, config_.http_port); !s.ok()) {
    Stop();
    return s;
  }
  started_ = true;
  return Status::Ok();
}

// A backup's data directory holds its BACKUP.txt (eventstore/backup.h): the node runs from a backup.
std::string Node::RestoredMarker() const { return config_.data_dir + "/BACKUP.txt"; }

// A backup may predate a DossierVergeten that the bus has since committed: the names it forgot are
// in the backup's replica and the erasure cursor cannot know. So before it answers anyone, a node
// restored from a backup catches up with the bus and carries out every erasure up to its head.
Status Node::CatchUpAfterRestore() {
  spdlog::info(
      "restored from a backup: catching up with the bus and erasing what was forgotten since, "
      "before serving");
  auto next_report = ReplicaFollower::Clock::now() + std::chrono::seconds(10);
  while (!follower_->WaitUntilCaughtUp(ReplicaFollower::Clock::now() + std::chrono::milliseconds(200))) {
    if (transport::ShutdownSignalPending())
      return Status::Unavailable("stopped while catching up after a restore");
    if (ReplicaFollower::Clock::now() >= next_report) {
      spdlog::info("restored from a backup: replica at position {}, bus at {}; not serving yet",
                   replica_->Head().position, follower_->BusHead());
      next_report += std::chrono::seconds(10);
    }
  }
  if (Status s = forgetter_->CatchUp(); !s.ok()) return s;
  std::error_code ec;
  std::filesystem::remove(RestoredMarker(), ec);
  if (ec) return Status::IOError("cannot remove " + RestoredMarker() + ": " + ec.message());
  spdlog::info("restored from a backup: caught up at position {}", replica_->Head().position);
  return Status::Ok();
}

void Node::Stop() {
  // The sender and follower first: stopping them releases HTTP requests waiting on a commit. The
  // views last: a view request in progress still gets its answer while HTTP stops.
  if (sender_) sender_->Stop();
  if (follower_) follower_->Stop();
  if (forgetter_) forgetter_->Stop();
  if (http_) http_->Stop();
  if (view_host_) view_host_->Stop();
  started_ = false;
}

int RunNode(contract::OrgKind kind, const std::string& config_path, const std::function<void(Node&)>& setup) {
  transport::BlockShutdownSignals();
  NodeConfig config;
  if (Status s = LoadNodeConfig(config_path, &config); !s.ok()) {
    spdlog::critical("configuration: {}", s.ToString());
    return 2;
  }
  if (config.kind != kind) {
    spdlog::critical("configuration: organisatie {} is not a {}; this executable serves only that kind",
                     config.organisatie, contract::OrgKindName(kind));
    return 2;
  }
  std::unique_ptr<Node> node;
  if (Status s = Node::Open(config, &node); !s.ok()) {
    spdlog::critical("start: {}", s.ToString());
    return 1;
  }
  if (setup) setup(*node);
  if (Status s = node->Start(); !s.ok()) {
    if (transport::ShutdownSignalPending()) {
      spdlog::info("signal {}: stopped before serving", transport::WaitForShutdownSignal());
      return 0;
    }
    spdlog::critical("start: {}", s.ToString());
    return 1;
  }
  spdlog::info("{}: http://{}:{}, replica at position {}, {} pending in the outbox, bus {}",
               config.organisatie, config.http_address, node->http_port(), node->replica().Head().position,
               node->outbox().PendingCount(), config.bus_submit);
  if (config.tokens.empty()) {
    spdlog::warn("no [[tokens]] configured: the HTTP API is open to anyone who reaches {}",
                 config.http_address);
  }
  const int signal_number = transport::WaitForShutdownSignal();
  spdlog::info("signal {}: stopping", signal_number);
  node->Stop();
  node.reset();
  spdlog::info("stopped cleanly");
  return 0;
}

}  // namespace regiotafel::node
