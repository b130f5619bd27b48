// /api/v1/people over HTTP: create, read, partial update, delete, the field
// rules (CIN, phone, email, dates, territory), listing, search and paging.
#include <unicode/coll.h>

#include <algorithm>
#include <set>

#include "web/testing/test_server.h"

namespace tanzim::web::testing {
namespace {

using nlohmann::json;
using PeopleApiTest = ApiTest;

std::string PersonPath(const json& person) {
  return "/api/v1/people/" + std::to_string(person.value("id", int64_t{0}));
}

TEST_F(PeopleApiTest, CreateStoresNormalizedRecordAndReturnsIt) {
  json body = PersonJson("ab 123456");
  body["phone"] = "06 12 34 56 78";
  body["email"] = "Fatima.Bennani@Example.MA";
  const auto r = Post("/api/v1/people", Admin(), body);
  ASSERT_EQ(r.status, 201) << r;
  const json created = r.Json();
  ASSERT_TRUE(created["id"].is_number_integer()) << created;
  EXPECT_GT(created["id"].get<int64_t>(), 0);
  EXPECT_EQ(r.Header("location"), PersonPath(created));
  EXPECT_EQ(created["name_ar"], "فاطمة الزهراء بناني");
  EXPECT_EQ(created["name_latin"], "Fatima Zahra Bennani");
  EXPECT_EQ(created["gender"], "f");
  EXPECT_EQ(created["birth_date"], "1990-05-17");
  EXPECT_EQ(created["cin"], "AB123456");
  EXPECT_EQ(created["phone"], "+212612345678");
  EXPECT_EQ(created["email"], "Fatima.Bennani@example.ma");
  EXPECT_EQ(created["territory_code"], kCommuneMou);
  EXPECT_TRUE(created["created_at"].is_string());
  EXPECT_TRUE(created["updated_at"].is_string());

  const auto read = Get(PersonPath(created), Admin());
  ASSERT_EQ(read.status, 200) << read;
  EXPECT_EQ(read.Json(), created);
}

TEST_F(PeopleApiTest, EitherNameAloneIsEnoughAndOptionalFieldsMayBeAbsent) {
  const auto latin =
      CreatePerson(Admin(), {{"name_latin", "Youssef Alaoui"}, {"territory_code", "MA-MOU"}});
  EXPECT_TRUE(latin["name_ar"].is_null()) << latin;
  EXPECT_TRUE(latin["cin"].is_null()) << latin;
  EXPECT_EQ(latin["territory_code"], "MA-MOU");  // a province is a valid residence
  const auto arabic = CreatePerson(
      Admin(),
      {{"name_ar", "يوسف العلوي"}, {"name_latin", nullptr}, {"territory_code", kCommuneSef}});
  EXPECT_TRUE(arabic["name_latin"].is_null()) << arabic;
  EXPECT_EQ(PeopleIds(Admin()).size(), 2u);
}

struct FieldCase {
  const char* field;
  json value;
  int status;                                 // 0: accepted
  std::optional<json> stored = std::nullopt;  // the stored value, when checked
};

class PeopleFieldTest : public PeopleApiTest {
 protected:
  // {"status": HTTP status, "body": record or problem, "fields": [named fields]}
  json PostAndDescribe(const std::string& token, const json& body) {
    const auto r = Post("/api/v1/people", token, body);
    json fields = json::array();
    for (const auto& f : ProblemFields(r)) fields.push_back(f);
    if (r.status >= 400) {
      EXPECT_TRUE(IsProblem(r, r.status)) << r;
    }
    return {{"status", r.status}, {"body", r.Json()}, {"fields", fields}};
  }

  // Posts a valid person with each case's field replaced and checks the
  // answer; with `refused_only`, the register must still be empty afterwards.
  void Check(const std::vector<FieldCase>& cases, bool refused_only) {
    int n = 0;
    for (const auto& c : cases) {
      json body = PersonJson("Q" + std::to_string(100000 + ++n));
      body[c.field] = c.value;
      const json result = PostAndDescribe(Admin(), body);
      if (c.status == 0) {
        EXPECT_EQ(result["status"], 201) << c.field << "=" << c.value << ": " << result;
        if (c.stored) {
          EXPECT_EQ(result["body"][c.field], *c.stored) << c.field << "=" << c.value;
        }
        continue;
      }
      EXPECT_EQ(result["status"], c.status) << c.field << "=" << c.value << ": " << result;
      EXPECT_NE(std::find(result["fields"].begin(), result["fields"].end(), c.field),
                result["fields"].end())
          << c.field << "=" << c.value << " not named: " << result;
    }
    if (refused_only) {
      EXPECT_TRUE(PeopleIds(Admin()).empty()) << "a refused request stored a person";
    }
  }
};

TEST_F(PeopleFieldTest, PhoneAcceptsUsualMoroccanWritingsStoredAsE164) {
  Check({{"phone", "0612345678", 0, "+212612345678"},
         {"phone", "06 12 34 56 78", 0, "+212612345678"},
         {"phone", "06-12-34-56-78", 0, "+212612345678"},
         {"phone", "06.12.34.56.78", 0, "+212612345678"},
         {"phone", "+212612345678", 0, "+212612345678"},
         {"phone", "+212 6 12 34 56 78", 0, "+212612345678"},
         {"phone", "+212 (0)6 12 34 56 78", 0, "+212612345678"},
         {"phone", "00212612345678", 0, "+212612345678"},
         {"phone", "00 212 6 12 34 56 78", 0, "+212612345678"},
         {"phone", "0712345678", 0, "+212712345678"},
         {"phone", "0535 65 43 21", 0, "+212535654321"}},
        false);
}

TEST_F(PeopleFieldTest, PhoneRefusesWhatIsNotAMoroccanNumber) {
  Check({{"phone", "12345", 422},
         {"phone", "0612", 422},
         {"phone", "061234567890123", 422},
         {"phone", "+33612345678", 422},
         {"phone", "phone", 422},
         {"phone", std::string(100, '6'), 422}},
        true);
}

TEST_F(PeopleFieldTest, CinIsOneOrTwoLettersThenDigits) {
  Check({{"cin", "A123456", 0, "A123456"},
         {"cin", "ab654321", 0, "AB654321"},
         {"cin", " BE 777777 ", 0, "BE777777"},
         {"cin", "z9", 0, "Z9"},
         {"cin", "", 0, nullptr},  // an empty form field means "not given"
         {"cin", "   ", 0, nullptr}},
        false);
}

TEST_F(PeopleFieldTest, CinRefusesOtherShapes) {
  Check({{"cin", "123456", 422},
         {"cin", "ABC12345", 422},
         {"cin", "AB", 422},
         {"cin", "A-123456", 422},
         {"cin", "A12345B", 422},
         {"cin", "ب123456", 422}},
        true);
}

TEST_F(PeopleFieldTest, EmailRefusesMalformedAddresses) {
  Check({{"email", "fatima", 422},
         {"email", "fatima@", 422},
         {"email", "@example.ma", 422},
         {"email", "a@b", 422},
         {"email", "a@@example.ma", 422},
         {"email", "a b@example.ma", 422},
         {"email", "a@example..ma", 422},
         {"email", "<a@example.ma>", 422}},
        true);
}

TEST_F(PeopleFieldTest, BirthDateMustBeARealPastDate) {
  Check({{"birth_date", "1985-02-30", 422},
         {"birth_date", "1985-02-29", 422},
         {"birth_date", "1985-13-01", 422},
         {"birth_date", "1985-00-10", 422},
         {"birth_date", "85-02-01", 422},
         {"birth_date", "1985/02/01", 422},
         {"birth_date", "1985-2-1", 422},
         {"birth_date", "01-02-1985", 422},
         {"birth_date", "2999-01-01", 422},
         {"birth_date", "١٩٨٥-٠٢-٠١", 422}},
        true);
  Check({{"birth_date", "1984-02-29", 0, "1984-02-29"}, {"birth_date", "2000-02-29", 0}}, false);
}

TEST_F(PeopleFieldTest, GenderIsFOrM) {
  Check({{"gender", "x", 422}, {"gender", "F", 422}, {"gender", "female", 422}}, true);
  Check({{"gender", "m", 0, "m"}, {"gender", nullptr, 0, nullptr}, {"gender", "", 0, nullptr}},
        false);
}

TEST_F(PeopleFieldTest, TerritoryMustBeAKnownCommuneOrProvince) {
  Check({{"territory_code", "MA-NOPE", 422},
         {"territory_code", "MA-03", 422},  // a region
         {"territory_code", nullptr, 422},
         {"territory_code", "", 422}},
        true);
  Check({{"territory_code", "MA-SEF", 0, "MA-SEF"}, {"territory_code", "MA-FES", 0, "MA-FES"}},
        false);
}

TEST_F(PeopleFieldTest, NamesAreCheckedAndNormalized) {
  json neither = PersonJson("N1");
  neither.erase("name_ar");
  neither.erase("name_latin");
  const auto r = Post("/api/v1/people", Admin(), neither);
  EXPECT_TRUE(IsProblem(r, 422, "name_ar"));
  EXPECT_TRUE(IsProblem(r, 422, "name_latin"));
  Check({{"name_ar", "نص\u0007", 422},
         {"name_latin", "Fatima\uE000", 422},
         {"name_latin", std::string(201, 'a'), 422}},
        true);
  Check({{"name_latin", "  Fatima \t\n Zahra  ", 0, "Fatima Zahra"},
         {"name_latin", std::string(200, 'a'), 0}},
        false);
}

TEST_F(PeopleApiTest, ReportsEveryBadFieldInOneAnswer) {
  json body = PersonJson("123");
  body["phone"] = "12";
  body["email"] = "nope";
  body["birth_date"] = "1985-02-30";
  body["territory_code"] = "MA-NOPE";
  const auto r = Post("/api/v1/people", Admin(), body);
  ASSERT_TRUE(IsProblem(r, 422)) << r;
  const auto fields = ProblemFields(r);
  for (const char* f : {"cin", "phone", "email", "birth_date", "territory_code"}) {
    EXPECT_NE(std::find(fields.begin(), fields.end(), f), fields.end()) << f << ": " << r;
  }
}

TEST_F(PeopleApiTest, PatchChangesOnlyWhatItNames) {
  const json created = CreatePerson(Admin(), PersonJson("P100"));
  const auto r = Patch(PersonPath(created), Admin(), json{{"phone", "0661234567"}});
  ASSERT_EQ(r.status, 200) << r;
  json want = created;
  want["phone"] = "+212661234567";
  json got = r.Json();
  EXPECT_GE(got["updated_at"].get<std::string>(), created["updated_at"].get<std::string>());
  want["updated_at"] = got["updated_at"];
  EXPECT_EQ(got, want);
  EXPECT_EQ(Get(PersonPath(created), Admin()).Json(), got);

  // null clears; the id in the path is not a body field.
  const auto cleared = Patch(PersonPath(created), Admin(), json{{"email", nullptr}});
  ASSERT_EQ(cleared.status, 200) << cleared;
  EXPECT_TRUE(cleared.Json()["email"].is_null());
  EXPECT_EQ(cleared.Json()["cin"], "P100");

  const auto moved = Patch(PersonPath(created), Admin(), json{{"territory_code", kCommuneSef}});
  ASSERT_EQ(moved.status, 200) << moved;
  EXPECT_EQ(PeopleIds(Admin(), "territory=MA-SEF"),
            std::vector<int64_t>{created["id"].get<int64_t>()});
  EXPECT_TRUE(PeopleIds(Admin(), "territory=MA-MOU").empty());
}

TEST_F(PeopleApiTest, RefusedPatchChangesNothing) {
  const json created = CreatePerson(Admin(), PersonJson("P200"));
  const json before = Get(PersonPath(created), Admin()).Json();
  EXPECT_TRUE(IsProblem(Patch(PersonPath(created), Admin(), json{{"cin", "42"}}), 422, "cin"));
  EXPECT_TRUE(IsProblem(Patch(PersonPath(created), Admin(),
                              json{{"phone", "0661234567"}, {"birth_date", "1985-02-30"}}),
                        422, "birth_date"));
  EXPECT_TRUE(IsProblem(Patch(PersonPath(created), Admin(), json{{"id", 99}}), 400, "id"));
  EXPECT_TRUE(
      IsProblem(Patch(PersonPath(created), Admin(), json{{"phone", 612345678}}), 400, "phone"));
  EXPECT_TRUE(
      IsProblem(Patch(PersonPath(created), Admin(), std::string("{\"phone\":")), 400, "body"));
  EXPECT_TRUE(IsProblem(Patch(PersonPath(created), Admin(), json{{"territory_code", "MA-04"}}), 422,
                        "territory_code"));
  // Clearing both names would leave a nameless person.
  EXPECT_TRUE(IsProblem(
      Patch(PersonPath(created), Admin(), json{{"name_ar", nullptr}, {"name_latin", nullptr}}), 422,
      "name_ar"));
  EXPECT_EQ(Get(PersonPath(created), Admin()).Json(), before);
}

TEST_F(PeopleApiTest, DeleteRemovesThePerson) {
  const json kept = CreatePerson(Admin(), PersonJson("D1"));
  const json gone = CreatePerson(Admin(), PersonJson("D2"));
  const auto r = Delete(PersonPath(gone), Admin());
  EXPECT_EQ(r.status, 204) << r;
  EXPECT_TRUE(r.body.empty());
  EXPECT_TRUE(IsProblem(Get(PersonPath(gone), Admin()), 404));
  EXPECT_TRUE(IsProblem(Delete(PersonPath(gone), Admin()), 404));
  EXPECT_TRUE(IsProblem(Patch(PersonPath(gone), Admin(), json{{"phone", "0661234567"}}), 404));
  EXPECT_EQ(PeopleIds(Admin()), std::vector<int64_t>{kept["id"].get<int64_t>()});
  // Its CIN is free again.
  CreatePerson(Admin(), PersonJson("D2"));
}

TEST_F(PeopleApiTest, IdsThatCannotExistAre404) {
  const std::string id =
      std::to_string(CreatePerson(Admin(), PersonJson("AB1"))["id"].get<int64_t>());
  // Other writings of an existing id are not its name: one resource, one URL.
  for (const std::string& other :
       {"0" + id, "00" + id, "+" + id, id + "%20", "%20" + id, "%30" + id}) {
    EXPECT_TRUE(IsProblem(Get("/api/v1/people/" + other, Admin()), 404)) << other;
    EXPECT_TRUE(IsProblem(Delete("/api/v1/people/" + other, Admin()), 404)) << other;
  }
  EXPECT_EQ(Get("/api/v1/people/" + id, Admin()).status, 200);
  for (const char* never :
       {"0", "-1", "abc", "1.5", "99999999", "99999999999999999999999", "1e3", "%20", "0x10"}) {
    EXPECT_TRUE(IsProblem(Get(std::string("/api/v1/people/") + never, Admin()), 404)) << never;
    EXPECT_TRUE(IsProblem(Delete(std::string("/api/v1/people/") + never, Admin()), 404)) << never;
  }
}

TEST_F(PeopleApiTest, DuplicateCinIsAConflictNamingCin) {
  const json first = CreatePerson(Admin(), PersonJson("CD123456"));
  json again = PersonJson(" cd 123456 ");
  again["name_latin"] = "Someone Else";
  EXPECT_TRUE(IsProblem(Post("/api/v1/people", Admin(), again), 409, "cin"));

  const json other = CreatePerson(Admin(), PersonJson("EF123456"));
  EXPECT_TRUE(IsProblem(Patch(PersonPath(other), Admin(), json{{"cin", "cd123456"}}), 409, "cin"));
  EXPECT_EQ(Get(PersonPath(other), Admin()).Json()["cin"], "EF123456");
  EXPECT_EQ(PeopleIds(Admin()).size(), 2u);
}

// Where people live for the filter and search tests.
class PeopleListTest : public PeopleApiTest {
 protected:
  void SetUp() override {
    PeopleApiTest::SetUp();
    ain_a_ = Make("فاطمة الزهراء", "Fatima Zahra", kCommuneMou);
    ain_b_ = Make("مُحَمَّد العلوي", "Mohammed Alaoui", kCommuneMou);
    seb_ = Make("عائشة بناني", "Aïcha Bennani", kCommuneMou2);
    mou_ = Make(std::nullopt, "Karim 100% Idrissi", "MA-MOU");
    sef_ = Make("سعيد الفاسي", "Said Fassi", kCommuneSef);
    rab_ = Make("ليلى_الرباطي", std::nullopt, kCommuneRab);
  }

  int64_t Make(std::optional<std::string> ar, std::optional<std::string> latin,
               const std::string& territory) {
    json body = {{"territory_code", territory}};
    if (ar) body["name_ar"] = *ar;
    if (latin) body["name_latin"] = *latin;
    return CreatePerson(Admin(), body).value("id", int64_t{0});
  }

  std::set<int64_t> Ids(const std::string& query) {
    const auto ids = PeopleIds(Admin(), query);
    return {ids.begin(), ids.end()};
  }

  int64_t ain_a_ = 0, ain_b_ = 0, seb_ = 0, mou_ = 0, sef_ = 0, rab_ = 0;
};

TEST_F(PeopleListTest, TerritoryIncludesEverythingBelowIt) {
  EXPECT_EQ(Ids(""), (std::set<int64_t>{ain_a_, ain_b_, seb_, mou_, sef_, rab_}));
  EXPECT_EQ(Ids("territory=MA-03"), (std::set<int64_t>{ain_a_, ain_b_, seb_, mou_, sef_}));
  EXPECT_EQ(Ids("territory=MA-MOU"), (std::set<int64_t>{ain_a_, ain_b_, seb_, mou_}));
  EXPECT_EQ(Ids(std::string("territory=") + kCommuneMou), (std::set<int64_t>{ain_a_, ain_b_}));
  EXPECT_EQ(Ids(std::string("territory=") + kCommuneMou2), (std::set<int64_t>{seb_}));
  EXPECT_EQ(Ids("territory=MA-SEF"), (std::set<int64_t>{sef_}));
  EXPECT_EQ(Ids("territory=MA-04"), (std::set<int64_t>{rab_}));
  EXPECT_EQ(Ids("territory=MA-RAB"), (std::set<int64_t>{rab_}));
  EXPECT_TRUE(Ids("territory=MA-01").empty());
  EXPECT_TRUE(IsProblem(Get("/api/v1/people?territory=MA-NOPE", Admin()), 422, "territory"));
}

TEST_F(PeopleListTest, SearchMatchesEitherScriptFoldingCaseAndMarks) {
  EXPECT_EQ(Ids("q=" + PercentEncode("فاطمة")), (std::set<int64_t>{ain_a_}));
  EXPECT_EQ(Ids("q=fatima"), (std::set<int64_t>{ain_a_}));
  EXPECT_EQ(Ids("q=FATIMA"), (std::set<int64_t>{ain_a_}));
  EXPECT_EQ(Ids("q=aicha"), (std::set<int64_t>{seb_}));                       // ï folded
  EXPECT_EQ(Ids("q=" + PercentEncode("محمد")), (std::set<int64_t>{ain_b_}));  // harakat folded
  EXPECT_EQ(Ids("q=bennani"), (std::set<int64_t>{seb_}));
  EXPECT_EQ(Ids("q=" + PercentEncode("  fatima   zahra ")), (std::set<int64_t>{ain_a_}));
  EXPECT_EQ(Ids("q=" + PercentEncode("العلوي") + "&territory=MA-SEF"), std::set<int64_t>{});
  EXPECT_EQ(Ids("q=a&territory=" + std::string(kCommuneMou2)), (std::set<int64_t>{seb_}));
  // LIKE wildcards in q are literal text.
  EXPECT_EQ(Ids("q=" + PercentEncode("100%")), (std::set<int64_t>{mou_}));
  EXPECT_EQ(Ids("q=" + PercentEncode("%")), (std::set<int64_t>{mou_}));
  EXPECT_EQ(Ids("q=" + PercentEncode("_")), (std::set<int64_t>{rab_}));
  EXPECT_TRUE(Ids("q=nobody").empty());
  EXPECT_TRUE(IsProblem(Get("/api/v1/people?q=" + std::string(101, 'a'), Admin()), 422, "q"));
  EXPECT_TRUE(IsProblem(Get("/api/v1/people?q=%07", Admin()), 422, "q"));
}

TEST_F(PeopleListTest, RefusesBadListParameters) {
  EXPECT_TRUE(IsProblem(Get("/api/v1/people?limit=0", Admin()), 422, "limit"));
  EXPECT_TRUE(IsProblem(Get("/api/v1/people?limit=501", Admin()), 422, "limit"));
  EXPECT_TRUE(IsProblem(Get("/api/v1/people?limit=ten", Admin()), 422, "limit"));
  EXPECT_TRUE(IsProblem(Get("/api/v1/people?cursor=!!", Admin()), 422, "cursor"));
  EXPECT_TRUE(IsProblem(Get("/api/v1/people?cursor=AAAA", Admin()), 422, "cursor"));
  // Eight zero bytes and a key: id 0 is no cursor a page ever handed out.
  EXPECT_TRUE(IsProblem(Get("/api/v1/people?cursor=AAAAAAAAAAAA", Admin()), 422, "cursor"));
  const auto page = Get("/api/v1/people?limit=500", Admin());
  ASSERT_EQ(page.status, 200) << page;
  EXPECT_EQ(page.Json()["items"].size(), 6u);
  EXPECT_TRUE(page.Json()["next_cursor"].is_null());
}

// The display name lists sort by: the Arabic name, else the Latin one.
std::string DisplayName(const json& person) {
  return person["name_ar"].is_string() ? person["name_ar"].get<std::string>()
                                       : person["name_latin"].get<std::string>();
}

bool IsArabicScript(const std::string& utf8) {
  // Arabic letters are U+0600…U+06FF: lead bytes 0xD8…0xDB in UTF-8.
  return !utf8.empty() && static_cast<unsigned char>(utf8[0]) >= 0xD8 &&
         static_cast<unsigned char>(utf8[0]) <= 0xDB;
}

TEST_F(PeopleApiTest, PagesFollowArabicCollationWithoutDuplicatesOrGaps) {
  const std::vector<std::pair<const char*, const char*>> names = {
      {"يوسف بنعلي", nullptr},        {"أحمد الإدريسي", "Ahmed Idrissi"},
      {"إبراهيم الفاسي", nullptr},    {"آمنة الصقلي", nullptr},
      {"بشرى التازي", nullptr},       {"ثريا الوزاني", nullptr},
      {"جمال العمراني", nullptr},     {"حسن الكتاني", nullptr},
      {"خديجة بنجلون", nullptr},      {"دنيا الشرايبي", nullptr},
      {"رشيد المنصوري", nullptr},     {"زينب العلمي", nullptr},
      {"سعاد برادة", nullptr},        {"شيماء الغزاوي", nullptr},
      {"صلاح الدين الحسني", nullptr}, {"طارق اليعقوبي", nullptr},
      {"عبد الله الودغيري", nullptr}, {"غيثة بنكيران", nullptr},
      {"فاطمة الزهراء", nullptr},     {"محمد العلوي", nullptr},
      {"محمد العلوي", nullptr},       {"محمد العلوي", nullptr},
      {"مُحَمَّد العلوي", nullptr},       {nullptr, "Zineb Amrani"},
      {nullptr, "amine Berrada"},     {nullptr, "Omar El Fassi"},
      {nullptr, "Ève Benjelloun"},    {nullptr, "Bouchra Tazi"},
      {nullptr, "omar el fassi"},     {nullptr, "Yassine Kettani"},
  };
  std::vector<json> created;
  for (const auto& [ar, latin] : names) {
    json body = {{"territory_code", kCommuneMou}};
    if (ar != nullptr) body["name_ar"] = ar;
    if (latin != nullptr) body["name_latin"] = latin;
    created.push_back(CreatePerson(Admin(), body));
  }
  ASSERT_EQ(created.size(), 30u);

  // The expected order, computed with ICU's Arabic collator here, ties by id.
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Collator> arabic(icu::Collator::createInstance(icu::Locale("ar"), status));
  ASSERT_TRUE(U_SUCCESS(status));
  std::vector<json> want = created;
  std::sort(want.begin(), want.end(), [&](const json& a, const json& b) {
    UErrorCode s = U_ZERO_ERROR;
    const auto order = arabic->compareUTF8(DisplayName(a), DisplayName(b), s);
    if (order != UCOL_EQUAL) return order == UCOL_LESS;
    return a["id"].get<int64_t>() < b["id"].get<int64_t>();
  });

  std::vector<json> walked;
  std::string cursor;
  std::vector<size_t> page_sizes;
  for (int page = 0; page < 10; ++page) {
    std::string target = "/api/v1/people?limit=7";
    if (!cursor.empty()) target += "&cursor=" + cursor;
    const auto r = Get(target, SecretaryMou());
    ASSERT_EQ(r.status, 200) << r;
    const json body = r.Json();
    page_sizes.push_back(body["items"].size());
    for (const auto& item : body["items"]) walked.push_back(item);
    if (page == 1) {
      // Someone is added while a client pages: one sorting before the
      // cursor must not shift later pages, one sorting last must appear.
      CreatePerson(Admin(), {{"name_ar", "آدم آيت"}, {"territory_code", kCommuneMou}});
      want.push_back(CreatePerson(
          Admin(), {{"name_latin", "Zouhair Zniber"}, {"territory_code", kCommuneMou}}));
    }
    if (body["next_cursor"].is_null()) break;
    cursor = body["next_cursor"].get<std::string>();
  }
  EXPECT_EQ(page_sizes, (std::vector<size_t>{7, 7, 7, 7, 3}));
  ASSERT_EQ(walked.size(), want.size());
  std::set<int64_t> seen;
  for (size_t i = 0; i < walked.size(); ++i) {
    EXPECT_TRUE(seen.insert(walked[i]["id"].get<int64_t>()).second) << "duplicate at " << i;
    EXPECT_EQ(walked[i]["id"], want[i]["id"])
        << "position " << i << ": got " << DisplayName(walked[i]) << ", want "
        << DisplayName(want[i]);
  }
  // Arabic-script names come before Latin-only ones.
  size_t last_arabic = 0;
  size_t first_latin = walked.size();
  for (size_t i = 0; i < walked.size(); ++i) {
    if (IsArabicScript(DisplayName(walked[i]))) last_arabic = i;
    if (walked[i]["name_ar"].is_null()) first_latin = std::min(first_latin, i);
  }
  EXPECT_LT(last_arabic, first_latin);
  EXPECT_EQ(first_latin, 23u);
}

TEST_F(PeopleApiTest, PagingWithAFilterStaysInsideIt) {
  for (int i = 0; i < 12; ++i) {
    CreatePerson(Admin(), {{"name_latin", "Filtered " + std::to_string(i)},
                           {"territory_code", i % 2 == 0 ? kCommuneMou : kCommuneSef}});
  }
  const auto mou = ListAll("/api/v1/people", Admin(), "territory=MA-MOU&q=filtered", 4);
  ASSERT_EQ(mou.size(), 6u);
  for (const auto& p : mou) EXPECT_EQ(p["territory_code"], kCommuneMou) << p;
  // A cursor from one filter does not leak rows of another.
  const auto first = Get("/api/v1/people?limit=2&territory=MA-SEF", Admin()).Json();
  const auto next = Get("/api/v1/people?limit=500&territory=MA-SEF&cursor=" +
                            first["next_cursor"].get<std::string>(),
                        Admin())
                        .Json();
  EXPECT_EQ(next["items"].size(), 4u);
  for (const auto& p : next["items"]) EXPECT_EQ(p["territory_code"], kCommuneSef) << p;
}

}  // namespace
}  // namespace tanzim::web::testing
