#include "udf/udf_runtime.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "util/duckdb_test.h"
#include "util/test_paths.h"

namespace sqlflow {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string ProjectDir(const std::string& name) {
  return std::string(test::SourceDir()) + "/test/udf/" + name;
}

// Finalises Python once every test (and its databases) is done: DuckDB before Py_FinalizeEx.
class PythonEnvironment : public ::testing::Environment {
 public:
  void TearDown() override { ShutdownUdfRuntime(); }
};
const auto* const kPythonEnvironment = ::testing::AddGlobalTestEnvironment(new PythonEnvironment());

class UdfRuntimeTest : public test::DuckDbTest {
 protected:
  void SetUp() override {
    test::DuckDbTest::SetUp();
    Result<UdfRuntime*> runtime = UdfRuntime::Start(ProjectDir("basic"));
    ASSERT_TRUE(runtime.ok()) << runtime.status().ToString();
    runtime_ = *runtime;
  }

  // Registers UDF `name` under the SQL name `sql_name` (default: `name`).
  void Register(const std::string& name, std::string sql_name = "") {
    Result<const UdfInfo*> udf = runtime_->Resolve(name);
    ASSERT_TRUE(udf.ok()) << udf.status().ToString();
    Status st = runtime_->Register(*db_, *conn_, **udf, sql_name.empty() ? name : sql_name);
    ASSERT_TRUE(st.ok()) << st.ToString();
  }

  // The error message of a query that must fail.
  std::string QueryError(const std::string& sql) {
    Result<QueryResult> result = conn_->Query(sql);
    EXPECT_FALSE(result.ok()) << sql;
    return result.ok() ? "" : result.status().message();
  }

  UdfRuntime* runtime_ = nullptr;
};

TEST_F(UdfRuntimeTest, DiscoversEveryDecoratedFunctionInSubFolders) {
  std::vector<std::string> names;
  for (const UdfInfo& u : runtime_->udfs()) names.push_back(u.qualified_name);
  EXPECT_THAT(names, ::testing::IsSupersetOf(
                         {"python_udfs.pricing.discount", "python_udfs.lib.helpers.twice",
                          "python_udfs.lib.uses.quadruple", "python_udfs.other.twice",
                          "python_udfs.ltv.lifetime_value"}));
  // `twice` imported into uses.py is described once, where it is defined.
  EXPECT_EQ(std::count(names.begin(), names.end(), "python_udfs.lib.uses.twice"), 0);
  const UdfInfo* discount = *runtime_->Resolve("pricing.discount");
  EXPECT_EQ(discount->Signature(), "discount(price: float, pct: float = 0.1) -> DOUBLE");
  EXPECT_EQ(discount->file, "python_udfs/pricing.py");
  EXPECT_EQ(discount->line, 12);
  EXPECT_EQ(discount->docstring, "Price after a percentage discount.");
  EXPECT_EQ(discount->kind, UdfKind::kScalar);
}

TEST_F(UdfRuntimeTest, ResolvesQualifiedShortAndUniqueBareNames) {
  EXPECT_EQ((*runtime_->Resolve("python_udfs.pricing.discount"))->function_name, "discount");
  EXPECT_EQ((*runtime_->Resolve("pricing.discount"))->qualified_name,
            "python_udfs.pricing.discount");
  EXPECT_EQ((*runtime_->Resolve("discount"))->qualified_name, "python_udfs.pricing.discount");
  EXPECT_EQ((*runtime_->Resolve("helpers.twice"))->qualified_name, "python_udfs.lib.helpers.twice");

  Result<const UdfInfo*> ambiguous = runtime_->Resolve("twice");
  ASSERT_FALSE(ambiguous.ok());
  EXPECT_EQ(ambiguous.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(ambiguous.status().message(), HasSubstr("'twice' is ambiguous"));
  EXPECT_THAT(ambiguous.status().message(), HasSubstr("lib.helpers.twice (python_udfs/lib/"));
  EXPECT_THAT(ambiguous.status().message(), HasSubstr("other.twice (python_udfs/other.py:5)"));

  Result<const UdfInfo*> missing = runtime_->Resolve("pricing.discont");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(missing.status().message(), HasSubstr("did you mean 'pricing.discount'?"));
}

TEST_F(UdfRuntimeTest, RowUdfWithNumbersDefaultsAndNulls) {
  Register("pricing.discount");
  Register("discount");  // the bare name too; registering twice is harmless
  Register("discount");
  EXPECT_THAT(Query("SELECT \"pricing.discount\"(100.0, 0.25), discount(50), discount(NULL)"),
              ElementsAre("75.0|45.0|NULL"));
  Register("is_big");
  EXPECT_THAT(Query("SELECT is_big(i) FROM range(99, 102) t(i)"),
              ElementsAre("false", "false", "true"));
}

TEST_F(UdfRuntimeTest, RowUdfWithStringsAndOptional) {
  Register("shout");
  Register("label");
  Exec("CREATE TABLE people AS SELECT * FROM (VALUES ('ann'), (NULL), ('héloïse')) t(name)");
  EXPECT_THAT(Query("SELECT shout(name), label(name) FROM people"),
              ElementsAre("ANN!|user:ann", "NULL|anonymous", "HÉLOÏSE!|user:héloïse"));
}

TEST_F(UdfRuntimeTest, RowUdfWithDatesTimestampsAndDecimals) {
  Register("next_day");
  Register("next_hour");
  Register("with_tax");
  EXPECT_THAT(Query("SELECT next_day(DATE '2024-02-28'), next_day(DATE '1969-12-31'), "
                    "next_hour(TIMESTAMP '2024-12-31 23:30:00.123456')"),
              ElementsAre("2024-02-29|1970-01-01|2025-01-01 00:30:00.123456"));
  EXPECT_THAT(Query("SELECT with_tax(10.50::DECIMAL(10,2)), with_tax(-0.001)"),
              ElementsAre("12.600000000|-0.001200000"));
}

TEST_F(UdfRuntimeTest, ExceptionNamesUdfPlaceAndInputRow) {
  Register("ratio");
  std::string error = QueryError("SELECT ratio(a, b) FROM (VALUES (1.0, 2.0), (3.5, 0.0)) t(a, b)");
  EXPECT_THAT(error, HasSubstr("UDF pricing.ratio (python_udfs/pricing.py:18) raised "
                               "ZeroDivisionError: float division by zero (input row: a=3.5, "
                               "b=0.0)"));
  Register("wrong_type");
  EXPECT_THAT(QueryError("SELECT wrong_type(1)"),
              HasSubstr("UDF pricing.wrong_type (python_udfs/pricing.py:53) returned a bad "
                        "value: expected int for BIGINT, got str 'not a number' (input row: n=1)"));
  // The connection still works after a failed UDF.
  EXPECT_THAT(Query("SELECT ratio(1, 4)"), ElementsAre("0.25"));
}

TEST_F(UdfRuntimeTest, VectorizedNumericGetsReadOnlyViewsAndNaNForNull) {
  Register("score");
  Register("is_readonly");
  EXPECT_THAT(Query("SELECT sum(score(i, 10)) FROM range(10000) t(i)"), ElementsAre("35026500.0"));
  EXPECT_THAT(Query("SELECT score(1, NULL), score(10, 0)"), ElementsAre("NULL|7.0"));
  EXPECT_THAT(Query("SELECT bool_and(is_readonly(i)) FROM range(5000) t(i)"), ElementsAre("true"));
}

TEST_F(UdfRuntimeTest, VectorizedStrings) {
  Register("upper_all");
  EXPECT_THAT(Query("SELECT upper_all(s) FROM (VALUES ('a'), (NULL), ('bc')) t(s)"),
              ElementsAre("A", "NULL", "BC"));
}

TEST_F(UdfRuntimeTest, VectorizedWrongLengthIsAClearError) {
  Register("too_short");
  EXPECT_THAT(QueryError("SELECT too_short(i) FROM range(3) t(i)"),
              HasSubstr("UDF pricing.too_short (python_udfs/pricing.py:68) returned a bad "
                        "result: ValueError: got 1 values for 3 input rows"));
}

TEST_F(UdfRuntimeTest, TableUdfWithKeywordArgumentsAndOutputSchema) {
  Register("ltv.lifetime_value");
  Exec(
      "CREATE TABLE customers AS SELECT * FROM (VALUES (1, 10.0), (2, NULL), (3, 2.5)) "
      "t(id, revenue)");
  EXPECT_THAT(Query("SELECT * FROM \"ltv.lifetime_value\"('SELECT * FROM customers', "
                    "horizon := 24) ORDER BY customer_id"),
              ElementsAre("1|240.0", "2|NULL", "3|60.0"));
  EXPECT_THAT(Query("SELECT sum(ltv) FROM \"ltv.lifetime_value\"('customers')"),
              ElementsAre("150.0"));
}

TEST_F(UdfRuntimeTest, TableUdfInfersItsSchema) {
  Register("summary", "ltv.summary");
  EXPECT_THAT(Query("SELECT * FROM \"ltv.summary\"('SELECT i FROM range(4) t(i)', prefix := 'x')"),
              ElementsAre("x_rows|4|1.5"));
  EXPECT_THAT(Query("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM "
                    "\"ltv.summary\"('SELECT 1'))"),
              ElementsAre("name|VARCHAR", "count|BIGINT", "mean|DOUBLE"));
}

TEST_F(UdfRuntimeTest, NameOfABuiltInFunctionIsRefused) {
  const UdfInfo* summary = *runtime_->Resolve("ltv.summary");
  Status st = runtime_->Register(*db_, *conn_, *summary, "summary");
  ASSERT_FALSE(st.ok());
  EXPECT_THAT(st.message(), HasSubstr("'summary' is already a DuckDB function"));
  EXPECT_THAT(st.message(), HasSubstr("PYTHON_FUNC('ltv.summary', ...)"));
}

TEST_F(UdfRuntimeTest, TableUdfMissingColumnIsAClearError) {
  Register("forgets_column");
  EXPECT_THAT(QueryError("SELECT * FROM forgets_column('SELECT 1')"),
              HasSubstr("UDF ltv.forgets_column (python_udfs/ltv.py:20) returned a bad result: "
                        "ValueError: the returned DataFrame has no column 'missing'"));
}

TEST_F(UdfRuntimeTest, SubFolderModulesImportEachOther) {
  Register("quadruple");
  EXPECT_THAT(Query("SELECT quadruple(5)"), ElementsAre("20"));
}

TEST_F(UdfRuntimeTest, TwoConnectionsCallAUdfConcurrently) {
  Register("discount");
  Register("score");
  auto run = [this](std::string* out) {
    Result<Connection> conn = Connection::Open(*db_);
    if (!conn.ok()) return;
    Result<QueryResult> r =
        conn->Query("SELECT sum(discount(i, 0.5)) + sum(score(i, 0)) FROM range(200000) t(i)");
    if (!r.ok()) {
      *out = r.status().message();
      return;
    }
    Result<StringRows> rows = r->FetchAllAsStrings();
    *out = rows.ok() ? (*rows)[0][0].value_or("NULL") : rows.status().message();
  };
  std::string a, b;
  std::thread first(run, &a);
  std::thread second(run, &b);
  first.join();
  second.join();
  EXPECT_EQ(a, "23999880000.0");
  EXPECT_EQ(b, "23999880000.0");
}

TEST(UdfRuntimeErrorsTest, ImportErrorNamesTheFileWithTraceback) {
  Result<UdfRuntime*> runtime = UdfRuntime::Start(ProjectDir("import_error"));
  ASSERT_FALSE(runtime.ok());
  const std::string& message = runtime.status().message();
  EXPECT_THAT(message, HasSubstr("python_udfs/broken.py: import failed:\nTraceback"));
  EXPECT_THAT(message, HasSubstr("broken.py\", line 8, in <module>"));
  EXPECT_THAT(message, HasSubstr("KeyError: 'missing'"));
}

TEST(UdfRuntimeErrorsTest, BadAnnotationsNameTheUdfAndLine) {
  Result<UdfRuntime*> runtime = UdfRuntime::Start(ProjectDir("bad_annotation"));
  ASSERT_FALSE(runtime.ok());
  EXPECT_THAT(runtime.status().message(),
              HasSubstr("UDF bad.no_annotation (python_udfs/bad.py:5): parameter 'x' has no "
                        "type annotation"));
  EXPECT_THAT(runtime.status().message(),
              HasSubstr("UDF bad.list_annotation (python_udfs/bad.py:10): parameter 'x' has an "
                        "unsupported annotation list"));
}

TEST(UdfRuntimeErrorsTest, ProjectWithoutUdfsHasNone) {
  Result<UdfRuntime*> runtime = UdfRuntime::Start(ProjectDir("no_such_project"));
  ASSERT_TRUE(runtime.ok()) << runtime.status().ToString();
  EXPECT_TRUE((*runtime)->udfs().empty());
  EXPECT_EQ((*runtime)->Resolve("x").status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace sqlflow
