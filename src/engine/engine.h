// Engine: an engine adapter (SPEC-ENGINES.md) — where a pipeline's tables live and its SQL runs,
// as the runner sees it: what it can do (capabilities), sessions on it, and materialisation
// intents (materialisation.h) rendered in its own SQL. The runner and the planner never ask an
// engine's name; DuckDB (duckdb_engine.h) is the first adapter.
// Thread-safety: the const methods from any thread; Materialise on one session per thread.
#pragma once

#include <memory>
#include <string>

#include "common/status.h"
#include "engine/engine_session.h"
#include "engine/materialisation.h"

namespace sqlflow {

class Connection;

struct EngineCapabilities {
  // The engine is the embedded DuckDB that reads the sources: their SQL runs in it as it is,
  // and nothing is staged between the two.
  bool runs_embedded_sql = false;
  // Steps may call Python UDFs (they run in the embedded DuckDB only).
  bool python_udfs = false;
};

class Engine {
 public:
  virtual ~Engine() = default;
  virtual const EngineCapabilities& capabilities() const = 0;
  // "duckdb", "postgres host:5432/db (schema analytics)": for messages and `compile`.
  virtual std::string Describe() const = 0;
  // A session for the worker whose embedded DuckDB connection is `embedded` (for DuckDB, a
  // session over that very connection). REQUIRES: `embedded` outlives the session.
  virtual Result<std::unique_ptr<EngineSession>> OpenSession(Connection& embedded) = 0;
  // Performs `intent` inside the transaction open on `session`, so that state rows written on
  // the same session commit or roll back with it. Errors as ExecuteLoad() (load_writer.h)
  // documents them; on failure the caller rolls back. REQUIRES: `session` is one of this
  // engine's, in a transaction.
  virtual Result<LoadResult> Materialise(EngineSession& session, const Materialisation& intent) = 0;
  // How Materialise renders `intent` ("CREATE OR REPLACE TABLE … AS", "MERGE INTO"), for
  // `compile` and `-d explain`.
  virtual std::string Explain(const Materialisation& intent) const = 0;
};

}  // namespace sqlflow
