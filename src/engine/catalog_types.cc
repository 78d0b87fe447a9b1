#include "engine/catalog_types.h"

#include "common/strings.h"
#include "engine/sql_quote.h"

namespace sqlflow {

std::string TableName::ToString() const { return schema.empty() ? table : schema + "." + table; }

std::string TableName::Quoted() const {
  return schema.empty() ? QuoteIdentifier(table) : QuoteQualified({schema, table});
}

const ColumnInfo* FindColumn(const std::vector<ColumnInfo>& columns, std::string_view name) {
  for (const ColumnInfo& column : columns) {
    if (EqualsIgnoreCase(column.name, name)) return &column;
  }
  return nullptr;
}

}  // namespace sqlflow
