#include "engine/query_result.h"

#include <gtest/gtest.h>

#include "engine/connection.h"

namespace sqlflow {
namespace {

class QueryResultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<Database>(Database::Open(DatabaseOptions{}).value());
    conn_ = std::make_unique<Connection>(Connection::Open(*db_).value());
  }

  QueryResult Run(const std::string& sql) {
    auto result = conn_->Query(sql);
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    return std::move(result).value();
  }

  // The only chunk of `result`.
  DataChunk OnlyChunk(QueryResult& result) {
    auto chunk = result.NextChunk();
    EXPECT_TRUE(chunk.ok() && chunk->has_value());
    auto end = result.NextChunk();
    EXPECT_TRUE(end.ok() && !end->has_value());
    return std::move(**chunk);
  }

  std::unique_ptr<Database> db_;
  std::unique_ptr<Connection> conn_;
};

TEST_F(QueryResultTest, ReportsColumnNamesAndTypes) {
  QueryResult result =
      Run("SELECT 1::INTEGER AS i, 'x' AS s, 1.5::DECIMAL(18,3) AS d, [1, 2] AS l, "
          "{'a': 1, 'B c': 'x'} AS st, TIMESTAMPTZ '2024-01-01 00:00:00+00' AS tz, "
          "MAP {'k': 1.0::DOUBLE} AS m, [1, 2]::INTEGER[2] AS arr, INTERVAL 1 DAY AS iv");
  ASSERT_EQ(result.column_count(), 9u);
  EXPECT_EQ(result.column_names(),
            (std::vector<std::string>{"i", "s", "d", "l", "st", "tz", "m", "arr", "iv"}));
  EXPECT_EQ(result.column_type(0).name, "INTEGER");
  EXPECT_EQ(result.column_type(0).id, TypeId::kInteger);
  EXPECT_EQ(result.column_type(1).name, "VARCHAR");
  EXPECT_EQ(result.column_type(2).name, "DECIMAL(18,3)");
  EXPECT_EQ(result.column_type(2).decimal_width, 18);
  EXPECT_EQ(result.column_type(2).decimal_scale, 3);
  EXPECT_EQ(result.column_type(2).decimal_storage, TypeId::kBigInt);
  EXPECT_EQ(result.column_type(3).name, "INTEGER[]");
  EXPECT_EQ(result.column_type(3).id, TypeId::kList);
  EXPECT_EQ(result.column_type(4).name, "STRUCT(a INTEGER, \"B c\" VARCHAR)");
  EXPECT_EQ(result.column_type(5).name, "TIMESTAMP WITH TIME ZONE");
  EXPECT_EQ(result.column_type(6).name, "MAP(VARCHAR, DOUBLE)");
  EXPECT_EQ(result.column_type(7).name, "INTEGER[2]");
  EXPECT_EQ(result.column_type(8).name, "INTERVAL");
}

TEST_F(QueryResultTest, ReadsIntegersOfEveryWidth) {
  QueryResult result =
      Run("SELECT -8::TINYINT, -16::SMALLINT, -32::INTEGER, -9000000000::BIGINT, 255::UTINYINT, "
          "65535::USMALLINT, 4294967295::UINTEGER, 18446744073709551615::UBIGINT, true, false");
  DataChunk chunk = OnlyChunk(result);
  ASSERT_EQ(chunk.row_count(), 1u);
  EXPECT_EQ(chunk.GetInt8(0, 0), -8);
  EXPECT_EQ(chunk.GetInt16(1, 0), -16);
  EXPECT_EQ(chunk.GetInt32(2, 0), -32);
  EXPECT_EQ(chunk.GetInt64(3, 0), -9000000000LL);
  EXPECT_EQ(chunk.GetUInt8(4, 0), 255u);
  EXPECT_EQ(chunk.GetUInt16(5, 0), 65535u);
  EXPECT_EQ(chunk.GetUInt32(6, 0), 4294967295u);
  EXPECT_EQ(chunk.GetUInt64(7, 0), 18446744073709551615ULL);
  EXPECT_TRUE(chunk.GetBool(8, 0));
  EXPECT_FALSE(chunk.GetBool(9, 0));
}

TEST_F(QueryResultTest, ReadsFloatingPoint) {
  QueryResult result = Run("SELECT 0.5::FLOAT, -1e300::DOUBLE");
  DataChunk chunk = OnlyChunk(result);
  EXPECT_EQ(chunk.column_type(0).id, TypeId::kFloat);
  EXPECT_FLOAT_EQ(chunk.GetFloat(0, 0), 0.5f);
  EXPECT_DOUBLE_EQ(chunk.GetDouble(1, 0), -1e300);
}

TEST_F(QueryResultTest, ReadsInlinedAndLongStrings) {
  std::string long_text(5000, 'z');
  QueryResult result =
      Run("SELECT * FROM (VALUES ('short'), (''), ('exactly12chr'), "
          "('thirteen char'), (repeat('z', 5000)), (NULL)) v(s)");
  DataChunk chunk = OnlyChunk(result);
  ASSERT_EQ(chunk.row_count(), 6u);
  EXPECT_EQ(chunk.GetString(0, 0), "short");
  EXPECT_EQ(chunk.GetString(0, 1), "");
  EXPECT_EQ(chunk.GetString(0, 2), "exactly12chr");
  EXPECT_EQ(chunk.GetString(0, 3), "thirteen char");
  EXPECT_EQ(chunk.GetString(0, 4), long_text);
  EXPECT_FALSE(chunk.IsNull(0, 4));
  EXPECT_TRUE(chunk.IsNull(0, 5));
}

TEST_F(QueryResultTest, ReadsBlobBytes) {
  QueryResult result = Run("SELECT '\\x00\\xFFab'::BLOB");
  DataChunk chunk = OnlyChunk(result);
  EXPECT_EQ(chunk.column_type(0).id, TypeId::kBlob);
  EXPECT_EQ(chunk.GetString(0, 0), std::string_view("\0\xff"
                                                    "ab",
                                                    4));
}

TEST_F(QueryResultTest, ReadsDatesTimesAndTimestampsRaw) {
  QueryResult result =
      Run("SELECT DATE '1970-01-02', DATE '1969-12-31', TIME '00:00:01.5', "
          "TIMESTAMP '1970-01-01 00:00:01', TIMESTAMPTZ '1970-01-01 00:00:02+00', "
          "TIMESTAMP_S '1970-01-01 00:00:03', TIMESTAMP_MS '1970-01-01 00:00:04', "
          "TIMESTAMP_NS '1970-01-01 00:00:05'");
  DataChunk chunk = OnlyChunk(result);
  EXPECT_EQ(chunk.GetDate(0, 0), 1);
  EXPECT_EQ(chunk.GetDate(1, 0), -1);
  EXPECT_EQ(chunk.GetTime(2, 0), 1500000);
  EXPECT_EQ(chunk.GetTimestamp(3, 0), 1000000);
  EXPECT_EQ(chunk.column_type(4).id, TypeId::kTimestampTz);
  EXPECT_EQ(chunk.GetTimestamp(4, 0), 2000000);
  EXPECT_EQ(chunk.GetTimestamp(5, 0), 3);
  EXPECT_EQ(chunk.GetTimestamp(6, 0), 4000);
  EXPECT_EQ(chunk.GetTimestamp(7, 0), 5000000000LL);
}

TEST_F(QueryResultTest, ReadsDecimalsOfEveryStorageWidth) {
  QueryResult result =
      Run("SELECT -1.5::DECIMAL(4,1), 12345.6789::DECIMAL(9,4), -0.001::DECIMAL(18,3), "
          "-123456789012345678901234.56::DECIMAL(38,2), 42::DECIMAL(10,0), 0.05::DECIMAL(3,2)");
  DataChunk chunk = OnlyChunk(result);
  EXPECT_EQ(chunk.column_type(0).decimal_storage, TypeId::kSmallInt);
  EXPECT_EQ(chunk.GetDecimalString(0, 0), "-1.5");
  EXPECT_EQ(chunk.column_type(1).decimal_storage, TypeId::kInteger);
  EXPECT_EQ(chunk.GetDecimalString(1, 0), "12345.6789");
  EXPECT_EQ(chunk.GetDecimalString(2, 0), "-0.001");
  EXPECT_EQ(chunk.column_type(3).decimal_storage, TypeId::kHugeInt);
  EXPECT_EQ(chunk.GetDecimalString(3, 0), "-123456789012345678901234.56");
  EXPECT_EQ(chunk.GetDecimalString(4, 0), "42");
  EXPECT_EQ(chunk.GetDecimalString(5, 0), "0.05");
}

TEST_F(QueryResultTest, ReportsNullsPerColumn) {
  QueryResult result =
      Run("SELECT CASE WHEN i % 2 = 0 THEN i END AS maybe, i FROM range(4) t(i) ORDER BY i");
  DataChunk chunk = OnlyChunk(result);
  for (size_t row = 0; row < 4; ++row) {
    EXPECT_EQ(chunk.IsNull(0, row), row % 2 == 1) << row;
    EXPECT_FALSE(chunk.IsNull(1, row));
  }
  EXPECT_EQ(chunk.GetInt64(0, 2), 2);
}

TEST_F(QueryResultTest, LargeResultsArriveInSeveralChunks) {
  QueryResult result = Run("SELECT i FROM range(5000) t(i) ORDER BY i");
  size_t rows = 0;
  int chunks = 0;
  int64_t expected = 0;
  while (true) {
    auto chunk = result.NextChunk();
    ASSERT_TRUE(chunk.ok());
    if (!chunk->has_value()) break;
    ++chunks;
    for (size_t row = 0; row < (*chunk)->row_count(); ++row) {
      EXPECT_EQ((*chunk)->GetInt64(0, row), expected++);
    }
    rows += (*chunk)->row_count();
  }
  EXPECT_EQ(rows, 5000u);
  EXPECT_GE(chunks, 3);
}

TEST_F(QueryResultTest, ChunkOutlivesItsResult) {
  std::optional<DataChunk> chunk;
  {
    QueryResult result = Run("SELECT 'a string that is not inlined at all' AS s");
    chunk = std::move(result.NextChunk().value());
  }
  ASSERT_TRUE(chunk.has_value());
  EXPECT_EQ(chunk->GetString(0, 0), "a string that is not inlined at all");
}

TEST_F(QueryResultTest, FetchAllAsStringsUsesDuckDbsCasts) {
  ASSERT_TRUE(conn_->Execute("CREATE TYPE mood AS ENUM ('sad', 'ok')").ok());
  QueryResult result =
      Run("SELECT 1.50::DECIMAL(18,3), 0.1::FLOAT, 123456.0::DOUBLE, DATE '2024-01-02', "
          "TIMESTAMP '2024-01-02 03:04:05.123', [1, 2], {'a': 1, 'b': 'x'}, MAP {'k': 1}, "
          "'ok'::mood, INTERVAL 3 DAY, true, NULL::INTEGER, 'text', '\\xAA'::BLOB");
  auto rows = result.FetchAllAsStrings();
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0], (std::vector<std::optional<std::string>>{
                            "1.500", "0.1", "123456.0", "2024-01-02", "2024-01-02 03:04:05.123",
                            "[1, 2]", "{'a': 1, 'b': x}", "{k=1}", "ok", "3 days", "true",
                            std::nullopt, "text", "\\xAA"}));
}

TEST_F(QueryResultTest, FetchAllAsStringsKeepsOrderAcrossChunks) {
  QueryResult result = Run("SELECT i, i * 2 FROM range(5000) t(i) ORDER BY i DESC");
  auto rows = result.FetchAllAsStrings();
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 5000u);
  EXPECT_EQ((*rows)[0][0], "4999");
  EXPECT_EQ((*rows)[4999][1], "0");
}

TEST_F(QueryResultTest, FetchAllAsStringsRendersOnlyUnreadRows) {
  QueryResult result = Run("SELECT i FROM range(3000) t(i) ORDER BY i");
  auto first = result.NextChunk();
  ASSERT_TRUE(first.ok() && first->has_value());
  size_t read = (*first)->row_count();
  auto rest = result.FetchAllAsStrings();
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ(rest->size(), 3000u - read);
  EXPECT_EQ((*rest)[0][0], std::to_string(read));
}

TEST_F(QueryResultTest, FetchAllAsStringsOfAllVarcharColumns) {
  QueryResult result = Run("SELECT 'a' AS x, NULL::VARCHAR AS y");
  auto rows = result.FetchAllAsStrings();
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ((*rows)[0], (std::vector<std::optional<std::string>>{"a", std::nullopt}));
}

TEST_F(QueryResultTest, FetchAllAsStringsLeavesNoTableBehind) {
  QueryResult result = Run("SELECT 1");
  ASSERT_TRUE(result.FetchAllAsStrings().ok());
  QueryResult tables = Run("SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE 'sqlflow%'");
  EXPECT_EQ(tables.FetchAllAsStrings()->at(0).at(0), "0");
}

TEST_F(QueryResultTest, FetchAllAsStringsWorksInsideATransaction) {
  ASSERT_TRUE(conn_->Begin().ok());
  QueryResult result = Run("SELECT 2.5::DOUBLE");
  EXPECT_EQ(result.FetchAllAsStrings()->at(0).at(0), "2.5");
  ASSERT_TRUE(conn_->Rollback().ok());
}

TEST_F(QueryResultTest, MovedFromResultIsInert) {
  QueryResult result = Run("SELECT 1");
  QueryResult moved = std::move(result);
  EXPECT_EQ(result.NextChunk().status().code(), StatusCode::kInternal);
  EXPECT_EQ(result.FetchAllAsStrings().status().code(), StatusCode::kInternal);
  EXPECT_EQ(moved.FetchAllAsStrings()->at(0).at(0), "1");
}

}  // namespace
}  // namespace sqlflow
