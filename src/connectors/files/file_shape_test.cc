#include "connectors/files/file_shape.h"

#include <gtest/gtest.h>

#include "connectors/files/file_source_fixture.h"

namespace sqlflow::test {
namespace {

class FileShapeTest : public FileSourceTest {
 protected:
  // The error of planning and describing `params_json` as `type` ("" when both succeed).
  std::string DescribeError(const std::string& type, const std::string& params_json) {
    Result<FileRelation> rel = Plan(type, params_json);
    if (!rel.ok()) return rel.status().message();
    Result<std::vector<ColumnInfo>> columns = DescribeFileRelation(*conn_, *rel);
    return columns.ok() ? "" : columns.status().message();
  }
  std::vector<std::string> ColumnNames(const std::string& type, const std::string& params_json) {
    FileRelation rel = MustPlan(type, params_json);
    Result<std::vector<ColumnInfo>> columns = DescribeFileRelation(*conn_, rel);
    EXPECT_TRUE(columns.ok()) << columns.status().ToString();
    std::vector<std::string> out;
    if (columns.ok()) {
      for (const ColumnInfo& c : *columns) out.push_back(c.name + " " + c.type);
    }
    return out;
  }
};

// DuckDB's sniffer reads a file whose rows have different numbers of fields as one VARCHAR
// column named "a,b,c"; the check names the first row that does not fit instead.
TEST_F(FileShapeTest, RaggedCsvRowsAreAnErrorWithTheLine) {
  Write("data/r.csv", "a,b,c\n1,2\n4,5,6,7\n");
  EXPECT_EQ(DescribeError("CSV", R"({"path": "data/r.csv"})"),
            std::string(kLabel) +
                ": data/r.csv line 2: expected 3 columns, found 2; fix the file or set "
                "\"ignore_errors\": true");
  // Left alone, DuckDB's sniffer read this as one row of "4,5,6,7", skipping two lines.
  Write("data/skipped.csv", "a,b,c\n1,2\n4,5,6,7\n8,9,10,11\n");
  EXPECT_EQ(DescribeError("CSV", R"({"path": "data/skipped.csv"})"),
            std::string(kLabel) +
                ": data/skipped.csv line 2: expected 3 columns, found 2; fix the file or set "
                "\"ignore_errors\": true");
  Write("data/most.csv", "a,b,c\n1,2,3\n4,5\n6,7,8\n");
  EXPECT_EQ(DescribeError("CSV", R"({"path": "data/most.csv"})"),
            std::string(kLabel) +
                ": data/most.csv line 3: expected 3 columns, found 2; fix the file or set "
                "\"ignore_errors\": true");
  Write("data/semi.csv", "a;b\n1\n2;3\n");
  EXPECT_EQ(DescribeError("CSV", R"({"path": "data/semi.csv"})"),
            std::string(kLabel) +
                ": data/semi.csv line 2: expected 2 columns, found 1; fix the file or set "
                "\"ignore_errors\": true");
}

TEST_F(FileShapeTest, RaggedRowsSkippedByIgnoreErrorsStillNeverCollapseSilently) {
  Write("data/r.csv", "a,b,c\n1,2\n3,4,5,6\n");
  std::string error = DescribeError("CSV", R"({"path": "data/r.csv", "ignore_errors": true})");
  // Either DuckDB sniffs the header's layout (and skips the bad rows), or the check says why not.
  if (!error.empty()) {
    EXPECT_NE(error.find("the header has 3 fields separated by ','"), std::string::npos) << error;
  }
}

TEST_F(FileShapeTest, RegularAndOneColumnFilesPass) {
  Write("data/ok.csv", "id,name\n1,a\n2,b\n");
  EXPECT_EQ(ColumnNames("CSV", R"({"path": "data/ok.csv"})"), (Lines{"id BIGINT", "name VARCHAR"}));
  Write("data/notes.csv", "note\nhello world\nsecond note\n");
  EXPECT_EQ(ColumnNames("CSV", R"({"path": "data/notes.csv"})"), (Lines{"note VARCHAR"}));
}

TEST_F(FileShapeTest, AnEmptyCsvIsAnErrorWithoutDeclaredColumns) {
  Write("data/e.csv", "");
  Write("data/blank.csv", "\n \r\n");
  std::string expected = std::string(kLabel) +
                         ": data/e.csv is empty, so it has no columns to read; add its rows, "
                         "remove it, or declare \"columns\" to read an empty file as an empty "
                         "table";
  EXPECT_EQ(Plan("CSV", R"({"path": "data/e.csv", "has_header": true})").status().message(),
            expected);
  EXPECT_NE(Plan("CSV", R"({"path": "data/blank.csv"})").status().message().find("is empty"),
            std::string::npos);
}

TEST_F(FileShapeTest, AnEmptyCsvWithDeclaredColumnsIsAnEmptyTable) {
  Write("data/e.csv", "");
  std::string params =
      R"({"path": "data/e.csv", "has_header": true, "columns": {"id": "INTEGER", "n": "VARCHAR"}})";
  EXPECT_EQ(ColumnNames("CSV", params), (Lines{"id INTEGER", "n VARCHAR"}));
  EXPECT_EQ(Rows("CSV", params), Lines{});
}

TEST_F(FileShapeTest, EmptyFilesInAGlobAddNoRowsWhenColumnsAreDeclared) {
  Write("data/a.csv", "");
  Write("data/b.csv", "id\n7\n");
  EXPECT_EQ(Rows("CSV", R"({"path": "data/*.csv", "columns": {"id": "INTEGER"}})"), (Lines{"7"}));
  EXPECT_NE(Plan("CSV", R"({"path": "data/*.csv"})").status().message().find("data/a.csv is empty"),
            std::string::npos);
}

TEST_F(FileShapeTest, EmptyJsonAndParquetFiles) {
  Write("data/e.json", "  \n");
  Write("data/e.parquet", "");
  EXPECT_NE(Plan("JSON", R"({"path": "data/e.json"})").status().message().find("is empty"),
            std::string::npos);
  EXPECT_EQ(ColumnNames("JSON", R"({"path": "data/e.json", "columns": {"a": "INTEGER"}})"),
            (Lines{"a INTEGER"}));
  EXPECT_EQ(Plan("PARQUET", R"({"path": "data/e.parquet"})").status().message(),
            std::string(kLabel) +
                ": data/e.parquet is empty, so it is not a Parquet file; write it again or "
                "remove it");
}

// DuckDB reads `[{"a": 1},` as one row: the array is not closed, so the file was cut short.
TEST_F(FileShapeTest, AJsonArrayThatIsNotClosedIsAnError) {
  Write("data/cut.json", "[{\"a\": 1}, {\"a\": 2},\n");
  Write("data/ok.json", "\n [{\"a\": 1}]\n\n");
  EXPECT_EQ(Plan("JSON", R"({"path": "data/cut.json"})").status().message(),
            std::string(kLabel) +
                ": data/cut.json ends before its JSON array is closed (the last character is "
                "',', not ']'); the file looks cut short: write it again");
  EXPECT_EQ(Rows("JSON", R"({"path": "data/ok.json"})"), (Lines{"1"}));
}

TEST_F(FileShapeTest, ReaderErrorsOfDescribeAreExplained) {
  Write("data/small.parquet", "PAR1");
  EXPECT_EQ(DescribeError("PARQUET", R"({"path": "data/small.parquet"})"),
            std::string(kLabel) +
                ": data/small.parquet is too small to be a Parquet file; it may be cut short: "
                "write it again");
}

TEST(FindBlankFilesTest, ListsOnlyFilesOfBlanks) {
  TempDir dir;
  dir.WriteFile("a", "");
  dir.WriteFile("b", "\xEF\xBB\xBF\n\t \r\n");
  dir.WriteFile("c", "x");
  dir.WriteFile("d", std::string(5000, ' '));  // too large to be read through
  std::string p = dir.path() + "/";
  EXPECT_EQ(FindBlankFiles({p + "a", p + "b", p + "c", p + "d", p + "missing"}),
            (Lines{p + "a", p + "b"}));
}

}  // namespace
}  // namespace sqlflow::test
