#include "engine/table_schema.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <string_view>

#include "common/strings.h"
#include "engine/sql_quote.h"

namespace sqlflow {

namespace {

// A type reduced to what IsLosslessCast() compares: a canonical base name and, for DECIMAL, its
// precision and scale. Nested and parameterised types keep their whole text as the base.
struct TypeShape {
  std::string base;
  int precision = 0;
  int scale = 0;
};

std::string Canonical(std::string name) {
  static const std::pair<const char*, const char*> kAliases[] = {
      {"INT", "INTEGER"},
      {"INT4", "INTEGER"},
      {"SIGNED", "INTEGER"},
      {"INT8", "BIGINT"},
      {"LONG", "BIGINT"},
      {"INT2", "SMALLINT"},
      {"SHORT", "SMALLINT"},
      {"INT1", "TINYINT"},
      {"REAL", "FLOAT"},
      {"FLOAT4", "FLOAT"},
      {"FLOAT8", "DOUBLE"},
      {"NUMERIC", "DECIMAL"},
      {"STRING", "VARCHAR"},
      {"TEXT", "VARCHAR"},
      {"CHAR", "VARCHAR"},
      {"BPCHAR", "VARCHAR"},
      {"BOOL", "BOOLEAN"},
      {"LOGICAL", "BOOLEAN"},
      {"DATETIME", "TIMESTAMP"},
      {"TIMESTAMP WITHOUT TIME ZONE", "TIMESTAMP"},
      {"TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ"},
      {"TIMESTAMP_US", "TIMESTAMP"},
  };
  for (const auto& [alias, canonical] : kAliases) {
    if (name == alias) return canonical;
  }
  return name;
}

TypeShape ParseType(const std::string& text) {
  std::string upper;
  for (char c : text) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  TypeShape shape;
  size_t paren = upper.find('(');
  bool nested = upper.find('[') != std::string::npos || upper.rfind("STRUCT", 0) == 0 ||
                upper.rfind("MAP", 0) == 0 || upper.rfind("UNION", 0) == 0 ||
                upper.rfind("ENUM", 0) == 0;
  if (nested || paren == std::string::npos) {
    shape.base = nested ? upper : Canonical(upper);
    if (shape.base == "DECIMAL") shape = {"DECIMAL", 18, 3};  // DuckDB's default
    return shape;
  }
  shape.base = Canonical(upper.substr(0, paren));
  if (shape.base == "DECIMAL") {
    int precision = 0, scale = 0;
    if (std::sscanf(upper.c_str() + paren, "(%d,%d)", &precision, &scale) < 1) return {upper};
    shape.precision = precision;
    shape.scale = scale;
  } else if (shape.base != "VARCHAR") {
    shape.base = upper;  // an unknown parameterised type: compared as written
  }
  return shape;
}

struct IntegerKind {
  const char* name;
  int bits;
  bool is_signed;
  int digits;  // decimal digits of its largest value
};

const IntegerKind* FindInteger(const std::string& base) {
  static const IntegerKind kIntegers[] = {
      {"TINYINT", 8, true, 3},      {"SMALLINT", 16, true, 5},   {"INTEGER", 32, true, 10},
      {"BIGINT", 64, true, 19},     {"HUGEINT", 128, true, 39},  {"UTINYINT", 8, false, 3},
      {"USMALLINT", 16, false, 5},  {"UINTEGER", 32, false, 10}, {"UBIGINT", 64, false, 20},
      {"UHUGEINT", 128, false, 39},
  };
  for (const IntegerKind& kind : kIntegers) {
    if (base == kind.name) return &kind;
  }
  return nullptr;
}

bool IntegerFits(const IntegerKind& from, const TypeShape& to) {
  if (const IntegerKind* target = FindInteger(to.base)) {
    if (from.is_signed) return target->is_signed && target->bits >= from.bits;
    return target->is_signed ? target->bits > from.bits : target->bits >= from.bits;
  }
  if (to.base == "FLOAT") return from.bits <= 16;   // 24-bit mantissa
  if (to.base == "DOUBLE") return from.bits <= 32;  // 53-bit mantissa
  if (to.base == "DECIMAL") return to.precision - to.scale >= from.digits;
  return false;
}

bool DecimalFits(const TypeShape& from, const TypeShape& to) {
  if (to.base == "DECIMAL") {
    return to.scale >= from.scale && to.precision - to.scale >= from.precision - from.scale;
  }
  const IntegerKind* target = FindInteger(to.base);
  // Every p-digit integer must fit, and a DECIMAL may be negative.
  return target != nullptr && target->is_signed && from.scale == 0 &&
         from.precision <= target->digits - 1;
}

int TimestampRank(const std::string& base) {
  if (base == "TIMESTAMP_S") return 1;
  if (base == "TIMESTAMP_MS") return 2;
  if (base == "TIMESTAMP") return 3;
  return 0;
}

Result<std::vector<ColumnInfo>> ColumnsDescribed(QueryResult& described) {
  SQLFLOW_ASSIGN_OR_RETURN(StringRows rows, described.FetchAllAsStrings());
  std::vector<ColumnInfo> columns;
  for (const auto& row : rows) {
    // DESCRIBE's columns: column_name, column_type, null, key, default, extra.
    columns.push_back({row.at(0).value_or(""), row.at(1).value_or(""), row.at(2) != "NO"});
  }
  return columns;
}

}  // namespace

bool IsLosslessCast(const std::string& from, const std::string& to) {
  TypeShape source = ParseType(from);
  TypeShape target = ParseType(to);
  if (target.base == "VARCHAR") return true;
  if (source.base == target.base) {
    return source.base != "DECIMAL" || DecimalFits(source, target);
  }
  if (const IntegerKind* kind = FindInteger(source.base)) return IntegerFits(*kind, target);
  if (source.base == "DECIMAL") return DecimalFits(source, target);
  if (source.base == "FLOAT") return target.base == "DOUBLE";
  if (source.base == "DATE") return target.base == "TIMESTAMP";
  int from_rank = TimestampRank(source.base);
  return from_rank > 0 && TimestampRank(target.base) > from_rank;
}

bool IsCheckedIntegerNarrowing(const std::string& from, const std::string& to) {
  return FindInteger(ParseType(from).base) != nullptr && FindInteger(ParseType(to).base) != nullptr;
}

Result<std::vector<ColumnInfo>> DescribeRelation(Connection& connection, const std::string& query) {
  SQLFLOW_ASSIGN_OR_RETURN(QueryResult result,
                           connection.Query("DESCRIBE SELECT * FROM " + ParenthesizeQuery(query)));
  return ColumnsDescribed(result);
}

Result<std::optional<std::vector<ColumnInfo>>> DescribeTable(Connection& connection,
                                                             const TableName& name) {
  // A DESCRIBE of the one table, fully qualified so that a temporary view of that name does not
  // answer. (duckdb_columns() would first build every view of the system catalog: ~10 ms the
  // first time in a process, once per run.)
  SQLFLOW_ASSIGN_OR_RETURN(QueryResult current,
                           connection.Query("SELECT current_database(), current_schema()"));
  SQLFLOW_ASSIGN_OR_RETURN(StringRows where, current.FetchAllAsStrings());
  if (where.size() != 1 || !where[0].at(0) || !where[0].at(1)) {
    return Status::Internal("no current database or schema to find table " + name.ToString());
  }
  std::string qualified = QuoteIdentifier(*where[0][0]) + "." +
                          QuoteIdentifier(name.schema.empty() ? *where[0][1] : name.schema) + "." +
                          QuoteIdentifier(name.table);
  SQLFLOW_ASSIGN_OR_RETURN(std::optional<QueryResult> result,
                           connection.QueryUnlessMissing("DESCRIBE " + qualified));
  if (!result) return std::optional<std::vector<ColumnInfo>>();
  SQLFLOW_ASSIGN_OR_RETURN(std::vector<ColumnInfo> columns, ColumnsDescribed(*result));
  return std::optional<std::vector<ColumnInfo>>(std::move(columns));
}

}  // namespace sqlflow
