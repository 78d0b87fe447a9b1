// Table functions: a C++ producer of rows that SQL reads like a table —
// `SELECT * FROM sqlflow_source('load.orders')`, `FROM my_udf('SELECT …', horizon := 24)`.
// This is how every non-file source streams typed chunks into DuckDB without staging
// (ARCHITECTURE.md, the data path), and how table UDFs return their rows.
//
// Flow: DuckDB binds a call by passing its constant arguments to TableFunctionSpec::bind, which
// returns a TableScan (its columns fixed from then on). For each execution DuckDB asks the scan
// for up to max_threads() workers, on its own threads, each filling chunks until it has no more.
// Thread-safety: bind may run on any thread; OpenWorker is called concurrently from several
// threads; one worker is used by one thread at a time.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "engine/column_type.h"
#include "engine/connection.h"
#include "engine/vector.h"

struct _duckdb_data_chunk;

namespace sqlflow {

struct ColumnSpec {
  std::string name;
  ColumnType type;
};

// A constant argument of a table function call.
struct ArgumentValue {
  bool is_null = true;
  ColumnType type;   // as DuckDB bound it (a literal 24 is INTEGER, 'x' VARCHAR, 1.5 DECIMAL)
  std::string text;  // the value cast to VARCHAR ("24", "x", "1.5", "true")
};

struct BindInput {
  std::vector<ArgumentValue> arguments;        // positional, in order
  std::map<std::string, ArgumentValue> named;  // only the named arguments the call gave
};

// A chunk to fill: up to capacity() rows, every column of the scan (or only the projected ones:
// see TableScanWorker::Fill).
class OutputChunk {
 public:
  explicit OutputChunk(_duckdb_data_chunk* handle, const std::vector<ColumnType>* types);
  size_t capacity() const;  // 2048 (DuckDB's vector size)
  size_t column_count() const;
  OutputVector column(size_t index);  // index into the chunk's columns
  void SetSize(size_t rows);          // how many rows were written

 private:
  _duckdb_data_chunk* handle_;
  const std::vector<ColumnType>* types_;
};

class TableScanWorker {
 public:
  virtual ~TableScanWorker() = default;
  // Writes the next rows into `out` and returns how many; 0 when the worker is done. An error
  // fails the query with its message (the statement is rolled back by the caller's transaction).
  virtual Result<size_t> Fill(OutputChunk& out) = 0;
};

class TableScan {
 public:
  virtual ~TableScan() = default;
  virtual const std::vector<ColumnSpec>& columns() const = 0;
  // How many workers may read at once (1 = serial). Default 1.
  virtual size_t max_threads() const { return 1; }
  // A worker that fills chunks holding only `projected` columns (indexes into columns(), in
  // chunk order) — DuckDB's projection pushdown, so unread columns are never fetched.
  virtual Result<std::unique_ptr<TableScanWorker>> OpenWorker(
      const std::vector<size_t>& projected) = 0;
  // Called once when a worker fails or the query is interrupted, so workers blocked on I/O can
  // give up. Default: nothing.
  virtual void Cancel() {}
};

// Cancels the scan of every table-function call that is bound and not yet destroyed, in any
// connection: what an interrupt of the whole run does, so that workers blocked on I/O (a
// PostgreSQL server that has not answered yet) give up instead of waiting for it. Thread-safe.
void CancelLiveTableScans();

struct TableFunctionSpec {
  std::string name;
  // A parameter of type {TypeId::kOther, "ANY"} takes an argument of any type (its
  // ArgumentValue::type says which); other types make DuckDB cast the argument to them.
  std::vector<ColumnType> parameters;  // positional parameter types
  std::vector<std::pair<std::string, ColumnType>> named_parameters;
  // Makes the scan for one call. An error fails the query at bind time with its message.
  std::function<Result<std::shared_ptr<TableScan>>(const BindInput&)> bind;
};

// Registers `spec` in the database of `connection` (visible to every connection of it, never
// persisted). EngineError when DuckDB refuses (a name clash with a built-in, …).
Status RegisterTableFunction(Connection& connection, TableFunctionSpec spec);

}  // namespace sqlflow
