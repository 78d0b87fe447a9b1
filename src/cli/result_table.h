// Renders a query result for `sqlflow query`: an aligned table (psql-like), CSV or JSON.
#pragma once

#include <string>
#include <vector>

#include "engine/query_result.h"

namespace sqlflow {

enum class ResultFormat { kTable, kCsv, kJson };

std::string FormatResult(const std::vector<std::string>& columns, const StringRows& rows,
                         ResultFormat format);

}  // namespace sqlflow
