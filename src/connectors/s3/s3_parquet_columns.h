// Which bytes of a Parquet object hold given columns: the column chunks of every row group,
// read from the object's footer. A step that needs two columns of a wide table then fetches
// only their chunks (and the footer) into a sparse local file, which DuckDB's Parquet reader
// reads as it would the whole object — as long as the query touches no other column (reading
// a chunk that was never fetched fails: "TProtocolException: Invalid data").
// Thread-safety: pure functions; the Connection is the caller's.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "engine/connection.h"

namespace sqlflow {

struct ByteRange {
  uint64_t offset = 0;
  uint64_t length = 0;
  bool operator==(const ByteRange&) const = default;
};

// Sorted, with ranges that overlap or lie less than `gap` bytes apart joined into one (one
// request instead of two, for a few bytes more).
std::vector<ByteRange> MergeRanges(std::vector<ByteRange> ranges, uint64_t gap);

// For each of `files` (local Parquet files whose footers are present; the rest may be holes),
// in order: the ranges holding the chunks of the top-level `columns` (matched without case; a
// nested column's leaves all count), merged as MergeRanges(…, gap) does. A name that is no
// column of a file adds nothing for it. Runs DuckDB's parquet_metadata() on `conn`; its error
// (a damaged footer) is returned with the file named.
Result<std::vector<std::vector<ByteRange>>> ParquetColumnRanges(
    Connection& conn, const std::vector<std::string>& files,
    const std::vector<std::string>& columns, uint64_t gap);

// For each of `files`, in order: whether a row of it may hold a `column` value past `bound`
// (at or past it when `inclusive`), as the footer's row-group statistics tell for a column of
// DuckDB type `type`. False only when every row group of the file has a maximum that shows
// none; missing statistics, a value that does not cast, INT96 timestamps (whose statistics
// writers got wrong) or a file without the column all count as "may". Only numbers, dates,
// times and timestamps are compared (a text maximum may be cut short): for another type every
// file "may".
Result<std::vector<bool>> ParquetMayHoldPast(Connection& conn,
                                             const std::vector<std::string>& files,
                                             const std::string& column, const std::string& type,
                                             const std::string& bound, bool inclusive);

// Which row groups of a file may hold a `column` value past `bound` (as ParquetMayHoldPast
// decides, per row group), and the byte ranges of every column chunk of those row groups.
struct RowGroupSelection {
  int64_t row_groups = 0;         // in the file
  std::vector<int64_t> kept;      // ids of the row groups that may hold such a value
  std::vector<ByteRange> ranges;  // their chunks, merged as MergeRanges(…, gap) does
};

// For each of `files`, in order (footers present, the rest may be holes). For a type that is not
// compared (see ParquetMayHoldPast) every row group is kept. Errors as ParquetColumnRanges.
Result<std::vector<RowGroupSelection>> ParquetRowGroupsPast(
    Connection& conn, const std::vector<std::string>& files, const std::string& column,
    const std::string& type, const std::string& bound, bool inclusive, uint64_t gap);

}  // namespace sqlflow
