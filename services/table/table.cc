#include "services/table/table.h"

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ostream>

namespace regiotafel::table {

std::string CellText(const Cell& cell) {
  switch (cell.kind) {
    case Cell::Kind::kText:
      return cell.text;
    case Cell::Kind::kNumber:
      return std::to_string(cell.number);
    case Cell::Kind::kDecimal: {
      if (!std::isfinite(cell.decimal))
        return std::isnan(cell.decimal) ? "NaN" : cell.decimal > 0 ? "∞" : "-∞";
      // The shortest text that reads back as the same double, with the Dutch decimal comma.
      char buf[64];
      const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, cell.decimal);
      std::string text(buf, ec == std::errc() ? end : buf);
      for (char& c : text) {
        if (c == '.') c = ',';
      }
      return text;
    }
    case Cell::Kind::kDate: {
      const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{cell.number}}};
      char buf[32];
      std::snprintf(buf, sizeof buf, "%02u-%02u-%04d", static_cast<unsigned>(ymd.day()),
                    static_cast<unsigned>(ymd.month()), static_cast<int>(ymd.year()));
      return buf;
    }
  }
  return {};
}

std::string TimestampText(int64_t unix_seconds) {
  const std::chrono::sys_seconds moment{std::chrono::seconds{unix_seconds}};
  const std::chrono::sys_days day = std::chrono::floor<std::chrono::days>(moment);
  const std::chrono::hh_mm_ss time{moment - day};
  char buf[32];
  std::snprintf(buf, sizeof buf, " %02d:%02d:%02d UTC", static_cast<int>(time.hours().count()),
                static_cast<int>(time.minutes().count()), static_cast<int>(time.seconds().count()));
  return CellText(Cell::Date(static_cast<int32_t>(day.time_since_epoch().count()))) + buf;
}

Status CheckShape(const Table& table) {
  for (size_t i = 0; i < table.rows.size(); ++i) {
    if (table.rows[i].size() != table.columns.size()) {
      return Status::InvalidArgument("rij " + std::to_string(i + 1) + " van tabel '" + table.name +
                                     "' heeft " + std::to_string(table.rows[i].size()) + " cellen, er zijn " +
                                     std::to_string(table.columns.size()) + " kolommen");
    }
  }
  return Status::Ok();
}

std::ostream& operator<<(std::ostream& out, const Cell& cell) {
  static constexpr const char* kSoort[] = {"tekst", "getal", "decimaal", "datum"};
  return out << kSoort[static_cast<int>(cell.kind)] << "(" << CellText(cell) << ")";
}

void PrintTo(const Table& table, std::ostream* out) {
  *out << "Table '" << table.name << "' [";
  for (size_t i = 0; i < table.columns.size(); ++i) *out << (i ? " | " : "") << table.columns[i];
  *out << "] " << table.rows.size() << " rijen";
  for (size_t r = 0; r < table.rows.size() && r < 5; ++r) {
    *out << "\n  ";
    for (size_t i = 0; i < table.rows[r].size(); ++i) *out << (i ? " | " : "") << table.rows[r][i];
  }
}

}  // namespace regiotafel::table
