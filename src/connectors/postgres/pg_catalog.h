// Catalog reads for a PostgreSQL source: the relation a `table` param names (with a "did you
// mean" when it does not exist), the columns of a table or of a query, the pg_type rows their
// mapping needs, and the size of a table in pages (which decides a parallel read).
// Errors carry the server's text; postgres_source.cc adds the place (see ExplainPgError).
// Thread-safety: functions use the connection they are given (one thread at a time).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/status.h"
#include "connectors/postgres/pg_connection.h"
#include "connectors/postgres/postgres_types.h"

namespace sqlflow {

struct PgRelation {
  uint32_t oid = 0;
  std::string schema;
  std::string name;
  char kind = 'r';  // pg_class.relkind: r table, v view, m materialized view, p partitioned, f
                    // foreign
  // "public.orders"
  std::string ToString() const { return schema + "." + name; }
};

// The table, view or materialized view `schema`.`table`: an exact match, else the only one whose
// name matches ignoring case. NotFound "table public.ordrs does not exist; did you mean
// 'orders'?" (the suggestion from the schema's relations) or "schema 'x' does not exist" (with
// its own suggestion); IoError when the catalog cannot be read.
Result<PgRelation> FindRelation(PgConnection& conn, const std::string& schema,
                                const std::string& table);

// The columns of relation `oid`, in table order.
Result<std::vector<PgColumn>> ReadTableColumns(PgConnection& conn, uint32_t oid);

// The result columns of `query` (prepared and described, not run). The server's error when the
// query does not prepare (see conn.last_error()).
Result<std::vector<PgColumn>> DescribeQueryColumns(PgConnection& conn, const std::string& query);

// The pg_type rows of the columns' types and of the types they refer to (array elements, domain
// bases).
Result<PgTypeCatalog> LoadTypes(PgConnection& conn, const std::vector<PgColumn>& columns);

// The share of distinct values, in [0, 1], of each column of `relation` that has statistics
// (pg_stats, which ANALYZE and autovacuum fill): pg_stats.n_distinct is that share negated, or a
// count, divided here by pg_class.reltuples. Columns without statistics are left out.
Result<std::map<std::string, double>> ReadDistinctShares(PgConnection& conn,
                                                         const PgRelation& relation);

// The key columns of each unique index that holds for every row a SELECT on relation `oid`
// returns: valid, not partial, not on expressions, and not on a table with inheritance children
// (its index does not cover their rows; a partitioned table's unique index covers every
// partition). The primary key is one of them.
Result<std::vector<std::vector<std::string>>> ReadUniqueKeys(PgConnection& conn, uint32_t oid);

// The size of relation `oid` in pages now (pg_relation_size / block size).
Result<int64_t> RelationPages(PgConnection& conn, uint32_t oid);

// A server error as a user-facing message: `where` names the server and the relation
// ("127.0.0.1:5432/shop public.orders"), `user` the connecting user. Explains missing columns,
// permissions, a lost connection and a cancelled read; otherwise the server's message, detail
// and hint.
std::string ExplainPgError(const PgError& error, const std::string& where, const std::string& user);

}  // namespace sqlflow
