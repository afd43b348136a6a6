// The view calls of the HTTP API in-process, over a real socket on 127.0.0.1 and a real EventLog:
// the parameters (400 with the field for every bad one), 404s, the bodies, filters and the history;
// the dossier overview as an .xlsx and a .csv file, read back as a clerk's Excel would.
#include "services/node/http/views_api.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <thread>

#include "services/administratie/overzicht.h"
#include "services/node/http/vergeten_check.h"
#include "services/table/xlsx_reader.h"
#include "tests/support/test_replica.h"

namespace regiotafel::node {
namespace {

namespace pb = google::protobuf;
using namespace std::chrono_literals;
using namespace projections::testing;
using views_testing::Clock;
using views_testing::TempDir;
using views_testing::TestReplica;

struct Answer {
  int code = 0;
  std::string body;
  pb::Struct json;
  std::string position, peildatum;  // the X-Regiotafel-* headers

  std::string Text(const std::string& key) const {
    auto it = json.fields().find(key);
    return it == json.fields().end() ? "" : it->second.string_value();
  }
  int List(const std::string& key) const {
    auto it = json.fields().find(key);
    return it == json.fields().end() ? -1 : it->second.list_value().values_size();
  }
};

class ViewsApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    replica_ = std::make_unique<TestReplica>(dir_.Sub("replica"));
    head_ = replica_->Append({
        Taakstelling("2026-01-02", kDordrecht, "2026-H1", 20),                            // 1
        Aanmelding("2026-01-05", kV1, kDordrecht, 1),                                     // 2
        WoningAangeboden("2026-01-06", "DRD-12", kTrivire, kDordrecht, 4, "2026-02-01"),  // 3
        Reservering("2026-02-01", kV1, "DRD-12", kTrivire, 2),                            // 4
        Huurcontract("2026-02-10", kV1, "DRD-12", kTrivire, "2026-02-15", 2),             // 5
        BrpInschrijving("2026-03-01", kV1, kDordrecht),                                   // 6
        Aanmelding("2026-01-08", kV2, kZwijndrecht),                                      // 7
        Signaal("2026-09-01", kV1, "s1"),  // 8: after the peildatum below
    });
    ViewHostOptions options;
    options.wait_for_position = [this](uint64_t p, Clock::time_point d) {
      return replica_->WaitForPosition(p, d);
    };
    host_ = std::make_unique<ViewHost>(replica_->log(), std::move(options));
    host_->Start();
    api_ = std::make_unique<ViewsApi>(
        *host_, replica_->log(),
        ViewsApiOptions{
            .wait = 60s, .today = [] { return *ParseDate("2026-04-01"); }, .organisatie = kDordrecht});
    api_->Register(server_);
    port_ = server_.bind_to_any_port("127.0.0.1");
    ASSERT_GT(port_, 0);
    // Bound and listening already: a request waits in the backlog until the thread accepts it.
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }

  void TearDown() override {
    // stop() before the accept loop started would be lost (as in HttpApi::Stop).
    while (thread_.joinable() && !server_.is_running()) std::this_thread::yield();
    server_.stop();
    if (thread_.joinable()) thread_.join();
    host_->Stop();
  }

  Answer Get(const std::string& target) {
    httplib::Client client("127.0.0.1", port_);
    httplib::Result result = client.Get(target.c_str());
    Answer answer;
    if (!result) return answer;
    answer.code = result->status;
    answer.body = result->body;
    answer.position = result->get_header_value("X-Regiotafel-Positie");
    answer.peildatum = result->get_header_value("X-Regiotafel-Peildatum");
    (void)pb::util::JsonStringToMessage(result->body, &answer.json);
    return answer;
  }

  // A file answer: the body as it came, and the headers a browser saves it by.
  struct File {
    int code = 0;
    std::string body;
    std::string content_type, disposition, cache_control;
    std::string position, peildatum;
  };
  File GetFile(const std::string& target) {
    httplib::Client client("127.0.0.1", port_);
    httplib::Result result = client.Get(target.c_str());
    File file;
    if (!result) return file;
    file.code = result->status;
    file.body = result->body;
    file.content_type = result->get_header_value("Content-Type");
    file.disposition = result->get_header_value("Content-Disposition");
    file.cache_control = result->get_header_value("Cache-Control");
    file.position = result->get_header_value("X-Regiotafel-Positie");
    file.peildatum = result->get_header_value("X-Regiotafel-Peildatum");
    return file;
  }
  // `bytes` saved as `name` in the test's directory and read back as a workbook.
  std::vector<table::Table> ReadBack(const std::string& bytes, const std::string& name) {
    const std::string path = dir_.Sub(name);
    std::ofstream(path, std::ios::binary) << bytes;
    std::vector<table::Table> sheets;
    const Status s = table::ReadXlsx(path, &sheets);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return sheets;
  }

  // Expects 400 {"error": non-empty, "field": `field`}.
  void ExpectRefused(const std::string& target, const std::string& field) {
    SCOPED_TRACE(target);
    const Answer a = Get(target);
    EXPECT_EQ(a.code, 400) << a.body;
    EXPECT_EQ(a.Text("field"), field) << a.body;
    EXPECT_FALSE(a.Text("error").empty()) << a.body;
    EXPECT_EQ(a.json.fields().size(), 2u) << a.body;
  }

  TempDir dir_;
  std::unique_ptr<TestReplica> replica_;
  uint64_t head_ = 0;
  std::unique_ptr<ViewHost> host_;
  std::unique_ptr<ViewsApi> api_;
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

TEST_F(ViewsApiTest, BadParametersAreRefusedNamingTheField) {
  for (const std::string view :
       {"dossiers", "taakstelling", "pijplijn", "signalen", "woningen", "corporaties"}) {
    const std::string path = "/api/v1/" + view;
    ExpectRefused(path + "?peildatum=2026-02-30", "peildatum");
    ExpectRefused(path + "?peildatum=1-2-2026", "peildatum");
    ExpectRefused(path + "?peildatum=", "peildatum");
    ExpectRefused(path + "?positie=abc", "positie");
    ExpectRefused(path + "?positie=-1", "positie");
    ExpectRefused(path + "?positie=+3", "positie");
    ExpectRefused(path + "?positie=3x", "positie");
    ExpectRefused(path + "?positie=99999999999999999999999", "positie");
    ExpectRefused(path + "?positie=" + std::to_string(head_ + 1), "positie");
    ExpectRefused(path + "?positie=1&positie=2", "positie");
    ExpectRefused(path + "?wat=1", "wat");
    ExpectRefused(path + "?peildatum=2026-04-01&Peildatum=2026-04-01", "Peildatum");
  }
  ExpectRefused("/api/v1/dossiers?fase=FOO", "fase");
  ExpectRefused("/api/v1/dossiers?fase=gekoppeld", "fase");
  ExpectRefused("/api/v1/dossiers?fase=FASE_UNSPECIFIED", "fase");
  ExpectRefused("/api/v1/dossiers?gemeente=dordrecht", "gemeente");
  ExpectRefused("/api/v1/dossiers?gemeente=corporatie:trivire", "gemeente");
  ExpectRefused("/api/v1/dossiers?signaal=WONING_ONBENUT", "signaal");
  ExpectRefused("/api/v1/dossiers?signaal=", "signaal");
  ExpectRefused("/api/v1/dossiers?periode=2026-H1", "periode");  // not a filter of this call
  ExpectRefused("/api/v1/taakstelling?periode=2026-H3", "periode");
  ExpectRefused("/api/v1/taakstelling?fase=GEKOPPELD", "fase");
  ExpectRefused("/api/v1/signalen?voor=dordrecht", "voor");
  ExpectRefused("/api/v1/pijplijn?gemeente=gemeente:dordrecht", "gemeente");
  for (const std::string view : {"dossiers", "signalen", "woningen"}) {
    ExpectRefused("/api/v1/" + view + "?limit=0", "limit");
    ExpectRefused("/api/v1/" + view + "?limit=-5", "limit");
    ExpectRefused("/api/v1/" + view + "?limit=tien", "limit");
    ExpectRefused("/api/v1/" + view + "?limit=99999999999999999999999", "limit");
    ExpectRefused("/api/v1/" + view + "?na=", "na");
  }
  ExpectRefused("/api/v1/signalen?na=1000000001", "na");  // not CODE/key
  ExpectRefused("/api/v1/taakstelling?limit=10", "limit");
  ExpectRefused("/api/v1/pijplijn?na=x", "na");
  ExpectRefused("/api/v1/dossiers/12345", "v_nummer");
  ExpectRefused("/api/v1/dossiers/12345/historie", "v_nummer");
  ExpectRefused("/api/v1/dossiers/" + std::string(kV1) + "?fase=GEKOPPELD", "fase");
  ExpectRefused("/api/v1/dossiers/" + std::string(kV1) + "/historie?positie=" + std::to_string(head_ + 1),
                "positie");
}

TEST_F(ViewsApiTest, DefaultsAreTodayAndTheHead) {
  const Answer a = Get("/api/v1/dossiers");
  ASSERT_EQ(a.code, 200) << a.body;
  EXPECT_EQ(a.peildatum, "2026-04-01");
  EXPECT_EQ(a.position, std::to_string(head_));
  EXPECT_EQ(a.body, Get("/api/v1/dossiers?peildatum=2026-04-01&positie=" + std::to_string(head_)).body);
  EXPECT_EQ(a.List("dossiers"), 2);
}

TEST_F(ViewsApiTest, BodiesAreTheViewsWithEveryField) {
  const Answer dossiers = Get("/api/v1/dossiers?peildatum=2026-04-01");
  ASSERT_EQ(dossiers.code, 200);
  EXPECT_EQ(dossiers.body, contract::ToJson(replica_->Fold(head_).Dossiers(At("2026-04-01", head_))) + "\n");
  const pb::Struct& first = dossiers.json.fields().at("dossiers").list_value().values(0).struct_value();
  EXPECT_EQ(first.fields().size(), static_cast<size_t>(v1::Dossier::descriptor()->field_count()))
      << "every field present";
  EXPECT_EQ(first.fields().at("v_nummer").string_value(), kV1);
  EXPECT_EQ(first.fields().at("fase").string_value(), "INGESCHREVEN");
  EXPECT_EQ(first.fields().at("datum_reservering").string_value(), "") << "printed although empty";
  EXPECT_EQ(first.fields().at("meldingen_open").number_value(), 0)
      << "the signaal is dated after the peildatum";

  const Answer taak = Get("/api/v1/taakstelling?peildatum=2026-04-01");
  ASSERT_EQ(taak.code, 200);
  const pb::Struct& regel = taak.json.fields().at("regels").list_value().values(0).struct_value();
  EXPECT_EQ(regel.fields().at("gemeente").string_value(), kDordrecht);
  EXPECT_EQ(regel.fields().at("gerealiseerd").number_value(), 2);
  EXPECT_EQ(regel.fields().at("nog_te_huisvesten").number_value(), 18);

  EXPECT_EQ(Get("/api/v1/pijplijn?peildatum=2026-04-01").List("gemeenten"), 2);
  EXPECT_EQ(Get("/api/v1/woningen?peildatum=2026-04-01").List("woningen"), 1);
  EXPECT_EQ(Get("/api/v1/corporaties?peildatum=2026-04-01").List("regels"), 1);
  const Answer signalen = Get("/api/v1/signalen?peildatum=2026-04-01");
  EXPECT_EQ(signalen.body, contract::ToJson(replica_->Fold(head_).Signalen(At("2026-04-01", head_))) + "\n");
}

TEST_F(ViewsApiTest, FiltersSelectRows) {
  EXPECT_EQ(Get("/api/v1/dossiers?peildatum=2026-04-01&fase=INGESCHREVEN").List("dossiers"), 1);
  EXPECT_EQ(Get("/api/v1/dossiers?peildatum=2026-04-01&fase=GESLOTEN").List("dossiers"), 0);
  EXPECT_EQ(Get("/api/v1/dossiers?peildatum=2026-04-01&gemeente=gemeente:zwijndrecht").List("dossiers"), 1);
  EXPECT_EQ(Get("/api/v1/dossiers?peildatum=2026-04-01&gemeente=gemeente%3Azwijndrecht&signaal=STIL")
                .List("dossiers"),
            1);
  EXPECT_EQ(Get("/api/v1/taakstelling?peildatum=2026-04-01&periode=2026-H2").List("regels"), 0);
  EXPECT_EQ(Get("/api/v1/taakstelling?peildatum=2026-04-01&periode=2026-H1").List("regels"), 1);
  const Answer voor = Get("/api/v1/signalen?peildatum=2026-04-01&voor=gemeente:zwijndrecht");
  ASSERT_EQ(voor.code, 200);
  for (const pb::Value& s : voor.json.fields().at("signalen").list_value().values()) {
    EXPECT_EQ(s.struct_value().fields().at("voor").string_value(), kZwijndrecht);
  }
  EXPECT_GT(voor.List("signalen"), 0);
}

// A page answers with its rows and the `volgende` to ask the next one with; the pages together are
// the whole list, which names no `volgende`.
TEST_F(ViewsApiTest, LongListsComeInPages) {
  const Answer whole = Get("/api/v1/dossiers?peildatum=2026-04-01");
  ASSERT_EQ(whole.List("dossiers"), 2);
  EXPECT_EQ(whole.Text("volgende"), "");
  const Answer first = Get("/api/v1/dossiers?peildatum=2026-04-01&limit=1");
  ASSERT_EQ(first.code, 200) << first.body;
  ASSERT_EQ(first.List("dossiers"), 1);
  EXPECT_EQ(first.Text("volgende"), kV1);
  EXPECT_EQ(first.position, std::to_string(head_));
  const Answer second = Get("/api/v1/dossiers?peildatum=2026-04-01&limit=1&na=" + first.Text("volgende"));
  ASSERT_EQ(second.List("dossiers"), 1);
  EXPECT_EQ(second.Text("volgende"), "");
  EXPECT_EQ(second.json.fields()
                .at("dossiers")
                .list_value()
                .values(0)
                .struct_value()
                .fields()
                .at("v_nummer")
                .string_value(),
            kV2);
  EXPECT_EQ(
      Get("/api/v1/dossiers?peildatum=2026-04-01&gemeente=gemeente:zwijndrecht&limit=5").List("dossiers"), 1);

  const Answer signalen = Get("/api/v1/signalen?peildatum=2026-04-01");
  ASSERT_GT(signalen.List("signalen"), 1);
  std::string na;
  int rows = 0;
  for (int pages = 0; pages <= signalen.List("signalen"); ++pages) {
    const Answer page =
        Get("/api/v1/signalen?peildatum=2026-04-01&limit=1" + (na.empty() ? "" : "&na=" + na));
    ASSERT_EQ(page.code, 200) << page.body;
    rows += page.List("signalen");
    na = page.Text("volgende");
    if (na.empty()) break;
    EXPECT_NE(na.find('/'), std::string::npos) << na;
  }
  EXPECT_EQ(rows, signalen.List("signalen"));
  EXPECT_EQ(Get("/api/v1/woningen?peildatum=2026-04-01&limit=3").List("woningen"), 1);
  EXPECT_EQ(Get("/api/v1/woningen?peildatum=2026-04-01&na=DRD-12").List("woningen"), 0);
}

TEST_F(ViewsApiTest, PositionZeroIsTheEmptyLogAndAPastPositionIsExact) {
  const Answer empty = Get("/api/v1/dossiers?positie=0&peildatum=2026-04-01");
  ASSERT_EQ(empty.code, 200) << empty.body;
  EXPECT_EQ(empty.body, "{\"dossiers\":[],\"volgende\":\"\"}\n");
  EXPECT_EQ(empty.position, "0");
  EXPECT_EQ(Get("/api/v1/taakstelling?positie=0&peildatum=2026-04-01").body, "{\"regels\":[]}\n");
  const Answer past = Get("/api/v1/dossiers/" + std::string(kV1) + "?positie=4&peildatum=2026-04-01");
  ASSERT_EQ(past.code, 200) << past.body;
  EXPECT_EQ(past.Text("fase"), "GERESERVEERD") << "what was known at position 4";
  EXPECT_EQ(Get("/api/v1/dossiers/" + std::string(kV1) + "?positie=1").code, 404);
}

TEST_F(ViewsApiTest, OneDossierAndItsHistory) {
  const Answer one = Get("/api/v1/dossiers/" + std::string(kV1) + "?peildatum=2026-04-01");
  ASSERT_EQ(one.code, 200) << one.body;
  EXPECT_EQ(one.Text("v_nummer"), kV1);
  EXPECT_EQ(one.Text("woning_id"), "DRD-12");
  EXPECT_EQ(one.json.fields().size(), static_cast<size_t>(v1::Dossier::descriptor()->field_count()));
  const Answer unknown = Get("/api/v1/dossiers/9999999999");
  EXPECT_EQ(unknown.code, 404) << unknown.body;
  EXPECT_FALSE(unknown.Text("error").empty());
  EXPECT_EQ(Get("/api/v1/dossiers/9999999999/historie").code, 404);

  const Answer historie = Get("/api/v1/dossiers/" + std::string(kV1) + "/historie?peildatum=2026-04-01");
  ASSERT_EQ(historie.code, 200) << historie.body;
  EXPECT_EQ(historie.Text("v_nummer"), kV1);
  const auto& events = historie.json.fields().at("events").list_value().values();
  ASSERT_EQ(events.size(), 4) << "aanmelding, reservering, huurcontract, brp; the signaal is dated later\n"
                              << historie.body;
  const std::vector<std::pair<double, std::string>> expected = {
      {2, "Aanmelding"}, {4, "Reservering"}, {5, "Huurcontract"}, {6, "BrpInschrijving"}};
  for (int i = 0; i < events.size(); ++i) {
    const pb::Struct& e = events[i].struct_value();
    EXPECT_EQ(e.fields().at("position").number_value(), expected[i].first);
    EXPECT_EQ(e.fields().at("event").string_value(), expected[i].second);
    EXPECT_FALSE(e.fields().at("recorded_at").string_value().empty());
    EXPECT_FALSE(e.fields().at("event_id").string_value().empty());
    EXPECT_EQ(e.fields().at("payload").struct_value().fields().at("v_nummer").string_value(), kV1);
  }
  EXPECT_EQ(events[0].struct_value().fields().at("origin").string_value(), kCoa);
  EXPECT_EQ(events[3].struct_value().fields().at("origin").string_value(), kDordrecht);
  EXPECT_EQ(events[3].struct_value().fields().at("datum").string_value(), "2026-03-01");

  // Later peildatum: the signaal too; earlier positie: fewer.
  const Answer all = Get("/api/v1/dossiers/" + std::string(kV1) + "/historie?peildatum=2026-12-31");
  EXPECT_EQ(all.json.fields().at("events").list_value().values_size(), 5);
  const Answer early =
      Get("/api/v1/dossiers/" + std::string(kV1) + "/historie?peildatum=2026-12-31&positie=4");
  EXPECT_EQ(early.json.fields().at("events").list_value().values_size(), 2);
}

TEST_F(ViewsApiTest, NewRecordsShowInTheNextAnswer) {
  const Answer before = Get("/api/v1/pijplijn?peildatum=2026-04-01");
  const uint64_t head = replica_->Append({Aanmelding("2026-02-01", kV3, kDordrecht, 2)});
  const Answer after = Get("/api/v1/pijplijn?peildatum=2026-04-01");
  ASSERT_EQ(after.code, 200);
  EXPECT_EQ(after.position, std::to_string(head));
  EXPECT_NE(after.body, before.body);
  EXPECT_EQ(after.body, contract::ToJson(replica_->Fold(head).Pijplijn(At("2026-04-01", head))) + "\n");
}

// The scratch directories the api makes for the files (views_api.h): this process's only.
size_t ScratchDirs() {
  const std::string prefix = "regiotafel-dossiers-" + std::to_string(getpid()) + "-";
  size_t count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::temp_directory_path())) {
    if (entry.path().filename().string().starts_with(prefix)) ++count;
  }
  return count;
}

// The value of `wat` in the sheet "Over dit overzicht"; "?" when it has no such row.
std::string Over(const table::Table& over, const std::string& wat) {
  for (const std::vector<table::Cell>& rij : over.rows) {
    if (rij.size() == 2 && rij[0].text == wat) return rij[1].text;
  }
  return "?";
}

// The cell of `rij` under the header `kolom` of `t`.
table::Cell Cel(const table::Table& t, size_t rij, const std::string& kolom) {
  const auto it = std::find(t.columns.begin(), t.columns.end(), kolom);
  EXPECT_NE(it, t.columns.end()) << kolom;
  if (it == t.columns.end() || rij >= t.rows.size()) return table::Cell::Text("?");
  return t.rows[rij][static_cast<size_t>(it - t.columns.begin())];
}

TEST_F(ViewsApiTest, TeVergetenListsTheDossiersPastTheBewaartermijn) {
  // kV2's last event is of 2026-01-08: with the default seven years due from 2033-01-09.
  Answer a = Get("/api/v1/te-vergeten?peildatum=2033-01-09");
  ASSERT_EQ(a.code, 200) << a.body;
  ASSERT_EQ(a.List("dossiers"), 1) << a.body;
  const pb::Struct& row = a.json.fields().at("dossiers").list_value().values(0).struct_value();
  EXPECT_EQ(row.fields().at("v_nummer").string_value(), kV2);
  EXPECT_EQ(row.fields().at("gemeente").string_value(), kZwijndrecht);
  EXPECT_EQ(row.fields().at("fase").string_value(), "GEKOPPELD");
  EXPECT_EQ(row.fields().at("laatste_datum").string_value(), "2026-01-08");
  EXPECT_EQ(row.fields().at("te_vergeten_sinds").string_value(), "2033-01-09");
  EXPECT_EQ(a.peildatum, "2033-01-09");
  // Exactly seven years: not yet.
  EXPECT_EQ(Get("/api/v1/te-vergeten?peildatum=2033-01-08").List("dossiers"), 0);
  EXPECT_EQ(Get("/api/v1/te-vergeten").List("dossiers"), 0) << "today is 2026-04-01";
  // At positie 6 kV2 is not known yet, and kV1's last event is its BRP of 2026-03-01.
  a = Get("/api/v1/te-vergeten?peildatum=2033-06-01&positie=6");
  ASSERT_EQ(a.List("dossiers"), 1) << a.body;
  EXPECT_EQ(a.json.fields()
                .at("dossiers")
                .list_value()
                .values(0)
                .struct_value()
                .fields()
                .at("v_nummer")
                .string_value(),
            kV1);
  EXPECT_EQ(a.position, "6");
  for (const std::string bad : {"peildatum=2033-02-30", "positie=x", "gemeente=gemeente:dordrecht"}) {
    a = Get("/api/v1/te-vergeten?" + bad);
    EXPECT_EQ(a.code, 400) << bad;
    EXPECT_EQ(a.Text("field"), bad.substr(0, bad.find('='))) << a.body;
  }
}

TEST_F(ViewsApiTest, AGemeenteMayForgetOnlyADossierLinkedToIt) {
  const auto vergeten = [](const std::string& v_nummer) {
    v1::Envelope e;
    e.mutable_dossier_vergeten()->set_datum("2026-04-01");
    e.mutable_dossier_vergeten()->set_v_nummer(v_nummer);
    e.mutable_dossier_vergeten()->set_reden(v1::DossierVergeten::VERZOEK_BETROKKENE);
    return e;
  };
  const auto check = [&](const std::string& v_nummer, contract::OrgKind kind, const std::string& org) {
    return CheckVergetenLinked(vergeten(v_nummer), kind, org, host_.get(), Clock::now() + 60s);
  };
  EXPECT_TRUE(check(kV1, contract::OrgKind::kGemeente, kDordrecht).ok());
  Status s = check(kV2, contract::OrgKind::kGemeente, kDordrecht);
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_EQ(s.field(), "v_nummer");
  EXPECT_EQ(s.message(),
            "dossier 1000000002 is niet aan gemeente:dordrecht gekoppeld; alleen die gemeente of "
            "de regio mag het vergeten");
  s = check("1000000009", contract::OrgKind::kGemeente, kDordrecht);
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_EQ(s.field(), "v_nummer");
  // The regio may forget any dossier; other events are not looked at.
  EXPECT_TRUE(check(kV2, contract::OrgKind::kRegio, kRegio).ok());
  EXPECT_TRUE(CheckVergetenLinked(Aanmelding("2026-01-05", kV2, kZwijndrecht), contract::OrgKind::kGemeente,
                                  kDordrecht, host_.get(), Clock::now() + 60s)
                  .ok());
}

TEST_F(ViewsApiTest, TheDossierOverviewAsAnExcelWorkbook) {
  const size_t dirs = ScratchDirs();
  const File file = GetFile("/api/v1/dossiers.xlsx?peildatum=2026-04-01");
  ASSERT_EQ(file.code, 200) << file.body;
  EXPECT_EQ(file.content_type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(file.disposition, "attachment; filename=\"dossiers-2026-04-01.xlsx\"");
  EXPECT_EQ(file.cache_control, "no-store");
  EXPECT_EQ(file.peildatum, "2026-04-01");
  EXPECT_EQ(file.position, std::to_string(head_));
  EXPECT_EQ(file.body.substr(0, 2), "PK") << "a zip";

  const std::vector<table::Table> sheets = ReadBack(file.body, "dossiers.xlsx");
  ASSERT_EQ(sheets.size(), 2u);
  const table::Table& dossiers = sheets[0];
  EXPECT_EQ(dossiers.name, "Dossiers");
  ASSERT_EQ(dossiers.rows.size(), 2u);
  EXPECT_EQ(Cel(dossiers, 0, "V-nummer"), table::Cell::Text(kV1));
  EXPECT_EQ(Cel(dossiers, 0, "Naam"), table::Cell::Text("Amina Yusuf"));
  EXPECT_EQ(Cel(dossiers, 0, "Gemeente"), table::Cell::Text(kDordrecht));
  EXPECT_EQ(Cel(dossiers, 0, "Gereserveerde woning"), table::Cell::Text("DRD-12"));
  EXPECT_EQ(Cel(dossiers, 0, "Datum huurcontract"), table::Cell::Date(*ParseDate("2026-02-15")));
  EXPECT_EQ(Cel(dossiers, 0, "Datum BRP"), table::Cell::Date(*ParseDate("2026-03-01")));
  EXPECT_EQ(Cel(dossiers, 0, "Grootte huishouden"), table::Cell::Number(2));
  EXPECT_EQ(Cel(dossiers, 1, "V-nummer"), table::Cell::Text(kV2));
  EXPECT_EQ(Cel(dossiers, 1, "Gemeente"), table::Cell::Text(kZwijndrecht));
  // Cell for cell what `exporteer` writes from the same view.
  EXPECT_EQ(dossiers, administratie::Overzicht(replica_->Fold(head_).Dossiers(At("2026-04-01", head_))));

  const table::Table& over = sheets[1];
  EXPECT_EQ(over.name, "Over dit overzicht");
  EXPECT_EQ(over.columns, (std::vector<std::string>{"Wat", "Waarde"}));
  EXPECT_EQ(Over(over, "Peildatum"), "2026-04-01");
  EXPECT_EQ(Over(over, "Positie in het log"), std::to_string(head_));
  EXPECT_EQ(Over(over, "Node"), kDordrecht);
  EXPECT_EQ(Over(over, "Gemeente"), "alle");
  EXPECT_EQ(ScratchDirs(), dirs) << "a scratch directory stayed behind";
}

TEST_F(ViewsApiTest, TheDossierOverviewAsCsvForDutchExcel) {
  const size_t dirs = ScratchDirs();
  const File file = GetFile("/api/v1/dossiers.csv?peildatum=2026-04-01");
  ASSERT_EQ(file.code, 200) << file.body;
  EXPECT_EQ(file.content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(file.disposition, "attachment; filename=\"dossiers-2026-04-01.csv\"");
  EXPECT_EQ(file.position, std::to_string(head_));
  EXPECT_TRUE(file.body.starts_with("\xEF\xBB\xBFNaam;V-nummer;BSN;")) << file.body.substr(0, 80);
  size_t lines = 0;
  for (size_t at = file.body.find("\r\n"); at != std::string::npos; at = file.body.find("\r\n", at + 2))
    ++lines;
  EXPECT_EQ(lines, 3u) << "the header and two dossiers\n" << file.body;
  EXPECT_NE(file.body.find(std::string("\r\nAmina Yusuf;") + kV1 + ";"), std::string::npos) << file.body;
  EXPECT_NE(file.body.find(kV2), std::string::npos) << file.body;
  EXPECT_EQ(file.body.find("Over dit overzicht"), std::string::npos) << "CSV has one sheet: the overview";
  EXPECT_EQ(ScratchDirs(), dirs) << "a scratch directory stayed behind";
}

TEST_F(ViewsApiTest, TheOverviewFilesTakePeildatumPositionAndGemeente) {
  const size_t dirs = ScratchDirs();
  for (const std::string file : {"/api/v1/dossiers.xlsx", "/api/v1/dossiers.csv"}) {
    ExpectRefused(file + "?peildatum=2026-02-30", "peildatum");
    ExpectRefused(file + "?positie=" + std::to_string(head_ + 1), "positie");
    ExpectRefused(file + "?gemeente=dordrecht", "gemeente");
    ExpectRefused(file + "?gemeente=corporatie:trivire", "gemeente");
    ExpectRefused(file + "?fase=GEKOPPELD", "fase");  // the file is the whole overview of a gemeente or all
    ExpectRefused(file + "?limit=1", "limit");
  }
  EXPECT_EQ(GetFile("/api/v1/dossiersxxlsx").code, 404) << "the route's dot is a dot";

  const File zwijndrecht =
      GetFile("/api/v1/dossiers.xlsx?peildatum=2026-04-01&gemeente=gemeente%3Azwijndrecht");
  ASSERT_EQ(zwijndrecht.code, 200) << zwijndrecht.body;
  std::vector<table::Table> sheets = ReadBack(zwijndrecht.body, "zwijndrecht.xlsx");
  ASSERT_EQ(sheets.size(), 2u);
  ASSERT_EQ(sheets[0].rows.size(), 1u);
  EXPECT_EQ(Cel(sheets[0], 0, "V-nummer"), table::Cell::Text(kV2));
  EXPECT_EQ(Over(sheets[1], "Gemeente"), kZwijndrecht);

  const File csv = GetFile("/api/v1/dossiers.csv?peildatum=2026-04-01&gemeente=gemeente:zwijndrecht");
  ASSERT_EQ(csv.code, 200) << csv.body;
  EXPECT_NE(csv.body.find(kV2), std::string::npos) << csv.body;
  EXPECT_EQ(csv.body.find(kV1), std::string::npos) << csv.body;

  // What was known at position 2 (the first aanmelding only), on a peildatum before it.
  const File early = GetFile("/api/v1/dossiers.xlsx?peildatum=2026-01-06&positie=2");
  ASSERT_EQ(early.code, 200) << early.body;
  EXPECT_EQ(early.position, "2");
  EXPECT_EQ(early.disposition, "attachment; filename=\"dossiers-2026-01-06.xlsx\"");
  sheets = ReadBack(early.body, "early.xlsx");
  ASSERT_EQ(sheets.size(), 2u);
  ASSERT_EQ(sheets[0].rows.size(), 1u);
  EXPECT_EQ(Cel(sheets[0], 0, "V-nummer"), table::Cell::Text(kV1));
  EXPECT_EQ(Cel(sheets[0], 0, "Gereserveerde woning"), table::Cell::Text(""));
  EXPECT_EQ(Over(sheets[1], "Positie in het log"), "2");
  EXPECT_EQ(Over(sheets[1], "Peildatum"), "2026-01-06");

  // Today's (the api's clock) by default, at the head.
  const File dflt = GetFile("/api/v1/dossiers.csv");
  ASSERT_EQ(dflt.code, 200) << dflt.body;
  EXPECT_EQ(dflt.disposition, "attachment; filename=\"dossiers-2026-04-01.csv\"");
  EXPECT_EQ(dflt.position, std::to_string(head_));
  EXPECT_EQ(ScratchDirs(), dirs) << "a scratch directory stayed behind";
}

}  // namespace
}  // namespace regiotafel::node
