// What a catalog tells about tables, whatever the engine: a table's name and its columns, with
// types written as DuckDB writes them (every engine's catalog maps its types to DuckDB's text, so
// that drift checks and lossless-cast rules compare like with like).
// Thread-safety: plain data.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sqlflow {

// A table as the user named it, in unquoted parts: `sales.orders` is {"sales", "orders"}; the
// parts may hold any characters (`"my schema"."my table"` is {"my schema", "my table"}).
struct TableName {
  std::string schema;  // empty: the connection's current schema ("main")
  std::string table;

  // "sales.orders" or "orders": the name as messages show it.
  std::string ToString() const;
  // `"sales"."orders"` or `"orders"`: the name as generated SQL writes it.
  std::string Quoted() const;
};

struct ColumnInfo {
  std::string name;
  // DuckDB's type text: "INTEGER", "DECIMAL(18,3)", "TIMESTAMP WITH TIME ZONE", "VARCHAR[]".
  std::string type;
  // False only for a table column declared NOT NULL; the columns of a query are always nullable.
  bool nullable = true;
};

// The column of `columns` named `name`, ignoring case as SQL names do; null when there is none.
const ColumnInfo* FindColumn(const std::vector<ColumnInfo>& columns, std::string_view name);

}  // namespace sqlflow
