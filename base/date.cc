#include "base/date.h"

#include <chrono>
#include <cstdio>

namespace regiotafel {

namespace {
bool ParseDigits(std::string_view text, int* value) {
  if (text.empty()) return false;
  int v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *value = v;
  return true;
}

int32_t DayOf(int year, unsigned month, unsigned day) {
  using namespace std::chrono;
  return static_cast<int32_t>(sys_days{std::chrono::year{year} / month / day}.time_since_epoch().count());
}
}  // namespace

std::optional<int32_t> ParseDate(std::string_view text) {
  int y, m, d;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  if (!ParseDigits(text.substr(0, 4), &y) || !ParseDigits(text.substr(5, 2), &m) ||
      !ParseDigits(text.substr(8, 2), &d)) {
    return std::nullopt;
  }
  if (y < 1900 || y > 2999) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                                  std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return DayOf(y, m, d);
}

std::string FormatDate(int32_t day) {
  std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{day}}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

int32_t Periode::FirstDay() const { return DayOf(year, half == 1 ? 1 : 7, 1); }
int32_t Periode::LastDay() const { return half == 1 ? DayOf(year, 6, 30) : DayOf(year, 12, 31); }

std::optional<Periode> ParsePeriode(std::string_view text) {
  int y;
  if (text.size() != 7 || text[4] != '-' || text[5] != 'H') return std::nullopt;
  if (!ParseDigits(text.substr(0, 4), &y) || y < 1900 || y > 2999) return std::nullopt;
  if (text[6] != '1' && text[6] != '2') return std::nullopt;
  return Periode{y, text[6] - '0'};
}

std::string FormatPeriode(const Periode& periode) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-H%d", periode.year, periode.half);
  return buf;
}

Periode PeriodeOf(int32_t day) {
  std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{day}}};
  return {static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()) <= 6 ? 1 : 2};
}

}  // namespace regiotafel
