// How proto names read in Dutch in a table: field names become column headers, enum values become
// words. A small table of exceptions (acronyms, a few whole names) rather than anything clever.
#pragma once

#include <string>
#include <string_view>

namespace regiotafel::table {

// "gerealiseerd" → "Gerealiseerd", "datum_aanmelding" → "Datum aanmelding", "v_nummer" → "V-nummer",
// "datum_brp" → "Datum BRP", "woning_id" → "Woning-ID", "aandeel_procent" → "Aandeel (%)". A flattened
// nested field arrives as "woning_adres" and reads "Woning adres".
std::string DutchHeader(std::string_view field_name);

// An enum value as a word: without the type's prefix (FASE_UNSPECIFIED of Fase), lowercase,
// '_' as a space, acronyms kept: "PRE_VESTIGING" → "pre vestiging", "PIP" → "PIP". The
// *_UNSPECIFIED value (never in a view) reads "".
std::string EnumText(std::string_view enum_type_name, std::string_view value_name);

}  // namespace regiotafel::table
