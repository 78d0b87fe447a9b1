// Source: what every SOURCE connector is to the runner (ARCHITECTURE.md, "Connectors behind one
// interface"). A connector opens a Source from a SOURCE's resolved params; the runner then asks
// it for its columns, for a read plan, and for what it can promise — never for its type. Adding
// a connector is adding a folder that implements this and one line in the registry
// (connector_registry.h).
// Thread-safety: SourceConnector::open may run on any thread (sources open ahead while the
// database opens). A Source's const methods may be called from several threads; Columns() and
// TakeLoadWarnings() use the Connection they are given, one thread at a time.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/connector_spec.h"
#include "common/file_system.h"
#include "common/metric.h"
#include "common/status.h"
#include "engine/connection.h"
#include "engine/table_function.h"
#include "engine/table_schema.h"

namespace sqlflow {

// What a connector may need to open a source besides its params.
struct SourceContext {
  std::string project_root;  // absolute; relative paths resolve against it
  const FileSystem* fs = nullptr;
  std::string label;  // "pipelines/shop.sf:3: SOURCE orders", the prefix of every message
};

// Rows at or past a cursor value, for an incremental read.
struct SourceCursorBound {
  std::string column;
  std::string value_text;  // DuckDB's text of the value ("2024-01-01 10:00:00")
  bool inclusive = false;
};

struct ReadRequest {
  std::optional<SourceCursorBound> cursor_bound;
  // The only columns the read must provide (names as Columns() gives them), when the source
  // reads_needed_columns: it may leave the others' data unfetched, so the caller must read no
  // other column of the relation. Unset: every column.
  std::optional<std::vector<std::string>> columns;
};

// The cursor and key of an incremental read when the SOURCE's params name none (a SaaS stream's
// updated_at and id).
struct IncrementalKeys {
  std::string cursor_field;
  std::vector<std::string> primary_key;
};

class Source;

// One stream of a source that serves several (a SaaS account's orders, customers, …).
struct SourceStream {
  std::string name;  // "orders": schema records are kept per stream ("shop.orders")
  std::shared_ptr<Source> source;
};

// How the engine reads a source: engine SQL over a relation (a file reader call), or a scan
// that streams typed chunks through the registry's table function.
struct ReadPlan {
  std::string relation_sql;  // valid after FROM; empty when new_scan is set
  // Makes a fresh scan for one use of the relation (each bind of the table function).
  std::function<Result<std::shared_ptr<TableScan>>()> new_scan;
  // The source already leaves out rows before the cursor bound; the runner's own filter is then
  // only a guard.
  bool cursor_bound_pushed_down = false;
  // The read found no rows and so cannot tell its columns (columns_from_read): relation_sql
  // and new_scan are empty; the runner loads nothing, or an empty relation of the columns
  // loaded last time.
  bool no_rows_columns_unknown = false;
};

// What the runner may rely on instead of branching on a connector type.
struct SourceCapabilities {
  // The rows come in an order worth keeping (a file's); false lets DuckDB insert them in any
  // order, on every thread.
  bool keeps_row_order = true;
  // Reading waits on the network: DuckDB gets an extra thread while it reads.
  bool network_bound = false;
  // Told the columns a step needs (ReadRequest::columns), the source fetches less: the runner
  // then gives each step reading it a view of just those columns.
  bool reads_needed_columns = false;
  // The columns are those of the rows a read fetched (an API's records): the runner reads before
  // it asks Columns(), and a read that found no rows gives no columns (an empty list).
  bool columns_from_read = false;
};

class Source {
 public:
  virtual ~Source() = default;

  virtual SourceCapabilities capabilities() const = 0;
  // Columns as they will be read, in source order (names, DuckDB types, nullability), without
  // reading rows; errors are prefixed by the context's label.
  virtual Result<std::vector<ColumnInfo>> Columns(Connection& conn) = 0;
  // The read of `request`. Errors are prefixed by the label.
  virtual Result<ReadPlan> Read(const ReadRequest& request) const = 0;

  // True when no two rows of one read share their values of `columns` (a unique index holds),
  // so that a merge needs no duplicate search.
  virtual bool GuaranteesUniqueKey(const std::vector<std::string>& columns) const {
    (void)columns;
    return false;
  }
  // Text columns whose values are nearly all distinct: a hint for how the target stores them.
  virtual std::vector<std::string> MostlyDistinctTextColumns() const { return {}; }
  // Warnings about how the source is read (types read as text, values written as NULL).
  virtual std::vector<std::string> warnings() const { return {}; }
  // A failed load's error in the source's terms (a CSV row that does not parse: its file and
  // line). `label` is the load's; the default returns `error` unchanged.
  virtual Status ExplainLoadError(const Status& error, const std::string& label) const {
    (void)label;
    return error;
  }
  // The run is being interrupted (Ctrl-C): network work in progress (downloads, requests) and
  // every later one should fail soon. Called from another thread; never from a signal handler.
  // The default: nothing to stop (DuckDB's own interrupt stops file reads and scans).
  virtual void Cancel() const {}
  // What the source has done so far (requests, retries, waits, bytes, estimated cost), summed
  // over every read; the runner records what each step added. The default: nothing to report.
  virtual std::vector<Metric> Metrics() const { return {}; }
  // Warnings a successful load leaves, read on the connection that loaded (rows skipped by
  // ignore_errors). The default: none.
  virtual std::vector<std::string> TakeLoadWarnings(Connection& conn) const {
    (void)conn;
    return {};
  }
  // For a source that serves several streams: the stream a LOAD into `target_name` reads (the
  // SOURCE's "stream" param, when given, wins over the target's name), opened once and kept.
  // Errors name the streams there are. nullopt (the default): the source is one stream.
  virtual Result<std::optional<SourceStream>> Stream(const std::string& target_name) const {
    (void)target_name;
    return std::optional<SourceStream>();
  }
  // For a source whose columns come from its reads (columns_from_read): the columns the last
  // load of it recorded, told before Columns(). A column this read gives no evidence of another
  // type for (only nulls, or values the recorded type holds: engine/type_text.h) is then read
  // as recorded, so that a page of nulls is no schema change. The default ignores it.
  virtual void SetRecordedColumns(const std::vector<ColumnInfo>& recorded) const { (void)recorded; }
  // The cursor and key an incremental read of this source uses when the SOURCE's params name
  // none. The default: none (the params must name them).
  virtual IncrementalKeys DefaultIncrementalKeys() const { return {}; }
};

// A SOURCE connector: its declaration and how to open it.
struct SourceConnector {
  ConnectorSpec spec;
  std::function<Result<std::unique_ptr<Source>>(const std::string& params_json,
                                                const SourceContext& context)>
      open;
  // Opening connects over the network: the runner may open it ahead, while the database opens.
  bool opens_ahead = false;
  // `sqlflow connect test`: really connects and returns what it found (the server's version, a
  // bucket's objects, a file's columns) as indented lines printed after "<label>: ok". Errors
  // are prefixed by the context's label. Unset: the connector cannot be tested yet.
  std::function<Result<std::string>(const std::string& params_json, const SourceContext& context)>
      test_connection;
};

}  // namespace sqlflow
