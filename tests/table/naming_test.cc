// Dutch column headers and enum words.
#include "services/table/naming.h"

#include <gtest/gtest.h>

#include "services/table/table.h"

namespace regiotafel::table {
namespace {

TEST(NamingTest, HeadersFromFieldNames) {
  EXPECT_EQ(DutchHeader("gerealiseerd"), "Gerealiseerd");
  EXPECT_EQ(DutchHeader("v_nummer"), "V-nummer");
  EXPECT_EQ(DutchHeader("bsn"), "BSN");
  EXPECT_EQ(DutchHeader("datum_aanmelding"), "Datum aanmelding");
  EXPECT_EQ(DutchHeader("datum_brp"), "Datum BRP");
  EXPECT_EQ(DutchHeader("nog_te_huisvesten"), "Nog te huisvesten");
  EXPECT_EQ(DutchHeader("woning_id"), "Woning-ID");
  EXPECT_EQ(DutchHeader("aandeel_procent"), "Aandeel (%)");
  EXPECT_EQ(DutchHeader("boven_10_procent"), "Boven 10%");
  EXPECT_EQ(DutchHeader("voor_achter"), "Voor/achter");
  EXPECT_EQ(DutchHeader("coa_locatie"), "COA locatie");
  EXPECT_EQ(DutchHeader("woning_adres"), "Woning adres") << "a flattened nested field";
}

TEST(NamingTest, EnumValuesAsWords) {
  EXPECT_EQ(EnumText("Fase", "GEKOPPELD"), "gekoppeld");
  EXPECT_EQ(EnumText("Fase", "PRE_VESTIGING"), "pre vestiging");
  EXPECT_EQ(EnumText("Fase", "FASE_UNSPECIFIED"), "");
  EXPECT_EQ(EnumText("Status", "STATUS_UNSPECIFIED"), "");
  EXPECT_EQ(EnumText("Taak", "PIP"), "PIP");
  EXPECT_EQ(EnumText("Taak", "EERSTE_HUUR"), "eerste huur");
  EXPECT_EQ(EnumText("SignaalSoort", "SIGNAAL_SOORT_HUURACHTERSTAND"), "huurachterstand")
      << "the type's prefix";
}

TEST(NamingTest, CellTextIsDutch) {
  EXPECT_EQ(CellText(Cell::Number(-42)), "-42");
  EXPECT_EQ(CellText(Cell::Decimal(12.5)), "12,5");
  EXPECT_EQ(CellText(Cell::Decimal(0.1)), "0,1");
  EXPECT_EQ(CellText(Cell::Date(0)), "01-01-1970");
  EXPECT_EQ(CellText(Cell::Text("Zoë")), "Zoë");
}

TEST(NamingTest, TimestampTextIsDutchInUtc) {
  EXPECT_EQ(TimestampText(0), "01-01-1970 00:00:00 UTC");
  EXPECT_EQ(TimestampText(1767607872), "05-01-2026 10:11:12 UTC");
  EXPECT_EQ(TimestampText(-1), "31-12-1969 23:59:59 UTC");
}

}  // namespace
}  // namespace regiotafel::table
