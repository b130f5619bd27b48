// CSV exports: scope, masking, formula neutralization, refusals and the trace
// each export leaves in the audit trail.
#include "web/testing/test_server.h"

namespace tanzim::web::testing {
namespace {

class ExportsApiTest : public ApiTest {
 protected:
  int64_t AddPerson(nlohmann::json person) {
    const HttpResponse r = Post("/api/v1/people", Admin(), person);
    EXPECT_EQ(r.status, 201) << r;
    return r.Json().value("id", int64_t{0});
  }

  // The CSV's lines, without the byte order mark and the final CRLF.
  static std::vector<std::string> Lines(const std::string& csv) {
    std::vector<std::string> lines;
    std::string_view rest(csv);
    if (rest.starts_with("\xEF\xBB\xBF")) rest.remove_prefix(3);
    while (!rest.empty()) {
      const size_t end = rest.find("\r\n");
      lines.emplace_back(rest.substr(0, end));
      rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 2);
    }
    return lines;
  }
};

TEST_F(ExportsApiTest, AnAdminGetsEveryoneAsUtf8CsvWithAHeader) {
  AddPerson({{"name_ar", "أمينة العلوي"}, {"territory_code", kCommuneMou}});
  AddPerson({{"name_latin", "Karim Bennani"}, {"territory_code", kCommuneSef}});
  const HttpResponse r = Get("/api/v1/exports/people.csv", Admin());
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.Header("content-type"), "text/csv; charset=utf-8");
  EXPECT_EQ(r.Header("content-disposition"), "attachment; filename=\"people.csv\"");
  EXPECT_TRUE(r.body.starts_with("\xEF\xBB\xBF"));
  const auto lines = Lines(r.body);
  ASSERT_EQ(lines.size(), 3u) << r.body;
  EXPECT_EQ(lines[0], "id,name_ar,name_latin,gender,birth_date,cin,phone,email,territory_code");
  EXPECT_NE(r.body.find("أمينة العلوي"), std::string::npos);
  EXPECT_NE(r.body.find("Karim Bennani"), std::string::npos);
}

TEST_F(ExportsApiTest, FormulaLikeCellsAreNeutralized) {
  AddPerson({{"name_latin", "=HYPERLINK(\"http://evil.example\",\"x\")"},
             {"territory_code", kCommuneMou}});
  AddPerson({{"name_latin", "@SUM(A1:A2)"}, {"territory_code", kCommuneMou}});
  AddPerson({{"name_latin", "-2+3"}, {"phone", "0612345678"}, {"territory_code", kCommuneMou}});
  const HttpResponse r = Get("/api/v1/exports/people.csv", Admin());
  ASSERT_EQ(r.status, 200) << r;
  for (const std::string& line : Lines(r.body)) {
    // No cell may start with a formula sign: after every separator and at the
    // start of a line, the next character is safe.
    std::string_view rest(line);
    bool at_cell_start = true;
    bool quoted = false;
    for (const char c : rest) {
      if (at_cell_start && c != '"') {
        EXPECT_TRUE(std::string_view("=+-@\t\r").find(c) == std::string_view::npos) << line;
      }
      at_cell_start = false;
      if (c == '"') {
        quoted = !quoted;
        if (quoted) at_cell_start = true;  // the quote opens the cell's text
      } else if (c == ',' && !quoted) {
        at_cell_start = true;
      }
    }
  }
  EXPECT_NE(r.body.find("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\""),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find(",'@SUM(A1:A2),"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find(",'-2+3,"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find(",'+212612345678,"), std::string::npos) << r.body;
}

TEST_F(ExportsApiTest, AScopedAccountExportsOnlyItsScope) {
  AddPerson({{"name_latin", "Inside Mou"}, {"territory_code", kCommuneMou}});
  AddPerson({{"name_latin", "Outside Sef"}, {"territory_code", kCommuneSef}});
  const HttpResponse r = Get("/api/v1/exports/people.csv", SecretaryMou());
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_NE(r.body.find("Inside Mou"), std::string::npos);
  EXPECT_EQ(r.body.find("Outside Sef"), std::string::npos);
  // Asking for a sibling's territory gives an empty list, not its people.
  const HttpResponse sibling = Get("/api/v1/exports/people.csv?territory=MA-SEF", SecretaryMou());
  ASSERT_EQ(sibling.status, 200) << sibling;
  EXPECT_EQ(Lines(sibling.body).size(), 1u);
}

TEST_F(ExportsApiTest, AViewerGetsMaskedDetails) {
  AddPerson({{"name_latin", "Masked One"},
             {"cin", "CD123456"},
             {"phone", "0612345678"},
             {"birth_date", "1987-03-14"},
             {"territory_code", kCommuneMou}});
  const HttpResponse r = Get("/api/v1/exports/people.csv", ViewerMou());
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body.find("CD123456"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("1987-03-14"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("612345678"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("••••••56"), std::string::npos) << r.body;
}

TEST_F(ExportsApiTest, ClerksMayNotExportAndBadFiltersAreNamed) {
  const HttpResponse clerk =
      Get("/api/v1/exports/people.csv", server_->Token(auth::Role::kClerk, "MA-MOU"));
  EXPECT_EQ(clerk.status, 403) << clerk;
  EXPECT_EQ(clerk.Header("content-type"), "application/problem+json");
  const HttpResponse unknown = Get("/api/v1/exports/people.csv?territory=MA-XXX", Admin());
  EXPECT_EQ(unknown.status, 422) << unknown;
  EXPECT_EQ(unknown.Json()["errors"][0]["field"], "territory");
  EXPECT_EQ(Get("/api/v1/exports/people.csv").status, 401);
}

TEST_F(ExportsApiTest, EachExportIsInTheAuditTrailWithoutTheData) {
  AddPerson({{"name_latin", "Traced Person"}, {"territory_code", kCommuneMou}});
  ASSERT_EQ(Get("/api/v1/exports/people.csv?territory=MA-MOU", SecretaryMou()).status, 200);
  const HttpResponse trail = Get("/api/v1/audit?object=export", Admin());
  ASSERT_EQ(trail.status, 200) << trail;
  const auto items = trail.Json()["items"];
  ASSERT_EQ(items.size(), 1u) << trail;
  EXPECT_EQ(items[0]["action"], "export.people");
  EXPECT_EQ(items[0]["actor_login"], "secretary.ma-mou");
  EXPECT_EQ(items[0]["after"]["rows"], 1);
  EXPECT_EQ(items[0]["after"]["territory"], "MA-MOU");
  EXPECT_EQ(trail.body.find("Traced Person"), std::string::npos);
}

}  // namespace
}  // namespace tanzim::web::testing
