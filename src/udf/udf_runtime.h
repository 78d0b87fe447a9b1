// UdfRuntime: the Python UDFs of one project, ready to register in DuckDB (SPEC §3.6).
//
// Start() starts the embedded interpreter once per process (python_interpreter.h), imports
// every python_udfs/**/*.py of the project (sub-folders become dotted modules:
// python_udfs/pricing/tax.py is python_udfs.pricing.tax; files may import each other) and
// collects the functions marked with sqlflow.udfs decorators. Register() then makes one of them
// callable from SQL in a database.
//
// Python is started only by Start(): pipelines without UDFs never pay for it.
// Thread-safety: Start, Register and ShutdownUdfRuntime may be called from any thread; a
// UdfRuntime is immutable after Start and lives until ShutdownUdfRuntime().
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "engine/connection.h"
#include "engine/database.h"
#include "udf/udf_info.h"

namespace sqlflow {

class UdfRuntime {
 public:
  // The project's UDFs; the same runtime for every call with the same root. Errors:
  // InvalidArgument naming the file with the Python traceback when a file fails to import, and
  // naming the UDF and file:line for a signature or annotation that cannot map to SQL (every
  // problem of the project in one message); Internal when Python itself cannot start.
  static Result<UdfRuntime*> Start(const std::string& project_root);

  ~UdfRuntime();
  UdfRuntime(const UdfRuntime&) = delete;
  UdfRuntime& operator=(const UdfRuntime&) = delete;

  // Every UDF, sorted by qualified name.
  const std::vector<UdfInfo>& udfs() const;

  // The UDF called `name`: "python_udfs.pricing.discount", "pricing.discount" or a bare
  // "discount" when only one UDF has that name. NotFound with a "did you mean" when none
  // matches; InvalidArgument listing the candidates when several do.
  Result<const UdfInfo*> Resolve(const std::string& name) const;

  // Makes `udf` callable as `sql_name` in `db` (a scalar function, or a table function whose
  // input queries run on a second connection to `db`). Idempotent per database and sql_name.
  // InvalidArgument for an unusable type; EngineError when DuckDB refuses.
  // REQUIRES: `udf` comes from udfs(); `conn` is open on `db`; `db` outlives its use of the
  // function, and is closed before ShutdownUdfRuntime().
  Status Register(Database& db, Connection& conn, const UdfInfo& udf, const std::string& sql_name);

  struct State;  // defined in udf_runtime.cc

 private:
  explicit UdfRuntime(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// Releases every runtime and finalises Python. Call it once, at exit, after every Database that
// registered UDFs is closed (DuckDB before Py_FinalizeEx). Nothing happens when Python never
// started.
void ShutdownUdfRuntime();

}  // namespace sqlflow
