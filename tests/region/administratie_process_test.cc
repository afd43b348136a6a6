// Issue 8 end to end with real processes: the launcher starts a small region, `regiotafel-regio
// importeer` takes an .xlsx made here into it (first as a dry run that writes nothing, then for real,
// then again adding nothing), organisations add events of their own, `exporteer` gives the overview
// back as .xlsx and .csv, and importing that export into a second, empty region gives the same
// dossiers.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "base/date.h"
#include "contract/json.h"
#include "regiotafel/v1/views.pb.h"
#include "services/table/xlsx.h"
#include "services/table/xlsx_reader.h"
#include "tests/support/files_holding.h"
#include "tests/support/head_wait.h"
#include "tests/support/launcher_run.h"

namespace regiotafel {
namespace {

namespace pb = google::protobuf;
using table::Cell;
using testing::CommandRun;
using namespace std::chrono_literals;

constexpr const char* kPeildatum = "2026-06-30";

Cell Dag(const char* iso) { return Cell::Date(*ParseDate(iso)); }

// A running region: its nodes and their tokens from region.json.
struct Region {
  std::string region_file, data;
  std::map<std::string, std::string> nodes, tokens;  // by organisation id

  httplib::Client Client(const std::string& org) const {
    httplib::Client client(nodes.at(org));
    client.set_connection_timeout(5s);
    client.set_read_timeout(120s);
    client.set_bearer_token_auth(tokens.at(org));
    return client;
  }
  uint64_t Head(const std::string& org) const {
    auto answer = Client(org).Get("/api/v1/log/head");
    pb::Struct json;
    if (!answer || answer->status != 200 || !pb::util::JsonStringToMessage(answer->body, &json).ok())
      return 0;
    return static_cast<uint64_t>(json.fields().at("position").number_value());
  }
  // POST …?wait=commit: true when committed.
  bool Publish(const std::string& org, const std::string& body) const {
    auto answer = Client(org).Post("/api/v1/events?wait=commit", body, "application/json");
    EXPECT_TRUE(answer && answer->status == 200) << org << ": " << body << "\n"
                                                 << (answer ? answer->body : "no answer");
    return answer && answer->status == 200;
  }
  v1::DossiersView Dossiers(const std::string& org) const {
    v1::DossiersView view;
    auto answer = Client(org).Get(std::string("/api/v1/dossiers?peildatum=") + kPeildatum);
    EXPECT_TRUE(answer && answer->status == 200);
    if (answer) {
      EXPECT_TRUE(contract::FromJson(answer->body, &view).ok()) << answer->body;
    }
    return view;
  }
};

class AdministratieProcessTest : public testing::LauncherTest {
 protected:
  void SetUp() override { ASSERT_NO_FATAL_FAILURE(MakeDirectoryAndPorts("regiotafel-administratie", 15)); }

  void TearDown() override {
    if (second_started_) {
      CommandRun down = Command({REGION_BINARY, "down", "--data", second_.data});
      if (down.exit_code != 0) ADD_FAILURE() << "down of the second region: " << down.output;
      testing::ShowRegionLogsIfFailed(second_.data);
    }
    LauncherTest::TearDown();
  }

  // Starts a region of five organisations under dir_/NAME on ports from `base`.
  void Start(const std::string& name, int base, Region* region) {
    region->region_file = dir_ + "/" + name + ".toml";
    region->data = dir_ + "/" + name;
    std::ofstream(region->region_file)
        << "naam = \"" << name << "\"\n"
        << "organisaties = [\"regio:drechtsteden\", \"gemeente:dordrecht\", \"gemeente:zwijndrecht\", "
           "\"corporatie:trivire\", \"coa:coa\"]\n"
        << "poort_basis = " << base << "\nheartbeat_ms = 200\n";
    CommandRun up = Command({REGION_BINARY, "up", region->region_file, "--data", region->data});
    ASSERT_EQ(up.exit_code, 0) << up.output;
    pb::Struct json;
    ASSERT_TRUE(pb::util::JsonStringToMessage(testing::ReadFile(region->data + "/region.json"), &json).ok());
    for (const auto& [org, url] : json.fields().at("nodes").struct_value().fields()) {
      region->nodes[org] = url.string_value();
    }
    for (const auto& [org, token] : json.fields().at("tokens").struct_value().fields()) {
      region->tokens[org] = token.string_value();
    }
  }
  void StartFirst() {
    started_ = true;
    data_ = dir_ + "/eerste";  // LauncherTest's `down` at the end
    ASSERT_NO_FATAL_FAILURE(Start("eerste", base_, &first_));
  }
  void StartSecond() {
    second_started_ = true;
    const int base = testing::FreePortBase(15);
    ASSERT_NE(base, 0);
    ASSERT_NO_FATAL_FAILURE(Start("tweede", base, &second_));
  }

  CommandRun Regio(const Region& region, std::vector<std::string> args) {
    args.insert(args.begin(), REGIO_BINARY);
    for (const std::string& extra : {std::string("--node"), region.nodes.at("regio:drechtsteden"),
                                     std::string("--token"), region.tokens.at("regio:drechtsteden")}) {
      args.push_back(extra);
    }
    return Command(args);
  }
  CommandRun Importeer(const Region& region, const std::string& file, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"importeer", file, "--regio", region.region_file, "--no-progress"};
    args.insert(args.end(), extra.begin(), extra.end());
    return Regio(region, args);
  }

  // The clerks' file: four good rows in the shapes Excel gives them, and four with a problem each.
  std::string OudeAdministratie() {
    table::Table t{
        "Statushouders",
        {"Naam", "V-nr", "BSN", "Inschrijfnummer", "Geboortedatum", "Verblijfplaats", "Grootte huishouden",
         "Verwachte nareizigers", "Datum aanmelding", "Huisvestende corporatie", "Gereserveerde woning",
         "Datum huurcontract", "Datum BRP-inschrijving", "Gemeente", "Woongemeente", "Opmerkingen"},
        {}};
    auto row = [&](std::vector<Cell> cells) { t.rows.push_back(std::move(cells)); };
    const Cell leeg = Cell::Text("");
    // Housed and registered, in another gemeente than the linked one.
    row({Cell::Text("Amal Haddad"), Cell::Text("1234500001"), Cell::Text("111222333"), Cell::Text("W-77"),
         Dag("1990-02-01"), Cell::Text("AZC Gilze"), Cell::Number(3), Cell::Number(1), Dag("2026-01-05"),
         Cell::Text("Trivire"), Cell::Text("TRI-001"), Dag("2026-03-01"), Cell::Text("10-3-2026"),
         Cell::Text("Dordrecht"), Cell::Text("Zwijndrecht"), Cell::Text("loopt goed")});
    // Linked, waiting; counts as numbers, the date as text.
    row({Cell::Text("Yonas Tesfaye"), Cell::Text("1234500002"), leeg, leeg, leeg, Cell::Text("AZC Dordrecht"),
         Cell::Number(4), Cell::Number(2), Cell::Text("2026-02-14"), leeg, leeg, leeg, leeg,
         Cell::Text("gemeente:zwijndrecht"), leeg, leeg});
    // A huurcontract, no BRP yet; Excel dropped the V-nummer's leading zero.
    row({Cell::Text("Rahel Mekonnen"), Cell::Number(123450003), leeg, leeg, leeg, leeg, Cell::Number(1), leeg,
         Cell::Text("03-01-2026"), Cell::Text("trivire"), Cell::Text("TRI-002"), Dag("2026-05-15"), leeg,
         Cell::Text("Dordrecht"), leeg, leeg});
    // Linked, and a reservering the log cannot take over (a remark, not a problem).
    row({Cell::Text("Omar Said"), Cell::Text("1234500004"), leeg, leeg, leeg, leeg, Cell::Number(2), leeg,
         Dag("2026-04-01"), Cell::Text("Trivire"), Cell::Text("TRI-003"), leeg, leeg,
         Cell::Text("Zwijndrecht"), leeg, leeg});
    // Problems: a BSN failing the 11-proef, a day that does not exist, an unknown gemeente, nobody.
    row({Cell::Text("Fout BSN"), Cell::Text("1234500005"), Cell::Text("123456789"), leeg, leeg, leeg,
         Cell::Number(1), leeg, leeg, leeg, leeg, leeg, leeg, Cell::Text("Dordrecht"), leeg, leeg});
    row({Cell::Text("Foute datum"), Cell::Text("1234500006"), leeg, leeg, leeg, leeg, Cell::Number(1), leeg,
         Cell::Text("31-02-2026"), leeg, leeg, leeg, leeg, Cell::Text("Dordrecht"), leeg, leeg});
    row({Cell::Text("Elders"), Cell::Text("1234500007"), leeg, leeg, leeg, leeg, Cell::Number(1), leeg, leeg,
         leeg, leeg, leeg, leeg, Cell::Text("Sliedrecht"), leeg, leeg});
    row({Cell::Text("Niemand"), Cell::Text("1234500008"), leeg, leeg, leeg, leeg, Cell::Number(0), leeg, leeg,
         leeg, leeg, leeg, leeg, Cell::Text("Dordrecht"), leeg, leeg});
    const std::string path = dir_ + "/administratie.xlsx";
    EXPECT_TRUE(table::WriteXlsx({t}, path).ok());
    return path;
  }

  Region first_, second_;
  bool second_started_ = false;
};

// The fields of a dossier that the old file carries, to compare two regions' views by.
std::map<std::string, std::string> Kern(const v1::DossiersView& view) {
  std::map<std::string, std::string> out;
  for (const v1::Dossier& d : view.dossiers()) {
    out[d.v_nummer()] = d.naam() + "|" + d.gemeente() + "|" + d.koppeldatum() + "|" +
                        std::to_string(d.huishouden()) + "|" + std::to_string(d.verwachte_nareizigers()) +
                        "|" + d.verblijfplaats() + "|" + v1::Dossier::Fase_Name(d.fase()) + "|" +
                        d.woning_id() + "|" + d.corporatie() + "|" + d.woongemeente() + "|" +
                        d.datum_huurcontract() + "|" + d.datum_brp();
  }
  return out;
}

TEST_F(AdministratieProcessTest, ProefNamesEveryProblemAndWritesNothing) {
  ASSERT_NO_FATAL_FAILURE(StartFirst());
  const std::string file = OudeAdministratie();
  const std::string problemen = dir_ + "/problemen.xlsx";
  const CommandRun proef =
      Importeer(first_, file, {"--proef", "--datum", "2026-06-01", "--problemen", problemen});
  EXPECT_EQ(proef.exit_code, 1) << "rows with problems\n" << proef.output;
  const std::string& out = proef.output;
  EXPECT_NE(out.find("werkblad 'Statushouders', 8 rijen"), std::string::npos) << out;
  EXPECT_NE(out.find("kolommen die de import niet gebruikt: Opmerkingen"), std::string::npos) << out;
  EXPECT_NE(out.find("rij 6, kolom C (BSN) \"123456789\": dit BSN haalt de elfproef niet"), std::string::npos)
      << out;
  EXPECT_NE(out.find("rij 7, kolom I (Datum aanmelding) \"31-02-2026\": die datum bestaat niet"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("rij 8, kolom N (Gemeente) \"Sliedrecht\": onbekende gemeente"), std::string::npos)
      << out;
  EXPECT_NE(out.find("rij 9, kolom G (Grootte huishouden) \"0\": een huishouden telt minstens 1 persoon"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("let op, rij 5: een gereserveerde woning"), std::string::npos) << out;
  EXPECT_NE(out.find("proef: 4 rijen in orde, 4 met een probleem; er is niets geschreven"), std::string::npos)
      << out;
  EXPECT_EQ(first_.Head("regio:drechtsteden"), 0u) << "a dry run writes nothing";

  // The same problems as a table to work through in Excel.
  std::vector<table::Table> sheets;
  ASSERT_TRUE(table::ReadXlsx(problemen, &sheets).ok());
  ASSERT_EQ(sheets.size(), 1u);
  EXPECT_EQ(sheets[0].columns, (std::vector<std::string>{"Rij", "Kolom", "Waarde", "Melding", "Soort"}));
  size_t rijen_met_probleem = 0;
  for (const std::vector<Cell>& rij : sheets[0].rows) rijen_met_probleem += rij[4].text == "probleem";
  EXPECT_EQ(rijen_met_probleem, 4u);
  EXPECT_EQ(sheets[0].rows[0][0], Cell::Number(5)) << "by row: the remark on row 5 first";
  const CommandRun verkeerd = Importeer(first_, file, {"--proef", "--problemen", dir_ + "/problemen.txt"});
  EXPECT_NE(verkeerd.exit_code, 0);
  EXPECT_NE(verkeerd.output.find(".xlsx of .csv"), std::string::npos) << verkeerd.output;

  // Only the regio may take the administration over: the other kinds have no such command.
  const CommandRun gemeente = Command({GEMEENTE_BINARY, "importeer", file, "--regio", first_.region_file});
  EXPECT_NE(gemeente.exit_code, 0) << gemeente.output;

  // A file that is not an administration at all gets one clear error and exit 2.
  std::ofstream(dir_ + "/kapot.xlsx", std::ios::binary) << std::string("PK\x03\x04", 4) << "afgebroken";
  const CommandRun kapot = Importeer(first_, dir_ + "/kapot.xlsx", {"--proef"});
  EXPECT_EQ(kapot.exit_code, 2) << kapot.output;
  EXPECT_NE(kapot.output.find("error: "), std::string::npos) << kapot.output;
  EXPECT_NE(kapot.output.find("kapot.xlsx"), std::string::npos) << kapot.output;
}

TEST_F(AdministratieProcessTest, ImportOnceExportAndImportIntoAnEmptyRegionGivesTheSameDossiers) {
  ASSERT_NO_FATAL_FAILURE(StartFirst());
  const std::string file = OudeAdministratie();

  const CommandRun eerste = Importeer(first_, file, {"--datum", "2026-06-01"});
  EXPECT_EQ(eerste.exit_code, 1) << "four rows were skipped\n" << eerste.output;
  EXPECT_NE(eerste.output.find(
                "8 rijen: 4 overgenomen, 0 al eerder overgenomen, 4 overgeslagen wegens een probleem, "
                "0 niet overgenomen"),
            std::string::npos)
      << eerste.output;
  EXPECT_EQ(first_.Head("regio:drechtsteden"), 4u);

  // The regio wrote the old file's BSNs sealed for the kinds that may read them (DOMAIN §7): it
  // cannot read them back, from its node or its disk; a gemeente can.
  const std::string historie = "/api/v1/dossiers/1234500001/historie?peildatum=2026-06-30";
  ASSERT_TRUE(
      testing::HeadReaches(first_.nodes.at("gemeente:dordrecht"), first_.tokens.at("gemeente:dordrecht"), 4));
  const auto regio = first_.Client("regio:drechtsteden").Get(historie);
  ASSERT_TRUE(regio && regio->status == 200);
  EXPECT_EQ(regio->body.find("111222333"), std::string::npos) << regio->body;
  EXPECT_NE(regio->body.find("Amal Haddad"), std::string::npos) << regio->body;
  const auto gemeente = first_.Client("gemeente:dordrecht").Get(historie);
  ASSERT_TRUE(gemeente && gemeente->status == 200);
  EXPECT_NE(gemeente->body.find("111222333"), std::string::npos) << gemeente->body;
  EXPECT_EQ(testing::FilesHolding(first_.data + "/nodes/regio_drechtsteden", "111222333"),
            std::vector<std::string>{});

  // The same file again, even on another day, adds nothing.
  const CommandRun nog_eens = Importeer(first_, file, {"--datum", "2026-06-02"});
  EXPECT_NE(nog_eens.output.find("8 rijen: 0 overgenomen, 4 al eerder overgenomen"), std::string::npos)
      << nog_eens.output;
  EXPECT_EQ(first_.Head("regio:drechtsteden"), 4u) << "importing the same file twice adds nothing";

  // A row corrected in Excel afterwards would tell its dossier's story twice: skipped, with the reason,
  // in the dry run as in the import.
  std::vector<table::Table> oud;
  ASSERT_TRUE(table::ReadXlsx(file, &oud).ok());
  oud[0].rows[0][6] = Cell::Number(4);  // Amal Haddad's household grew
  const std::string gewijzigd = dir_ + "/gewijzigd.xlsx";
  ASSERT_TRUE(table::WriteXlsx(oud, gewijzigd).ok());
  for (bool proef : {true, false}) {
    std::vector<std::string> extra = {"--datum", "2026-06-03"};
    if (proef) extra.push_back("--proef");
    const CommandRun correctie = Importeer(first_, gewijzigd, extra);
    EXPECT_EQ(correctie.exit_code, 1) << correctie.output;
    EXPECT_NE(correctie.output.find(
                  "rij 2, kolom B (V-nr) \"1234500001\": dit V-nummer heeft al een dossier in de regio"),
              std::string::npos)
        << correctie.output;
  }
  EXPECT_EQ(first_.Head("regio:drechtsteden"), 4u) << "the corrected row was skipped";

  // The organisations go on in the log: a household linked by COA, housed by Trivire in Zwijndrecht,
  // registered by Zwijndrecht, and a nareiziger who arrived.
  ASSERT_TRUE(first_.Publish("coa:coa", R"({"aanmelding": {"datum": "2026-02-01", "v_nummer": "1234500009",
      "naam": "Sara Ali", "geboortedatum": "1985-05-05", "gezinsleden": [{"v_nummer": "1234500010", "naam": "Noor Ali"}],
      "verblijfplaats": "AZC Gilze", "gemeente": "gemeente:dordrecht"}})"));
  ASSERT_TRUE(first_.Publish("corporatie:trivire", R"({"woning_aangeboden": {"datum": "2026-02-10",
      "woning_id": "TRI-100", "corporatie": "corporatie:trivire", "gemeente": "gemeente:zwijndrecht",
      "adres": "Kerkstraat 1", "kamers": 3, "kale_huur_cent": 60000, "soort": "REGULIER", "capaciteit": 4,
      "beschikbaar_per": "2026-03-01"}})"));
  ASSERT_TRUE(first_.Publish("corporatie:trivire",
                             R"({"reservering": {"datum": "2026-02-20", "v_nummer": "1234500009",
      "woning_id": "TRI-100", "corporatie": "corporatie:trivire", "personen": 2}})"));
  ASSERT_TRUE(first_.Publish("corporatie:trivire",
                             R"({"huurcontract": {"datum": "2026-03-01", "v_nummer": "1234500009",
      "woning_id": "TRI-100", "corporatie": "corporatie:trivire", "ingangsdatum": "2026-03-15",
      "kale_huur_cent": 60000, "personen": 2}})"));
  ASSERT_TRUE(first_.Publish("gemeente:zwijndrecht", R"({"brp_inschrijving": {"datum": "2026-03-20",
      "v_nummer": "1234500009", "gemeente": "gemeente:zwijndrecht",
      "personen": [{"v_nummer": "1234500009", "bsn": "111222333"}]}})"));
  ASSERT_TRUE(first_.Publish("coa:coa",
                             R"({"nareizigers_gearriveerd": {"datum": "2026-04-01", "v_nummer": "1234500009",
      "personen": [{"v_nummer": "1234500011", "naam": "Adam Ali"}]}})"));

  const std::string xlsx = dir_ + "/overzicht.xlsx", csv = dir_ + "/overzicht.csv";
  for (const std::string& path : {xlsx, csv}) {
    const CommandRun uit = Regio(first_, {"exporteer", path, "--peildatum", kPeildatum});
    ASSERT_EQ(uit.exit_code, 0) << uit.output;
    EXPECT_NE(uit.output.find("5 dossiers, peildatum 2026-06-30"), std::string::npos) << uit.output;
  }
  std::vector<table::Table> sheets;
  ASSERT_TRUE(table::ReadXlsx(xlsx, &sheets).ok());
  ASSERT_EQ(sheets.size(), 2u);
  EXPECT_EQ(sheets[0].name, "Dossiers");
  EXPECT_EQ(sheets[0].rows.size(), 5u);
  EXPECT_EQ(sheets[0].columns.front(), "Naam");

  // Into an empty region, from the workbook: every row in order, the same dossiers.
  ASSERT_NO_FATAL_FAILURE(StartSecond());
  const CommandRun over = Importeer(second_, xlsx, {"--datum", "2026-07-01"});
  EXPECT_EQ(over.exit_code, 0) << over.output;
  EXPECT_NE(over.output.find("5 rijen: 5 overgenomen"), std::string::npos) << over.output;
  const v1::DossiersView voor = first_.Dossiers("regio:drechtsteden");
  const v1::DossiersView na = second_.Dossiers("regio:drechtsteden");
  ASSERT_EQ(voor.dossiers_size(), 5);
  std::map<std::string, std::string> verwacht = Kern(voor);
  // The one reservering of the old file cannot be taken over (DOMAIN.md §5): in both regions it is
  // GEKOPPELD without a woning.
  EXPECT_EQ(Kern(na), verwacht);
  EXPECT_NE(verwacht["1234500009"].find(
                "|3|0|AZC Gilze|INGESCHREVEN|TRI-100|corporatie:trivire|gemeente:zwijndrecht|"
                "2026-03-15|2026-03-20"),
            std::string::npos)
      << verwacht["1234500009"];
  EXPECT_NE(verwacht["0123450003"].find("HUURCONTRACT"), std::string::npos) << "the lost zero is back";

  // The CSV export is the same overview: its rows are the same events, so nothing is added.
  const CommandRun csv_over = Importeer(second_, csv, {"--datum", "2026-07-02"});
  EXPECT_EQ(csv_over.exit_code, 0) << csv_over.output;
  EXPECT_NE(csv_over.output.find("5 rijen: 0 overgenomen, 5 al eerder overgenomen"), std::string::npos)
      << csv_over.output;
  EXPECT_EQ(second_.Head("regio:drechtsteden"), 5u);
}

// The example the README shows (deploy/demo/oude-administratie.csv) checks as it says: a dry run needs
// no node, only the region file.
TEST_F(AdministratieProcessTest, TheShippedExampleShowsItsTwoProblems) {
  const CommandRun proef = Command(
      {REGIO_BINARY, "importeer", std::string(SOURCE_DIR) + "/deploy/demo/oude-administratie.csv", "--regio",
       std::string(SOURCE_DIR) + "/deploy/regions/drechtsteden.toml", "--proef", "--datum", "2026-06-01"});
  EXPECT_EQ(proef.exit_code, 1) << proef.output;
  EXPECT_NE(proef.output.find("CSV, UTF-8, ';', 7 rijen"), std::string::npos) << proef.output;
  EXPECT_NE(proef.output.find("rij 7, kolom C (BSN) \"123456789\": dit BSN haalt de elfproef niet"),
            std::string::npos)
      << proef.output;
  EXPECT_NE(proef.output.find("rij 8, kolom N (Gemeente) \"Sliedrecht\": onbekende gemeente"),
            std::string::npos)
      << proef.output;
  EXPECT_NE(proef.output.find("proef: 5 rijen in orde, 2 met een probleem"), std::string::npos)
      << proef.output;
}

}  // namespace
}  // namespace regiotafel
