// A JSON string literal for hand-made JSON bodies (the node's event status, refusals and history,
// the bus's metrics listener, the launcher's region.json). The text must be valid UTF-8 (checked at the door,
// read from the log, or our own); quotes, backslashes and control characters are escaped.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace regiotafel {

inline std::string JsonQuote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
          out += escaped;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

}  // namespace regiotafel
