// Checks SOURCE params and EXPORT options against what each connector declares
// (common/connector_spec.h): the type is known, required params are present, every param is
// known (else "did you mean"), values have the declared type and allowed values.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/connector_spec.h"
#include "common/diagnostic.h"
#include "lang/ast.h"
#include "plan/planner.h"

namespace sqlflow {

struct ParamCheckInput {
  const SourceStmt& source;
  const SourceSpan& statement_span;
  const nlohmann::ordered_json& params;  // PARAMS or OPTIONS, variables resolved
  const std::vector<ProfileConnection>& connections;
  const ConnectorCatalog& catalog;
};

struct ParamCheckOutput {
  std::string connector_type;     // upper case; empty when unknown
  nlohmann::ordered_json params;  // profile connection params overlaid with OPTIONS
  bool incremental = false;       // sync_mode is incremental
};

// Reports problems to `diags` (nothing is reported when it is null, e.g. when variables in the
// params could not be resolved and their errors are reported elsewhere).
ParamCheckOutput CheckSourceParams(const ParamCheckInput& input, Diagnostics* diags);

void CheckExportOptions(const ExportStmt& exp, const nlohmann::ordered_json& options,
                        const std::vector<ProfileConnection>& connections,
                        const ConnectorCatalog& catalog, Diagnostics* diags);

}  // namespace sqlflow
