#include "connectors/connector_registry.h"

#include <gtest/gtest.h>

#include "util/postgres_duckdb_test.h"
#include "util/temp_dir.h"

namespace sqlflow {
namespace {

TEST(SourceConnectorsTest, EveryCatalogSourceHasAConnectorFoundByItsType) {
  SourceConnectors connectors = BuildSourceConnectors();
  ConnectorCatalog catalog = BuildConnectorCatalog();
  ASSERT_EQ(catalog.sources().size(), connectors.all().size());
  for (const ConnectorSpec& spec : catalog.sources()) {
    const SourceConnector* c = connectors.Find(spec.type);
    ASSERT_NE(c, nullptr) << spec.type;
    EXPECT_TRUE(static_cast<bool>(c->open)) << spec.type;
  }
  EXPECT_EQ(connectors.Find("csv"), connectors.Find("CSV"));
  EXPECT_EQ(connectors.Find("NOSUCH"), nullptr);
  EXPECT_TRUE(connectors.Find("POSTGRES")->opens_ahead);
  EXPECT_FALSE(connectors.Find("PARQUET")->opens_ahead);
}

TEST(ExportConnectorsTest, EveryCatalogExportFormatHasAWriter) {
  ExportConnectors formats = BuildExportConnectors();
  ConnectorCatalog catalog = BuildConnectorCatalog();
  ASSERT_EQ(catalog.export_formats().size(), formats.all().size());
  for (const ConnectorSpec& spec : catalog.export_formats()) {
    const ExportConnector* f = formats.Find(spec.type);
    ASSERT_NE(f, nullptr) << spec.type;
    EXPECT_TRUE(static_cast<bool>(f->write)) << spec.type;
  }
  EXPECT_EQ(formats.Find("parquet"), formats.Find("PARQUET"));
  EXPECT_EQ(formats.Find("NOSUCH"), nullptr);
}

class FileConnectorTest : public test::DuckDbTest {};

TEST_F(FileConnectorTest, AFileExportWritesTheQueryAndHandsS3ToTheS3Export) {
  test::TempDir dir;
  ExportConnectors formats = BuildExportConnectors();
  ExportContext context{dir.path(), nullptr};
  ExportRequest request{"SELECT 1 AS n UNION ALL SELECT 2", "out/n.csv", "CSV", "",
                        "pipelines/p.sf:3: EXPORT n"};
  Result<ExportOutcome> written = formats.Find("CSV")->write(*conn_, request, context);
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  EXPECT_EQ(written->rows, 2);
  EXPECT_EQ(Query("SELECT sum(n) FROM read_csv('" + dir.path() + "/out/n.csv')"),
            (std::vector<std::string>{"3"}));
  request.destination = "s3://bucket/";  // refused by the S3 export before any request
  written = formats.Find("CSV")->write(*conn_, request, context);
  ASSERT_FALSE(written.ok());
  EXPECT_NE(written.status().message().find("EXPORT n: s3://bucket/ is the root of bucket"),
            std::string::npos)
      << written.status().message();
}

TEST_F(FileConnectorTest, APostgresExportNeedsAProfileConnection) {
  std::map<std::string, std::string> connections;
  ExportContext context{"/", &connections};
  ExportRequest request{"SELECT 1 AS n", "t", "POSTGRES",
                        R"({"connection": "warehouse", "table": "t"})",
                        "pipelines/p.sf:3: EXPORT t"};
  Result<ExportOutcome> written =
      BuildExportConnectors().Find("POSTGRES")->write(*conn_, request, context);
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.status().message(),
            "pipelines/p.sf:3: EXPORT t: connection 'warehouse' is not a connector of the profile");
}

TEST_F(FileConnectorTest, ACsvSourceReadsAsAReaderCallAndKeepsRowOrder) {
  test::TempDir dir;
  dir.WriteFile("data/x.csv", "id,name\n1,a\n2,b\n");
  RealFileSystem fs;
  SourceContext context{dir.path(), &fs, "pipelines/p.sf:1: SOURCE x"};
  Result<std::unique_ptr<Source>> source = BuildSourceConnectors().Find("CSV")->open(
      R"({"path": "data/x.csv", "has_header": true})", context);
  ASSERT_TRUE(source.ok()) << source.status().ToString();
  EXPECT_TRUE((*source)->capabilities().keeps_row_order);
  EXPECT_FALSE((*source)->capabilities().network_bound);
  Result<std::vector<ColumnInfo>> columns = (*source)->Columns(*conn_);
  ASSERT_TRUE(columns.ok()) << columns.status().ToString();
  ASSERT_EQ(columns->size(), 2u);
  EXPECT_EQ((*columns)[0].name, "id");
  ReadRequest request;
  request.cursor_bound = SourceCursorBound{"id", "1", false};
  Result<ReadPlan> plan = (*source)->Read(request);
  ASSERT_TRUE(plan.ok());
  EXPECT_FALSE(plan->cursor_bound_pushed_down);  // files are filtered by the engine
  EXPECT_FALSE(static_cast<bool>(plan->new_scan));
  EXPECT_EQ(Query("SELECT name FROM " + plan->relation_sql + " ORDER BY id"),
            (std::vector<std::string>{"a", "b"}));
}

TEST_F(FileConnectorTest, AMissingFileFailsToOpenWithTheLabel) {
  test::TempDir dir;
  RealFileSystem fs;
  SourceContext context{dir.path(), &fs, "pipelines/p.sf:1: SOURCE x"};
  Result<std::unique_ptr<Source>> source =
      BuildSourceConnectors().Find("CSV")->open(R"({"path": "data/none.csv"})", context);
  ASSERT_FALSE(source.ok());
  EXPECT_EQ(source.status().message().rfind("pipelines/p.sf:1: SOURCE x", 0), 0u)
      << source.status().message();
}

class PostgresConnectorTest : public test::PostgresDuckDbTest {
 protected:
  PostgresConnectorTest() : PostgresDuckDbTest("pgconn") {}
};

TEST_F(PostgresConnectorTest, AReadStreamsAScanWithTheCursorBoundPushedDown) {
  Pg("CREATE TABLE t (id int PRIMARY KEY, note text); INSERT INTO t VALUES (1, 'a'), (2, 'b')");
  SourceContext context{"/", nullptr, "pipelines/p.sf:1: SOURCE t"};
  Result<std::unique_ptr<Source>> source =
      BuildSourceConnectors()
          .Find("POSTGRES")
          ->open(server_->ParamsJson(pg_db_, R"("table": "t")"), context);
  ASSERT_TRUE(source.ok()) << source.status().ToString();
  EXPECT_FALSE((*source)->capabilities().keeps_row_order);
  EXPECT_TRUE((*source)->capabilities().network_bound);
  EXPECT_TRUE((*source)->GuaranteesUniqueKey({"id"}));
  EXPECT_FALSE((*source)->GuaranteesUniqueKey({"note"}));
  Result<std::vector<ColumnInfo>> columns = (*source)->Columns(*conn_);
  ASSERT_TRUE(columns.ok());
  ASSERT_EQ(columns->size(), 2u);
  EXPECT_FALSE((*columns)[0].nullable);  // the primary key is NOT NULL
  ReadRequest request;
  request.cursor_bound = SourceCursorBound{"id", "1", false};
  Result<ReadPlan> plan = (*source)->Read(request);
  ASSERT_TRUE(plan.ok());
  EXPECT_TRUE(plan->cursor_bound_pushed_down);
  EXPECT_TRUE(plan->relation_sql.empty());
  ASSERT_TRUE(static_cast<bool>(plan->new_scan));
  Result<std::shared_ptr<TableScan>> scan = plan->new_scan();
  ASSERT_TRUE(scan.ok()) << scan.status().ToString();
  EXPECT_EQ((*scan)->columns().size(), 2u);
}

}  // namespace
}  // namespace sqlflow
