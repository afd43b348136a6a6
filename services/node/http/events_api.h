// HttpApi: the event calls of the node's HTTP API (DOMAIN.md §6) on cpp-httplib.
//
//   POST /api/v1/events[?wait=commit]   check at the door, outbox, 202 PENDING; with wait=commit
//                                       200 COMMITTED / 422 REJECTED once decided AND visible in
//                                       this node's replica, or 202 PENDING after `commit_wait`
//   POST /api/v1/events/batch           up to 1000 bodies, one per line, checked each as above and
//                                       stored in ONE synced outbox write (file order kept): 200
//                                       {"results": [...]}, per line what its own POST would answer,
//                                       with its HTTP code as "code" (202, 200, 422, 400, 409, 503); 413
//                                       for more lines, 503 when the outbox write fails (nothing
//                                       stored)
//   GET  /api/v1/events/{event_id}      the outbox's state, else the replica's; 404 unknown
//   GET  /api/v1/log/head[?na=N[&wacht=S]]
//                                       {"position", "hash"} of the replica; with na as soon as
//                                       the head is beyond N, or after S seconds (head_stream.h)
//   GET  /healthz                       {"status": "ok", ...} once serving; 503 {"status": "not ok",
//                                       "problems": [{"store", "reason"}]} while a store does not write
//   GET  /api/v1/toegang                {"organisatie", "rol"}: what the token of this request may
//                                       do, "lezen" or "schrijven" (an open node: "schrijven"), so
//                                       that the dashboard offers no more than its token allows
//   GET  /api/v1/stroom                 the replica's head as server-sent events (head_stream.h)
//   GET  /, /assets/…                   the live dashboard (dashboard_api.h), without a token
//
// Event status bodies always carry every field: {"event_id", "status", "position", "error"}.
// Refusals carry {"error", "field"}. Handlers never throw past httplib: an unexpected exception is
// a 500 with a JSON body.
//
// Access (api_access.h): with tokens configured, every request but GET /healthz needs
// `Authorization: Bearer <token>`; none or an unknown token is 401 with `WWW-Authenticate: Bearer`,
// a lezen token on a POST is 403, both with the {"error", "field"} body and a warning in the log
// naming the remote address and the reason (never the token). The check runs before routing for
// requests without a body, so it covers the routes added through server() too; a request with a
// body (POST) is checked once its body is read, by its route or, for an unknown route, by the error
// handler: refused before the body is read, its bytes would be taken for the connection's next
// request.
//
// Organisation executables add their own routes (views) through server() before Start().
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "base/signing.h"
#include "base/status.h"
#include "contract/identifiers.h"
#include "eventstore/checkpoint_store.h"
#include "eventstore/event_log.h"
#include "eventstore/outbox.h"
#include "privacy/seal.h"
#include "services/node/bus_client/outbox_sender.h"
#include "services/node/bus_client/replica_follower.h"
#include "services/node/http/api_access.h"
#include "services/node/http/head_stream.h"
#include "services/node/views/view_host.h"

namespace regiotafel::node {

struct HttpApiOptions {
  std::string organisatie;  // this node's organisation id: the origin of what it publishes
  contract::OrgKind kind = contract::OrgKind::kGemeente;
  std::chrono::milliseconds commit_wait{30'000};
  std::vector<config::ApiToken> tokens;  // empty: open (development)
  // The node's views, for the one check that needs the dossier (vergeten_check.h); null: not checked.
  ViewHost* views = nullptr;
  // Splits and seals every event after its checks (docs/PRIVACY.md); null: events go out whole.
  privacy::Sealer* sealer = nullptr;
  // Named in /healthz when it stops writing, beside the outbox and the replica; null: not kept.
  const eventstore::CheckpointStore* checkpoints = nullptr;
};

class HttpApi {
 public:
  // Every reference must outlive the api.
  HttpApi(HttpApiOptions options, eventstore::Outbox& outbox, const eventstore::EventLog& replica,
          OutboxSender& sender, ReplicaFollower& follower, const SigningKey& key);
  ~HttpApi();  // Stop()
  HttpApi(const HttpApi&) = delete;
  HttpApi& operator=(const HttpApi&) = delete;

  // Binds address:port (0: any free port) and serves on a thread of its own.
  Status Start(const std::string& address, int port);
  void Stop();  // idempotent; waits for requests in progress
  int port() const { return port_; }

  httplib::Server& server() { return server_; }

  // Refuses the request (401/403, logged) when its token does not allow it; true when allowed. Routes
  // added through server() that take a body (a POST) call it themselves once the body is read.
  bool Allowed(const httplib::Request& request, httplib::Response& response) const;

 private:
  // The door of both POSTs: a body becomes a valid envelope of this node, or the reason it does not
  // (the contract's field in Status::field()).
  Status Prepare(std::string_view body, v1::Envelope* envelope) const;
  // With a sealer: the personal data out of `*envelope` into sealed `delen`; Unavailable when that fails.
  Status Seal(v1::Envelope* envelope, std::vector<std::string>* delen) const;
  void PostEvent(const httplib::Request& request, httplib::Response& response);
  void PostBatch(const httplib::Request& request, httplib::Response& response);
  void GetEvent(const httplib::Request& request, httplib::Response& response);
  void Health(const httplib::Request& request, httplib::Response& response);
  void Toegang(const httplib::Request& request, httplib::Response& response);

  const HttpApiOptions options_;
  const ApiAccess access_;
  eventstore::Outbox& outbox_;
  const eventstore::EventLog& replica_;
  OutboxSender& sender_;
  ReplicaFollower& follower_;
  const SigningKey& key_;
  HeadStream head_stream_;

  httplib::Server server_;
  std::thread thread_;
  std::atomic<bool> listen_returned_{false};
  int port_ = 0;
};

}  // namespace regiotafel::node
