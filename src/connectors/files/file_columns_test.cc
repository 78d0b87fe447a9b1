#include "connectors/files/file_columns.h"

#include <gtest/gtest.h>

namespace sqlflow {
namespace {

TEST(RequiredParquetColumns, TopLevelRequiredInEveryFile) {
  std::vector<ParquetSchemaElement> elements = {
      {"a.parquet", "schema", "", 4},       {"a.parquet", "id", "REQUIRED", 0},
      {"a.parquet", "s", "REQUIRED", 2},  // a struct: its fields are not top-level columns
      {"a.parquet", "name", "REQUIRED", 0}, {"a.parquet", "x", "OPTIONAL", 0},
      {"a.parquet", "Qty", "REQUIRED", 0},  {"a.parquet", "note", "OPTIONAL", 0},
      {"b.parquet", "schema", "", 3},       {"b.parquet", "id", "REQUIRED", 0},
      {"b.parquet", "qty", "OPTIONAL", 0},  // nullable in one file: nullable
      {"b.parquet", "s", "REQUIRED", 1},    {"b.parquet", "name", "OPTIONAL", 0},
  };
  EXPECT_EQ(RequiredParquetColumns(elements), (std::set<std::string>{"id", "s"}));
  EXPECT_EQ(RequiredParquetColumns({elements.begin(), elements.begin() + 7}),
            (std::set<std::string>{"id", "s", "qty"}));
}

}  // namespace
}  // namespace sqlflow
