// File sources (CSV, PARQUET, JSON): a SOURCE's resolved params become one DuckDB relation
// expression over DuckDB's own parallel readers (read_csv, read_parquet, read_json). No row
// passes through SQLFlow's code; this module only writes the reader call and explains errors.
// Thread-safety: pure functions over a FileSystem that is safe to share.
#pragma once

#include <string>
#include <vector>

#include "common/file_system.h"
#include "common/status.h"

namespace sqlflow {

struct FileSourceRequest {
  std::string connector_type;  // CSV, PARQUET, JSON or NDJSON (JSON read line by line)
  // The resolved params as a JSON object (aliases such as "header" or "delim" allowed), e.g.
  // {"path": "data/orders.csv", "has_header": true, "columns": {"id": "INTEGER"}}.
  std::string params_json;
  std::string project_root;  // absolute; relative paths resolve against it
  std::string label;         // "pipelines/shop.sf:3: SOURCE orders", the prefix of messages
  // Reader options a connector that stages files adds after the params' own
  // (", hive_partitioning = true"); already SQL.
  std::string extra_reader_options;
  // Put before a file's project-relative path in messages ("s3://bucket/events/" for staged
  // objects); empty for local files.
  std::string display_prefix;
};

// What a file source reads, as SQL.
struct FileRelation {
  // Valid after FROM: read_csv([...], ...) or, when Parquet "columns" projects, a parenthesised
  // (SELECT "a", "b" FROM read_parquet([...])).
  std::string sql;
  std::string connector_type;  // CSV, PARQUET or JSON
  // Absolute paths of the files read, sorted; globs are expanded when planning, so the reader
  // gets exactly these files.
  std::vector<std::string> files;
  // CSV "ignore_errors": rows that do not parse are skipped and recorded in the temporary
  // table `rejects_table` of the connection that read them (see TakeRejectedRows).
  bool ignore_errors = false;
  std::string rejects_table;
  // CSV without "delimiter" and "columns": DuckDB's sniffer chooses the layout, and
  // CheckCsvLayout (file_shape.h) must see what it chose.
  bool layout_sniffed = false;
  // The reader's options after the file list (", header = true, delim = ';'"), for a second read.
  std::string reader_options;
  std::string project_root;
  std::string label;
  std::string display_prefix;  // FileSourceRequest::display_prefix
};

// `file` as messages show it: relative to the project root (after the display prefix) when it
// lies below it, else as it is.
std::string ShownPath(const FileRelation& relation, const std::string& file);

// Builds the reader call for `request`. Paths are matched now through `fs` (see MatchFiles);
// every option is mapped to its DuckDB reader option and quoted.
// A file that holds nothing (FindBlankFiles) has no columns: when the SOURCE declares
// "columns" (CSV, JSON) it adds no rows, and when every file is empty the relation is an empty
// table with those columns; otherwise it is an error, as is an empty Parquet file.
// Errors, each prefixed by the label: NotFound when no file matches the path (with a
// did-you-mean over the folder's files), InvalidArgument for an unknown connector type, a param
// of the wrong JSON type, an unsupported encoding, an empty file, or a JSON array that is not
// closed (CheckJsonArraysClosed). Column types are checked by DuckDB when the relation is read
// (see ExplainFileError).
Result<FileRelation> PlanFileSource(const FileSourceRequest& request, const FileSystem& fs);

}  // namespace sqlflow
