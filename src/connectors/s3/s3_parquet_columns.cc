#include "connectors/s3/s3_parquet_columns.h"

#include <algorithm>
#include <map>

#include "common/strings.h"
#include "engine/sql_quote.h"

namespace sqlflow {
namespace {

// parquet_metadata() names a leaf by its path from the root, parts joined by ", ".
bool LeafOfColumn(const std::string& path_in_schema, const std::vector<std::string>& columns) {
  std::string path = ToLowerAscii(path_in_schema);
  for (const std::string& column : columns) {
    std::string name = ToLowerAscii(column);
    if (path == name || path.starts_with(name + ", ")) return true;
  }
  return false;
}

uint64_t ToOffset(const std::optional<std::string>& text) { return text ? std::stoull(*text) : 0; }

}  // namespace

std::vector<ByteRange> MergeRanges(std::vector<ByteRange> ranges, uint64_t gap) {
  std::sort(ranges.begin(), ranges.end(),
            [](const ByteRange& a, const ByteRange& b) { return a.offset < b.offset; });
  std::vector<ByteRange> merged;
  for (const ByteRange& r : ranges) {
    if (r.length == 0) continue;
    if (!merged.empty() && r.offset <= merged.back().offset + merged.back().length + gap) {
      ByteRange& last = merged.back();
      last.length = std::max(last.offset + last.length, r.offset + r.length) - last.offset;
    } else {
      merged.push_back(r);
    }
  }
  return merged;
}

Result<std::vector<std::vector<ByteRange>>> ParquetColumnRanges(
    Connection& conn, const std::vector<std::string>& files,
    const std::vector<std::string>& columns, uint64_t gap) {
  std::vector<std::vector<ByteRange>> out(files.size());
  if (files.empty() || columns.empty()) return out;
  std::map<std::string, size_t> index;
  std::string list;
  for (size_t i = 0; i < files.size(); ++i) {
    index[files[i]] = i;
    list += (list.empty() ? "" : ", ") + QuoteString(files[i]);
  }
  // A chunk starts at its dictionary page when it has one (some writers write 0 for none).
  Result<QueryResult> result = conn.Query(
      "SELECT file_name, path_in_schema, dictionary_page_offset, data_page_offset, "
      "total_compressed_size FROM parquet_metadata([" +
      list + "])");
  if (!result.ok()) {
    return Status::Invalid("cannot read the Parquet footer of the staged objects: " +
                           result.status().message());
  }
  SQLFLOW_ASSIGN_OR_RETURN(StringRows rows, result->FetchAllAsStrings());
  for (const auto& row : rows) {
    if (!row[0] || !row[1] || !row[3] || !row[4]) continue;
    auto file = index.find(*row[0]);
    if (file == index.end() || !LeafOfColumn(*row[1], columns)) continue;
    uint64_t data = ToOffset(row[3]);
    uint64_t dictionary = ToOffset(row[2]);
    uint64_t start = dictionary > 0 ? std::min(dictionary, data) : data;
    out[file->second].push_back({start, ToOffset(row[4])});
  }
  for (auto& ranges : out) ranges = MergeRanges(std::move(ranges), gap);
  return out;
}

namespace {

bool ComparableByStatistics(const std::string& type) {
  std::string t = ToUpperAscii(type);
  for (const char* prefix :
       {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
        "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE", "DECIMAL", "DATE", "TIME", "TIMESTAMP"}) {
    if (t.starts_with(prefix)) return true;
  }
  return false;
}

}  // namespace

Result<std::vector<bool>> ParquetMayHoldPast(Connection& conn,
                                             const std::vector<std::string>& files,
                                             const std::string& column, const std::string& type,
                                             const std::string& bound, bool inclusive) {
  std::vector<bool> out(files.size(), true);
  if (files.empty() || !ComparableByStatistics(type)) return out;
  std::map<std::string, size_t> index;
  std::string list;
  for (size_t i = 0; i < files.size(); ++i) {
    index[files[i]] = i;
    list += (list.empty() ? "" : ", ") + QuoteString(files[i]);
  }
  std::string max = "TRY_CAST(stats_max_value AS " + type + ")";
  std::string past =
      max + (inclusive ? " >= " : " > ") + "TRY_CAST(" + QuoteString(bound) + " AS " + type + ")";
  Result<QueryResult> result =
      conn.Query("SELECT file_name, bool_or(" + max + " IS NULL OR type = 'INT96' OR " + past +
                 ") FROM parquet_metadata([" + list + "]) WHERE lower(path_in_schema) = lower(" +
                 QuoteString(column) + ") GROUP BY file_name");
  if (!result.ok()) {
    return Status::Invalid("cannot read the Parquet footer of the staged objects: " +
                           result.status().message());
  }
  SQLFLOW_ASSIGN_OR_RETURN(StringRows rows, result->FetchAllAsStrings());
  for (const auto& row : rows) {
    if (!row[0] || !row[1]) continue;
    auto file = index.find(*row[0]);
    if (file != index.end()) out[file->second] = *row[1] == "true";
  }
  return out;
}

}  // namespace sqlflow
