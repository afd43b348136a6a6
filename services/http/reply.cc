#include "services/http/reply.h"

#include <spdlog/spdlog.h>

#include "base/json_text.h"

namespace regiotafel::http {

void Reply(httplib::Response& response, int code, std::string_view body) {
  response.status = code;
  std::string content;
  content.reserve(body.size() + 1);
  content.append(body).push_back('\n');
  response.body = std::move(content);
  response.set_header("Content-Type", kJson);
}

std::string RefusalBody(std::string_view error, std::string_view field) {
  return "{\"error\": " + JsonQuote(error) + ", \"field\": " + JsonQuote(field) + "}";
}

void Refuse(httplib::Response& response, int code, std::string_view error, std::string_view field) {
  Reply(response, code, RefusalBody(error, field));
}

void Refuse(httplib::Response& response, int code, const Status& status) {
  Refuse(response, code, status.message(), status.field());
}

int HttpCode(const Status& status) {
  if (status.IsInvalidArgument()) return 400;
  if (status.IsNotFound()) return 404;
  if (status.IsConflict()) return 409;
  if (status.IsUnavailable()) return 503;
  return 500;
}

void Refuse(httplib::Response& response, const Status& status, std::string_view what) {
  const int code = HttpCode(status);
  if (code == 500) spdlog::error("{}: {}", what, status.ToString());
  Refuse(response, code, status);
}

}  // namespace regiotafel::http
