// The bridge from DuckDB's table functions to Python table UDFs:
//   FROM "ltv.lifetime_value"('SELECT * FROM customers', horizon := 24)
// At bind time the input query runs on a second connection to the same database, its rows
// become a pandas DataFrame, the UDF is called with the named arguments as keyword arguments,
// and the returned DataFrame is converted into C++ column buffers; the scan then copies those
// buffers into DuckDB's chunks and never touches Python.
// Thread-safety: bind may run on any DuckDB thread; it takes the GIL only around Python work
// (never while the input query runs, which may itself call Python UDFs).
#pragma once

#include <memory>
#include <string>

#include "common/status.h"
#include "engine/database.h"
#include "engine/table_function.h"
#include "udf/python_function.h"

namespace sqlflow {

// The table function to register as `sql_name`. Its one positional argument is the input query
// (or a bare table name); each keyword parameter of the UDF is a named parameter.
// InvalidArgument when a parameter or output_schema type is not usable.
// REQUIRES: `database` outlives the registered function (it is where input queries run).
Result<TableFunctionSpec> MakeTableFunctionSpec(std::shared_ptr<PythonFunction> function,
                                                Database& database, const std::string& sql_name);

}  // namespace sqlflow
