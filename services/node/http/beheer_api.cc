#include "services/node/http/beheer_api.h"

#include <spdlog/spdlog.h>

#include <memory>
#include <mutex>

#include "base/json_text.h"
#include "services/http/reply.h"

namespace regiotafel::node {
namespace {

using http::kJson;
using http::Refuse;

}  // namespace

void RegisterBeheerApi(httplib::Server& server, BeheerSources sources) {
  auto busy = std::make_shared<std::mutex>();  // one backup at a time
  server.Post("/api/v1/beheer/backup", [sources = std::move(sources), busy](const httplib::Request& request,
                                                                            httplib::Response& response) {
    if (!sources.allowed(request, response)) return;
    std::unique_lock lock(*busy, std::try_to_lock);
    if (!lock.owns_lock()) return Refuse(response, 409, "er loopt al een backup", "");
    const std::string naam = request.has_param("naam") ? request.get_param_value("naam") : "";
    BackupReport report;
    Status s = sources.backup(naam, &report);
    if (!s.ok()) {
      // 507 Insufficient Storage: no room for it where backups go (eventstore::CheckRoomForBackup).
      const int code = s.IsInvalidArgument() ? (s.field() == "naam" ? 400 : 409)
                       : s.IsUnavailable()   ? 507
                                             : 500;
      if (code == 500) spdlog::error("backup {}: {}", naam, s.ToString());
      if (code == 507) spdlog::warn("backup {}: refused: {}", naam, s.message());
      return Refuse(response, code, code == 500 ? "backup mislukt: " + s.message() : s.message(), s.field());
    }
    spdlog::info("backup {}: replica at position {} or beyond, outbox origin_seq {} or beyond", report.dir,
                 report.replica_position, report.laatste_origin_seq);
    response.status = 201;
    response.set_content("{\"pad\": " + JsonQuote(report.dir) + ", \"naam\": " + JsonQuote(report.naam) +
                             ", \"replica_positie\": " + std::to_string(report.replica_position) +
                             ", \"outbox_laatste_origin_seq\": " + std::to_string(report.laatste_origin_seq) +
                             "}\n",
                         kJson);
  });
}

}  // namespace regiotafel::node
