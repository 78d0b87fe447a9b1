#include "connectors/files/file_source_report.h"

#include <gtest/gtest.h>

#include "connectors/files/file_source_fixture.h"

namespace sqlflow::test {
namespace {

using FileSourceReportTest = FileSourceTest;

TEST_F(FileSourceReportTest, DescribesFilesColumnsAndRows) {
  Write("data/a.csv", "id,name\n1,x\n2,\n");
  Write("data/b.csv", "id,name\n3,z\n");
  FileRelation rel = MustPlan("CSV", R"({"path": "data/*.csv"})");
  auto report = DescribeFileSource(*conn_, rel);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(*report,
            "files: 2\n"
            "  data/a.csv\n"
            "  data/b.csv\n"
            "columns: 2\n"
            "  id    BIGINT   3 non-null\n"
            "  name  VARCHAR  2 non-null\n"
            "rows: 3\n");
}

TEST_F(FileSourceReportTest, ListsAFewFilesOfMany) {
  for (int i = 0; i < 7; ++i) Write("d/f" + std::to_string(i) + ".csv", "id\n1\n");
  auto report = DescribeFileSource(*conn_, MustPlan("CSV", R"({"path": "d/**/f*.csv"})"));
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->substr(0, report->find("columns")),
            "files: 7\n  d/f0.csv\n  d/f1.csv\n  d/f2.csv\n  d/f3.csv\n  d/f4.csv\n"
            "  … and 2 more\n");
}

TEST_F(FileSourceReportTest, ParquetCountsRowsFromMetadata) {
  ASSERT_TRUE(conn_
                  ->Execute("COPY (SELECT range AS id FROM range(5)) TO '" + root() +
                            "/p.parquet' (FORMAT parquet)")
                  .ok());
  auto report = DescribeFileSource(*conn_, MustPlan("PARQUET", R"({"path": "p.parquet"})"));
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(*report, "files: 1\n  p.parquet\ncolumns: 1\n  id  BIGINT\nrows: 5\n");
}

TEST_F(FileSourceReportTest, ReportsRejectedRows) {
  Write("o.csv", "id,qty\n1,2\n2,oops\n");
  FileRelation rel = MustPlan("CSV", R"({"path": "o.csv", "header": true, "ignore_errors": true,
      "columns": {"id": "INTEGER", "qty": "INTEGER"}})");
  auto report = DescribeFileSource(*conn_, rel);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(*report,
            "files: 1\n  o.csv\ncolumns: 2\n  id   INTEGER  1 non-null\n"
            "  qty  INTEGER  1 non-null\nrows: 1\n"
            "rejected rows: 1 (skipped by ignore_errors)\n"
            "  o.csv line 3, column 'qty': could not convert 'oops' to INTEGER\n");
}

TEST_F(FileSourceReportTest, BadRowIsAnExplainedError) {
  Write("o.csv", "id,qty\n1,2\n2,oops\n");
  FileRelation rel = MustPlan("CSV", R"({"path": "o.csv", "header": true,
      "columns": {"id": "INTEGER", "qty": "INTEGER"}})");
  auto report = DescribeFileSource(*conn_, rel);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().message(),
            std::string(kLabel) +
                ": o.csv line 3, column 'qty': could not convert 'oops' to INTEGER; fix the file, "
                "set \"columns\" to read it as VARCHAR, or \"ignore_errors\": true");
}

}  // namespace
}  // namespace sqlflow::test
