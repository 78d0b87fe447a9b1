#include "connectors/files/file_source.h"

#include <gtest/gtest.h>

#include "connectors/files/file_source_fixture.h"

namespace sqlflow::test {
namespace {

using CsvOptionsTest = FileSourceTest;

TEST_F(CsvOptionsTest, WritesOneReaderCallWithQuotedOptions) {
  Write("data/orders.csv", "id;qty\n1;2\n");
  FileRelation rel = MustPlan("CSV", R"({"path": "data/orders.csv", "has_header": true,
      "delimiter": ";", "columns": {"id": "INTEGER", "qty": "INTEGER"}, "sync_mode": "full_refresh"})");
  EXPECT_EQ(rel.sql, "read_csv(['" + root() +
                         "/data/orders.csv'], header = true, delim = ';', columns = {'id': "
                         "'INTEGER', 'qty': 'INTEGER'})");
  EXPECT_EQ(rel.files, Lines{root() + "/data/orders.csv"});
  EXPECT_EQ(rel.connector_type, "CSV");
  EXPECT_FALSE(rel.ignore_errors);
  EXPECT_EQ(Query(rel, "SELECT qty + 1 FROM " + rel.sql).value(), Lines{"3"});
}

TEST_F(CsvOptionsTest, HeaderOnAndOff) {
  Write("a.csv", "x,y\n1,2\n");
  EXPECT_EQ(Rows("CSV", R"({"path": "a.csv", "has_header": true})"), Lines{"1|2"});
  EXPECT_EQ(Rows("CSV", R"({"path": "a.csv", "header": false})"), (Lines{"x|y", "1|2"}));
  FileRelation rel = MustPlan("CSV", R"({"path": "a.csv", "header": false})");
  EXPECT_EQ(Query(rel, "SELECT column1 FROM " + rel.sql).value(), (Lines{"y", "2"}));
}

TEST_F(CsvOptionsTest, DelimiterAndItsAliases) {
  Write("a.csv", "x|y\n1|2\n");
  EXPECT_EQ(Rows("CSV", R"({"path": "a.csv", "delimiter": "|"})"), Lines{"1|2"});
  EXPECT_EQ(Rows("CSV", R"({"path": "a.csv", "delim": "|"})"), Lines{"1|2"});
  EXPECT_EQ(Rows("CSV", R"({"path": "a.csv", "sep": "|"})"), Lines{"1|2"});
}

TEST_F(CsvOptionsTest, QuoteAndEscape) {
  Write("q.csv", "id,name\n1,'a,b'\n");
  EXPECT_EQ(Rows("CSV", R"({"path": "q.csv", "quote": "'"})"), Lines{"1|a,b"});
  Write("e.csv", "id,name\n1,\"say \\\"hi\\\"\"\n");
  EXPECT_EQ(Rows("CSV", R"({"path": "e.csv", "quote": "\"", "escape": "\\"})"),
            Lines{"1|say \"hi\""});
}

TEST_F(CsvOptionsTest, NullString) {
  Write("n.csv", "id,name\n1,NA\n2,b\n");
  EXPECT_EQ(Rows("CSV", R"({"path": "n.csv", "null_string": "NA"})"), (Lines{"1|NULL", "2|b"}));
  EXPECT_EQ(Rows("CSV", R"({"path": "n.csv", "nullstr": "b"})"), (Lines{"1|NA", "2|NULL"}));
}

TEST_F(CsvOptionsTest, Latin1Encoding) {
  Write("l.csv", "id,name\n1,caf\xe9\n");
  EXPECT_EQ(Rows("CSV", R"({"path": "l.csv", "encoding": "LATIN-1"})"), Lines{"1|café"});
}

TEST_F(CsvOptionsTest, UnsupportedEncodingIsRefusedWhenPlanning) {
  Write("l.csv", "id\n1\n");
  auto rel = Plan("CSV", R"({"path": "l.csv", "encoding": "ebcdic"})");
  ASSERT_FALSE(rel.ok());
  EXPECT_EQ(rel.status().message(),
            "pipelines/shop.sf:3: SOURCE orders: encoding 'ebcdic' is not supported; use utf-8, "
            "utf-16 or latin-1");
}

TEST_F(CsvOptionsTest, ExplicitColumnTypesInTheUsersOrder) {
  Write("t.csv", "zeta,alpha\n7,1.50\n");
  FileRelation rel = MustPlan(
      "CSV",
      R"j({"path": "t.csv", "header": true, "columns": {"zeta": "VARCHAR", "alpha": "DECIMAL(10,2)"}})j");
  EXPECT_EQ(Query(rel, "SELECT typeof(zeta), typeof(alpha), alpha FROM " + rel.sql).value(),
            Lines{"VARCHAR|DECIMAL(10,2)|1.50"});
}

TEST_F(CsvOptionsTest, DateAndTimestampFormats) {
  Write("d.csv", "d,ts\n02/03/2024,02/03/2024 10:30\n");
  FileRelation rel = MustPlan("CSV", R"({"path": "d.csv", "date_format": "%d/%m/%Y",
      "timestamp_format": "%d/%m/%Y %H:%M", "columns": {"d": "DATE", "ts": "TIMESTAMP"},
      "header": true})");
  EXPECT_EQ(ReadAll(rel).value(), Lines{"2024-03-02|2024-03-02 10:30:00"});
  EXPECT_EQ(Rows("CSV", R"({"path": "d.csv", "dateformat": "%d/%m/%Y",
      "timestampformat": "%d/%m/%Y %H:%M"})"),
            Lines{"2024-03-02|2024-03-02 10:30:00"});
}

TEST_F(CsvOptionsTest, SkipLinesAtTheTop) {
  Write("s.csv", "exported by tool\n\nid,qty\n1,2\n");
  EXPECT_EQ(Rows("CSV", R"({"path": "s.csv", "skip": 2, "header": true})"), Lines{"1|2"});
}

TEST_F(CsvOptionsTest, ParamOfTheWrongTypeIsRefused) {
  Write("a.csv", "x\n1\n");
  EXPECT_EQ(Plan("CSV", R"({"path": "a.csv", "skip": -1})").status().message(),
            std::string(kLabel) + ": \"skip\" must be a whole number, 0 or more");
  EXPECT_EQ(Plan("CSV", R"({"path": "a.csv", "header": "yes"})").status().message(),
            std::string(kLabel) + ": \"has_header\" must be true or false");
  EXPECT_EQ(Plan("CSV", R"({"path": "a.csv", "columns": {"x": 1}})").status().message(),
            std::string(kLabel) + ": \"columns\" must be an object {\"name\": \"TYPE\"}");
  EXPECT_EQ(Plan("XML", R"({"path": "a.csv"})").status().message(),
            std::string(kLabel) + ": 'XML' is not a file source type");
}

using FilePathsTest = FileSourceTest;

TEST_F(FilePathsTest, GlobReadsEveryMatchingFileInOrder) {
  Write("data/b.csv", "id\n2\n");
  Write("data/a.csv", "id\n1\n");
  Write("data/c.csv", "id\n3\n");
  Write("data/notes.txt", "not a csv\n");
  FileRelation rel = MustPlan("CSV", R"({"path": "data/*.csv"})");
  EXPECT_EQ(rel.files,
            (Lines{root() + "/data/a.csv", root() + "/data/b.csv", root() + "/data/c.csv"}));
  EXPECT_EQ(Query(rel, "SELECT sum(id) FROM " + rel.sql).value(), Lines{"6"});
  EXPECT_EQ(MustPlan("CSV", R"({"path": "data/[ab].csv"})").files.size(), 2u);
  EXPECT_EQ(MustPlan("CSV", R"({"path": "data/?.csv"})").files.size(), 3u);
}

TEST_F(FilePathsTest, RecursiveGlob) {
  Write("data/2024/01/a.csv", "id\n1\n");
  Write("data/2024/02/b.csv", "id\n2\n");
  FileRelation rel = MustPlan("CSV", R"({"path": "data/**/*.csv"})");
  EXPECT_EQ(rel.files, (Lines{root() + "/data/2024/01/a.csv", root() + "/data/2024/02/b.csv"}));
  EXPECT_EQ(Query(rel, "SELECT sum(id) FROM " + rel.sql).value(), Lines{"3"});
}

TEST_F(FilePathsTest, AbsolutePathIsKept) {
  Write("elsewhere/x.csv", "id\n5\n");
  FileSourceRequest request{"CSV", R"({"path": ")" + root() + R"(/elsewhere/x.csv"})",
                            "/nonexistent/project", kLabel};
  auto rel = PlanFileSource(request, fs_);
  ASSERT_TRUE(rel.ok()) << rel.status().ToString();
  EXPECT_EQ(rel->files, Lines{root() + "/elsewhere/x.csv"});
  EXPECT_EQ(ReadAll(*rel).value(), Lines{"5"});
}

TEST_F(FilePathsTest, RelativePathWithDotsIsNormalised) {
  Write("data/x.csv", "id\n5\n");
  EXPECT_EQ(MustPlan("CSV", R"({"path": "./data/../data/x.csv"})").files,
            Lines{root() + "/data/x.csv"});
}

TEST_F(FilePathsTest, MissingFileSuggestsTheClosestName) {
  Write("data/orders.csv", "id\n1\n");
  auto rel = Plan("CSV", R"({"path": "data/ordrs.csv"})");
  ASSERT_FALSE(rel.ok());
  EXPECT_EQ(rel.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(rel.status().message(),
            "pipelines/shop.sf:3: SOURCE orders: no file matches "
            "'data/ordrs.csv' (looked in " +
                root() + "/data); did you mean 'data/orders.csv'?");
}

TEST_F(FilePathsTest, MissingFileWithNothingClose) {
  Write("data/customers.csv", "id\n1\n");
  EXPECT_EQ(Plan("CSV", R"({"path": "data/x.csv"})").status().message(),
            std::string(kLabel) + ": no file matches 'data/x.csv' (looked in " + root() + "/data)");
}

TEST_F(FilePathsTest, MissingFolderAndEmptyGlob) {
  Write("data/a.csv", "id\n1\n");
  EXPECT_EQ(Plan("CSV", R"({"path": "dta/a.csv"})").status().message(),
            std::string(kLabel) + ": no file matches 'dta/a.csv' (folder " + root() +
                "/dta does not exist)");
  EXPECT_EQ(Plan("CSV", R"({"path": "data/*.tsv"})").status().message(),
            std::string(kLabel) + ": no file matches 'data/*.tsv' (looked in " + root() + "/data)");
  EXPECT_EQ(Plan("CSV", R"({"path": "nowhere/**/*.csv"})").status().message(),
            std::string(kLabel) + ": no file matches 'nowhere/**/*.csv' (folder " + root() +
                "/nowhere does not exist)");
}

TEST_F(FilePathsTest, FolderOrUrlIsNotAPath) {
  Write("data/a.csv", "id\n1\n");
  EXPECT_EQ(Plan("CSV", R"({"path": "data"})").status().message(),
            std::string(kLabel) + ": 'data' is a folder; name a file or a glob such as 'data/*'");
  EXPECT_EQ(
      Plan("CSV", R"({"path": "s3://bucket/a.csv"})").status().message(),
      std::string(kLabel) + ": \"path\" must be a local file or glob, not 's3://bucket/a.csv'");
}

TEST_F(FilePathsTest, QuotesAndSpacesInPathsAndNames) {
  Write("my data/o'brien \"orders\".csv", "it's,b c\n1,2\n");
  FileRelation rel = MustPlan("CSV", R"({"path": "my data/o'brien \"orders\".csv", "header": true,
                 "columns": {"it's": "INTEGER", "b c": "VARCHAR"}})");
  EXPECT_NE(rel.sql.find("o''brien \"orders\".csv"), std::string::npos) << rel.sql;
  EXPECT_EQ(Query(rel, "SELECT \"it's\", \"b c\" FROM " + rel.sql).value(), Lines{"1|2"});
}

using ParquetSourceTest = FileSourceTest;

TEST_F(ParquetSourceTest, ReadsAllColumnsOrAProjection) {
  ASSERT_TRUE(conn_
                  ->Execute("COPY (SELECT 1 AS id, 'x' AS name, 2.5 AS price) TO '" + root() +
                            "/p.parquet' (FORMAT parquet)")
                  .ok());
  EXPECT_EQ(Rows("PARQUET", R"({"path": "p.parquet"})"), Lines{"1|x|2.5"});
  FileRelation rel = MustPlan("PARQUET", R"({"path": "p.parquet", "columns": ["price", "id"]})");
  EXPECT_EQ(rel.sql, "(SELECT \"price\", \"id\" FROM read_parquet(['" + root() + "/p.parquet']))");
  EXPECT_EQ(ReadAll(rel).value(), Lines{"2.5|1"});
}

using JsonSourceTest = FileSourceTest;

TEST_F(JsonSourceTest, ArrayAndNewlineDelimited) {
  Write("a.json", R"([{"id": 1, "name": "x"}, {"id": 2, "name": "y"}])");
  Write("n.json", "{\"id\": 1, \"name\": \"x\"}\n{\"id\": 2, \"name\": \"y\"}\n");
  EXPECT_EQ(Rows("JSON", R"({"path": "a.json", "format": "array"})"), (Lines{"1|x", "2|y"}));
  EXPECT_EQ(Rows("JSON", R"({"path": "a.json"})"), (Lines{"1|x", "2|y"}));
  EXPECT_EQ(Rows("JSON", R"({"path": "n.json", "format": "newline_delimited"})"),
            (Lines{"1|x", "2|y"}));
  FileRelation nd = MustPlan("NDJSON", R"({"path": "n.json"})");
  EXPECT_EQ(nd.connector_type, "JSON");
  EXPECT_NE(nd.sql.find("format = 'newline_delimited'"), std::string::npos);
  EXPECT_EQ(ReadAll(nd).value(), (Lines{"1|x", "2|y"}));
}

TEST_F(JsonSourceTest, ExplicitColumns) {
  Write("n.json", "{\"id\": 1, \"name\": \"x\", \"extra\": true}\n");
  FileRelation rel =
      MustPlan("JSON", R"({"path": "n.json", "columns": {"name": "VARCHAR", "id": "BIGINT"}})");
  EXPECT_EQ(Query(rel, "SELECT *, typeof(id) FROM " + rel.sql).value(), Lines{"x|1|BIGINT"});
}

}  // namespace
}  // namespace sqlflow::test
