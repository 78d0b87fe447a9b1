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

Result<std::vector<RowGroupSelection>> ParquetRowGroupsPast(
    Connection& conn, const std::vector<std::string>& files, const std::string& column,
    const std::string& type, const std::string& bound, bool inclusive, uint64_t gap) {
  std::vector<RowGroupSelection> out(files.size());
  if (files.empty()) return out;
  std::map<std::string, size_t> index;
  std::string list;
  for (size_t i = 0; i < files.size(); ++i) {
    index[files[i]] = i;
    list += (list.empty() ? "" : ", ") + QuoteString(files[i]);
  }
  // Per column chunk: its row group, its bytes, and for the cursor's chunk whether its maximum
  // may be past the bound (NULL: the statistics cannot tell).
  std::string past = "NULL";
  if (ComparableByStatistics(type)) {
    std::string max = "TRY_CAST(stats_max_value AS " + type + ")";
    past = "CASE WHEN type = 'INT96' THEN NULL ELSE " + max + (inclusive ? " >= " : " > ") +
           "TRY_CAST(" + QuoteString(bound) + " AS " + type + ") END";
  }
  Result<QueryResult> result = conn.Query(
      "SELECT file_name, row_group_id, lower(path_in_schema) = lower(" + QuoteString(column) +
      "), " + past + ", dictionary_page_offset, data_page_offset, total_compressed_size FROM " +
      "parquet_metadata([" + list + "])");
  if (!result.ok()) {
    return Status::Invalid("cannot read the Parquet footer of the staged objects: " +
                           result.status().message());
  }
  SQLFLOW_ASSIGN_OR_RETURN(StringRows rows, result->FetchAllAsStrings());
  struct Group {
    bool keep = true;  // until the cursor's statistics show otherwise
    std::vector<ByteRange> chunks;
  };
  std::vector<std::map<int64_t, Group>> groups(files.size());
  for (const auto& row : rows) {
    if (!row[0] || !row[1] || !row[5] || !row[6]) continue;
    auto file = index.find(*row[0]);
    if (file == index.end()) continue;
    Group& group = groups[file->second][std::stoll(*row[1])];
    if (row[2] && *row[2] == "true") group.keep = !row[3] || *row[3] == "true";
    uint64_t data = ToOffset(row[5]);
    uint64_t dictionary = ToOffset(row[4]);
    uint64_t start = dictionary > 0 ? std::min(dictionary, data) : data;
    group.chunks.push_back({start, ToOffset(row[6])});
  }
  for (size_t i = 0; i < files.size(); ++i) {
    RowGroupSelection& selection = out[i];
    selection.row_groups = static_cast<int64_t>(groups[i].size());
    std::vector<ByteRange> ranges;
    for (const auto& [id, group] : groups[i]) {
      if (!group.keep) continue;
      selection.kept.push_back(id);
      ranges.insert(ranges.end(), group.chunks.begin(), group.chunks.end());
    }
    selection.ranges = MergeRanges(std::move(ranges), gap);
  }
  return out;
}

Result<std::vector<bool>> ParquetMayHoldPast(Connection& conn,
                                             const std::vector<std::string>& files,
                                             const std::string& column, const std::string& type,
                                             const std::string& bound, bool inclusive) {
  SQLFLOW_ASSIGN_OR_RETURN(std::vector<RowGroupSelection> selections,
                           ParquetRowGroupsPast(conn, files, column, type, bound, inclusive, 0));
  std::vector<bool> out;
  for (const RowGroupSelection& s : selections) out.push_back(!s.kept.empty() || s.row_groups == 0);
  return out;
}

}  // namespace sqlflow
