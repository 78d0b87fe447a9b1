// Plan: the DAG of steps the planner makes from a pipeline (SPEC §3.1), in an executable
// (topological) order. Everything in it is resolved: variables substituted, INCLUDE and IF
// expanded, SQL analysed. Secrets in params are kept for execution and masked when printed.
// Thread-safety: plain values.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/diagnostic.h"
#include "common/source_span.h"
#include "lang/ast.h"

namespace sqlflow {

enum class StepKind { kSource, kLoad, kTransform, kSql, kExport };
const char* ToString(StepKind kind);

struct Step {
  std::string id;  // stable: source.<name>, load.<table>, transform.<table>, sql.<line>, export.<x>
  StepKind kind = StepKind::kSql;
  SourceSpan span;
  std::string sql;  // transform/export query or pass-through statement, variables substituted

  // Tables (and source names) read and written, lower-cased and without a `main.` schema.
  std::vector<std::string> reads;
  std::vector<std::string> writes;
  // The SOURCEs the step reads through their views: of `reads`, those whose last writer before
  // the step is the SOURCE itself (after `LOAD orders FROM orders`, `orders` is the table); for
  // a barrier, every source not hidden so by then.
  std::vector<std::string> sources_read;
  // The column names the step's SQL may read from the tables it reads (SqlTables::columns):
  // unset when it may read every column, or when nobody could tell.
  std::optional<std::vector<std::string>> columns_read;
  bool barrier = false;                 // a pass-through statement whose tables are unknown
  std::vector<std::string> depends_on;  // ids of steps that must finish first

  // kSource
  std::string source_name;     // also set for kLoad: the source it reads
  std::string connector_type;  // upper case
  std::string connection;      // profile connector name for `SOURCE x FROM "conn"`
  std::string params_json;     // resolved params (profile connector params merged with OPTIONS)
  // kSource: sync_mode is incremental. kLoad: it reads its SOURCE incrementally (the SOURCE is
  // incremental, and the stream it reads has a cursor).
  bool incremental = false;

  // kLoad / kTransform
  std::string target_table;   // as written (quoted where needed)
  std::string target_schema;  // unquoted parts of target_table; schema empty when not written
  std::string target_name;
  WriteMode mode = WriteMode::kReplace;
  std::vector<std::string> keys;
  std::string incremental_column;
  std::optional<std::pair<long long, std::string>> lookback;

  // Python UDFs the step's SQL calls (SPEC §3.6), names as written: PYTHON_FUNC names, and
  // functions the engine does not know that may be UDFs called by their bare name. The runner
  // starts Python and registers these only when a step has any. `sql` is already rewritten.
  std::vector<std::string> python_udfs;
  std::vector<std::string> python_table_udfs;
  std::vector<std::string> unknown_functions;

  // kExport
  std::string destination;
  std::string format;  // upper case
  std::string options_json;
};

struct Plan {
  std::string pipeline;  // name
  std::string file;      // display path of the root file
  std::vector<Step> steps;
  // Resolved variables the pipeline used: name -> value (for `compile` output).
  std::vector<std::pair<std::string, std::string>> variables;
  std::vector<std::string> included_files;
  Diagnostics warnings;

  const Step* FindStep(const std::string& id) const;
};

}  // namespace sqlflow

namespace sqlflow {

// The key a table is known by in the plan: lower-cased (SQL names compare case-insensitively),
// quotes removed, a leading `main.` schema dropped ("Main.Orders" and "orders" are one table).
std::string TableKey(std::string_view name);

}  // namespace sqlflow
