#include "services/table/naming.h"

#include <array>
#include <utility>
#include <vector>

namespace regiotafel::table {
namespace {

// Words that are written in capitals wherever they appear.
constexpr std::array<std::string_view, 7> kAcronyms = {"bsn", "brp", "coa", "id", "pip", "kvk", "iban"};

// Whole field names whose header the rules would get wrong.
constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kHeaders = {{
    {"woning_id", "Woning-ID"},
    {"signaal_id", "Signaal-ID"},
    {"aandeel_procent", "Aandeel (%)"},
    {"boven_10_procent", "Boven 10%"},
    {"voor_achter", "Voor/achter"},
}};

std::vector<std::string> Words(std::string_view name) {
  std::vector<std::string> words;
  std::string word;
  for (char c : name) {
    if (c == '_') {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

bool IsAcronym(std::string_view word) {
  for (std::string_view acronym : kAcronyms) {
    if (word == acronym) return true;
  }
  return false;
}

std::string Upper(std::string word) {
  for (char& c : word) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return word;
}

// Acronyms in capitals; a one-letter word joins the next with a hyphen, as in "V-nummer".
std::string JoinWords(const std::vector<std::string>& words) {
  std::string text;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0) text += words[i - 1].size() == 1 ? "-" : " ";
    text += IsAcronym(words[i]) ? Upper(words[i]) : words[i];
  }
  return text;
}

}  // namespace

std::string DutchHeader(std::string_view field_name) {
  for (const auto& [name, header] : kHeaders) {
    if (field_name == name) return std::string(header);
  }
  std::string header = JoinWords(Words(field_name));
  if (!header.empty() && header[0] >= 'a' && header[0] <= 'z')
    header[0] = static_cast<char>(header[0] - 'a' + 'A');
  return header;
}

std::string EnumText(std::string_view enum_type_name, std::string_view value_name) {
  // The type's prefix: "Fase" → "FASE_", "BegeleidingFase" would be "BEGELEIDING_FASE_".
  std::string prefix;
  for (size_t i = 0; i < enum_type_name.size(); ++i) {
    const char c = enum_type_name[i];
    if (i > 0 && c >= 'A' && c <= 'Z') prefix += '_';
    prefix += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  }
  prefix += '_';
  if (value_name.starts_with(prefix) && value_name.size() > prefix.size())
    value_name.remove_prefix(prefix.size());
  if (value_name == "UNSPECIFIED") return "";
  return JoinWords(Words(value_name));
}

}  // namespace regiotafel::table
