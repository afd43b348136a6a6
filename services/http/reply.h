// How the bus's and the node's HTTP servers answer: JSON bodies ending in a newline, and a refusal as
// {"error", "field"} (docs/CONTRACT.md). The one place where a Status becomes an HTTP code.
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>

#include "base/status.h"

namespace regiotafel::http {

inline constexpr const char* kJson = "application/json; charset=utf-8";

// `body` and a newline as JSON, copied once (a cached view can be tens of megabytes).
void Reply(httplib::Response& response, int code, std::string_view body);

// {"error": …, "field": …}
std::string RefusalBody(std::string_view error, std::string_view field);
void Refuse(httplib::Response& response, int code, std::string_view error, std::string_view field = "");
void Refuse(httplib::Response& response, int code, const Status& status);

// 400 InvalidArgument, 404 NotFound, 409 Conflict, 503 Unavailable, else 500.
int HttpCode(const Status& status);
// Refused with HttpCode(status); a 500 is also logged under `what` (never a request's content).
void Refuse(httplib::Response& response, const Status& status, std::string_view what);

}  // namespace regiotafel::http
