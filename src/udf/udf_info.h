// UdfInfo: what discovery learned about one decorated Python function — enough to register it
// in DuckDB and to show it in `sqlflow udf list/info`. Plain values; no Python types.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace sqlflow {

struct UdfParameter {
  std::string name;
  std::string annotation;  // as written ("float", "Optional[int]"); empty when missing
  std::string sql_type;    // "DOUBLE"; empty for a table UDF's DataFrame parameter
  bool has_default = false;
  std::string default_repr;  // repr() of the default
  bool keyword_only = false;
  // NULL arguments reach Python as None (Optional[...]; always for vectorized UDFs). Otherwise
  // a NULL argument makes the result NULL without calling Python.
  bool nullable = false;
};

enum class UdfKind { kScalar, kVectorized, kTable };
const char* ToString(UdfKind kind);  // "scalar", "vectorized", "table"

struct UdfInfo {
  std::string qualified_name;  // "python_udfs.pricing.discount"
  std::string function_name;   // "discount"
  UdfKind kind = UdfKind::kScalar;
  std::vector<UdfParameter> parameters;
  std::string return_sql_type;                                     // scalar UDFs
  std::vector<std::pair<std::string, std::string>> output_schema;  // table UDFs
  bool infer_schema = false;
  std::string file;  // relative to the project root: "python_udfs/pricing.py"
  int line = 0;
  std::string docstring;

  // "pricing.discount": the qualified name without the leading "python_udfs.".
  std::string ShortName() const;
  // "python_udfs/pricing.py:12"
  std::string Place() const { return file + ":" + std::to_string(line); }
  // "discount(price: float, pct: float = 0.1) -> float"
  std::string Signature() const;
};

}  // namespace sqlflow
