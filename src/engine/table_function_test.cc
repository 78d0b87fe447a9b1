#include "engine/table_function.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "util/duckdb_test.h"

namespace sqlflow {
namespace {

// Writes the value of scan column `column` for row `row` into slot `slot` of `out`.
using WriteFn = std::function<Status(size_t column, uint64_t row, OutputVector& out, size_t slot)>;

// A scan over `rows` generated rows. Workers claim chunks from one shared cursor, so several
// workers together produce every row once.
class FakeScan : public TableScan {
 public:
  FakeScan(std::vector<ColumnSpec> columns, uint64_t rows, WriteFn write, size_t threads = 1)
      : columns_(std::move(columns)), rows_(rows), write_(std::move(write)), threads_(threads) {}

  const std::vector<ColumnSpec>& columns() const override { return columns_; }
  size_t max_threads() const override { return threads_; }
  Result<std::unique_ptr<TableScanWorker>> OpenWorker(
      const std::vector<size_t>& projected) override;
  void Cancel() override { ++cancels; }

  // Fills the next chunk for `projected` columns; 0 when every row was claimed.
  Result<size_t> FillNext(const std::vector<size_t>& projected, OutputChunk& out) {
    uint64_t start = cursor_.fetch_add(out.capacity());
    if (start >= rows_) return size_t{0};
    size_t count = static_cast<size_t>(std::min<uint64_t>(out.capacity(), rows_ - start));
    for (size_t i = 0; i < out.column_count(); ++i) {
      OutputVector vector = out.column(i);
      for (size_t slot = 0; slot < count; ++slot) {
        SQLFLOW_RETURN_IF_ERROR(write_(projected[i], start + slot, vector, slot));
      }
    }
    ++fills;
    return count;
  }

  std::mutex mutex;
  std::vector<std::vector<size_t>> opened;  // the projection of every worker opened
  std::atomic<int> fills{0};
  std::atomic<int> cancels{0};

 private:
  std::vector<ColumnSpec> columns_;
  uint64_t rows_;
  WriteFn write_;
  size_t threads_;
  std::atomic<uint64_t> cursor_{0};
};

class FakeWorker : public TableScanWorker {
 public:
  FakeWorker(FakeScan* scan, std::vector<size_t> projected)
      : scan_(scan), projected_(std::move(projected)) {}
  Result<size_t> Fill(OutputChunk& out) override { return scan_->FillNext(projected_, out); }

 private:
  FakeScan* scan_;
  std::vector<size_t> projected_;
};

Result<std::unique_ptr<TableScanWorker>> FakeScan::OpenWorker(
    const std::vector<size_t>& projected) {
  std::lock_guard<std::mutex> lock(mutex);
  opened.push_back(projected);
  return std::unique_ptr<TableScanWorker>(std::make_unique<FakeWorker>(this, projected));
}

class TableFunctionTest : public test::DuckDbTest {
 protected:
  // Registers `name`() returning `scan` for every call.
  void RegisterScan(const std::string& name, std::shared_ptr<FakeScan> scan) {
    TableFunctionSpec spec;
    spec.name = name;
    spec.bind = [scan](const BindInput&) -> Result<std::shared_ptr<TableScan>> {
      return std::shared_ptr<TableScan>(scan);
    };
    Status status = RegisterTableFunction(*conn_, std::move(spec));
    ASSERT_TRUE(status.ok()) << status.ToString();
  }

  // The message of `sql`'s error ("" when it succeeds).
  std::string ErrorOf(const std::string& sql) {
    auto result = conn_->Query(sql);
    return result.ok() ? "" : result.status().message();
  }
};

// Integers: column c of row r is c * 1000 + r.
std::shared_ptr<FakeScan> IntegerScan(uint64_t rows, size_t columns, size_t threads = 1) {
  std::vector<ColumnSpec> specs;
  for (size_t c = 0; c < columns; ++c) {
    specs.push_back({std::string(1, static_cast<char>('a' + c)), ColumnType::Of(TypeId::kBigInt)});
  }
  return std::make_shared<FakeScan>(
      specs, rows,
      [](size_t column, uint64_t row, OutputVector& out, size_t slot) {
        out.data<int64_t>()[slot] = static_cast<int64_t>(column * 1000 + row);
        return Status::OK();
      },
      threads);
}

std::vector<ColumnSpec> AllTypeColumns() {
  ColumnType varchar = ColumnType::Of(TypeId::kVarchar);
  return {{"i", ColumnType::Of(TypeId::kInteger)},
          {"b", ColumnType::Of(TypeId::kBigInt)},
          {"d", ColumnType::Of(TypeId::kDouble)},
          {"s", varchar},
          {"dec", ColumnType::Decimal(18, 3)},
          {"dt", ColumnType::Of(TypeId::kDate)},
          {"ts", ColumnType::Of(TypeId::kTimestamp)},
          {"tz", ColumnType::Of(TypeId::kTimestampTz)},
          {"iv", ColumnType::Of(TypeId::kInterval)},
          {"u", ColumnType::Of(TypeId::kUuid)},
          {"bl", ColumnType::Of(TypeId::kBlob)},
          {"li", ColumnType::List(ColumnType::Of(TypeId::kInteger))},
          {"ls", ColumnType::List(varchar)},
          {"j", ColumnType::Alias(varchar, "JSON")}};
}

// Appends `values` (nullopt: a NULL element) as the list in `slot`.
template <typename T, typename Put>
Status AppendList(OutputVector& out, size_t slot, const std::vector<std::optional<T>>& values,
                  Put put) {
  size_t start = out.ListSize();
  SQLFLOW_RETURN_IF_ERROR(out.ReserveList(start + values.size()));
  OutputVector child = out.ListChild();
  for (size_t k = 0; k < values.size(); ++k) {
    if (values[k]) {
      put(child, start + k, *values[k]);
    } else {
      child.SetNull(start + k);
    }
  }
  out.data<ListEntry>()[slot] = ListEntry{start, values.size()};
  return out.SetListSize(start + values.size());
}

// Row 0 and row 1 hold values, row 2 is NULL in every column.
Status WriteAllTypes(size_t column, uint64_t row, OutputVector& out, size_t slot) {
  if (row == 2) {
    out.SetNull(slot);
    return Status::OK();
  }
  bool first = row == 0;
  auto put_int = [](OutputVector& v, size_t i, int32_t x) { v.data<int32_t>()[i] = x; };
  auto put_str = [](OutputVector& v, size_t i, const std::string& x) { v.SetString(i, x); };
  switch (column) {
    case 0:
      out.data<int32_t>()[slot] = first ? 1 : -1;
      break;
    case 1:
      out.data<int64_t>()[slot] = first ? -9000000000 : 0;
      break;
    case 2:
      out.data<double>()[slot] = first ? 1.5 : -0.25;
      break;
    case 3:
      out.SetString(slot, first ? "short" : "a string well over twelve bytes");
      break;
    case 4:
      out.data<int64_t>()[slot] = first ? 12345678 : -1;
      break;
    case 5:
      out.data<int32_t>()[slot] = first ? 19723 : 0;
      break;
    case 6:
    case 7:
      out.data<int64_t>()[slot] = first ? 1704067200123456 : 0;
      break;
    case 8:
      out.data<Interval>()[slot] = first ? Interval{1, 2, 3000000} : Interval{0, 0, 0};
      break;
    case 9:  // the top bit is flipped in DuckDB's storage
      out.data<HugeInt>()[slot] =
          first ? HugeInt{0xa716446655440000ULL, 0x550e8400e29b41d4LL ^ INT64_MIN}
                : HugeInt{1, INT64_MIN};
      break;
    case 10:
      out.SetString(slot, first ? std::string("\x00\xff", 2) : std::string());
      break;
    case 11:
      return first ? AppendList<int32_t>(out, slot, {1, 2, 3}, put_int)
                   : AppendList<int32_t>(out, slot, {}, put_int);
    case 12:
      return first
                 ? AppendList<std::string>(out, slot, {"a", "a string longer than twelve"}, put_str)
                 : AppendList<std::string>(out, slot, {std::nullopt, "x"}, put_str);
    case 13:
      out.SetString(slot, first ? R"({"k": 1})" : "[]");
      break;
    default:
      return Status::Internal("no column " + std::to_string(column));
  }
  return Status::OK();
}

TEST_F(TableFunctionTest, ReadsEveryTypeWithNulls) {
  Exec("SET TimeZone = 'UTC'");
  RegisterScan("all_types", std::make_shared<FakeScan>(AllTypeColumns(), 3, WriteAllTypes));
  EXPECT_EQ(Query("SELECT * FROM all_types()"),
            (std::vector<std::string>{
                "1|-9000000000|1.5|short|12345.678|2024-01-01|2024-01-01 00:00:00.123456|"
                "2024-01-01 00:00:00.123456+00|1 month 2 days 00:00:03|"
                "550e8400-e29b-41d4-a716-446655440000|\\x00\\xFF|[1, 2, 3]|"
                "[a, a string longer than twelve]|{\"k\": 1}",
                "-1|0|-0.25|a string well over twelve bytes|-0.001|1970-01-01|1970-01-01 00:00:00|"
                "1970-01-01 00:00:00+00|00:00:00|00000000-0000-0000-0000-000000000001||[]|"
                "[NULL, x]|[]",
                "NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL"}));
}

TEST_F(TableFunctionTest, DeclaresColumnTypesInDuckDbSpelling) {
  RegisterScan("all_types", std::make_shared<FakeScan>(AllTypeColumns(), 3, WriteAllTypes));
  auto result = conn_->Query("SELECT * FROM all_types()");
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  std::vector<std::string> names;
  for (size_t i = 0; i < result->column_count(); ++i) names.push_back(result->column_type(i).name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"INTEGER", "BIGINT", "DOUBLE", "VARCHAR", "DECIMAL(18,3)",
                                      "DATE", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "INTERVAL",
                                      "UUID", "BLOB", "INTEGER[]", "VARCHAR[]", "JSON"}));
  EXPECT_EQ(result->column_names()[4], "dec");
  EXPECT_EQ(result->column_type(11).id, TypeId::kList);
  ASSERT_NE(result->column_type(11).child, nullptr);
  EXPECT_EQ(result->column_type(11).child->id, TypeId::kInteger);
  EXPECT_EQ(result->column_type(13).id, TypeId::kVarchar);
}

TEST_F(TableFunctionTest, StreamsManyChunks) {
  auto scan = IntegerScan(5000, 2);
  RegisterScan("many", scan);
  // a = row (0..4999), b = 1000 + row.
  EXPECT_EQ(Query("SELECT count(*), sum(a), min(a), max(a), sum(b) FROM many()"),
            (std::vector<std::string>{"5000|12497500|0|4999|17497500"}));
  EXPECT_EQ(scan->fills.load(), 3);  // 2048 + 2048 + 904
}

TEST_F(TableFunctionTest, PushesProjectionDown) {
  auto scan = IntegerScan(3, 3);
  RegisterScan("three", scan);
  EXPECT_EQ(Query("SELECT b FROM three()"), (std::vector<std::string>{"1000", "1001", "1002"}));
  ASSERT_EQ(scan->opened.size(), 1u);
  EXPECT_EQ(scan->opened[0], (std::vector<size_t>{1}));
}

TEST_F(TableFunctionTest, ProjectsColumnsInChunkOrder) {
  RegisterScan("three", IntegerScan(2, 3));
  EXPECT_EQ(Query("SELECT c, a FROM three() WHERE b > 1000"), (std::vector<std::string>{"2001|1"}));
}

TEST_F(TableFunctionTest, CountsRowsWithoutReadingColumns) {
  auto scan = IntegerScan(3000, 2);
  RegisterScan("rows", scan);
  EXPECT_EQ(Query("SELECT count(*) FROM rows()"), (std::vector<std::string>{"3000"}));
  ASSERT_EQ(scan->opened.size(), 1u);
  // count(*) needs no column; DuckDB 1.4 still asks for one (the first) rather than a row id.
  EXPECT_LE(scan->opened[0].size(), 1u);
}

TEST_F(TableFunctionTest, RunsWorkersInParallel) {
  DatabaseOptions options;
  options.threads = 4;
  auto db = Database::Open(options);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  auto conn = Connection::Open(*db);
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  auto scan = IntegerScan(100000, 1, /*threads=*/4);
  TableFunctionSpec spec;
  spec.name = "parallel";
  spec.bind = [scan](const BindInput&) -> Result<std::shared_ptr<TableScan>> {
    return std::shared_ptr<TableScan>(scan);
  };
  ASSERT_TRUE(RegisterTableFunction(*conn, std::move(spec)).ok());

  auto result = conn->Query("SELECT count(*), sum(a) FROM parallel()");
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  auto rows = result->FetchAllAsStrings();
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ((*rows)[0][0].value_or(""), "100000");
  EXPECT_EQ((*rows)[0][1].value_or(""), "4999950000");
  EXPECT_EQ(scan->opened.size(), 4u);
}

TEST_F(TableFunctionTest, PassesPositionalAndNamedArguments) {
  std::vector<BindInput> calls;
  TableFunctionSpec spec;
  spec.name = "params";
  spec.parameters = {ColumnType::Of(TypeId::kVarchar), ColumnType{TypeId::kOther, "ANY"}};
  spec.named_parameters = {{"horizon", ColumnType::Of(TypeId::kInteger)},
                           {"label", ColumnType::Of(TypeId::kVarchar)}};
  spec.bind = [&calls](const BindInput& input) -> Result<std::shared_ptr<TableScan>> {
    calls.push_back(input);
    return std::shared_ptr<TableScan>(IntegerScan(1, 1));
  };
  ASSERT_TRUE(RegisterTableFunction(*conn_, std::move(spec)).ok());

  EXPECT_EQ(Query("SELECT * FROM params('x', 1.5, horizon := 24)"),
            (std::vector<std::string>{"0"}));
  EXPECT_EQ(Query("SELECT * FROM params(NULL, [1, 2], label := 'l')"),
            (std::vector<std::string>{"0"}));
  ASSERT_EQ(calls.size(), 2u);
  const BindInput& first = calls[0];
  ASSERT_EQ(first.arguments.size(), 2u);
  EXPECT_FALSE(first.arguments[0].is_null);
  EXPECT_EQ(first.arguments[0].text, "x");
  EXPECT_EQ(first.arguments[0].type.id, TypeId::kVarchar);
  EXPECT_EQ(first.arguments[1].text, "1.5");
  EXPECT_EQ(first.arguments[1].type.name, "DECIMAL(2,1)");
  ASSERT_EQ(first.named.size(), 1u);
  EXPECT_EQ(first.named.at("horizon").text, "24");
  EXPECT_EQ(first.named.at("horizon").type.id, TypeId::kInteger);

  const BindInput& second = calls[1];
  EXPECT_TRUE(second.arguments[0].is_null);
  EXPECT_EQ(second.arguments[1].text, "[1, 2]");
  EXPECT_EQ(second.arguments[1].type.name, "INTEGER[]");
  ASSERT_EQ(second.named.size(), 1u);
  EXPECT_EQ(second.named.at("label").text, "l");
}

TEST_F(TableFunctionTest, BindErrorFailsTheQuery) {
  TableFunctionSpec spec;
  spec.name = "broken";
  spec.bind = [](const BindInput&) -> Result<std::shared_ptr<TableScan>> {
    return Status::Invalid("pipelines/x.sf:3: LOAD orders: unknown table 'nope'");
  };
  ASSERT_TRUE(RegisterTableFunction(*conn_, std::move(spec)).ok());
  EXPECT_NE(
      ErrorOf("SELECT * FROM broken()").find("pipelines/x.sf:3: LOAD orders: unknown table 'nope'"),
      std::string::npos)
      << ErrorOf("SELECT * FROM broken()");
}

TEST_F(TableFunctionTest, ExceptionInBindBecomesAnError) {
  TableFunctionSpec spec;
  spec.name = "throws";
  spec.bind = [](const BindInput&) -> Result<std::shared_ptr<TableScan>> {
    throw std::runtime_error("boom");
  };
  ASSERT_TRUE(RegisterTableFunction(*conn_, std::move(spec)).ok());
  std::string error = ErrorOf("SELECT * FROM throws()");
  EXPECT_NE(error.find("boom"), std::string::npos) << error;
  EXPECT_EQ(Query("SELECT 1"), (std::vector<std::string>{"1"}));
}

TEST_F(TableFunctionTest, UnsupportedColumnTypeFailsAtBind) {
  auto scan = std::make_shared<FakeScan>(
      std::vector<ColumnSpec>{{"m", ColumnType{TypeId::kOther, "MAP(VARCHAR, INTEGER)"}}}, 1,
      WriteAllTypes);
  RegisterScan("odd", scan);
  std::string error = ErrorOf("SELECT * FROM odd()");
  EXPECT_NE(error.find("table function 'odd', column 'm': type MAP(VARCHAR, INTEGER) cannot be "
                       "declared"),
            std::string::npos)
      << error;
}

TEST_F(TableFunctionTest, FillErrorFailsTheQueryAndCancelsOnce) {
  auto scan = std::make_shared<FakeScan>(
      std::vector<ColumnSpec>{{"a", ColumnType::Of(TypeId::kBigInt)}}, 10000,
      [](size_t, uint64_t row, OutputVector& out, size_t slot) {
        if (row == 3000) return Status::IoError("source 'pg': connection lost at row 3000");
        out.data<int64_t>()[slot] = static_cast<int64_t>(row);
        return Status::OK();
      });
  RegisterScan("failing", scan);
  EXPECT_EQ(ErrorOf("SELECT sum(a) FROM failing()"),
            "Invalid Input Error: source 'pg': connection lost at row 3000");
  EXPECT_EQ(scan->cancels.load(), 1);
}

TEST_F(TableFunctionTest, CancelLiveTableScansWakesAWorkerBlockedOnItsSource) {
  std::atomic<bool> waiting{false};
  std::shared_ptr<FakeScan> scan;
  scan = std::make_shared<FakeScan>(std::vector<ColumnSpec>{{"a", ColumnType::Of(TypeId::kBigInt)}},
                                    10000, [&](size_t, uint64_t, OutputVector&, size_t) {
                                      // A source that never answers until the scan is cancelled (or
                                      // 20 s pass).
                                      waiting = true;
                                      for (int i = 0; i < 2000 && scan->cancels.load() == 0; ++i) {
                                        std::this_thread::sleep_for(std::chrono::milliseconds(10));
                                      }
                                      return Status::IoError("the read was cancelled");
                                    });
  RegisterScan("blocked", scan);
  auto start = std::chrono::steady_clock::now();
  std::thread canceller([&] {
    while (!waiting) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    CancelLiveTableScans();
  });
  std::string error = ErrorOf("SELECT sum(a) FROM blocked()");
  canceller.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_NE(error.find("the read was cancelled"), std::string::npos) << error;
  // Once its query is over, the scan is no longer live: it is not cancelled again.
  int cancels = scan->cancels.load();
  EXPECT_GE(cancels, 1);
  CancelLiveTableScans();
  EXPECT_EQ(scan->cancels.load(), cancels);
}

TEST_F(TableFunctionTest, RegisteredOnceVisibleFromEveryConnection) {
  RegisterScan("shared", IntegerScan(2, 1));
  auto other = Connection::Open(*db_);
  ASSERT_TRUE(other.ok());
  auto result = other->Query("SELECT sum(a) FROM shared()");
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  auto rows = result->FetchAllAsStrings();
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ((*rows)[0][0].value_or(""), "1");
}

TEST_F(TableFunctionTest, RefusesAClashingName) {
  RegisterScan("twice", IntegerScan(1, 1));
  TableFunctionSpec spec;
  spec.name = "twice";
  spec.bind = [](const BindInput&) -> Result<std::shared_ptr<TableScan>> {
    return std::shared_ptr<TableScan>(IntegerScan(1, 1));
  };
  Status status = RegisterTableFunction(*conn_, std::move(spec));
  EXPECT_EQ(status.code(), StatusCode::kEngineError);
  EXPECT_NE(status.message().find("'twice'"), std::string::npos) << status.message();
}

TEST_F(TableFunctionTest, RefusesAnUnsupportedParameterType) {
  TableFunctionSpec spec;
  spec.name = "bad_param";
  spec.parameters = {ColumnType{TypeId::kOther, "STRUCT(a INTEGER)"}};
  spec.bind = [](const BindInput&) -> Result<std::shared_ptr<TableScan>> {
    return std::shared_ptr<TableScan>(IntegerScan(1, 1));
  };
  Status status = RegisterTableFunction(*conn_, std::move(spec));
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("table function 'bad_param', parameter 1"), std::string::npos)
      << status.message();
}

TEST_F(TableFunctionTest, ScanAndSpecLiveUntilTheDatabaseCloses) {
  auto scan = IntegerScan(2, 1);
  std::weak_ptr<FakeScan> watch = scan;
  RegisterScan("kept", std::move(scan));
  EXPECT_EQ(Query("SELECT sum(a) FROM kept()"), (std::vector<std::string>{"1"}));
  EXPECT_FALSE(watch.expired());  // the spec's bind function still holds it
  conn_.reset();
  db_.reset();
  EXPECT_TRUE(watch.expired());
}

}  // namespace
}  // namespace sqlflow
