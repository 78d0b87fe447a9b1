#include "runner/source_schema.h"

#include <gtest/gtest.h>

#include "util/duckdb_test.h"
#include "util/temp_dir.h"

namespace sqlflow {
namespace {

using Lines = std::vector<std::string>;

class SourceSchemaTest : public test::DuckDbTest {
 protected:
  Step Source(std::string type, std::string params_json) {
    Step step;
    step.kind = StepKind::kSource;
    step.id = "source.src";
    step.source_name = "src";
    step.span.file = "pipelines/shop.sf";
    step.span.line = 1;
    step.connector_type = std::move(type);
    step.params_json = std::move(params_json);
    return step;
  }

  // "name TYPE" plus " NOT NULL", per column; the error message on failure.
  Lines Read(const Step& step) {
    auto columns = ReadSourceSchema(*conn_, step, dir_.path(), fs_);
    if (!columns.ok()) return {columns.status().message()};
    Lines out;
    for (const ColumnInfo& c : *columns) {
      out.push_back(c.name + " " + c.type + (c.nullable ? "" : " NOT NULL"));
    }
    return out;
  }

  test::TempDir dir_;
  RealFileSystem fs_;
};

TEST_F(SourceSchemaTest, CsvColumnsComeFromTheSniffer) {
  dir_.WriteFile("data/orders.csv", "id,qty,region\n1,2,north\n2,5,south\n");
  EXPECT_EQ(Read(Source("CSV", R"({"path": "data/orders.csv"})")),
            (Lines{"id BIGINT", "qty BIGINT", "region VARCHAR"}));
  EXPECT_EQ(Read(Source("CSV", R"({"path": "data/orders.csv", "columns": {"id": "INTEGER",
                                  "qty": "INTEGER", "region": "VARCHAR"}})")),
            (Lines{"id INTEGER", "qty INTEGER", "region VARCHAR"}));
}

TEST_F(SourceSchemaTest, ParquetNullabilityComesFromTheFileMetadata) {
  std::string path = dir_.path() + "/data/p.parquet";
  dir_.WriteFile("data/.keep", "");
  Exec("COPY (SELECT 1::INTEGER AS id, 'x' AS name, {'a': 1} AS s, [1] AS l) TO '" + path +
       "' (FORMAT parquet)");
  Lines nullable = Read(Source("PARQUET", R"({"path": "data/p.parquet"})"));
  EXPECT_EQ(nullable, (Lines{"id INTEGER", "name VARCHAR", "s STRUCT(a INTEGER)", "l INTEGER[]"}));
  // DuckDB itself writes every column OPTIONAL, even NOT NULL ones: REQUIRED columns (pyarrow
  // with nullable=False, Spark) are covered by RequiredParquetColumns below.
}

TEST_F(SourceSchemaTest, MissingFileIsAnErrorWithTheLabel) {
  Lines got = Read(Source("CSV", R"({"path": "data/none.csv"})"));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].rfind("pipelines/shop.sf:1: SOURCE src", 0), 0u) << got[0];
}

TEST_F(SourceSchemaTest, UnknownConnectorSaysSo) {
  EXPECT_EQ(Read(Source("ZENDESK", "{}")),
            (Lines{"pipelines/shop.sf:1: SOURCE src: reading the schema of a ZENDESK source is "
                   "not available in this build yet"}));
}

TEST_F(SourceSchemaTest, ASaasSourceIsOpenedThroughItsConnector) {
  EXPECT_EQ(Read(Source("SHOPIFY", "{}")),
            (Lines{"pipelines/shop.sf:1: SOURCE src: a SHOPIFY source needs \"access_token\" (the "
                   "Admin API access token of a custom app, shpat_…); put it in the profile as "
                   "${SHOPIFY_ACCESS_TOKEN}"}));
}

TEST_F(SourceSchemaTest, ARestSourceIsOpenedThroughItsConnector) {
  EXPECT_EQ(Read(Source("REST", "{}")),
            (Lines{"pipelines/shop.sf:1: SOURCE src: a REST source needs \"base_url\", e.g. "
                   "\"https://api.example.com/v2\""}));
}

}  // namespace
}  // namespace sqlflow
