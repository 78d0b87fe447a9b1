#include "engine/scalar_function.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cctype>
#include <thread>

#include "util/duckdb_test.h"

namespace sqlflow {
namespace {

class ScalarFunctionTest : public test::DuckDbTest {
 protected:
  void Register(ScalarFunctionSpec spec) {
    Status status = RegisterScalarFunction(*conn_, std::move(spec));
    ASSERT_TRUE(status.ok()) << status.ToString();
  }

  // The message of `sql`'s error ("" when it succeeds).
  std::string ErrorOf(const std::string& sql) {
    auto result = conn_->Query(sql);
    return result.ok() ? "" : result.status().message();
  }
};

ColumnType Integer() { return ColumnType::Of(TypeId::kInteger); }
ColumnType Varchar() { return ColumnType::Of(TypeId::kVarchar); }

// add_one(a) = a + 1, NULL for NULL; add_one(a, b) = a + b + 1 with NULL counted as 0.
ScalarFunctionSpec AddOne(std::atomic<int>* calls = nullptr) {
  ScalarFunctionSpec spec;
  spec.name = "add_one";
  spec.overloads = {{{Integer()}, Integer()}, {{Integer(), Integer()}, Integer()}};
  spec.invoke = [calls](size_t overload, const InputChunk& args, OutputVector& result) {
    if (calls) ++*calls;
    int32_t* out = result.data<int32_t>();
    InputVector a = args.column(0);
    for (size_t row = 0; row < args.size(); ++row) {
      if (overload == 0) {
        if (!a.IsValid(row)) {
          result.SetNull(row);
        } else {
          out[row] = a.data<int32_t>()[row] + 1;
        }
        continue;
      }
      InputVector b = args.column(1);
      int32_t x = a.IsValid(row) ? a.data<int32_t>()[row] : 0;
      int32_t y = b.IsValid(row) ? b.data<int32_t>()[row] : 0;
      out[row] = x + y + 1;
    }
    return Status::OK();
  };
  return spec;
}

TEST_F(ScalarFunctionTest, CallsTheOverloadForTheArity) {
  Register(AddOne());
  EXPECT_EQ(Query("SELECT add_one(41), add_one(40, 1)"), (std::vector<std::string>{"42|42"}));
}

TEST_F(ScalarFunctionTest, IsCalledWithNulls) {
  Register(AddOne());
  EXPECT_EQ(Query("SELECT add_one(v), add_one(v, w) FROM (VALUES (1, NULL), (NULL, 5), "
                  "(NULL, NULL)) t(v, w)"),
            (std::vector<std::string>{"2|2", "NULL|6", "NULL|1"}));
}

TEST_F(ScalarFunctionTest, NullsOfOneChunkDoNotLeakIntoTheNext) {
  Register(AddOne());
  // Every row of the first chunk is NULL, every row after it is not.
  EXPECT_EQ(Query("SELECT count(x), sum(x) FROM (SELECT add_one(CASE WHEN i < 2048 THEN NULL "
                  "ELSE i::INTEGER END) AS x FROM range(5000) t(i))"),
            (std::vector<std::string>{"2952|10404324"}));
}

TEST_F(ScalarFunctionTest, ReadsAndWritesStrings) {
  ScalarFunctionSpec spec;
  spec.name = "shout";
  spec.overloads = {{{Varchar()}, Varchar()}};
  spec.invoke = [](size_t, const InputChunk& args, OutputVector& result) {
    InputVector in = args.column(0);
    for (size_t row = 0; row < args.size(); ++row) {
      if (!in.IsValid(row)) {
        result.SetNull(row);
        continue;
      }
      std::string text(in.GetString(row));
      for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      result.SetString(row, text + "!");
    }
    return Status::OK();
  };
  Register(std::move(spec));
  EXPECT_EQ(Query("SELECT shout(s) FROM (VALUES ('hi'), (NULL), ('exactly12chr'), "
                  "('a much longer string than twelve bytes'), ('')) t(s)"),
            (std::vector<std::string>{"HI!", "NULL", "EXACTLY12CHR!",
                                      "A MUCH LONGER STRING THAN TWELVE BYTES!", "!"}));
}

TEST_F(ScalarFunctionTest, ErrorForOneRowFailsTheQuery) {
  ScalarFunctionSpec spec;
  spec.name = "checked";
  spec.overloads = {{{Integer()}, Integer()}};
  spec.invoke = [](size_t, const InputChunk& args, OutputVector& result) {
    InputVector in = args.column(0);
    for (size_t row = 0; row < args.size(); ++row) {
      int32_t value = in.data<int32_t>()[row];
      if (value == 13) {
        return Status::Invalid("python udf 'checked': ValueError: 13 is unlucky (row " +
                               std::to_string(row) + ")");
      }
      result.data<int32_t>()[row] = value;
    }
    return Status::OK();
  };
  Register(std::move(spec));
  EXPECT_EQ(Query("SELECT sum(checked(i::INTEGER)) FROM range(13) t(i)"),
            (std::vector<std::string>{"78"}));
  EXPECT_EQ(ErrorOf("SELECT sum(checked(i::INTEGER)) FROM range(20) t(i)"),
            "Invalid Input Error: python udf 'checked': ValueError: 13 is unlucky (row 13)");
}

TEST_F(ScalarFunctionTest, ExceptionBecomesAnError) {
  ScalarFunctionSpec spec;
  spec.name = "throws";
  spec.overloads = {{{Integer()}, Integer()}};
  spec.invoke = [](size_t, const InputChunk&, OutputVector&) -> Status {
    throw std::runtime_error("kaboom");
  };
  Register(std::move(spec));
  std::string error = ErrorOf("SELECT throws(1)");
  EXPECT_NE(error.find("kaboom"), std::string::npos) << error;
}

// counter() returns 1, 2, 3, … across calls.
ScalarFunctionSpec Counter(bool is_volatile) {
  auto next = std::make_shared<std::atomic<int64_t>>(0);
  ScalarFunctionSpec spec;
  spec.name = is_volatile ? "counter_volatile" : "counter_stable";
  spec.overloads = {{{}, ColumnType::Of(TypeId::kBigInt)}};
  spec.is_volatile = is_volatile;
  spec.invoke = [next](size_t, const InputChunk& args, OutputVector& result) {
    for (size_t row = 0; row < args.size(); ++row) result.data<int64_t>()[row] = ++*next;
    return Status::OK();
  };
  return spec;
}

TEST_F(ScalarFunctionTest, VolatileFunctionIsCalledForEveryRow) {
  Register(Counter(true));
  Register(Counter(false));
  EXPECT_EQ(Query("SELECT count(DISTINCT counter_volatile()), count(DISTINCT counter_stable()) "
                  "FROM range(5)"),
            (std::vector<std::string>{"5|1"}));
}

TEST_F(ScalarFunctionTest, ConcurrentQueriesFromTwoConnections) {
  DatabaseOptions options;
  options.threads = 2;
  auto db = Database::Open(options);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  auto first = Connection::Open(*db);
  auto second = Connection::Open(*db);
  ASSERT_TRUE(first.ok() && second.ok());
  std::atomic<int> calls{0};
  ASSERT_TRUE(RegisterScalarFunction(*first, AddOne(&calls)).ok());

  std::string sql = "SELECT sum(add_one(i::INTEGER)) FROM range(200000) t(i)";
  std::string results[2];
  auto run = [&sql](Connection* conn, std::string* out) {
    for (int repeat = 0; repeat < 5; ++repeat) {
      auto result = conn->Query(sql);
      if (!result.ok()) {
        *out = result.status().ToString();
        return;
      }
      auto rows = result->FetchAllAsStrings();
      *out = rows.ok() ? (*rows)[0][0].value_or("NULL") : rows.status().ToString();
    }
  };
  std::thread a(run, &*first, &results[0]);
  std::thread b(run, &*second, &results[1]);
  a.join();
  b.join();
  EXPECT_EQ(results[0], "20000100000");
  EXPECT_EQ(results[1], "20000100000");
  EXPECT_GE(calls.load(), 2 * 5 * 98);  // 200000 rows are 98 chunks
}

TEST_F(ScalarFunctionTest, RefusesDuplicateOverloads) {
  ScalarFunctionSpec spec = AddOne();
  spec.overloads = {{{Integer()}, Integer()}, {{Integer()}, Varchar()}};
  Status status = RegisterScalarFunction(*conn_, std::move(spec));
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "function 'add_one': overloads 1 and 2 take the same parameters");
}

TEST_F(ScalarFunctionTest, RefusesAnUnsupportedType) {
  ScalarFunctionSpec spec = AddOne();
  spec.overloads = {{{ColumnType{TypeId::kOther, "MAP(INTEGER, INTEGER)"}}, Integer()}};
  Status status = RegisterScalarFunction(*conn_, std::move(spec));
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("function 'add_one', parameter 1: type MAP(INTEGER, INTEGER)"),
            std::string::npos)
      << status.message();
}

TEST_F(ScalarFunctionTest, SpecLivesUntilTheDatabaseCloses) {
  auto token = std::make_shared<int>(7);
  std::weak_ptr<int> watch = token;
  ScalarFunctionSpec spec = AddOne();
  auto invoke = spec.invoke;
  spec.invoke = [token, invoke](size_t overload, const InputChunk& args, OutputVector& result) {
    return invoke(overload, args, result);
  };
  Register(std::move(spec));
  token.reset();
  EXPECT_EQ(Query("SELECT add_one(1)"), (std::vector<std::string>{"2"}));
  EXPECT_FALSE(watch.expired());
  conn_.reset();
  db_.reset();
  EXPECT_TRUE(watch.expired());
}

TEST_F(ScalarFunctionTest, FailingFunctionFailsEveryStatementThatCallsIt) {
  ASSERT_TRUE(RegisterFailingFunction(*conn_, "not_here", "call it elsewhere").ok());
  Exec("CREATE TABLE t (a INTEGER)");
  for (const char* sql : {"SELECT not_here(1)", "INSERT INTO t SELECT not_here('x', 2)",
                          "UPDATE t SET a = not_here()", "SELECT not_here(a) FROM t WHERE false"}) {
    SCOPED_TRACE(sql);
    EXPECT_EQ(ErrorOf(sql), "Binder Error: call it elsewhere");
  }
  EXPECT_EQ(ErrorOf("INSERT INTO t VALUES (1)"), "");
}

}  // namespace
}  // namespace sqlflow
