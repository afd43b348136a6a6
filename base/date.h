// Business dates (YYYY-MM-DD) and half-year periods (YYYY-H1, YYYY-H2).
// A date is held as a day number: days since 1970-01-01, so differences are calendar days.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace regiotafel {

// Strict YYYY-MM-DD of a real calendar date (year 1900–2999); nullopt otherwise.
std::optional<int32_t> ParseDate(std::string_view text);
std::string FormatDate(int32_t day);

struct Periode {
  int year = 0;
  int half = 1;  // 1: 1 Jan–30 Jun, 2: 1 Jul–31 Dec

  auto operator<=>(const Periode&) const = default;
  Periode Next() const { return half == 1 ? Periode{year, 2} : Periode{year + 1, 1}; }
  Periode Previous() const { return half == 2 ? Periode{year, 1} : Periode{year - 1, 2}; }
  int32_t FirstDay() const;
  int32_t LastDay() const;
};

// Strict YYYY-H1 / YYYY-H2 (year 1900–2999).
std::optional<Periode> ParsePeriode(std::string_view text);
std::string FormatPeriode(const Periode& periode);
Periode PeriodeOf(int32_t day);

}  // namespace regiotafel
