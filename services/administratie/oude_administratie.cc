#include "services/administratie/oude_administratie.h"

#include <fstream>
#include <iterator>

#include "services/administratie/kolommen.h"
#include "services/table/csv_reader.h"
#include "services/table/excel.h"
#include "services/table/xlsx_reader.h"

namespace regiotafel::administratie {
namespace {

bool Leeg(const std::vector<table::Cell>& cellen) {
  for (const table::Cell& cel : cellen) {
    if (!(cel.kind == table::Cell::Kind::kText && cel.text.find_first_not_of(" \t") == std::string::npos))
      return false;
  }
  return true;
}

bool NoemtVNummer(const std::vector<std::string>& kopjes) {
  for (const std::string& kop : kopjes) {
    if (HerkenKolom(kop) == Kolom::kVNummer) return true;
  }
  return false;
}

Status LeesWerkmap(const std::string& path, Blad* out) {
  std::vector<table::Table> sheets;
  if (Status s = table::ReadXlsx(path, &sheets); !s.ok()) return s;
  const table::Table* sheet = &sheets.front();
  for (const table::Table& candidate : sheets) {
    if (NoemtVNummer(candidate.columns)) {
      sheet = &candidate;
      break;
    }
  }
  out->bron = "werkblad '" + sheet->name + "'";
  out->kopjes = sheet->columns;
  for (size_t i = 0; i < sheet->rows.size(); ++i) {
    if (!Leeg(sheet->rows[i])) out->rijen.push_back(Rij{i + 2, sheet->rows[i]});  // row 1 is the header
  }
  return Status::Ok();
}

Status LeesCsv(const std::string& path, std::string_view bytes, Blad* out) {
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
    return Status::InvalidArgument(path +
                                   " is UTF-16 (in Excel: 'Unicode-tekst'); sla het op als 'CSV UTF-8' of "
                                   "als werkmap (.xlsx)");
  }
  table::CsvFile csv;
  if (Status s = table::ReadCsv(bytes, &csv); !s.ok())
    return Status::InvalidArgument(path + ": " + s.message());
  out->bron = std::string("CSV, ") + csv.encoding + ", '" + csv.separator + "'";
  out->kopjes = csv.rows.front();
  for (size_t i = 1; i < csv.rows.size(); ++i) {
    Rij rij{csv.lines[i], {}};
    for (std::string& veld : csv.rows[i]) rij.cellen.push_back(table::Cell::Text(std::move(veld)));
    rij.cellen.resize(std::max(rij.cellen.size(), out->kopjes.size()));
    if (!Leeg(rij.cellen)) out->rijen.push_back(std::move(rij));
  }
  return Status::Ok();
}

}  // namespace

std::string KolomLetter(size_t index) {
  const std::string cell = table::excel::CellName(0, static_cast<int64_t>(index));
  return cell.substr(0, cell.size() - 1);  // "AB1" → "AB"
}

Status LeesOudeAdministratie(const std::string& path, Blad* out) {
  *out = Blad{};
  std::ifstream file(path, std::ios::binary);
  if (!file) return Status::NotFound(path + " bestaat niet of is niet te lezen");
  char magic[4] = {};
  file.read(magic, sizeof magic);
  if (std::string_view(magic, static_cast<size_t>(file.gcount())) == "PK\x03\x04") {
    file.close();
    return LeesWerkmap(path, out);
  }
  file.clear();
  file.seekg(0);
  const std::string bytes{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
  return LeesCsv(path, bytes, out);
}

}  // namespace regiotafel::administratie
