// The codes of the derived signals (DOMAIN.md §5 "Signalen"), as they appear in SignaalRegel.code
// and Dossier.signalen. Sorting the text sorts the signals as the views do.
#pragma once

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <string_view>

namespace regiotafel::projections {

inline constexpr std::string_view kTermijnHuisvesting = "TERMIJN_HUISVESTING";
inline constexpr std::string_view kReserveringZonderContract = "RESERVERING_ZONDER_CONTRACT";
inline constexpr std::string_view kTermijnVerhuizing = "TERMIJN_VERHUIZING";
inline constexpr std::string_view kBrpOntbreekt = "BRP_ONTBREEKT";
inline constexpr std::string_view kBegeleidingOntbreekt = "BEGELEIDING_ONTBREEKT";
inline constexpr std::string_view kOverboekingOpen = "OVERBOEKING_OPEN";
inline constexpr std::string_view kNareizigersPassenNiet = "NAREIZIGERS_PASSEN_NIET";
inline constexpr std::string_view kStil = "STIL";
inline constexpr std::string_view kOnvolledig = "ONVOLLEDIG";
inline constexpr std::string_view kWoningOnbenut = "WONING_ONBENUT";

// Every code, sorted.
inline constexpr std::string_view kSignalCodes[] = {
    kBegeleidingOntbreekt,      kBrpOntbreekt, kNareizigersPassenNiet, kOnvolledig,        kOverboekingOpen,
    kReserveringZonderContract, kStil,         kTermijnHuisvesting,    kTermijnVerhuizing, kWoningOnbenut};
static_assert(std::is_sorted(std::begin(kSignalCodes), std::end(kSignalCodes)));

// The index of `code` in kSignalCodes (its place in the signals' order); std::size(kSignalCodes) for
// no code.
constexpr size_t SignalIndex(std::string_view code) {
  return std::find(std::begin(kSignalCodes), std::end(kSignalCodes), code) - std::begin(kSignalCodes);
}

}  // namespace regiotafel::projections
