// InputVector / OutputVector against real DuckDB vectors, reached through scalar functions.
#include "engine/vector.h"

#include <gtest/gtest.h>

#include "engine/scalar_function.h"
#include "util/duckdb_test.h"

namespace sqlflow {
namespace {

class VectorTest : public test::DuckDbTest {
 protected:
  void Register(std::string name, std::vector<ColumnType> parameters, ColumnType result,
                std::function<Status(const InputChunk&, OutputVector&)> body) {
    ScalarFunctionSpec spec;
    spec.name = std::move(name);
    spec.overloads = {{std::move(parameters), std::move(result)}};
    spec.invoke = [body](size_t, const InputChunk& args, OutputVector& out) {
      return body(args, out);
    };
    Status status = RegisterScalarFunction(*conn_, std::move(spec));
    ASSERT_TRUE(status.ok()) << status.ToString();
  }
};

ColumnType IntList() { return ColumnType::List(ColumnType::Of(TypeId::kInteger)); }

// The text of every element of the VARCHAR[] argument, '|'-joined, "<null>" for NULL elements.
Status JoinStrings(const InputChunk& args, OutputVector& out) {
  InputVector lists = args.column(0);
  InputVector elements = lists.ListChild();
  EXPECT_EQ(elements.type().id, TypeId::kVarchar);
  for (size_t row = 0; row < args.size(); ++row) {
    if (!lists.IsValid(row)) {
      out.SetNull(row);
      continue;
    }
    ListEntry entry = lists.data<ListEntry>()[row];
    std::string joined;
    for (uint64_t k = entry.offset; k < entry.offset + entry.length; ++k) {
      if (k > entry.offset) joined += "|";
      joined += elements.IsValid(k) ? std::string(elements.GetString(k)) : "<null>";
    }
    out.SetString(row, joined);
  }
  return Status::OK();
}

TEST_F(VectorTest, ReadsListsOfStrings) {
  Register("join_strings", {ColumnType::List(ColumnType::Of(TypeId::kVarchar))},
           ColumnType::Of(TypeId::kVarchar), JoinStrings);
  EXPECT_EQ(Query("SELECT join_strings(l) FROM (VALUES (['a', NULL, 'a string over twelve']), "
                  "(NULL), ([]), (['twelve bytes', 'thirteen byte'])) t(l)"),
            (std::vector<std::string>{"a|<null>|a string over twelve", "NULL", "",
                                      "twelve bytes|thirteen byte"}));
}

// 1..n as a list, NULL for NULL, and a NULL element in place of every multiple of 3.
Status Sequence(const InputChunk& args, OutputVector& out) {
  InputVector n = args.column(0);
  for (size_t row = 0; row < args.size(); ++row) {
    if (!n.IsValid(row)) {
      out.SetNull(row);
      continue;
    }
    size_t count = static_cast<size_t>(n.data<int32_t>()[row]);
    size_t start = out.ListSize();
    SQLFLOW_RETURN_IF_ERROR(out.ReserveList(start + count));
    OutputVector elements = out.ListChild();  // after the reserve: its memory may have moved
    for (size_t k = 0; k < count; ++k) {
      if ((k + 1) % 3 == 0) {
        elements.SetNull(start + k);
      } else {
        elements.data<int32_t>()[start + k] = static_cast<int32_t>(k + 1);
      }
    }
    out.data<ListEntry>()[row] = ListEntry{start, count};
    SQLFLOW_RETURN_IF_ERROR(out.SetListSize(start + count));
  }
  return Status::OK();
}

TEST_F(VectorTest, WritesLists) {
  Register("sequence", {ColumnType::Of(TypeId::kInteger)}, IntList(), Sequence);
  EXPECT_EQ(Query("SELECT sequence(n) FROM (VALUES (4), (NULL), (0), (1)) t(n)"),
            (std::vector<std::string>{"[1, 2, NULL, 4]", "NULL", "[]", "[1]"}));
}

TEST_F(VectorTest, WritesListsOverManyChunks) {
  Register("sequence", {ColumnType::Of(TypeId::kInteger)}, IntList(), Sequence);
  // 5000 lists [1, 2, NULL, 4, 5, NULL, 7, 8, NULL, 10], computed row by row (no folding).
  EXPECT_EQ(Query("SELECT count(*), sum(x) FROM (SELECT unnest(sequence(10 + (i % 1)::INTEGER)) "
                  "AS x FROM range(5000) t(i))"),
            (std::vector<std::string>{"50000|185000"}));
}

TEST_F(VectorTest, ReadsNestedLists) {
  ColumnType nested = ColumnType::List(IntList());
  Register("flat_sum", {nested}, ColumnType::Of(TypeId::kBigInt),
           [](const InputChunk& args, OutputVector& out) {
             InputVector outer = args.column(0);
             InputVector inner = outer.ListChild();
             InputVector values = inner.ListChild();
             EXPECT_EQ(values.type().id, TypeId::kInteger);
             for (size_t row = 0; row < args.size(); ++row) {
               int64_t sum = 0;
               ListEntry o = outer.data<ListEntry>()[row];
               for (uint64_t i = o.offset; i < o.offset + o.length; ++i) {
                 if (!inner.IsValid(i)) continue;
                 ListEntry e = inner.data<ListEntry>()[i];
                 for (uint64_t k = e.offset; k < e.offset + e.length; ++k) {
                   if (values.IsValid(k)) sum += values.data<int32_t>()[k];
                 }
               }
               out.data<int64_t>()[row] = sum;
             }
             return Status::OK();
           });
  EXPECT_EQ(Query("SELECT flat_sum([[1, 2], NULL, [3, NULL]]), flat_sum([])"),
            (std::vector<std::string>{"6|0"}));
}

TEST_F(VectorTest, ReadsFixedWidthTypes) {
  Register("describe_values",
           {ColumnType::Decimal(18, 3), ColumnType::Of(TypeId::kInterval),
            ColumnType::Of(TypeId::kUuid), ColumnType::Of(TypeId::kTimestamp)},
           ColumnType::Of(TypeId::kVarchar), [](const InputChunk& args, OutputVector& out) {
             for (size_t row = 0; row < args.size(); ++row) {
               Interval iv = args.column(1).data<Interval>()[row];
               HugeInt uuid = args.column(2).data<HugeInt>()[row];
               out.SetString(row, std::to_string(args.column(0).data<int64_t>()[row]) + " " +
                                      std::to_string(iv.months) + "/" + std::to_string(iv.days) +
                                      "/" + std::to_string(iv.micros) + " " +
                                      std::to_string(uuid.upper == INT64_MIN && uuid.lower == 2) +
                                      " " + std::to_string(args.column(3).data<int64_t>()[row]));
             }
             return Status::OK();
           });
  EXPECT_EQ(Query("SELECT describe_values(-1.5, INTERVAL '1 month 2 days 3 seconds', "
                  "'00000000-0000-0000-0000-000000000002', TIMESTAMP '1970-01-01 00:00:01')"),
            (std::vector<std::string>{"-1500 1/2/3000000 1 1000000"}));
}

}  // namespace
}  // namespace sqlflow
