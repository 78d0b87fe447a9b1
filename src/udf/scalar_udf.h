// The bridge from DuckDB's scalar functions to Python scalar UDFs: row UDFs (one call per row
// with Python values, value_codec.h) and vectorized UDFs (one call per chunk with numpy arrays,
// numpy_columns.h). Errors name the UDF, its file:line, the Python exception and, for row UDFs,
// the failing input row.
// Thread-safety: the spec's invoke may run on several DuckDB threads; each call takes the GIL.
#pragma once

#include <memory>
#include <string>

#include "common/status.h"
#include "engine/scalar_function.h"
#include "udf/python_function.h"

namespace sqlflow {

// The function to register as `sql_name`: one overload per arity the Python defaults allow.
// InvalidArgument when a parameter or result type is not usable (naming the UDF and place).
Result<ScalarFunctionSpec> MakeScalarFunctionSpec(std::shared_ptr<PythonFunction> function,
                                                  const std::string& sql_name);

}  // namespace sqlflow
