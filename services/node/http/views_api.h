// ViewsApi: the view calls of the node's HTTP API, served from a ViewHost (docs/PROJECTIONS.md,
// "Served": routes, parameters, answers, refusals; the .xlsx and .csv: docs/ADMINISTRATIE.md).
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "eventstore/event_log.h"
#include "projections/te_vergeten.h"
#include "services/node/views/view_host.h"

namespace regiotafel::node {

struct ViewsApiOptions {
  std::chrono::milliseconds wait{30'000};  // the longest a request waits for the views to catch up
  std::function<int32_t()> today;          // the default peildatum; null: the local date now
  // What the historie shows of personal data (personal_data.h); null: the envelopes as stored (tests).
  PersonalData* personal_data = nullptr;
  std::string organisatie{};  // this node's, for "Over dit overzicht"; "": "node"
  int32_t bewaartermijn_jaren = projections::kDefaultBewaartermijnJaren;  // for te-vergeten
};

class ViewsApi {
 public:
  // `host` and `replica` must outlive the api.
  ViewsApi(ViewHost& host, const eventstore::EventLog& replica, ViewsApiOptions options = {});
  ViewsApi(const ViewsApi&) = delete;
  ViewsApi& operator=(const ViewsApi&) = delete;

  // Adds the routes above to `server` (before it serves).
  void Register(httplib::Server& server);

 private:
  void Region(const httplib::Request& request, httplib::Response& response, const std::string& view);
  // GET /api/v1/te-vergeten: from the dossier view the host keeps (projections/te_vergeten.h).
  void TeVergeten(const httplib::Request& request, httplib::Response& response);
  void OneDossier(const httplib::Request& request, httplib::Response& response);
  void Historie(const httplib::Request& request, httplib::Response& response);
  // GET /api/v1/dossiers.xlsx (`xlsx`) or .csv.
  void OverzichtFile(const httplib::Request& request, httplib::Response& response, bool xlsx);

  ViewHost& host_;
  const eventstore::EventLog& replica_;
  const ViewsApiOptions options_;
};

// Today's date (local time of this machine) as a day number (base/date.h).
int32_t LocalToday();

}  // namespace regiotafel::node
