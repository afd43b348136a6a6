#include "services/table/table.h"

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ostream>

namespace regiotafel::table {

std::string CellText(const Cell& cell) {
  switch (cell.soort) {
    case Cell::Soort::kTekst:
      return cell.tekst;
    case Cell::Soort::kGetal:
      return std::to_string(cell.getal);
    case Cell::Soort::kDecimaal: {
      if (!std::isfinite(cell.decimaal))
        return std::isnan(cell.decimaal) ? "NaN" : cell.decimaal > 0 ? "∞" : "-∞";
      // The shortest text that reads back as the same double, with the Dutch decimal comma.
      char buf[64];
      const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, cell.decimaal);
      std::string text(buf, ec == std::errc() ? end : buf);
      for (char& c : text) {
        if (c == '.') c = ',';
      }
      return text;
    }
    case Cell::Soort::kDatum: {
      const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{cell.getal}}};
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
  return CellText(Cell::Datum(static_cast<int32_t>(day.time_since_epoch().count()))) + buf;
}

Status CheckShape(const Table& table) {
  for (size_t i = 0; i < table.rijen.size(); ++i) {
    if (table.rijen[i].size() != table.kolommen.size()) {
      return Status::InvalidArgument("rij " + std::to_string(i + 1) + " van tabel '" + table.naam +
                                     "' heeft " + std::to_string(table.rijen[i].size()) +
                                     " cellen, er zijn " + std::to_string(table.kolommen.size()) +
                                     " kolommen");
    }
  }
  return Status::Ok();
}

std::ostream& operator<<(std::ostream& out, const Cell& cell) {
  static constexpr const char* kSoort[] = {"tekst", "getal", "decimaal", "datum"};
  return out << kSoort[static_cast<int>(cell.soort)] << "(" << CellText(cell) << ")";
}

void PrintTo(const Table& table, std::ostream* out) {
  *out << "Table '" << table.naam << "' [";
  for (size_t i = 0; i < table.kolommen.size(); ++i) *out << (i ? " | " : "") << table.kolommen[i];
  *out << "] " << table.rijen.size() << " rijen";
  for (size_t r = 0; r < table.rijen.size() && r < 5; ++r) {
    *out << "\n  ";
    for (size_t i = 0; i < table.rijen[r].size(); ++i) *out << (i ? " | " : "") << table.rijen[r][i];
  }
}

}  // namespace regiotafel::table
