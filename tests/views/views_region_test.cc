// The views through the launcher, as real processes: `regiotafel-region up` starts the bus and five
// organisation nodes on 127.0.0.1 (with a [drempels] table of its own), events are posted to
// several nodes, and then every view asked of two different nodes is the same byte for byte and
// holds the expected figures — also after the region was stopped and started again (the views
// rebuilt from the replica). `toon` prints them as a table and as CSV.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>

#include "eventstore/event_log.h"
#include "regiotafel/v1/events.pb.h"
#include "regiotafel/v1/persoonsgegevens.pb.h"
#include "tests/support/files_holding.h"
#include "tests/support/head_wait.h"
#include "tests/support/launcher_run.h"
#include "tests/support/process.h"

namespace regiotafel {
namespace {

namespace fs = std::filesystem;
namespace pb = google::protobuf;
using namespace std::chrono_literals;
using testing::Answer;
using testing::CommandRun;
using testing::FilesHolding;
using testing::FilesHoldingAny;
using testing::FreePortBase;
using testing::Process;
using testing::ToAnswer;

constexpr int kOrganisations = 5;
constexpr char kAmina[] = "1234567890";
constexpr char kZoe[] = "2234567890";
// 2026-01-08 + 65 days: Zoë waits above the region's 60 days (and below the default 70).
constexpr char kPeildatum[] = "2026-03-14";

std::string Text(const pb::Struct& row, const std::string& key) {
  auto it = row.fields().find(key);
  return it == row.fields().end() ? "<none>" : it->second.string_value();
}
double Number(const pb::Struct& row, const std::string& key) {
  auto it = row.fields().find(key);
  return it == row.fields().end() ? -1 : it->second.number_value();
}

// The log size an inclusion proof (regiotafel-audit prove --out) was made against.
std::string ProofSize(const std::string& proof_file) {
  pb::Struct proof;
  if (!pb::util::JsonStringToMessage(testing::ReadFile(proof_file), &proof).ok()) return "<no proof>";
  return Text(proof, "grootte");
}

// Every sealed part of dossier `v_nummer` in a node's stopped data directory (read from a copy in
// `scratch`: opening a log writes to its directory).
std::vector<v1::VerzegeldDeel> SealedPartsOf(const std::string& node_dir, const std::string& v_nummer,
                                             const std::string& scratch) {
  fs::copy(node_dir + "/replica", scratch, fs::copy_options::recursive);
  std::unique_ptr<eventstore::EventLog> log;
  std::vector<v1::LogRecord> records;
  std::vector<eventstore::PositionParts> parts;
  if (!eventstore::EventLog::Open(scratch, {}, &log).ok() || !log->Read(1, 10'000, &records).ok() ||
      !log->ReadParts(1, log->Head().position, &parts).ok())
    return {};
  std::vector<v1::VerzegeldDeel> sealed;
  for (const eventstore::PositionParts& record : parts) {
    v1::Envelope envelope;
    if (!envelope.ParseFromString(records.at(record.position - 1).envelope()) ||
        envelope.stream().find(v_nummer) == std::string::npos)
      continue;
    for (const eventstore::Part& part : record.parts) {
      if (!sealed.emplace_back().ParseFromString(part.bytes)) sealed.pop_back();
    }
  }
  return sealed;
}

// How many class key pairs (classes × epochs) a key file hands its organisation.
size_t CountEpochs(const std::string& key_file_json) {
  v1::KlasseSleutels file;
  pb::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  if (!pb::util::JsonStringToMessage(key_file_json, &file, options).ok()) return 0;
  return static_cast<size_t>(file.sleutels_size());
}

// The column (in characters, not bytes) where `needle` starts on the first line holding `marker`.
size_t ColumnOf(const std::string& text, const std::string& marker, const std::string& needle) {
  const size_t at = text.find(marker);
  if (at == std::string::npos) return std::string::npos;
  const size_t line = text.rfind('\n', at) == std::string::npos ? 0 : text.rfind('\n', at) + 1;
  const size_t found = text.find(needle, at);
  if (found == std::string::npos) return std::string::npos;
  size_t column = 0;
  for (size_t i = line; i < found; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
  }
  return column;
}

class ViewsRegionTest : public testing::LauncherTest {
 protected:
  void SetUp() override {
    // One port more than the region needs: a test may add an organisation.
    ASSERT_NO_FATAL_FAILURE(MakeDirectoryAndPorts("regiotafel-views", 11 + kOrganisations));
    region_file_ = dir_ + "/proef.toml";
    WriteRegion({"regio:drechtsteden", "gemeente:dordrecht", "gemeente:zwijndrecht", "corporatie:trivire",
                 "coa:coa"});
  }

  void WriteRegion(const std::vector<std::string>& organisaties) {
    std::string list;
    for (const std::string& org : organisaties) list += (list.empty() ? "\"" : ", \"") + org + "\"";
    std::ofstream(region_file_) << "naam = \"proef\"\norganisaties = [" << list << "]\n"
                                << "poort_basis = " << base_ << "\nheartbeat_ms = 200\n"
                                << "[drempels]\ntermijn_huisvesting_dagen = 60\n";
  }

  void Up(size_t organisations = kOrganisations) {
    started_ = true;
    CommandRun up = Command({REGION_BINARY, "up", region_file_, "--data", data_});
    ASSERT_EQ(up.exit_code, 0) << up.output;
    ReadRegionJson();
    ASSERT_EQ(nodes_.size(), organisations);
  }

  // Asks the node at `url` with its token from region.json.
  Answer Call(const std::string& url, const std::string& path, const std::string* body = nullptr) {
    httplib::Client client = Client(url);
    return ToAnswer(body ? client.Post(path.c_str(), *body, "application/json") : client.Get(path.c_str()));
  }

  uint64_t Post(const std::string& org, const std::string& body) {
    const Answer answer = Call(Node(org), "/api/v1/events?wait=commit", &body);
    EXPECT_EQ(answer.code, 200) << org << ": " << answer.body;
    EXPECT_EQ(answer.Text("status"), "COMMITTED") << answer.body;
    return static_cast<uint64_t>(answer.Number("position"));
  }

  // Every node's replica at `position`, each waited for on its long-poll (head_wait.h).
  ::testing::AssertionResult AllAt(uint64_t position) {
    for (const auto& [org, url] : nodes_) {
      node_client::LogHead head;
      ::testing::AssertionResult reached =
          testing::HeadReaches(url, tokens_.at(url), position, testing::kHeadPatience, &head);
      if (!reached) return reached << " (" << org << ")";
      if (head.position != position) {
        return ::testing::AssertionFailure() << org << " at " << head.position << ", not " << position;
      }
    }
    return ::testing::AssertionSuccess();
  }

  // The events of the story: published by COA, the corporatie, a gemeente and the regio, each
  // through its own node.
  uint64_t PostTheStory() {
    Post("coa:coa",
         R"({"aanmelding": {"datum": "2026-01-05", "v_nummer": "1234567890", "naam": "Amina Haddad",
        "gezinsleden": [{"v_nummer": "1234567891", "naam": "Omar Haddad"}], "verblijfplaats": "AZC Dordrecht",
        "gemeente": "gemeente:dordrecht"}})");
    Post("corporatie:trivire", R"({"woning_aangeboden": {"datum": "2026-01-06", "woning_id": "DRD-12",
        "corporatie": "corporatie:trivire", "gemeente": "gemeente:dordrecht", "adres": "Voorstraat 12",
        "kamers": 3, "kale_huur_cent": 61000, "soort": "REGULIER", "capaciteit": 4,
        "beschikbaar_per": "2026-02-01"}})");
    Post("corporatie:trivire", R"({"reservering": {"datum": "2026-02-01", "v_nummer": "1234567890",
        "woning_id": "DRD-12", "corporatie": "corporatie:trivire", "personen": 2}})");
    Post("corporatie:trivire", R"({"huurcontract": {"datum": "2026-02-10", "v_nummer": "1234567890",
        "woning_id": "DRD-12", "corporatie": "corporatie:trivire", "ingangsdatum": "2026-02-15",
        "kale_huur_cent": 61000, "personen": 2}})");
    Post("gemeente:dordrecht", R"({"brp_inschrijving": {"datum": "2026-03-01", "v_nummer": "1234567890",
        "gemeente": "gemeente:dordrecht", "personen": [{"v_nummer": "1234567890", "bsn": "111222333"}]}})");
    Post("regio:drechtsteden", R"({"taakstelling_vastgesteld": {"datum": "2026-01-02",
        "gemeente": "gemeente:dordrecht", "periode": "2026-H1", "aantal": 25}})");
    return Post("coa:coa", R"({"aanmelding": {"datum": "2026-01-08", "v_nummer": "2234567890",
        "naam": "Zoë Tesfaye", "verblijfplaats": "AZC Gorinchem", "gemeente": "gemeente:zwijndrecht"}})");
  }

  // Every view call, with the given query, from `org`'s node.
  std::map<std::string, Answer> AllViews(const std::string& org, const std::string& query) {
    std::map<std::string, Answer> out;
    for (const std::string path :
         {"/api/v1/dossiers", "/api/v1/dossiers/1234567890", "/api/v1/dossiers/1234567890/historie",
          "/api/v1/dossiers/2234567890", "/api/v1/taakstelling", "/api/v1/pijplijn", "/api/v1/signalen",
          "/api/v1/woningen", "/api/v1/corporaties",
          "/api/v1/dossiers?fase=GEKOPPELD&gemeente=gemeente:zwijndrecht",
          "/api/v1/signalen?voor=gemeente:zwijndrecht", "/api/v1/taakstelling?periode=2026-H1"}) {
      const std::string sep = std::string(path).find('?') == std::string::npos ? "?" : "&";
      out[path] = Get(Node(org), path + (query.empty() ? "" : sep + query));
    }
    return out;
  }

  void ExpectSameOnTwoNodes(const std::string& query) {
    const auto a = AllViews("gemeente:dordrecht", query);
    const auto b = AllViews("corporatie:trivire", query);
    for (const auto& [path, answer] : a) {
      // Zoë's aanmelding is at position 7: unknown before it, alike on both nodes.
      const bool unknown =
          path == "/api/v1/dossiers/2234567890" && query.find("positie=4") != std::string::npos;
      EXPECT_EQ(answer.code, unknown ? 404 : 200) << path << "?" << query << ": " << answer.body;
      EXPECT_EQ(answer.code, b.at(path).code) << path << "?" << query;
      // A corporatie may not read BSNs (DOMAIN §7): its node shows "" for them; everything else is the
      // same byte for byte.
      std::string expected = answer.body;
      for (size_t bsn; (bsn = expected.find(R"("bsn":"111222333")")) != std::string::npos;)
        expected.replace(bsn, 17, R"("bsn":"")");
      EXPECT_EQ(expected, b.at(path).body) << path << "?" << query;
    }
  }
};

TEST_F(ViewsRegionTest, TwoNodesGiveTheSameViewsWithTheExpectedFigures) {
  ASSERT_NO_FATAL_FAILURE(Up());
  const uint64_t head = PostTheStory();
  ASSERT_EQ(head, 7u);
  ASSERT_TRUE(AllAt(head));

  ExpectSameOnTwoNodes(std::string("peildatum=") + kPeildatum);
  ExpectSameOnTwoNodes(std::string("peildatum=") + kPeildatum + "&positie=4");
  ExpectSameOnTwoNodes("");  // today, the whole log

  const std::string url = Node("coa:coa");
  const std::string at = std::string("?peildatum=") + kPeildatum;
  const Answer dossiers = Get(url, "/api/v1/dossiers" + at);
  ASSERT_EQ(dossiers.code, 200) << dossiers.body;
  const std::vector<pb::Struct> d = dossiers.Rows("dossiers");
  ASSERT_EQ(d.size(), 2u) << dossiers.body;
  EXPECT_EQ(Text(d[0], "v_nummer"), kAmina);
  EXPECT_EQ(Text(d[0], "fase"), "INGESCHREVEN");
  EXPECT_EQ(Text(d[0], "woning_id"), "DRD-12");
  EXPECT_EQ(Text(d[0], "corporatie"), "corporatie:trivire");
  EXPECT_EQ(Text(d[0], "woongemeente"), "gemeente:dordrecht");
  EXPECT_EQ(Number(d[0], "huishouden"), 2);
  EXPECT_EQ(Text(d[0], "datum_huurcontract"), "2026-02-15");
  EXPECT_EQ(Text(d[0], "datum_brp"), "2026-03-01");
  EXPECT_EQ(Text(d[1], "v_nummer"), kZoe);
  EXPECT_EQ(Text(d[1], "fase"), "GEKOPPELD");
  EXPECT_EQ(Text(d[1], "naam"), "Zoë Tesfaye");
  const auto& zoe_signalen = d[1].fields().at("signalen").list_value().values();
  ASSERT_EQ(zoe_signalen.size(), 2);
  EXPECT_EQ(zoe_signalen[0].string_value(), "STIL");
  EXPECT_EQ(zoe_signalen[1].string_value(), "TERMIJN_HUISVESTING")
      << "the region's 60 days, not the default 70";

  const std::vector<pb::Struct> taak = Get(url, "/api/v1/taakstelling" + at).Rows("regels");
  ASSERT_EQ(taak.size(), 1u);
  EXPECT_EQ(Text(taak[0], "gemeente"), "gemeente:dordrecht");
  EXPECT_EQ(Text(taak[0], "periode"), "2026-H1");
  EXPECT_EQ(Number(taak[0], "taakstelling"), 25);
  EXPECT_EQ(Number(taak[0], "gerealiseerd"), 2);
  EXPECT_EQ(Number(taak[0], "eindsaldo"), -23);
  EXPECT_EQ(Number(taak[0], "nog_te_huisvesten"), 23);

  const std::vector<pb::Struct> pijplijn = Get(url, "/api/v1/pijplijn" + at).Rows("gemeenten");
  ASSERT_EQ(pijplijn.size(), 2u);
  EXPECT_EQ(Text(pijplijn[0], "gemeente"), "gemeente:dordrecht");
  EXPECT_EQ(Number(pijplijn[0], "ingeschreven"), 1);
  EXPECT_EQ(Text(pijplijn[1], "gemeente"), "gemeente:zwijndrecht");
  EXPECT_EQ(Number(pijplijn[1], "gekoppeld"), 1);
  EXPECT_EQ(Number(pijplijn[1], "personen_wachtend"), 1);

  const std::vector<pb::Struct> woningen = Get(url, "/api/v1/woningen" + at).Rows("woningen");
  ASSERT_EQ(woningen.size(), 1u);
  EXPECT_EQ(Text(woningen[0], "status"), "VERHUURD");
  EXPECT_EQ(Text(woningen[0], "v_nummer"), kAmina);

  const std::vector<pb::Struct> corporaties = Get(url, "/api/v1/corporaties" + at).Rows("regels");
  ASSERT_EQ(corporaties.size(), 1u);
  EXPECT_EQ(Text(corporaties[0], "corporatie"), "corporatie:trivire");
  EXPECT_EQ(Number(corporaties[0], "huurcontracten"), 1);

  std::set<std::string> signalen;
  for (const pb::Struct& s : Get(url, "/api/v1/signalen" + at).Rows("signalen"))
    signalen.insert(Text(s, "code") + " " + Text(s, "v_nummer") + " " + Text(s, "voor"));
  EXPECT_EQ(signalen, (std::set<std::string>{"BEGELEIDING_ONTBREEKT 1234567890 gemeente:dordrecht",
                                             "STIL 2234567890 gemeente:zwijndrecht",
                                             "TERMIJN_HUISVESTING 2234567890 gemeente:zwijndrecht",
                                             "TERMIJN_VERHUIZING 1234567890 gemeente:dordrecht"}));

  // What was known at position 4 (before the BRP-inschrijving and the taakstelling).
  const Answer past = Get(url, "/api/v1/dossiers/1234567890" + at + "&positie=4");
  EXPECT_EQ(past.Text("fase"), "HUURCONTRACT") << past.body;
  EXPECT_EQ(Get(url, "/api/v1/taakstelling" + at + "&positie=4").Rows("regels").size(), 1u)
      << "gerealiseerd without a vaststelling yet";

  // The whole history of a dossier, who published what.
  const Answer historie = Get(url, "/api/v1/dossiers/1234567890/historie" + at);
  std::vector<std::string> events;
  for (const pb::Struct& e : historie.Rows("events"))
    events.push_back(Text(e, "event") + " by " + Text(e, "origin"));
  EXPECT_EQ(events, (std::vector<std::string>{"Aanmelding by coa:coa", "Reservering by corporatie:trivire",
                                              "Huurcontract by corporatie:trivire",
                                              "BrpInschrijving by gemeente:dordrecht"}));

  // A bad parameter: 400 with the field, on every node alike.
  const Answer bad = Get(url, "/api/v1/dossiers?fase=FOO");
  EXPECT_EQ(bad.code, 400);
  EXPECT_EQ(bad.Text("field"), "fase");
  EXPECT_EQ(Get(url, "/api/v1/signalen?positie=8").code, 400) << "beyond the head";
}

TEST_F(ViewsRegionTest, ToonPrintsTablesAndCsv) {
  ASSERT_NO_FATAL_FAILURE(Up());
  const uint64_t head = PostTheStory();
  ASSERT_TRUE(AllAt(head));
  const std::string node = Node("gemeente:dordrecht");
  const std::string token = Token("gemeente:dordrecht");
  // --node and --token win over $REGIOTAFEL_NODE and $REGIOTAFEL_TOKEN (the commands inherit this
  // environment).
  setenv("REGIOTAFEL_NODE", "http://127.0.0.1:1", 1);
  setenv("REGIOTAFEL_TOKEN", Token("coa:coa").c_str(), 1);
  struct Unset {
    ~Unset() {
      unsetenv("REGIOTAFEL_NODE");
      unsetenv("REGIOTAFEL_TOKEN");
    }
  } unset;

  const CommandRun table = Command(
      {GEMEENTE_BINARY, "toon", "dossiers", "--node", node, "--token", token, "--peildatum", kPeildatum});
  ASSERT_EQ(table.exit_code, 0) << table.output;
  const std::string& t = table.output;
  EXPECT_NE(t.find("V-nummer"), std::string::npos) << t;
  EXPECT_EQ(t.rfind("V-nummer    Naam          Gemeente              Fase          Huishouden  Koppeldatum  "
                    "Woning-ID  Woongemeente        Signalen\n",
                    0),
            0u)
      << t;
  EXPECT_NE(t.find("1234567890  Amina Haddad  gemeente:dordrecht    ingeschreven"), std::string::npos) << t;
  EXPECT_NE(t.find("2234567890  Zoë Tesfaye   gemeente:zwijndrecht  gekoppeld"), std::string::npos) << t;
  EXPECT_EQ(ColumnOf(t, "Amina", "ingeschreven"), ColumnOf(t, "Zoë", "gekoppeld"))
      << "columns line up, counting characters, not bytes\n"
      << t;
  EXPECT_NE(t.find("2 dossiers (positie 7, peildatum 2026-03-14)"), std::string::npos) << t;

  const CommandRun csv = Command({GEMEENTE_BINARY, "toon", "dossiers", "--node", node, "--token", token,
                                  "--peildatum", kPeildatum, "--csv"});
  ASSERT_EQ(csv.exit_code, 0) << csv.output;
  EXPECT_EQ(
      csv.output.rfind("\xEF\xBB\xBFV-nummer;Naam;Gemeente;Koppeldatum;Huishouden;Verwachte nareizigers;", 0),
      0u)
      << csv.output;
  EXPECT_NE(
      csv.output.find("\r\n1234567890;Amina Haddad;gemeente:dordrecht;05-01-2026;2;0;AZC Dordrecht;"
                      "ingeschreven;DRD-12;corporatie:trivire;gemeente:dordrecht;;15-02-2026;;01-03-2026;;"
                      "BEGELEIDING_ONTBREEKT, TERMIJN_VERHUIZING;0;01-03-2026;nee\r\n"),
      std::string::npos)
      << csv.output;

  const CommandRun taak =
      Command({REGIO_BINARY, "toon", "taakstelling", "--node", Node("regio:drechtsteden"), "--token",
               Token("regio:drechtsteden"), "--peildatum", kPeildatum, "--csv", "--periode", "2026-h1"});
  ASSERT_EQ(taak.exit_code, 0) << taak.output;
  EXPECT_EQ(
      taak.output,
      "\xEF\xBB\xBFGemeente;Periode;Taakstelling;Startsaldo;Gerealiseerd;Overboekingen in;"
      "Overboekingen uit;Eindsaldo;Nog te huisvesten\r\ngemeente:dordrecht;2026-H1;25;0;2;0;0;-23;23\r\n");

  const CommandRun signalen =
      Command({COA_BINARY, "toon", "signalen", "--node", Node("coa:coa"), "--token", Token("coa:coa"),
               "--peildatum", kPeildatum, "--voor", "gemeente:zwijndrecht"});
  ASSERT_EQ(signalen.exit_code, 0) << signalen.output;
  EXPECT_NE(signalen.output.find("TERMIJN_HUISVESTING  2234567890"), std::string::npos) << signalen.output;
  EXPECT_EQ(signalen.output.find("1234567890"), std::string::npos) << signalen.output;

  const CommandRun json =
      Command({CORPORATIE_BINARY, "toon", "woningen", "--node", Node("corporatie:trivire"), "--token",
               Token("corporatie:trivire"), "--peildatum", kPeildatum, "--positie", "7", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.output;
  EXPECT_EQ(json.output, Get(node, std::string("/api/v1/woningen?positie=7&peildatum=") + kPeildatum).body);

  const CommandRun dossier = Command({GEMEENTE_BINARY, "toon", "dossier", kAmina, "--node", node, "--token",
                                      token, "--peildatum", kPeildatum});
  ASSERT_EQ(dossier.exit_code, 0) << dossier.output;
  const std::string& o = dossier.output;
  EXPECT_NE(o.find("Dossier 1234567890 (positie 7, peildatum 2026-03-14)"), std::string::npos) << o;
  EXPECT_NE(o.find("\nFase                   ingeschreven\n"), std::string::npos) << o;
  EXPECT_NE(o.find("Historie: 4 events"), std::string::npos) << o;
  for (const std::string line : {"Positie  Datum       Vastgelegd", "      1  05-01-2026",
                                 "coa:coa             Aanmelding", "corporatie:trivire  Huurcontract",
                                 "gemeente:dordrecht  BrpInschrijving", "ingangsdatum=15-02-2026"}) {
    EXPECT_NE(o.find(line), std::string::npos) << line << "\n" << o;
  }
  const CommandRun history_csv = Command({GEMEENTE_BINARY, "toon", "dossier", kAmina, "--node", node,
                                          "--token", token, "--peildatum", kPeildatum, "--csv"});
  ASSERT_EQ(history_csv.exit_code, 0) << history_csv.output;
  EXPECT_EQ(
      history_csv.output.rfind("\xEF\xBB\xBFPositie;Datum;Vastgelegd;Door;Event;Event-ID;Inhoud\r\n", 0), 0u)
      << history_csv.output;
  EXPECT_NE(history_csv.output.find("\r\n5;01-03-2026;"), std::string::npos) << history_csv.output;

  const CommandRun refused =
      Command({GEMEENTE_BINARY, "toon", "dossiers", "--node", node, "--token", token, "--fase", "FOO"});
  EXPECT_EQ(refused.exit_code, 1) << refused.output;
  EXPECT_NE(refused.output.find("refused: fase: "), std::string::npos) << refused.output;
  const CommandRun unknown =
      Command({GEMEENTE_BINARY, "toon", "dossier", "9999999999", "--node", node, "--token", token});
  EXPECT_EQ(unknown.exit_code, 1) << unknown.output;
}

// The node's door (the contract): a control character in a naam and a household beyond the bound
// are refused naming the field; a note may hold line breaks and a tab, and `toon` shows them on the
// event's one line (the control characters `toon` meets in older data: view_command_test.cc).
TEST_F(ViewsRegionTest, ControlCharactersAndTooManyPersonsAreRefusedAndANotesLineBreaksStayOnItsLine) {
  ASSERT_NO_FATAL_FAILURE(Up());
  const uint64_t head = PostTheStory();
  const std::string coa = Node("coa:coa");
  const auto aanmelding = [](const std::string& v_nummer, const std::string& naam, int gezinsleden) {
    std::string leden;
    for (int i = 0; i < gezinsleden; ++i)
      leden += (i ? "," : "") + std::string(R"({"v_nummer": "3234567)") + std::to_string(100 + i) +
               R"(", "naam": "Lid )" + std::to_string(i) + "\"}";
    return R"({"aanmelding": {"datum": "2026-01-09", "v_nummer": ")" + v_nummer + R"(", "naam": ")" + naam +
           R"(", "gezinsleden": [)" + leden + R"(], "gemeente": "gemeente:dordrecht"}})";
  };
  for (const std::string naam : {R"(Amina\u0000Haddad)", R"(Amina\u001b[2J)", R"(Amina\r\nHaddad)"}) {
    const std::string body = aanmelding("3234567890", naam, 0);
    const Answer refused = Call(coa, "/api/v1/events?wait=commit", &body);
    EXPECT_EQ(refused.code, 400) << naam << ": " << refused.body;
    EXPECT_EQ(refused.Text("field"), "aanmelding.naam") << refused.body;
    EXPECT_EQ(refused.body.find("Amina"), std::string::npos) << "no personal data in the refusal";
  }
  const std::string too_many = aanmelding("3234567890", "Groot Gezin", 51);
  const Answer refused = Call(coa, "/api/v1/events?wait=commit", &too_many);
  EXPECT_EQ(refused.code, 400) << refused.body;
  EXPECT_EQ(refused.Text("field"), "aanmelding.gezinsleden") << refused.body;
  Post("coa:coa", aanmelding("3234567890", "Groot Gezin", 50));

  const uint64_t last =
      Post("gemeente:dordrecht", R"({"signaal": {"datum": "2026-03-02", "v_nummer": "1234567890",
      "signaal_id": "s1", "soort": "OVERLAST", "omschrijving": "regel een\r\nregel twee\tmet tab"}})");
  ASSERT_EQ(last, head + 2);
  ASSERT_TRUE(AllAt(last));
  const CommandRun dossier =
      Command({GEMEENTE_BINARY, "toon", "dossier", kAmina, "--node", Node("gemeente:dordrecht"), "--token",
               Token("gemeente:dordrecht"), "--peildatum", kPeildatum});
  ASSERT_EQ(dossier.exit_code, 0) << dossier.output;
  const std::string& o = dossier.output;
  EXPECT_EQ(std::count_if(o.begin(), o.end(),
                          [](char c) { return c != '\n' && static_cast<unsigned char>(c) < 0x20; }),
            0)
      << o;
  EXPECT_NE(o.find("regel een\u240D\u240Aregel twee\u2409met tab"), std::string::npos) << o;
  const size_t historie = o.find("Historie: 5 events\n");
  ASSERT_NE(historie, std::string::npos) << o;
  const std::string rows = o.substr(historie);
  EXPECT_EQ(std::count(rows.begin(), rows.end(), '\n'), 1 + 2 + 5)
      << "its line, header, rule, an event a line\n"
      << o;

  const CommandRun groot = Command({COA_BINARY, "toon", "dossier", "3234567890", "--node", coa, "--token",
                                    Token("coa:coa"), "--peildatum", kPeildatum});
  ASSERT_EQ(groot.exit_code, 0) << groot.output;
  EXPECT_NE(groot.output.find("\nHuishouden             51\n"), std::string::npos) << groot.output;
}

// A corporatie's or the regio's node holds no BSN and shows "" for it (DOMAIN §7); gemeente, COA and
// VluchtelingenWerk read it. The BRP-inschrijving (gemeente) and an administratie row (regio, which
// writes the old administration's BSNs without being able to read them back) both carry one.
TEST_F(ViewsRegionTest, ABsnIsShownOnlyToTheKindsThatMayReadIt) {
  ASSERT_NO_FATAL_FAILURE(Up());
  PostTheStory();
  const uint64_t head = Post("regio:drechtsteden", R"({"administratie_overgenomen": {"datum": "2026-01-03",
      "v_nummer": "3234567890", "naam": "Sara Idris", "bsn": "123456782", "gemeente": "gemeente:zwijndrecht",
      "huishouden": 1}})");
  ASSERT_TRUE(AllAt(head));
  const std::string at = std::string("?peildatum=") + kPeildatum;

  for (const std::string org : {"corporatie:trivire", "regio:drechtsteden"}) {
    const Answer brp = Get(Node(org), "/api/v1/dossiers/1234567890/historie" + at);
    ASSERT_EQ(brp.code, 200) << org << ": " << brp.body;
    EXPECT_EQ(brp.body.find("111222333"), std::string::npos) << org << ": " << brp.body;
    EXPECT_NE(brp.body.find(R"("bsn":"")"), std::string::npos) << org << ": " << brp.body;
    const Answer row = Get(Node(org), "/api/v1/dossiers/3234567890/historie" + at);
    EXPECT_EQ(row.body.find("123456782"), std::string::npos) << org << ": " << row.body;
    EXPECT_NE(row.body.find(R"("bsn":"")"), std::string::npos) << org << ": " << row.body;
    EXPECT_NE(row.body.find("Sara Idris"), std::string::npos) << "every kind reads the identiteit";
  }
  for (const std::string org : {"gemeente:dordrecht", "coa:coa"}) {
    const Answer brp = Get(Node(org), "/api/v1/dossiers/1234567890/historie" + at);
    EXPECT_NE(brp.body.find(R"("bsn":"111222333")"), std::string::npos) << org << ": " << brp.body;
    EXPECT_NE(Get(Node(org), "/api/v1/dossiers/3234567890/historie" + at).body.find("123456782"),
              std::string::npos)
        << org;
  }
  // The same through `toon dossier`: as a table, as JSON and as CSV.
  for (const std::string format : {"", "--json", "--csv"}) {
    std::vector<std::string> argv = {CORPORATIE_BINARY, "toon",
                                     "dossier",         kAmina,
                                     "--node",          Node("corporatie:trivire"),
                                     "--token",         Token("corporatie:trivire"),
                                     "--peildatum",     kPeildatum};
    if (!format.empty()) argv.push_back(format);
    const CommandRun shown = Command(argv);
    ASSERT_EQ(shown.exit_code, 0) << shown.output;
    EXPECT_EQ(shown.output.find("111222333"), std::string::npos) << format << "\n" << shown.output;
  }
  const CommandRun whole =
      Command({GEMEENTE_BINARY, "toon", "dossier", kAmina, "--node", Node("gemeente:dordrecht"), "--token",
               Token("gemeente:dordrecht"), "--peildatum", kPeildatum});
  EXPECT_NE(whole.output.find("111222333"), std::string::npos) << whole.output;
}

// DOMAIN §7 on real disks: what may not be read is not on the machine, and a DossierVergeten takes
// the rest off every machine while every copy of the log still verifies.
TEST_F(ViewsRegionTest, PersonalDataIsOnlyOnTheDisksOfWhoMayReadItUntilItIsForgotten) {
  ASSERT_NO_FATAL_FAILURE(Up());
  PostTheStory();
  constexpr char kOmschrijving[] = "Omschrijving-7731 over de schuld bij de buren";
  Post("gemeente:dordrecht", std::string(R"({"signaal": {"datum": "2026-03-02", "v_nummer": "1234567890",
      "signaal_id": "s-1", "soort": "ZORG", "omschrijving": ")") +
                                 kOmschrijving + R"("}})");
  const uint64_t head = Post("regio:drechtsteden", R"({"administratie_overgenomen": {"datum": "2026-01-03",
      "v_nummer": "3234567890", "naam": "Sara Idris", "bsn": "123456782", "gemeente": "gemeente:zwijndrecht",
      "huishouden": 1}})");
  ASSERT_TRUE(AllAt(head));
  const std::string bus = data_ + "/bus", corporatie = data_ + "/nodes/corporatie_trivire";
  for (const std::string secret : {"111222333", "123456782", kOmschrijving}) {
    EXPECT_EQ(FilesHolding(bus, secret), std::vector<std::string>{}) << secret;
    EXPECT_EQ(FilesHolding(corporatie, secret), std::vector<std::string>{}) << secret;
    EXPECT_EQ(FilesHolding(data_ + "/logs", secret), std::vector<std::string>{}) << secret;
  }
  for (const std::string naam : {"Amina Haddad", "Omar Haddad", "Sara Idris"}) {
    EXPECT_EQ(FilesHolding(bus, naam), std::vector<std::string>{}) << naam;
    EXPECT_EQ(FilesHolding(data_ + "/logs", naam), std::vector<std::string>{}) << naam;
  }
  const std::string at = std::string("?peildatum=") + kPeildatum;
  const Answer gemeente = Get(Node("gemeente:dordrecht"), "/api/v1/dossiers/1234567890/historie" + at);
  EXPECT_NE(gemeente.body.find(kOmschrijving), std::string::npos) << gemeente.body;
  EXPECT_NE(gemeente.body.find("111222333"), std::string::npos) << gemeente.body;
  const Answer seen = Get(Node("corporatie:trivire"), "/api/v1/dossiers/1234567890/historie" + at);
  EXPECT_NE(seen.body.find(R"("omschrijving":"")"), std::string::npos) << seen.body;
  EXPECT_NE(seen.body.find("Omar Haddad"), std::string::npos) << seen.body;
  EXPECT_EQ(Get(Node("corporatie:trivire"), "/api/v1/dossiers/1234567890" + at).Text("naam"), "Amina Haddad");

  // Forgotten at the gemeente's request; `down` and `up` again, which carry out every erasure
  // before a node or the bus answers.
  const uint64_t forgotten = Post("gemeente:dordrecht", R"({"dossier_vergeten": {"datum": "2026-03-12",
      "v_nummer": "1234567890", "reden": "VERZOEK_BETROKKENE"}})");
  ASSERT_TRUE(AllAt(forgotten));
  ASSERT_EQ(Command({REGION_BINARY, "down", "--data", data_}).exit_code, 0);
  ASSERT_NO_FATAL_FAILURE(Up());
  for (const std::string secret : {"Amina Haddad", "Omar Haddad", "111222333", kOmschrijving}) {
    EXPECT_EQ(FilesHolding(data_, secret), std::vector<std::string>{}) << secret;
  }
  EXPECT_EQ(Get(Node("gemeente:zwijndrecht"), "/api/v1/dossiers/3234567890" + at).Text("naam"), "Sara Idris")
      << "another dossier keeps its personal data";
  for (const std::string org : {"gemeente:dordrecht", "corporatie:trivire"}) {
    const Answer dossier = Get(Node(org), "/api/v1/dossiers/1234567890" + at);
    EXPECT_EQ(dossier.Text("naam"), "vergeten") << org << ": " << dossier.body;
    EXPECT_EQ(dossier.Text("fase"), "INGESCHREVEN") << org << ": " << dossier.body;
  }
  const Answer historie = Get(Node("gemeente:dordrecht"), "/api/v1/dossiers/1234567890/historie" + at);
  EXPECT_NE(historie.body.find(R"("bsn":"vergeten")"), std::string::npos) << historie.body;
  // Every copy of the log still verifies, checkpoints and signatures included.
  ASSERT_EQ(Command({REGION_BINARY, "down", "--data", data_}).exit_code, 0);
  for (const std::string& copy : {bus + "/log", data_ + "/nodes/corporatie_trivire/replica"}) {
    const CommandRun verify =
        Command({AUDIT_BINARY, "verify", copy, "--trust", data_ + "/config/trust.toml"});
    EXPECT_EQ(verify.exit_code, 0) << copy << ": " << verify.output;
  }
}

// A backup made before a DossierVergeten still holds the dossier's personal data; restored and
// started, the node catches up with the bus and erases it before it answers. An inclusion proof
// made from the backup is, byte for byte, the proof the erased copy gives.
TEST_F(ViewsRegionTest, ABackupMadeBeforeForgettingShowsNoneOfItOnceRestoredAndItsProofsStillCheck) {
  ASSERT_NO_FATAL_FAILURE(Up());
  PostTheStory();
  const uint64_t signaal = Post("gemeente:dordrecht", R"({"signaal": {"datum": "2026-03-02",
      "v_nummer": "1234567890", "signaal_id": "s-1", "soort": "ZORG", "omschrijving": "Omschrijving-4410"}})");
  ASSERT_TRUE(AllAt(signaal));
  const std::string body;
  const Answer backup = Call(Node("gemeente:dordrecht"), "/api/v1/beheer/backup?naam=voor", &body);
  ASSERT_EQ(backup.code, 201) << backup.body;
  const std::string backup_dir = backup.Text("pad");
  const std::string trust = data_ + "/config/trust.toml";
  const std::string before = dir_ + "/bewijs-voor.json", after = dir_ + "/bewijs-na.json";
  const CommandRun proved =
      Command({AUDIT_BINARY, "prove", backup_dir, "--positie", std::to_string(signaal), "--out", before});
  ASSERT_EQ(proved.exit_code, 0) << proved.output;

  const uint64_t forgotten = Post("gemeente:dordrecht", R"({"dossier_vergeten": {"datum": "2026-03-12",
      "v_nummer": "1234567890", "reden": "VERZOEK_BETROKKENE"}})");
  ASSERT_TRUE(AllAt(forgotten));
  ASSERT_EQ(Command({REGION_BINARY, "down", "--data", data_}).exit_code, 0);
  // The backup is taken off the region's disk, as an operator keeps it, and restored in place.
  const std::string kept = dir_ + "/backup-voor", node_dir = data_ + "/nodes/gemeente_dordrecht";
  fs::rename(backup_dir, kept);
  fs::remove_all(node_dir);
  fs::copy(kept, node_dir, fs::copy_options::recursive);
  // Every copy of the log holds the same sealed bytes: what the erasure must leave in no file.
  std::vector<std::string> sealed;
  for (const v1::VerzegeldDeel& deel : SealedPartsOf(node_dir, kAmina, dir_ + "/kopie")) {
    sealed.push_back(deel.ciphertext());
  }
  ASSERT_GE(sealed.size(), 3u) << "naam and gezinslid, bsn, omschrijving";
  for (const std::string& bytes : sealed) {
    ASSERT_NE(FilesHolding(node_dir, bytes), std::vector<std::string>{})
        << "the backup holds every sealed part";
  }

  ASSERT_NO_FATAL_FAILURE(Up());
  EXPECT_EQ(FilesHoldingAny(data_, sealed), std::vector<std::string>{}) << "bus, nodes, outboxes";
  for (const std::string secret : {"Amina Haddad", "Omar Haddad", "111222333", "Omschrijving-4410"}) {
    EXPECT_EQ(FilesHolding(data_, secret), std::vector<std::string>{}) << secret;
  }
  const std::string at = std::string("?peildatum=") + kPeildatum;
  const Answer dossier = Get(Node("gemeente:dordrecht"), "/api/v1/dossiers/1234567890" + at);
  EXPECT_EQ(dossier.Text("naam"), "vergeten") << dossier.body;
  EXPECT_EQ(dossier.Text("fase"), "INGESCHREVEN") << dossier.body;
  EXPECT_FALSE(fs::exists(node_dir + "/BACKUP.txt"));
  const std::string log = testing::ReadFile(data_ + "/logs/gemeente_dordrecht.log");
  EXPECT_NE(log.find("restored from a backup: caught up at position " + std::to_string(forgotten)),
            std::string::npos)
      << log;

  const CommandRun reproved = Command({AUDIT_BINARY, "prove", node_dir, "--positie", std::to_string(signaal),
                                       "--grootte", ProofSize(before), "--out", after});
  ASSERT_EQ(reproved.exit_code, 0) << reproved.output;
  EXPECT_EQ(testing::ReadFile(after), testing::ReadFile(before));
  for (const std::string& proof : {before, after}) {
    const CommandRun checked = Command({AUDIT_BINARY, "check", proof, "--trust", trust});
    EXPECT_EQ(checked.exit_code, 0) << proof << ": " << checked.output;
  }
}

// Key rotation and an organisation that joins later (docs/PRIVACY.md, "Keys"): after `roteer bsn`
// new BSNs are sealed for epoch 2; a gemeente that joins with that `up` reads the BSNs of before
// (epoch 1) and after; a gemeente left out of the region file gets no key of epoch 2.
TEST_F(ViewsRegionTest, AfterARotationANewcomerReadsHistoryAndWhoWasLeftOutGetsNoNewKey) {
  ASSERT_NO_FATAL_FAILURE(Up());
  const uint64_t old = Post("gemeente:dordrecht", R"({"brp_inschrijving": {"datum": "2026-03-01",
      "v_nummer": "1234567890", "gemeente": "gemeente:dordrecht",
      "personen": [{"v_nummer": "1234567890", "bsn": "111222333"}]}})");
  ASSERT_TRUE(AllAt(old));
  ASSERT_EQ(Command({REGION_BINARY, "down", "--data", data_}).exit_code, 0);
  const CommandRun rotated = Command({REGION_BINARY, "roteer", "--data", data_, "bsn"});
  ASSERT_EQ(rotated.exit_code, 0) << rotated.output;
  WriteRegion(
      {"regio:drechtsteden", "gemeente:dordrecht", "gemeente:papendrecht", "corporatie:trivire", "coa:coa"});
  ASSERT_NO_FATAL_FAILURE(Up());
  const uint64_t fresh = Post("gemeente:dordrecht", R"({"brp_inschrijving": {"datum": "2026-03-02",
      "v_nummer": "2234567890", "gemeente": "gemeente:dordrecht",
      "personen": [{"v_nummer": "2234567890", "bsn": "123456782"}]}})");
  ASSERT_TRUE(AllAt(fresh));
  const std::string at = std::string("?peildatum=") + kPeildatum;
  for (const auto& [v_nummer, bsn] : {std::pair{kAmina, "111222333"}, std::pair{kZoe, "123456782"}}) {
    const std::string historie = std::string("/api/v1/dossiers/") + v_nummer + "/historie" + at;
    for (const std::string org : {"gemeente:papendrecht", "gemeente:dordrecht", "coa:coa"}) {
      const Answer seen = Get(Node(org), historie);
      EXPECT_NE(seen.body.find(bsn), std::string::npos) << org << ": " << seen.body;
    }
    const Answer corporatie = Get(Node("corporatie:trivire"), historie);
    EXPECT_EQ(corporatie.body.find(bsn), std::string::npos) << corporatie.body;
  }
  ASSERT_EQ(Command({REGION_BINARY, "down", "--data", data_}).exit_code, 0);
  const std::vector<v1::VerzegeldDeel> parts =
      SealedPartsOf(data_ + "/nodes/gemeente_papendrecht", kZoe, dir_ + "/kopie");
  ASSERT_FALSE(parts.empty());
  for (const v1::VerzegeldDeel& deel : parts) {
    EXPECT_EQ(deel.sleutel_epoch(), deel.klasse() == v1::BSN ? 2u : 1u) << v1::Klasse_Name(deel.klasse());
  }
  // Zwijndrecht's file is the one of before: whatever is sealed for epoch 2 it cannot open.
  const std::string left_out = testing::ReadFile(data_ + "/keys/gemeente_zwijndrecht.klassesleutels.json");
  const std::string newcomer = testing::ReadFile(data_ + "/keys/gemeente_papendrecht.klassesleutels.json");
  EXPECT_EQ(CountEpochs(left_out), 3u) << left_out;
  EXPECT_EQ(CountEpochs(newcomer), 4u) << newcomer;
}

TEST_F(ViewsRegionTest, ARestartedRegionRebuildsTheSameViews) {
  ASSERT_NO_FATAL_FAILURE(Up());
  const uint64_t head = PostTheStory();
  ASSERT_TRUE(AllAt(head));
  const std::string query = std::string("peildatum=") + kPeildatum;
  const auto before = AllViews("gemeente:zwijndrecht", query);

  const CommandRun down = Command({REGION_BINARY, "down", "--data", data_});
  ASSERT_EQ(down.exit_code, 0) << down.output;
  ASSERT_NO_FATAL_FAILURE(Up());
  const auto after = AllViews("gemeente:zwijndrecht", query);
  for (const auto& [path, answer] : before) {
    EXPECT_EQ(answer.code, 200) << path;
    EXPECT_EQ(after.at(path).body, answer.body) << path;
  }
  const std::string log = testing::ReadFile(data_ + "/logs/gemeente_zwijndrecht.log");
  EXPECT_NE(log.find("views: rebuilt from 7 records of the replica"), std::string::npos) << log;
}

}  // namespace
}  // namespace regiotafel
