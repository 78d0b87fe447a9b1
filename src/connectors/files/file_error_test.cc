#include "connectors/files/file_error.h"

#include <gtest/gtest.h>

#include "connectors/files/file_source_fixture.h"
#include "connectors/files/rejected_rows.h"

namespace sqlflow::test {
namespace {

using FileErrorTest = FileSourceTest;

const std::string kPrefix = std::string(kLabel) + ": ";

// A CSV "id,qty" of `rows` good rows with `bad_line` put in at data line `at`.
std::string BigCsv(int rows, int at, const std::string& bad_line) {
  std::string out = "id,qty\n";
  for (int i = 0; i < rows; ++i) {
    out += i == at ? bad_line + "\n" : std::to_string(i) + "," + std::to_string(i * 2) + "\n";
  }
  return out;
}

TEST_F(FileErrorTest, ValueThatDoesNotConvertToADeclaredType) {
  Write("data/orders.csv", "id,qty,name\n1,2,a\n2,3,b\n3,abc,c\n");
  EXPECT_EQ(ReadError("CSV", R"({"path": "data/orders.csv", "header": true,
                "columns": {"id": "INTEGER", "qty": "INTEGER", "name": "VARCHAR"}})"),
            kPrefix +
                "data/orders.csv line 4, column 'qty': could not convert 'abc' to INTEGER; fix "
                "the file, set \"columns\" to read it as VARCHAR, or \"ignore_errors\": true");
}

TEST_F(FileErrorTest, DateThatDoesNotMatchTheFormat) {
  Write("d.csv", "id,d\n1,2024-01-02\n2,02/03/2024\n");
  EXPECT_EQ(ReadError("CSV", R"({"path": "d.csv", "header": true, "date_format": "%Y-%m-%d",
                "columns": {"id": "INTEGER", "d": "DATE"}})"),
            kPrefix +
                "d.csv line 3, column 'd': could not convert '02/03/2024' to DATE; fix the "
                "file, set \"columns\" to read it as VARCHAR, or \"ignore_errors\": true");
}

TEST_F(FileErrorTest, ValueThatDoesNotFitTheDetectedTypeNamesTheRightFile) {
  Write("data/a.csv", "id,qty\n1,2\n");
  Write("data/b.csv", BigCsv(30000, 25000, "25000,xyz"));
  EXPECT_EQ(ReadError("CSV", R"({"path": "data/*.csv"})"),
            kPrefix +
                "data/b.csv line 25002, column 'qty': could not convert 'xyz' to BIGINT; "
                "fix the file, set \"columns\" to read it as VARCHAR, or \"ignore_errors\": "
                "true");
}

TEST_F(FileErrorTest, RowWithTooManyColumns) {
  Write("w.csv", BigCsv(30000, 25000, "25000,3,4"));
  EXPECT_EQ(ReadError("CSV", R"({"path": "w.csv"})"),
            kPrefix +
                "w.csv line 25002: expected 2 columns, found 3; fix the file or set "
                "\"ignore_errors\": true");
}

TEST_F(FileErrorTest, TextThatIsNotUtf8) {
  Write("u.csv", "id,name\n1,a\n2,\xff\xfe\n");
  EXPECT_EQ(ReadError("CSV", R"({"path": "u.csv"})"),
            kPrefix +
                "u.csv line 3: not valid utf-8 text; set \"encoding\" (utf-8, utf-16 or "
                "latin-1) or \"ignore_errors\": true");
}

TEST_F(FileErrorTest, ColumnsThatDoNotMatchTheFile) {
  Write("c.csv", "id,qty,name\n1,2,a\n");
  EXPECT_EQ(
      ReadError("CSV", R"({"path": "c.csv", "columns": {"id": "INTEGER", "qty": "INTEGER"}})"),
      kPrefix +
          "c.csv: \"columns\" names 2 columns but the file has 3; list every column "
          "of the file in order");
}

TEST_F(FileErrorTest, UnknownColumnType) {
  Write("c.csv", "id\n1\n");
  EXPECT_EQ(ReadError("CSV", R"({"path": "c.csv", "columns": {"id": "INTEGR"}})"),
            kPrefix +
                "unknown column type 'INTEGR' in \"columns\"; use a DuckDB type such as "
                "INTEGER, BIGINT, DOUBLE, VARCHAR, DATE or TIMESTAMP");
}

TEST_F(FileErrorTest, FileRemovedAfterPlanning) {
  Write("gone.csv", "id\n1\n");
  FileRelation rel = MustPlan("CSV", R"({"path": "gone.csv"})");
  std::remove((root() + "/gone.csv").c_str());
  EXPECT_EQ(ReadAll(rel).status().message(), kPrefix + "no file matches 'gone.csv'");
  EXPECT_EQ(ReadAll(rel).status().code(), StatusCode::kNotFound);
}

TEST_F(FileErrorTest, ParquetProblems) {
  ASSERT_TRUE(conn_
                  ->Execute("COPY (SELECT 1 AS id, 'x' AS name) TO '" + root() +
                            "/p.parquet' (FORMAT parquet)")
                  .ok());
  EXPECT_EQ(ReadError("PARQUET", R"({"path": "p.parquet", "columns": ["id", "nme"]})"),
            kPrefix + "no column 'nme' in p.parquet; did you mean 'name'?");
  Write("fake.parquet", "not parquet at all");
  EXPECT_EQ(ReadError("PARQUET", R"({"path": "fake.parquet"})"),
            kPrefix + "fake.parquet is not a Parquet file");
}

TEST_F(FileErrorTest, JsonProblems) {
  Write("bad.json", "{\"a\": 1}\n{\"a\": 2\n");
  EXPECT_EQ(ReadError("JSON", R"({"path": "bad.json", "format": "newline_delimited"})"),
            kPrefix + "bad.json line 3: malformed JSON: unexpected end of data");
  Write("typed.json", "{\"a\": 1}\n{\"a\": \"zz\"}\n");
  EXPECT_EQ(ReadError("JSON", R"({"path": "typed.json", "columns": {"a": "INTEGER"}})"),
            kPrefix +
                "typed.json line 2: Failed to cast value to numerical: \"zz\"; fix the file "
                "or change the type in \"columns\"");
}

TEST_F(FileErrorTest, UnrecognisedErrorKeepsDuckDbsFirstLine) {
  FileRelation rel;
  Status st = ExplainFileError(Status::EngineError("Out of Memory Error: could not allocate\nmore"),
                               rel, kLabel);
  EXPECT_EQ(st.message(), kPrefix + "could not allocate");
  EXPECT_EQ(st.code(), StatusCode::kEngineError);
}

using RejectedRowsTest = FileSourceTest;

TEST_F(RejectedRowsTest, IgnoreErrorsSkipsAndCountsBadRows) {
  Write("data/a.csv", "id,qty\n1,2\nx,y\n3,4\n");
  Write("data/b.csv", "id,qty\n5,6\n7,8,9\n10,z\n");
  FileRelation rel = MustPlan("CSV", R"({"path": "data/*.csv", "header": true,
      "columns": {"id": "INTEGER", "qty": "INTEGER"}, "ignore_errors": true})");
  EXPECT_TRUE(rel.ignore_errors);
  EXPECT_EQ(rel.rejects_table.rfind("sqlflow_rejects_", 0), 0u) << rel.rejects_table;
  EXPECT_NE(rel.sql.find("store_rejects = true"), std::string::npos) << rel.sql;
  EXPECT_EQ(Query(rel, "SELECT * FROM " + rel.sql + " ORDER BY id").value(),
            (Lines{"1|2", "3|4", "5|6"}));
  auto rejected = TakeRejectedRows(*conn_, rel);
  ASSERT_TRUE(rejected.ok()) << rejected.status().ToString();
  EXPECT_EQ(rejected->count, 3);
  EXPECT_EQ(rejected->examples,
            (Lines{"data/a.csv line 3, column 'id': could not convert 'x' to INTEGER",
                   "data/b.csv line 3: expected 2 columns, found 3",
                   "data/b.csv line 4, column 'qty': could not convert 'z' to INTEGER"}));
}

TEST_F(RejectedRowsTest, CountIsZeroWithoutBadRowsOrWithoutIgnoreErrors) {
  Write("ok.csv", "id\n1\n");
  FileRelation rel = MustPlan("CSV", R"({"path": "ok.csv", "ignore_errors": true})");
  auto before = TakeRejectedRows(*conn_, rel);
  EXPECT_EQ(before.status().code(), StatusCode::kInternal);
  ASSERT_TRUE(ReadAll(rel).ok());
  EXPECT_EQ(TakeRejectedRows(*conn_, rel)->count, 0);
  FileRelation strict = MustPlan("CSV", R"({"path": "ok.csv"})");
  EXPECT_EQ(TakeRejectedRows(*conn_, strict)->count, 0);
}

TEST_F(RejectedRowsTest, EachReadIsCountedOnce) {
  Write("a.csv", "id\n1\nx\n");
  FileRelation rel = MustPlan("CSV", R"({"path": "a.csv", "ignore_errors": true,
      "header": true, "columns": {"id": "INTEGER"}})");
  ASSERT_TRUE(ReadAll(rel).ok());
  ASSERT_TRUE(ReadAll(rel).ok());
  EXPECT_EQ(TakeRejectedRows(*conn_, rel)->count, 2);
  ASSERT_TRUE(conn_->Begin().ok());
  ASSERT_TRUE(ReadAll(rel).ok());
  EXPECT_EQ(TakeRejectedRows(*conn_, rel)->count, 1);
  ASSERT_TRUE(conn_->Commit().ok());
  EXPECT_EQ(TakeRejectedRows(*conn_, rel).status().code(), StatusCode::kInternal);
}

}  // namespace
}  // namespace sqlflow::test
