// The SQL type names UDFs may use (annotations map to them; output_schema spells them) parsed
// into engine ColumnTypes.
#pragma once

#include <string>

#include "common/status.h"
#include "engine/column_type.h"

namespace sqlflow {

// "INTEGER", "double", "DECIMAL(10,2)", "TIMESTAMP WITH TIME ZONE", … → ColumnType.
// InvalidArgument listing the supported names for anything else.
Result<ColumnType> ParseSqlTypeName(const std::string& text);

}  // namespace sqlflow
