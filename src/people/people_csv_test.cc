#include "people/people_csv.h"

#include <gtest/gtest.h>

namespace tanzim::people {
namespace {

std::vector<FieldError> Problems(std::string_view csv) {
  auto read = ReadPeopleCsv(csv, "people.csv");
  EXPECT_FALSE(read.ok());
  return read.ok() ? std::vector<FieldError>{} : read.error().fields();
}

TEST(PeopleCsvTest, ReadsTheColumnsTheHeaderNamesInAnyOrder) {
  auto read = ReadPeopleCsv(
      "\xEF\xBB\xBF"  // a spreadsheet's byte-order mark
      "territory_code,name_latin,name_ar,phone,cin,email,gender,birth_date\r\n"
      "MA-FES-C01,Amina,أمينة,0612345678,AB123456,amina@example.ma,f,1990-05-01\r\n"
      "\r\n"
      "MA-MEK,\"Badr, \"\"le jeune\"\"\",,,,,,\r\n",
      "adherents.csv");
  ASSERT_TRUE(read.ok()) << read.error().message_key();
  ASSERT_EQ(read->drafts.size(), 2u);
  const PersonDraft& amina = read->drafts[0];
  EXPECT_EQ(amina.territory_code, Patch<std::string>("MA-FES-C01"));
  EXPECT_EQ(amina.name_ar, Patch<std::string>("أمينة"));
  EXPECT_EQ(amina.name_latin, Patch<std::string>("Amina"));
  EXPECT_EQ(amina.phone, Patch<std::string>("0612345678"));
  EXPECT_EQ(amina.cin, Patch<std::string>("AB123456"));
  EXPECT_EQ(amina.email, Patch<std::string>("amina@example.ma"));
  EXPECT_EQ(amina.gender, Patch<std::string>("f"));
  EXPECT_EQ(amina.birth_date, Patch<std::string>("1990-05-01"));
  // An empty field is not given: the person simply has no such detail.
  const PersonDraft& badr = read->drafts[1];
  EXPECT_EQ(badr.name_latin, Patch<std::string>("Badr, \"le jeune\""));
  EXPECT_FALSE(badr.name_ar.has_value());
  EXPECT_FALSE(badr.cin.has_value());
  EXPECT_FALSE(badr.birth_date.has_value());

  EXPECT_EQ(read->source.file, "adherents.csv");
  EXPECT_EQ(read->source.lines, (std::vector<size_t>{2, 4}));
  EXPECT_EQ(read->source.sha256.size(), 64u);
}

TEST(PeopleCsvTest, TheDigestIsTheFilesSha256) {
  // What `printf 'name_ar,territory_code\n' | sha256sum` prints.
  auto read = ReadPeopleCsv("name_ar,territory_code\n", "empty.csv");
  ASSERT_TRUE(read.ok());
  EXPECT_TRUE(read->drafts.empty());
  EXPECT_EQ(read->source.sha256,
            "43a85c7a648269259df8ff7f2218306c393d57b3c92c6fc366b9336536fc552b");
}

TEST(PeopleCsvTest, AColumnlessOrUnknownHeaderIsRefused) {
  const std::vector<FieldError> header{{"line 1", "field.people_columns_invalid"}};
  EXPECT_EQ(Problems(""), header);
  EXPECT_EQ(Problems("name_ar,territory_code,nickname\n"), header);      // unknown column
  EXPECT_EQ(Problems("name_ar,territory_code,name_ar\n"), header);       // twice
  EXPECT_EQ(Problems("name_ar,cin\nأمينة,AB123456\n"), header);          // no territory
  EXPECT_EQ(Problems("territory_code,cin\nMA-FES,AB123456\n"), header);  // no name
  EXPECT_EQ(Problems("Name_AR,territory_code\n"), header);               // names are exact
}

TEST(PeopleCsvTest, NamesEveryLineWhoseFieldsDoNotMatchTheHeader) {
  EXPECT_EQ(
      Problems("name_ar,territory_code\n"
               "أمينة,MA-FES\n"
               "بدر\n"
               "\"جمال\n(على سطرين)\",MA-FES\n"
               "دعاء,MA-FES,زيادة\n"),
      (std::vector<FieldError>{{"line 3", "field.row_length"}, {"line 6", "field.row_length"}}));
}

TEST(PeopleCsvTest, MalformedCsvNamesTheLineItStarts) {
  EXPECT_EQ(Problems("name_ar,territory_code\n"
                     "أمينة,MA-FES\n"
                     "\"بدر,MA-FES\n"
                     "جمال,MA-FES\n"),
            (std::vector<FieldError>{{"line 3", "field.invalid_csv"}}));
}

}  // namespace
}  // namespace tanzim::people
