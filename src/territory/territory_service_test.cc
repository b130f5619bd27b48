#include "territory/territory_service.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "store/migrations.h"
#include "store/sqlite.h"
#include "store/testing/temp_store.h"
#include "territory/sqlite_territory_store.h"

namespace tanzim {
// Readable failure output for field errors.
inline void PrintTo(const FieldError& e, std::ostream* os) {
  *os << "{\"" << e.field << "\", \"" << e.message_key << "\"}";
}
}  // namespace tanzim

namespace tanzim::territory {
namespace {

namespace fs = std::filesystem;

constexpr const char* kIsoJson = "/usr/share/iso-codes/json/iso_3166-2.json";
constexpr const char* kHeader = "code,name_ar,name_fr,parent_code\n";

class TerritoryServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<store::testing::TempStore>("territory");
    dir_ = db_->dir();
    pool_ = &db_->pool();
    store_ = std::make_unique<SqliteTerritoryStore>(*pool_);
    service_ = std::make_unique<TerritoryService>(*store_);
  }

  void TearDown() override {
    service_.reset();
    store_.reset();
    db_.reset();
  }

  // A small tree written straight to the store: the twelve regions and a few
  // provinces and prefectures. Much faster than parsing the ISO file.
  void WriteTree() {
    std::vector<Territory> tree;
    for (int i = 1; i <= 12; ++i) {
      Territory region;
      region.code = (i < 10 ? "MA-0" : "MA-") + std::to_string(i);
      region.kind = Kind::kRegion;
      region.name_ar = "جهة " + std::to_string(i);
      region.name_fr = "Région " + std::to_string(i);
      region.path = ChildPath("", region.code);
      tree.push_back(region);
    }
    const struct {
      const char* code;
      Kind kind;
      const char* parent;
      const char* name_ar;
      const char* name_fr;
    } kProvinces[] = {
        {"MA-FES", Kind::kPrefecture, "MA-03", "فاس", "Fès"},
        {"MA-MEK", Kind::kPrefecture, "MA-03", "مكناس", "Meknès"},
        {"MA-MOU", Kind::kProvince, "MA-03", "مولاي يعقوب", "Moulay Yacoub"},
        {"MA-CAS", Kind::kPrefecture, "MA-06", "الدار البيضاء", "Casablanca"},
        {"MA-NOU", Kind::kProvince, "MA-06", "النواصر", "Nouaceur"},
        {"MA-AGD", Kind::kPrefecture, "MA-09", "أكادير إداوتنان", "Agadir-Ida-Ou-Tanane"},
        {"MA-CHT", Kind::kProvince, "MA-09", "اشتوكة آيت باها", "Chtouka-Ait Baha"},
        {"MA-TAR", Kind::kProvince, "MA-09", "تارودانت", "Taroudannt"},
    };
    for (const auto& p : kProvinces) {
      Territory t;
      t.code = p.code;
      t.kind = p.kind;
      t.name_ar = p.name_ar;
      t.name_fr = p.name_fr;
      t.parent_code = p.parent;
      t.path = ChildPath(ChildPath("", p.parent), p.code);
      tree.push_back(t);
    }
    auto counts = store_->Write(tree);
    ASSERT_TRUE(counts.ok());
    ASSERT_EQ(counts->inserted, 20);
  }

  void LoadMorocco() {
    auto counts = service_->LoadMorocco(kIsoJson);
    ASSERT_TRUE(counts.ok()) << counts.error().log_detail();
  }

  std::string WriteFile(const std::string& name, const std::string& text) {
    const fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
  }

  // Every territory the list returns for `request`, following the cursors.
  std::vector<Territory> ListAll(ListRequest request) {
    std::vector<Territory> all;
    for (int pages = 0; pages < 1000; ++pages) {
      auto page = service_->List(request);
      EXPECT_TRUE(page.ok());
      if (!page.ok()) break;
      all.insert(all.end(), page->items.begin(), page->items.end());
      if (!page->next_cursor) break;
      request.cursor = page->next_cursor;
    }
    return all;
  }

  static std::vector<std::string> Codes(const std::vector<Territory>& territories) {
    std::vector<std::string> codes;
    for (const auto& t : territories) codes.push_back(t.code);
    return codes;
  }

  std::vector<std::string> CommuneCodes() {
    ListRequest request;
    request.kind = "commune";
    request.limit = 500;
    return Codes(ListAll(request));
  }

  ImportReport Import(const std::string& csv) {
    auto report = service_->ImportCommunes(csv);
    EXPECT_TRUE(report.ok());
    return report.ok() ? *report : ImportReport{};
  }

  std::unique_ptr<store::testing::TempStore> db_;
  fs::path dir_;
  store::Pool* pool_ = nullptr;
  std::unique_ptr<SqliteTerritoryStore> store_;
  std::unique_ptr<TerritoryService> service_;
};

// ---- Loading the ISO 3166-2 list ----
// Parsing the 500 kB file dominates these tests, so each loads it once and
// checks several things.

TEST_F(TerritoryServiceTest, LoadsTwelveRegionsAndSeventyFiveProvincesIdempotently) {
  auto counts = service_->LoadMorocco(kIsoJson);
  ASSERT_TRUE(counts.ok()) << counts.error().log_detail();
  EXPECT_EQ(counts->inserted, 87);
  EXPECT_EQ(counts->updated, 0);
  EXPECT_EQ(counts->unchanged, 0);

  ListRequest regions;
  regions.kind = "region";
  regions.limit = 500;
  EXPECT_EQ(Codes(ListAll(regions)),
            (std::vector<std::string>{"MA-01", "MA-02", "MA-03", "MA-04", "MA-05", "MA-06", "MA-07",
                                      "MA-08", "MA-09", "MA-10", "MA-11", "MA-12"}));
  ListRequest provinces;
  provinces.kind = "province";
  provinces.limit = 500;
  ListRequest prefectures;
  prefectures.kind = "prefecture";
  prefectures.limit = 500;
  EXPECT_EQ(ListAll(provinces).size(), 62u);
  EXPECT_EQ(ListAll(prefectures).size(), 13u);
  EXPECT_TRUE(CommuneCodes().empty());

  // Every province or prefecture hangs under an existing region.
  ListRequest all;
  all.limit = 500;
  const auto territories = ListAll(all);
  ASSERT_EQ(territories.size(), 87u);
  for (const Territory& t : territories) {
    SCOPED_TRACE(t.code);
    EXPECT_FALSE(t.name_ar.empty());
    EXPECT_FALSE(t.name_fr.empty());
    if (t.kind == Kind::kRegion) {
      EXPECT_EQ(t.parent_code, std::nullopt);
      EXPECT_EQ(t.path, "/" + t.code + "/");
      continue;
    }
    ASSERT_TRUE(IsProvinceLevel(t.kind));
    ASSERT_TRUE(t.parent_code.has_value());
    auto parent = service_->Get(*t.parent_code);
    ASSERT_TRUE(parent.ok());
    EXPECT_EQ(parent->kind, Kind::kRegion);
    EXPECT_EQ(t.path, "/" + *t.parent_code + "/" + t.code + "/");
  }

  // Loading again changes nothing.
  auto again = service_->LoadMorocco(kIsoJson);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->inserted, 0);
  EXPECT_EQ(again->updated, 0);
  EXPECT_EQ(again->unchanged, 87);
  EXPECT_EQ(ListAll(all).size(), 87u);
}

TEST_F(TerritoryServiceTest, DropsAnnotationsAddsArabicNamesAndFixesParents) {
  LoadMorocco();
  struct Case {
    const char* code;
    const char* name_fr;
  };
  const Case kCases[] = {
      {"MA-12", "Dakhla-Oued Ed-Dahab"},  // "(EH)" in iso-codes
      {"MA-10", "Guelmim-Oued Noun"},     // "(EH-partial)"
      {"MA-AOU", "Aousserd"},
      {"MA-ESM", "Es-Semara"},
      {"MA-03", "Fès-Meknès"},  // nothing to drop
      {"MA-HOC", "Al Hoceïma"},
  };
  for (const auto& c : kCases) {
    auto t = service_->Get(c.code);
    ASSERT_TRUE(t.ok()) << c.code;
    EXPECT_EQ(t->name_fr, c.name_fr);
  }
  ListRequest all;
  all.limit = 500;
  for (const Territory& t : ListAll(all)) {
    EXPECT_EQ(t.name_fr.find('('), std::string::npos) << t.code << ": " << t.name_fr;
    EXPECT_EQ(t.name_ar.find('('), std::string::npos) << t.code << ": " << t.name_ar;
  }

  auto region = service_->Get("MA-03");
  ASSERT_TRUE(region.ok());
  EXPECT_EQ(region->name_ar, "فاس مكناس");
  EXPECT_EQ(region->kind, Kind::kRegion);
  EXPECT_EQ(service_->Get("MA-12")->name_ar, "الداخلة وادي الذهب");

  auto cht = service_->Get("MA-CHT");
  ASSERT_TRUE(cht.ok());
  EXPECT_EQ(cht->kind, Kind::kProvince);
  EXPECT_EQ(cht->parent_code, "MA-09");  // iso-codes 4.15 says 06
  EXPECT_EQ(cht->path, "/MA-09/MA-CHT/");

  auto nou = service_->Get("MA-NOU");
  ASSERT_TRUE(nou.ok());
  EXPECT_EQ(nou->parent_code, "MA-06");  // iso-codes 4.15 says 04

  auto fes = service_->Get("MA-FES");
  ASSERT_TRUE(fes.ok());
  EXPECT_EQ(fes->kind, Kind::kPrefecture);
  EXPECT_EQ(fes->parent_code, "MA-03");
  EXPECT_EQ(fes->path, "/MA-03/MA-FES/");

  ListRequest souss;
  souss.parent = "MA-09";
  souss.limit = 500;
  EXPECT_EQ(Codes(ListAll(souss)),
            (std::vector<std::string>{"MA-AGD", "MA-CHT", "MA-INE", "MA-TAR", "MA-TAT", "MA-TIZ"}));
}

TEST_F(TerritoryServiceTest, RefusesFilesThatAreNotTheIsoList) {
  struct Case {
    const char* name;
    std::string path;
  };
  const Case kCases[] = {
      {"missing", (dir_ / "missing.json").string()},
      {"not json", WriteFile("bad.json", "{not json")},
      {"other json", WriteFile("other.json", R"({"3166-1": []})")},
      {"too few",
       WriteFile("few.json", R"({"3166-2": [{"code": "MA-01", "name": "X", "type": "Region"}]})")},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    auto counts = service_->LoadMorocco(c.path);
    ASSERT_FALSE(counts.ok());
    EXPECT_EQ(counts.error().code(), ErrorCode::kInternal);
  }
  ListRequest all;
  EXPECT_TRUE(ListAll(all).empty());
}

// ---- Reading ----

TEST_F(TerritoryServiceTest, GetUnknownIsNotFound) {
  WriteTree();
  auto t = service_->Get("MA-99");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code(), ErrorCode::kNotFound);
}

TEST_F(TerritoryServiceTest, ListPagesWithCursors) {
  WriteTree();
  ListRequest request;
  request.kind = "region";
  request.limit = 5;
  std::vector<std::vector<std::string>> pages;
  for (int i = 0; i < 10; ++i) {
    auto page = service_->List(request);
    ASSERT_TRUE(page.ok());
    pages.push_back(Codes(page->items));
    if (!page->next_cursor) break;
    request.cursor = page->next_cursor;
  }
  EXPECT_EQ(pages,
            (std::vector<std::vector<std::string>>{{"MA-01", "MA-02", "MA-03", "MA-04", "MA-05"},
                                                   {"MA-06", "MA-07", "MA-08", "MA-09", "MA-10"},
                                                   {"MA-11", "MA-12"}}));
}

TEST_F(TerritoryServiceTest, FullLastPageHasNoCursor) {
  WriteTree();
  ListRequest request;
  request.kind = "region";
  request.limit = 12;
  auto page = service_->List(request);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->items.size(), 12u);
  EXPECT_EQ(page->next_cursor, std::nullopt);
  request.limit = 11;
  page = service_->List(request);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->items.size(), 11u);
  EXPECT_TRUE(page->next_cursor.has_value());
}

TEST_F(TerritoryServiceTest, ListWholeTreeInSmallPagesHasNoGapsOrDuplicates) {
  WriteTree();
  ListRequest request;
  request.limit = 7;
  const auto codes = Codes(ListAll(request));
  EXPECT_EQ(codes.size(), 20u);
  EXPECT_TRUE(std::is_sorted(codes.begin(), codes.end()));
  EXPECT_EQ(std::set<std::string>(codes.begin(), codes.end()).size(), codes.size());
}

TEST_F(TerritoryServiceTest, ListFiltersByParentAndKind) {
  WriteTree();
  struct Case {
    std::optional<std::string> kind;
    std::optional<std::string> parent;
    std::vector<std::string> expected;
  };
  const Case kCases[] = {
      {std::nullopt, "MA-09", {"MA-AGD", "MA-CHT", "MA-TAR"}},
      {std::nullopt, "MA-03", {"MA-FES", "MA-MEK", "MA-MOU"}},
      {std::nullopt, "MA-06", {"MA-CAS", "MA-NOU"}},
      {"prefecture", "MA-03", {"MA-FES", "MA-MEK"}},
      {"province", "MA-03", {"MA-MOU"}},
      {"province", "MA-09", {"MA-CHT", "MA-TAR"}},
      {"province", std::nullopt, {"MA-CHT", "MA-MOU", "MA-NOU", "MA-TAR"}},
      {"region", "MA-09", {}},
      {std::nullopt, "MA-99", {}},
      {std::nullopt, "MA-FES", {}},  // no communes yet
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.kind.value_or("-") + " " + c.parent.value_or("-"));
    ListRequest request;
    request.kind = c.kind;
    request.parent = c.parent;
    request.limit = 3;  // the filters hold across pages too
    EXPECT_EQ(Codes(ListAll(request)), c.expected);
  }
}

TEST_F(TerritoryServiceTest, ListRefusesBadKindAndCursor) {
  WriteTree();
  ListRequest bad_kind;
  bad_kind.kind = "city";
  auto page = service_->List(bad_kind);
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(page.error().fields(), (std::vector<FieldError>{{"kind", "field.kind_invalid"}}));

  for (const std::string cursor : {"!!!", "Zg==", "YSBi" /* "a b" */, "" /* empty code */}) {
    ListRequest bad_cursor;
    bad_cursor.cursor = cursor;
    page = service_->List(bad_cursor);
    ASSERT_FALSE(page.ok()) << cursor;
    EXPECT_EQ(page.error().fields(), (std::vector<FieldError>{{"cursor", "field.cursor_invalid"}}));
  }
}

TEST_F(TerritoryServiceTest, ListRefusesALimitOutsideOneTo500) {
  WriteTree();
  for (const int limit : {0, -1, kMaxPageSize + 1, std::numeric_limits<int>::max()}) {
    ListRequest request;
    request.limit = limit;
    auto page = service_->List(request);
    ASSERT_FALSE(page.ok()) << limit;
    EXPECT_EQ(page.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(page.error().fields(), (std::vector<FieldError>{{"limit", "field.limit_invalid"}}));
  }
  ListRequest largest;
  largest.limit = kMaxPageSize;
  auto page = service_->List(largest);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->items.size(), 20u);
}

// ---- Importing communes ----

TEST_F(TerritoryServiceTest, ImportsAGoodFile) {
  WriteTree();
  const ImportReport report = Import(std::string(kHeader) +
                                     "FES-001,فاس المدينة,  Fès   Médina ,MA-FES\n"
                                     "FES-002,أكدال,Agdal,MA-FES\n"
                                     "MOU-001,سبع رواضي,\"Sebt, Loudaya\",MA-MOU\n");
  EXPECT_TRUE(report.rejected.empty());
  EXPECT_EQ(report.counts.inserted, 3);
  EXPECT_EQ(report.counts.updated, 0);
  EXPECT_EQ(report.counts.unchanged, 0);

  auto medina = service_->Get("FES-001");
  ASSERT_TRUE(medina.ok());
  EXPECT_EQ(medina->kind, Kind::kCommune);
  EXPECT_EQ(medina->name_ar, "فاس المدينة");
  EXPECT_EQ(medina->name_fr, "Fès Médina");  // spaces normalized
  EXPECT_EQ(medina->parent_code, "MA-FES");
  EXPECT_EQ(medina->path, "/MA-03/MA-FES/FES-001/");
  auto sebt = service_->Get("MOU-001");
  ASSERT_TRUE(sebt.ok());
  EXPECT_EQ(sebt->name_fr, "Sebt, Loudaya");

  ListRequest children;
  children.parent = "MA-FES";
  EXPECT_EQ(Codes(ListAll(children)), (std::vector<std::string>{"FES-001", "FES-002"}));
}

TEST_F(TerritoryServiceTest, ReimportingTheSameFileChangesNothing) {
  WriteTree();
  const std::string csv = std::string(kHeader) +
                          "FES-001,فاس المدينة,Fès Médina,MA-FES\n"
                          "FES-002,أكدال,  Agdal ,MA-FES\n";
  ASSERT_EQ(Import(csv).counts.inserted, 2);
  const auto before = CommuneCodes();
  const ImportReport again = Import(csv);
  EXPECT_TRUE(again.rejected.empty());
  EXPECT_EQ(again.counts.inserted, 0);
  EXPECT_EQ(again.counts.updated, 0);
  EXPECT_EQ(again.counts.unchanged, 2);
  EXPECT_EQ(CommuneCodes(), before);
}

TEST_F(TerritoryServiceTest, ReimportUpdatesOnlyChangedRows) {
  WriteTree();
  ASSERT_EQ(Import(std::string(kHeader) + "FES-001,فاس المدينة,Fès Médina,MA-FES\n"
                                          "FES-002,أكدال,Agdal,MA-FES\n")
                .counts.inserted,
            2);
  const ImportReport report = Import(std::string(kHeader) +
                                     "FES-001,فاس المدينة,Fès-Médina,MA-FES\n"
                                     "FES-002,أكدال,Agdal,MA-MEK\n"
                                     "FES-003,سايس,Saïss,MA-FES\n");
  EXPECT_TRUE(report.rejected.empty());
  EXPECT_EQ(report.counts.inserted, 1);
  EXPECT_EQ(report.counts.updated, 2);
  EXPECT_EQ(report.counts.unchanged, 0);
  auto moved = service_->Get("FES-002");
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(moved->parent_code, "MA-MEK");
  EXPECT_EQ(moved->path, "/MA-03/MA-MEK/FES-002/");
  EXPECT_EQ(service_->Get("FES-001")->name_fr, "Fès-Médina");
}

TEST_F(TerritoryServiceTest, AcceptsBomCrlfAndQuotedFields) {
  WriteTree();
  const ImportReport report = Import(
      "\xEF\xBB\xBF"
      "code,name_ar,name_fr,parent_code\r\n"
      "CAS-001,\"أنفا\",\"Anfa\",MA-CAS\r\n"
      "CAS-002,الحي الحسني,\"Hay \"\"Hassani\"\"\",MA-CAS\r\n");
  EXPECT_TRUE(report.rejected.empty());
  EXPECT_EQ(report.counts.inserted, 2);
  auto hassani = service_->Get("CAS-002");
  ASSERT_TRUE(hassani.ok());
  EXPECT_EQ(hassani->name_fr, "Hay \"Hassani\"");
  EXPECT_EQ(service_->Get("CAS-001")->name_ar, "أنفا");
}

TEST_F(TerritoryServiceTest, ReportsEveryBadRowAndImportsNothing) {
  WriteTree();
  const std::string too_long(201, 'x');
  const std::string csv = std::string(kHeader) +
                          "FES-001,فاس المدينة,Fès Médina,MA-FES\n"  // 2: good
                          "FES 002,أكدال,Agdal,MA-FES\n"             // 3: bad code
                          "FES-001,فاس,Fès,MA-FES\n"                 // 4: duplicate
                          "FES-004,سايس,Saïss,MA-XXX\n"              // 5: unknown parent
                          "FES-005,سايس,Saïss,MA-03\n"               // 6: parent is a region
                          "FES-006,,Zouagha,MA-FES\n"                // 7: no Arabic name
                          "FES-007,زواغة,Zou\aagha,MA-FES\n"         // 8: control char
                          "FES-008,زواغة,Zouagha\n"                  // 9: three columns
                          "MA-MEK,مكناس,Meknès,MA-FES\n"             // 10: a province code
                          "FES-010,زواغة," +
                          too_long + ",MA-FES\n" +                       // 11: too long
                          "FES-011,\xD8,Zouagha,MA-FES\n"                // 12: not UTF-8
                          "FES 012,   ,Zouagha,\n"                       // 13: three faults
                          "FES-013,المرينيين,Mérinides,MA-FES,extra\n";  // 14: five columns
  const ImportReport report = Import(csv);
  const std::vector<FieldError> expected = {
      {"line 3: code", "field.code_invalid"},
      {"line 4: code", "field.duplicate"},
      {"line 5: parent_code", "field.parent_invalid"},
      {"line 6: parent_code", "field.parent_invalid"},
      {"line 7: name_ar", "field.required"},
      {"line 8: name_fr", "field.text_invalid"},
      {"line 9", "field.columns_invalid"},
      {"line 10: code", "field.code_reserved"},
      {"line 11: name_fr", "field.too_long"},
      {"line 12: name_ar", "field.invalid_utf8"},
      {"line 13: code", "field.code_invalid"},
      {"line 13: name_ar", "field.required"},
      {"line 13: parent_code", "field.parent_invalid"},
      {"line 14", "field.columns_invalid"},
  };
  EXPECT_EQ(report.rejected, expected);
  EXPECT_EQ(report.counts.inserted, 0);
  EXPECT_TRUE(CommuneCodes().empty());
  // The province whose code was reused is untouched.
  auto meknes = service_->Get("MA-MEK");
  ASSERT_TRUE(meknes.ok());
  EXPECT_EQ(meknes->kind, Kind::kPrefecture);
}

TEST_F(TerritoryServiceTest, ACommuneIsNotAParent) {
  WriteTree();
  ASSERT_EQ(
      Import(std::string(kHeader) + "FES-001,فاس المدينة,Fès Médina,MA-FES\n").counts.inserted, 1);
  const ImportReport report =
      Import(std::string(kHeader) + "FES-100,درب,Derb,FES-001\n" + "FES-101,درب,Derb,MA-FES\n");
  EXPECT_EQ(report.rejected,
            (std::vector<FieldError>{{"line 2: parent_code", "field.parent_invalid"}}));
  EXPECT_EQ(CommuneCodes(), (std::vector<std::string>{"FES-001"}));
}

TEST_F(TerritoryServiceTest, RefusesAWrongHeader) {
  WriteTree();
  const char* const kBad[] = {
      "",
      "code,name_ar,name_fr\nFES-001,فاس,Fès\n",
      "Code,name_ar,name_fr,parent_code\nFES-001,فاس,Fès,MA-FES\n",
      "code,name_fr,name_ar,parent_code\nFES-001,Fès,فاس,MA-FES\n",
      "FES-001,فاس,Fès,MA-FES\n",
  };
  for (const char* csv : kBad) {
    const ImportReport report = Import(csv);
    EXPECT_EQ(report.rejected, (std::vector<FieldError>{{"line 1", "field.columns_invalid"}}))
        << csv;
  }
  EXPECT_TRUE(CommuneCodes().empty());
}

TEST_F(TerritoryServiceTest, HeaderOnlyImportsNothing) {
  WriteTree();
  const ImportReport report = Import(kHeader);
  EXPECT_TRUE(report.rejected.empty());
  EXPECT_EQ(report.counts.inserted, 0);
  EXPECT_EQ(report.counts.unchanged, 0);
}

TEST_F(TerritoryServiceTest, RefusesBadQuotingWithItsLine) {
  WriteTree();
  struct Case {
    const char* name;
    std::string csv;
    const char* line;
  };
  const Case kCases[] = {
      {"unterminated quote", std::string(kHeader) + "FES-001,\"فاس,Fès,MA-FES\n", "line 2"},
      {"quote inside a bare field",
       std::string(kHeader) + "FES-001,فاس,Fès,MA-FES\nFES-002,أكدال,Ag\"dal,MA-FES\n", "line 3"},
      {"text after the closing quote",
       std::string(kHeader) + "FES-001,فاس,Fès,MA-FES\nFES-002,أكدال,Agdal,MA-FES\n"
                              "FES-003,\"سايس\"x,Saïss,MA-FES\n",
       "line 4"},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    const ImportReport report = Import(c.csv);
    EXPECT_EQ(report.rejected, (std::vector<FieldError>{{c.line, "field.invalid_csv"}}));
  }
  EXPECT_TRUE(CommuneCodes().empty());
}

TEST_F(TerritoryServiceTest, LineNumbersAreTheLinesOfTheFile) {
  WriteTree();
  // Blank lines and line breaks inside quotes still count as lines.
  const ImportReport report = Import(std::string(kHeader) +
                                     "FES-001,فاس المدينة,Fès Médina,MA-FES\n"     // 2
                                     "\n"                                          // 3
                                     "FES-002,أكدال,Agdal,MA-XXX\n"                // 4
                                     "FES-003,\"سايس\n(القديمة)\",Saïss,MA-FES\n"  // 5-6
                                     "FES-004,زواغة,Zouagha,MA-03\r\n"             // 7
                                     "\r\n"                                        // 8
                                     "FES-005,,Jnan,MA-FES");                      // 9, no newline
  EXPECT_EQ(report.rejected, (std::vector<FieldError>{
                                 {"line 4: parent_code", "field.parent_invalid"},
                                 {"line 7: parent_code", "field.parent_invalid"},
                                 {"line 9: name_ar", "field.required"},
                             }));
  const ImportReport bad_quote = Import(std::string(kHeader) +
                                        "\n"
                                        "FES-001,\"فاس\nالمدينة\",Fès,MA-FES\n"  // 3-4
                                        "FES-002,أكدال,Ag\"dal,MA-FES\n");       // 5
  EXPECT_EQ(bad_quote.rejected, (std::vector<FieldError>{{"line 5", "field.invalid_csv"}}));
}

}  // namespace
}  // namespace tanzim::territory
