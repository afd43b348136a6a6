// NodeClient: the organisation commands' side of a node's HTTP API (DOMAIN.md §6): post an event
// body, ask an event's status, ask whose node it is, get a view. One keep-alive connection, used from one
// thread. Every answer — also "no answer at all" — comes back as a value; nothing throws.
//
// With a token every request carries `Authorization: Bearer <token>` (services/node/http/api_access.h).
// A node that refuses it answers 401 (no or an unknown token) or 403 (a lezen token on a POST):
// EventOutcome::Kind::kDenied, or Status Unavailable from the calls that return a Status, both with
// DeniedMessage's words.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"

namespace regiotafel::node_client {

// What became of one event body.
struct EventOutcome {
  enum class Kind {
    kCommitted,    // the bus appended it at `position`
    kRejected,     // the bus refused it (422); `error` says why
    kPending,      // stored in the node's outbox, not decided yet (202)
    kRefused,      // the node refused it at the door (400, 409, 413, 503, …); nothing was stored
    kUnreachable,  // no HTTP answer at all (connection refused, timeout, garbage)
    kDenied,       // the node refused this client's token (401, 403); nothing was stored
  };
  Kind kind = Kind::kUnreachable;
  std::string event_id;
  uint64_t position = 0;
  std::string error;  // rejected, refused, unreachable: the reason (the node's words, in Dutch)
  std::string field;  // refused: the contract's field path, may be empty
  int http_status = 0;
  bool connected = true;  // unreachable: false when no connection was made, so nothing was sent

  bool decided() const { return kind == Kind::kCommitted || kind == Kind::kRejected; }
};

// "COMMITTED at position 17", "REJECTED: reden", "refused: aanmelding.v_nummer: reden",
// "PENDING (event …)", "node unreachable: …", "geen toegang tot …".
std::string Describe(const EventOutcome& outcome);

// What a 401 or 403 from `url` means to whoever runs the command, in Dutch, with what to do about
// it; `node_error` is the node's own reason.
std::string DeniedMessage(const std::string& url, int http_status, const std::string& node_error);

// The head of a node's replica: its position and chained hash (lowercase hex).
struct LogHead {
  uint64_t position = 0;
  std::string hash;
};

// A view call's answer (services/node/http/views_api.h).
struct ViewAnswer {
  std::string body;      // the JSON, as the node sent it
  std::string position;  // the position and peildatum it is exact for (its X-Regiotafel-* headers)
  std::string peildatum;
};

class NodeClient {
 public:
  // `url` is "http://HOST:PORT" (a trailing slash is fine). InvalidArgument for anything else:
  // https is not built in, and a path would be ignored silently by the HTTP library. `token` is
  // sent as a Bearer token; empty: none (a node without [[tokens]]).
  static Status Open(const std::string& url, const std::string& token, std::chrono::milliseconds read_timeout,
                     std::unique_ptr<NodeClient>* out);

  // POST /api/v1/events, with ?wait=commit when `wait_for_commit`.
  EventOutcome Post(const std::string& body, bool wait_for_commit);
  // POST /api/v1/events/batch: every body (at most 1000) in one request, stored by the node in one
  // synced write; one outcome per body, in order. When the node answers the batch as a whole (no
  // connection, 401/403, 413), every body gets that outcome. Bodies that span lines go one by one.
  std::vector<EventOutcome> PostBatch(const std::vector<std::string>& bodies);
  // GET /api/v1/events/{event_id}.
  EventOutcome Get(const std::string& event_id);
  // The node's own organisation id, from GET /healthz.
  Status Organisation(std::string* out);
  // GET /api/v1/log/head: the position and hash (hex) of the node's replica.
  Status Head(uint64_t* position, std::string* hash);
  // GET /api/v1/log/head?na=`after`&wacht=S: the node answers as soon as its replica's head is
  // beyond `after`. Waits about `patience` (whole seconds, rounded up) in long-polls of at most a
  // minute each, so any patience will do. Ok with the head once it is beyond `after`, and Ok with
  // the head as it is when the patience ran out first (head->position <= after: it did not move);
  // Unavailable when the node does not answer, refuses the token (DeniedMessage), is stopping or
  // answers anything else.
  Status WaitForHead(uint64_t after, std::chrono::milliseconds patience, LogHead* head);
  // GET `target` (a path with its query, e.g. "/api/v1/dossiers?fase=GEKOPPELD"). Ok on 200;
  // InvalidArgument (400) and NotFound (404) carry the node's reason and field; Unavailable when
  // there is no answer or another one (401/403: DeniedMessage).
  Status View(const std::string& target, ViewAnswer* out);

  const std::string& url() const { return url_; }

 private:
  NodeClient(std::string url, const std::string& token, std::chrono::milliseconds read_timeout);
  EventOutcome ToOutcome(const httplib::Result& result) const;
  // The {"position", "hash"} answer of `target`.
  Status HeadFrom(const std::string& target, const httplib::Result& result, LogHead* head) const;

  std::string url_;
  httplib::Client client_;
  std::chrono::milliseconds read_timeout_;
};

}  // namespace regiotafel::node_client
