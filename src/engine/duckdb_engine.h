// DuckDbEngine: the embedded DuckDB as the engine (SPEC-ENGINES.md "the default"): its sessions
// are the workers' own connections, and the intents are load_writer.h's SQL (CREATE OR REPLACE
// TABLE … AS, INSERT … SELECT by name, MERGE INTO … RETURNING, DELETE of a range + INSERT).
// Thread-safety: as Engine.
#pragma once

#include "engine/engine.h"

namespace sqlflow {

class DuckDbEngine final : public Engine {
 public:
  DuckDbEngine();
  const EngineCapabilities& capabilities() const override { return capabilities_; }
  std::string Describe() const override { return "duckdb"; }
  Result<std::unique_ptr<EngineSession>> OpenSession(Connection& embedded) override;
  // REQUIRES: `session` is a DuckDbSession.
  Result<LoadResult> Materialise(EngineSession& session, const Materialisation& intent) override;
  std::string Explain(const Materialisation& intent) const override;

 private:
  EngineCapabilities capabilities_;
};

}  // namespace sqlflow
