// Schema introspection for loads: the columns of a query or a table as DuckDB reports them, and
// the rule that decides whether a column type can be written into another without loss.
// Thread-safety: the functions use the Connection they are given (one thread at a time).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "engine/catalog_types.h"
#include "engine/connection.h"

namespace sqlflow {

// The columns `query` would return, found by binding it (DESCRIBE): no rows are read, though
// file readers may sniff a sample of their input. `query` is any query DuckDB accepts (SELECT,
// WITH …, FROM-first, VALUES), with or without a trailing ';'.
// EngineError with DuckDB's message when the query does not bind (unknown table, bad file, …).
Result<std::vector<ColumnInfo>> DescribeRelation(Connection& connection, const std::string& query);

// The columns of table `name` in the connection's current database, in table order; nullopt
// when no such table exists. Names compare case-insensitively, as DuckDB's do.
// EngineError when the catalog cannot be read.
Result<std::optional<std::vector<ColumnInfo>>> DescribeTable(Connection& connection,
                                                             const TableName& name);

// True when every value of DuckDB type `from` can be stored in a column of type `to` and read
// back unchanged. Conservative: true only for
//   - the same type (aliases and spelling normalised: INT = INTEGER, VARCHAR(10) = VARCHAR,
//     TIMESTAMP WITH TIME ZONE = TIMESTAMPTZ, NUMERIC(p,s) = DECIMAL(p,s));
//   - integer widening: signed to a signed type at least as wide, unsigned to an unsigned type at
//     least as wide or a signed type strictly wider (TINYINT < SMALLINT < INTEGER < BIGINT <
//     HUGEINT);
//   - integers of up to 16 bits to FLOAT, up to 32 bits to DOUBLE (BIGINT -> DOUBLE is lossy);
//   - FLOAT -> DOUBLE;
//   - DECIMAL(p,s) -> DECIMAL(p2,s2) when s2 >= s and p2 - s2 >= p - s; an integer to a DECIMAL
//     with enough integer digits (INTEGER needs p - s >= 10); DECIMAL(p,0) to a signed integer
//     that holds every p-digit number (DECIMAL(9,0) -> INTEGER);
//   - DATE -> TIMESTAMP; TIMESTAMP_S -> TIMESTAMP_MS -> TIMESTAMP (finer units, same range);
//   - anything -> VARCHAR: every DuckDB value has a text form that casts back.
// Everything else is lossy, notably narrowing, DECIMAL/BIGINT -> DOUBLE, VARCHAR -> any other
// type, TIMESTAMP -> TIMESTAMPTZ (the instant would depend on the session's TimeZone),
// TIMESTAMP -> TIMESTAMP_NS (smaller range), and any change inside a LIST/STRUCT/MAP.
bool IsLosslessCast(const std::string& from, const std::string& to);

// True when `from` -> `to` is an integer to a narrower integer. DuckDB checks such a cast value
// by value and fails the statement when one does not fit, so a load may attempt it: either every
// value is written exactly, or nothing is (CSV readers infer BIGINT for any whole number, which
// would otherwise never load into an INTEGER column).
bool IsCheckedIntegerNarrowing(const std::string& from, const std::string& to);

}  // namespace sqlflow
