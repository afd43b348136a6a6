// ViewsApi: the view calls of the node's HTTP API (DOMAIN.md §6), served from a ViewHost.
//
//   GET /api/v1/dossiers                       {"dossiers": [...], "volgende"}  filters gemeente, fase,
//                                              signaal; a page: limit, na (also signalen, woningen)
//   GET /api/v1/dossiers/{v_nummer}            one Dossier object; 404 when not seen
//   GET /api/v1/dossiers/{v_nummer}/historie   {"v_nummer", "events": [{"position", "recorded_at",
//                                              "event_id", "origin", "origin_seq", "event", "datum",
//                                              "payload"}]}: every record of the dossier's stream
//                                              seen at the AsOf, in log order; 404 when none
//   GET /api/v1/taakstelling                   {"regels": [...]}    filter periode
//   GET /api/v1/pijplijn                       {"gemeenten": [...]}
//   GET /api/v1/signalen                       {"signalen": [...], "volgende"}  filter voor
//   GET /api/v1/woningen                       {"woningen": [...], "volgende"}
//   GET /api/v1/corporaties                    {"regels": [...]}
//   GET /api/v1/dossiers.xlsx                  the dossier overview as an Excel workbook, filter gemeente
//   GET /api/v1/dossiers.csv                   the same overview as CSV for Dutch Excel, filter gemeente
//
// Every call takes peildatum=YYYY-MM-DD (default: today by this node's clock — the only clock the
// views ever read) and positie=N (default: the replica's head when the request arrives; 0: the
// empty log). The answer is exact for that {peildatum, positie} and names it in the headers
// X-Regiotafel-Peildatum and X-Regiotafel-Positie. A bad parameter — peildatum not a real date,
// positie not a whole number or beyond the head, an unknown filter value, an unknown or repeated
// key, an empty value, a limit below 1, a signalen na not CODE/key — is 400 {"error", "field"}.
// 503 when the views do not reach the asked position within `wait`. A page (limit, na; see
// projections/view_filters.h) or a filtered list is computed for its request; a whole list is the
// one ViewHost keeps.
//
// Bodies are protobuf's JSON mapping (contract::ToJson: proto field names, enums by name, every field
// printed), lists sorted as §6 states; the same query on two nodes at the same head gives the same
// bytes. "Seen" for the historie is the views' rule (docs/PROJECTIONS.md): position ≤ positie and
// the payload's datum ≤ peildatum.
//
// The two files are what `regiotafel-<org> exporteer FILE` writes (docs/ADMINISTRATIE.md), and what
// the dashboard's "Download Excel" saves: administratie::Overzicht, the dossiers in the old Excel
// administration's columns, and in the workbook a second sheet "Over dit overzicht" (peildatum,
// positie, this node's organisation as Node, the gemeente or "alle"); CSV has the overview alone.
// Content-Type application/vnd.openxmlformats-officedocument.spreadsheetml.sheet or text/csv;
// charset=utf-8, Content-Disposition attachment; filename="dossiers-<peildatum>.xlsx" (.csv),
// Cache-Control no-store, and the X-Regiotafel-* headers. The file is written by
// table::WriteTablesFile into a private directory of its own (mkdtemp, 0700:
// temp_directory_path()/regiotafel-dossiers-<pid>-XXXXXX), read back and the directory removed before
// the answer goes out, whatever happened; a file that cannot be written is 500 {"error", "field"}.
//
// BSN (bsn_mask.h): with `mask_bsn` (a corporatie's or the regio's node) every BSN in an answer is
// masked, "*******82". The historie's payloads are the only place a BSN can appear today — no view
// row has one (tests/views/bsn_mask_test.cc checks views.proto), so the views stay as they are
// computed and cached.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "eventstore/event_log.h"
#include "services/node/views/view_host.h"

namespace regiotafel::node {

struct ViewsApiOptions {
  std::chrono::milliseconds wait{30'000};  // the longest a request waits for the views to catch up
  std::function<int32_t()> today;          // the default peildatum; null: the local date now
  bool mask_bsn = false;                   // show every BSN masked (bsn_mask.h)
  std::string organisatie{};               // this node's, for "Over dit overzicht"; "": "node"
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
