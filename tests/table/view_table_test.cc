// Every view of views.proto as a table: Dutch headers in field order, cells typed (numbers, dates,
// enum words), and one table per row kind.
#include "services/table/view_table.h"

#include <google/protobuf/descriptor.h>
#include <gtest/gtest.h>

#include <set>

#include "regiotafel/v1/events.pb.h"
#include "regiotafel/v1/views.pb.h"
#include "tests/support/table_files.h"

namespace regiotafel::table {
namespace {

namespace pb = google::protobuf;
namespace v1 = regiotafel::v1;

Cell T(const char* text) { return Cell::Text(text); }
Cell G(int64_t n) { return Cell::Number(n); }

TEST(ViewTableTest, Dossiers) {
  v1::DossiersView view;
  view.set_volgende("1234567891");  // a page token: not a row
  v1::Dossier* d = view.add_dossiers();
  d->set_v_nummer("1234567890");
  d->set_naam("Zoë Tesfaye");
  d->set_gemeente("gemeente:dordrecht");
  d->set_koppeldatum("2026-01-05");
  d->set_huishouden(4);
  d->set_verwachte_nareizigers(2);
  d->set_verblijfplaats("azc Dordrecht");
  d->set_fase(v1::Dossier::HUURCONTRACT);
  d->set_woning_id("DRD-0001");
  d->set_corporatie("corporatie:trivire");
  d->set_woongemeente("gemeente:zwijndrecht");
  d->set_datum_huurcontract("2026-03-01");
  d->set_begeleiding("PRE_VESTIGING");
  d->add_signalen("BRP_ONTBREEKT");
  d->add_signalen("TERMIJN_VERHUIZING");
  d->set_meldingen_open(1);
  d->set_laatste_datum("2026-03-01");
  v1::Dossier* e = view.add_dossiers();
  e->set_v_nummer("2234567890");
  e->set_fase(v1::Dossier::GEKOPPELD);

  const std::vector<Table> tables = TablesOfView(view);
  ASSERT_EQ(tables.size(), 1u);
  const Table& table = tables[0];
  EXPECT_EQ(table.name, "Dossiers");
  EXPECT_EQ(table.columns, (std::vector<std::string>{"V-nummer",           "Naam",
                                                     "Gemeente",           "Koppeldatum",
                                                     "Huishouden",         "Verwachte nareizigers",
                                                     "Verblijfplaats",     "Fase",
                                                     "Woning-ID",          "Corporatie",
                                                     "Woongemeente",       "Datum reservering",
                                                     "Datum huurcontract", "Datum uitstroom",
                                                     "Datum BRP",          "Begeleiding",
                                                     "Signalen",           "Meldingen open",
                                                     "Laatste datum",      "Vergeten"}));
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(table.rows[0], (std::vector<Cell>{T("1234567890"),
                                              T("Zoë Tesfaye"),
                                              T("gemeente:dordrecht"),
                                              Date("2026-01-05"),
                                              G(4),
                                              G(2),
                                              T("azc Dordrecht"),
                                              T("huurcontract"),
                                              T("DRD-0001"),
                                              T("corporatie:trivire"),
                                              T("gemeente:zwijndrecht"),
                                              T(""),
                                              Date("2026-03-01"),
                                              T(""),
                                              T(""),
                                              T("PRE_VESTIGING"),
                                              T("BRP_ONTBREEKT, TERMIJN_VERHUIZING"),
                                              G(1),
                                              Date("2026-03-01"),
                                              T("nee")}));
  EXPECT_EQ(table.rows[1][0], T("2234567890"));
  EXPECT_EQ(table.rows[1][3], T("")) << "an unknown date is empty";
  EXPECT_EQ(table.rows[1][7], T("gekoppeld"));
  EXPECT_EQ(TableOfView(view), table);
}

TEST(ViewTableTest, Taakstelling) {
  v1::TaakstellingView view;
  v1::TaakstellingRegel* r = view.add_regels();
  r->set_gemeente("gemeente:dordrecht");
  r->set_periode("2026-H1");
  r->set_taakstelling(60);
  r->set_startsaldo(-4);
  r->set_gerealiseerd(31);
  r->set_overboekingen_in(3);
  r->set_overboekingen_uit(1);
  r->set_eindsaldo(-31);
  r->set_nog_te_huisvesten(31);
  const Table table = TableOfView(view);
  EXPECT_EQ(table.name, "Taakstelling");
  EXPECT_EQ(table.columns, (std::vector<std::string>{"Gemeente", "Periode", "Taakstelling", "Startsaldo",
                                                     "Gerealiseerd", "Overboekingen in", "Overboekingen uit",
                                                     "Eindsaldo", "Nog te huisvesten"}));
  EXPECT_EQ(table.rows, (std::vector<std::vector<Cell>>{{T("gemeente:dordrecht"), T("2026-H1"), G(60), G(-4),
                                                         G(31), G(3), G(1), G(-31), G(31)}}));
}

TEST(ViewTableTest, Pijplijn) {
  v1::PijplijnView view;
  v1::PijplijnRegel* r = view.add_gemeenten();
  r->set_gemeente("gemeente:sliedrecht");
  r->set_gekoppeld(5);
  r->set_gereserveerd(2);
  r->set_huurcontract(1);
  r->set_ingeschreven(7);
  r->set_gesloten(0);
  r->set_personen_wachtend(17);
  view.add_gemeenten()->set_gemeente("gemeente:zwijndrecht");
  const Table table = TableOfView(view);
  EXPECT_EQ(table.name, "Pijplijn");
  EXPECT_EQ(table.columns, (std::vector<std::string>{"Gemeente", "Gekoppeld", "Gereserveerd", "Huurcontract",
                                                     "Ingeschreven", "Gesloten", "Personen wachtend"}));
  EXPECT_EQ(table.rows, (std::vector<std::vector<Cell>>{
                            {T("gemeente:sliedrecht"), G(5), G(2), G(1), G(7), G(0), G(17)},
                            {T("gemeente:zwijndrecht"), G(0), G(0), G(0), G(0), G(0), G(0)}}));
}

TEST(ViewTableTest, Signalen) {
  v1::SignalenView view;
  v1::SignaalRegel* s = view.add_signalen();
  s->set_code("TERMIJN_HUISVESTING");
  s->set_v_nummer("1234567890");
  s->set_voor("gemeente:dordrecht");
  v1::SignaalRegel* w = view.add_signalen();
  w->set_code("WONING_ONBENUT");
  w->set_woning_id("DRD-0002");
  w->set_voor("gemeente:papendrecht");
  const Table table = TableOfView(view);
  EXPECT_EQ(table.name, "Signalen");
  EXPECT_EQ(table.columns, (std::vector<std::string>{"Code", "V-nummer", "Woning-ID", "Voor"}));
  EXPECT_EQ(table.rows, (std::vector<std::vector<Cell>>{
                            {T("TERMIJN_HUISVESTING"), T("1234567890"), T(""), T("gemeente:dordrecht")},
                            {T("WONING_ONBENUT"), T(""), T("DRD-0002"), T("gemeente:papendrecht")}}));
}

TEST(ViewTableTest, Woningen) {
  v1::WoningenView view;
  v1::WoningRegel* w = view.add_woningen();
  w->set_woning_id("DRD-0002");
  w->set_corporatie("corporatie:woonbron");
  w->set_gemeente("gemeente:dordrecht");
  w->set_status(v1::WoningRegel::BESCHIKBAAR);
  w->set_dagen_beschikbaar(21);
  v1::WoningRegel* v = view.add_woningen();
  v->set_woning_id("DRD-0003");
  v->set_status(v1::WoningRegel::VERHUURD);
  v->set_v_nummer("1234567890");
  const Table table = TableOfView(view);
  EXPECT_EQ(table.name, "Woningen");
  EXPECT_EQ(table.columns, (std::vector<std::string>{"Woning-ID", "Corporatie", "Gemeente", "Status",
                                                     "V-nummer", "Dagen beschikbaar"}));
  EXPECT_EQ(
      table.rows,
      (std::vector<std::vector<Cell>>{
          {T("DRD-0002"), T("corporatie:woonbron"), T("gemeente:dordrecht"), T("beschikbaar"), T(""), G(21)},
          {T("DRD-0003"), T(""), T(""), T("verhuurd"), T("1234567890"), G(0)}}));
}

TEST(ViewTableTest, Corporaties) {
  v1::CorporatiesView view;
  v1::CorporatieRegel* r = view.add_regels();
  r->set_corporatie("corporatie:trivire");
  r->set_periode("2026-H1");
  r->set_afspraak(40);
  r->set_huurcontracten(12);
  r->set_verwacht(15);
  r->set_voor_achter(-3);
  r->set_vrijgekomen(96);
  r->set_aandeel_procent(12.5);
  r->set_boven_10_procent(true);
  const Table table = TableOfView(view);
  EXPECT_EQ(table.name, "Corporaties");
  EXPECT_EQ(table.columns,
            (std::vector<std::string>{"Corporatie", "Periode", "Afspraak", "Huurcontracten", "Verwacht",
                                      "Voor/achter", "Vrijgekomen", "Aandeel (%)", "Boven 10%"}));
  EXPECT_EQ(table.rows,
            (std::vector<std::vector<Cell>>{{T("corporatie:trivire"), T("2026-H1"), G(40), G(12), G(15),
                                             G(-3), G(96), Cell::Decimal(12.5), T("ja")}}));
}

TEST(ViewTableTest, BegeleidingHasDetailTablesForItsLists) {
  v1::BegeleidingView view;
  v1::Begeleiding* b = view.add_begeleiding();
  b->set_v_nummer("1234567890");
  b->set_gemeente("gemeente:dordrecht");
  b->set_woongemeente("gemeente:dordrecht");
  b->set_datum_huurcontract("2026-03-01");
  b->set_begeleiding("COACHING_VESTIGING");
  v1::Begeleiding::FaseWijziging* f1 = b->add_fasen();
  f1->set_datum("2026-02-15");
  f1->set_fase(v1::BegeleidingFase::PRE_VESTIGING);
  v1::Begeleiding::FaseWijziging* f2 = b->add_fasen();
  f2->set_datum("2026-03-10");
  f2->set_fase(v1::BegeleidingFase::COACHING_VESTIGING);
  v1::Begeleiding::TaakGedaan* t = b->add_taken();
  t->set_datum("2026-03-12");
  t->set_taak(v1::BegeleidingTaak::PIP);
  b->set_in_monitoring(true);
  b->set_monitoring_tot("2027-02-28");
  view.add_begeleiding()->set_v_nummer("2234567890");

  const std::vector<Table> tables = TablesOfView(view);
  ASSERT_EQ(tables.size(), 3u);
  EXPECT_EQ(tables[0].name, "Begeleiding");
  EXPECT_EQ(tables[0].columns,
            (std::vector<std::string>{"V-nummer", "Gemeente", "Woongemeente", "Datum huurcontract",
                                      "Begeleiding", "Fasen", "Taken", "In monitoring", "Monitoring tot"}));
  EXPECT_EQ(tables[0].rows,
            (std::vector<std::vector<Cell>>{
                {T("1234567890"), T("gemeente:dordrecht"), T("gemeente:dordrecht"), Date("2026-03-01"),
                 T("COACHING_VESTIGING"), T("15-02-2026 pre vestiging, 10-03-2026 coaching vestiging"),
                 T("12-03-2026 PIP"), T("ja"), Date("2027-02-28")},
                {T("2234567890"), T(""), T(""), T(""), T(""), T(""), T(""), T("nee"), T("")}}));
  EXPECT_EQ(tables[1].name, "Begeleiding - Fasen");
  EXPECT_EQ(tables[1].columns, (std::vector<std::string>{"V-nummer", "Datum", "Fase"}));
  EXPECT_EQ(tables[1].rows,
            (std::vector<std::vector<Cell>>{{T("1234567890"), Date("2026-02-15"), T("pre vestiging")},
                                            {T("1234567890"), Date("2026-03-10"), T("coaching vestiging")}}));
  EXPECT_EQ(tables[2].name, "Begeleiding - Taken");
  EXPECT_EQ(tables[2].columns, (std::vector<std::string>{"V-nummer", "Datum", "Taak"}));
  EXPECT_EQ(tables[2].rows,
            (std::vector<std::vector<Cell>>{{T("1234567890"), Date("2026-03-12"), T("PIP")}}));
}

// For a terminal a dossier shows the nine fields read first, in reading order; a narrow row all.
TEST(ViewTableTest, ShortColumnsForATerminal) {
  v1::DossiersView view;
  v1::Dossier* d = view.add_dossiers();
  d->set_v_nummer("1234567890");
  d->set_naam("Amina Haddad");
  d->set_gemeente("gemeente:dordrecht");
  d->set_koppeldatum("2026-01-05");
  d->set_huishouden(2);
  d->set_verblijfplaats("AZC Dordrecht");
  d->set_fase(v1::Dossier::INGESCHREVEN);
  d->set_woning_id("DRD-12");
  d->set_woongemeente("gemeente:dordrecht");
  d->add_signalen("BEGELEIDING_ONTBREEKT");
  d->add_signalen("TERMIJN_VERHUIZING");
  const Table table = TableOfView(view, Columns::kShort);
  EXPECT_EQ(table.name, "Dossiers");
  EXPECT_EQ(table.columns,
            (std::vector<std::string>{"V-nummer", "Naam", "Gemeente", "Fase", "Huishouden", "Koppeldatum",
                                      "Woning-ID", "Woongemeente", "Signalen"}));
  EXPECT_EQ(table.rows, (std::vector<std::vector<Cell>>{
                            {T("1234567890"), T("Amina Haddad"), T("gemeente:dordrecht"), T("ingeschreven"),
                             G(2), Date("2026-01-05"), T("DRD-12"), T("gemeente:dordrecht"),
                             T("BEGELEIDING_ONTBREEKT, TERMIJN_VERHUIZING")}}));
  EXPECT_EQ(TableOfView(view).columns.size(), 20u) << "every field by default";

  v1::TaakstellingView taakstelling;
  taakstelling.add_regels()->set_gemeente("gemeente:dordrecht");
  EXPECT_EQ(TablesOfView(taakstelling, Columns::kShort), TablesOfView(taakstelling));
  v1::BegeleidingView begeleiding;
  begeleiding.add_begeleiding()->add_fasen()->set_datum("2026-02-15");
  EXPECT_EQ(TablesOfView(begeleiding, Columns::kShort), TablesOfView(begeleiding)) << "detail tables too";
}

// A payload in one cell: the set fields under their proto names, values as their cells read.
TEST(ViewTableTest, FieldsTextNamesTheSetFields) {
  v1::Huurcontract huurcontract;
  huurcontract.set_datum("2026-02-10");
  huurcontract.set_v_nummer("1234567890");
  huurcontract.set_woning_id("DRD-12");
  huurcontract.set_ingangsdatum("2026-02-15");
  huurcontract.set_kale_huur_cent(61000);
  EXPECT_EQ(FieldsText(huurcontract, "datum"),
            "v_nummer=1234567890, woning_id=DRD-12, ingangsdatum=15-02-2026, kale_huur_cent=61000");
  EXPECT_EQ(FieldsText(huurcontract).rfind("datum=10-02-2026, v_nummer=", 0), 0u);

  v1::WoningAangeboden woning;
  woning.set_soort(v1::WoningAangeboden::WONINGDELEN);
  woning.set_beschikbaar_per("2026-02-01");
  EXPECT_EQ(FieldsText(woning), "soort=woningdelen, beschikbaar_per=01-02-2026");

  v1::Aanmelding aanmelding;
  aanmelding.set_naam("Amina Haddad");
  aanmelding.add_gezinsleden()->set_naam("Omar Haddad");
  v1::Persoon* lid = aanmelding.add_gezinsleden();
  lid->set_v_nummer("1234567891");
  lid->set_naam("Sara Haddad");
  EXPECT_EQ(FieldsText(aanmelding),
            "naam=Amina Haddad, gezinsleden=(naam=Omar Haddad), (v_nummer=1234567891, naam=Sara Haddad)");
  EXPECT_EQ(FieldsText(v1::Aanmelding()), "");
}

TEST(ViewTableTest, EmptyViewStillHasItsColumns) {
  const Table table = TableOfView(v1::SignalenView());
  EXPECT_EQ(table.columns.size(), 4u);
  EXPECT_TRUE(table.rows.empty());
}

TEST(ViewTableTest, MessageWithoutListIsOneRowAndNestedMessagesFlatten) {
  // A single Dossier; and a FaseWijziging, whose enum comes from events.proto.
  v1::Dossier dossier;
  dossier.set_v_nummer("1234567890");
  const Table table = TableOfView(dossier);
  EXPECT_EQ(table.name, "Dossier");
  ASSERT_EQ(table.rows.size(), 1u);
  EXPECT_EQ(table.rows[0][0], T("1234567890"));
  EXPECT_EQ(table.rows[0][7], T("")) << "FASE_UNSPECIFIED reads empty";
}

// Any view, present or added later: every row field gives a table with a name, unique Dutch headers
// (a capital first, no '_'), and a row per element.
TEST(ViewTableTest, EveryViewOfViewsProtoGivesASensibleTable) {
  const pb::FileDescriptor* file = v1::DossiersView::descriptor()->file();
  int views = 0;
  for (int i = 0; i < file->message_type_count(); ++i) {
    const pb::Descriptor* descriptor = file->message_type(i);
    if (!std::string_view(descriptor->name()).ends_with("View")) continue;
    ++views;
    SCOPED_TRACE(descriptor->name());
    std::unique_ptr<pb::Message> view(
        pb::MessageFactory::generated_factory()->GetPrototype(descriptor)->New());
    int rows = 0;
    for (int k = 0; k < descriptor->field_count(); ++k) {
      const pb::FieldDescriptor* field = descriptor->field(k);
      if (!field->is_repeated() || field->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE) continue;
      view->GetReflection()->AddMessage(view.get(), field);
      view->GetReflection()->AddMessage(view.get(), field);
      ++rows;
    }
    EXPECT_EQ(rows, 1) << "one list of rows per view";
    const std::vector<Table> tables = TablesOfView(*view);
    ASSERT_FALSE(tables.empty());
    EXPECT_EQ(tables[0].rows.size(), 2u);
    for (const Table& table : tables) {
      EXPECT_FALSE(table.name.empty());
      EXPECT_TRUE(CheckShape(table).ok());
      EXPECT_FALSE(table.columns.empty());
      std::set<std::string> unique(table.columns.begin(), table.columns.end());
      EXPECT_EQ(unique.size(), table.columns.size()) << table.name;
      for (const std::string& header : table.columns) {
        EXPECT_TRUE(header[0] >= 'A' && header[0] <= 'Z') << header;
        EXPECT_EQ(header.find('_'), std::string::npos) << header;
      }
    }
  }
  EXPECT_EQ(views, 8);
}

}  // namespace
}  // namespace regiotafel::table
