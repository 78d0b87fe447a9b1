// Checks of a file SOURCE's files that DuckDB's readers would pass silently with a different
// table than the file means (issue 16): an empty file (read as one `column0`, or one `json`
// column), a JSON array cut short after a comma (read as the values before the cut), and a CSV
// whose rows have different numbers of fields (DuckDB's sniffer then reads the whole file as one
// VARCHAR column named after the whole header line).
// Thread-safety: pure functions over the disk; CheckCsvLayout uses the Connection it is given
// (one thread at a time).
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "connectors/files/file_source.h"
#include "engine/connection.h"
#include "engine/table_schema.h"

namespace sqlflow {

// The files of `files` that hold nothing but blanks: empty, or under 4 KiB of spaces, tabs,
// line breaks and a UTF-8 byte-order mark. Files that cannot be read are not listed (DuckDB
// reports them when it reads).
std::vector<std::string> FindBlankFiles(const std::vector<std::string>& files);

// InvalidArgument "<label>: data/x.json ends before its JSON array is closed …" for the first
// file of `relation` that starts with '[' but does not end with ']'. REQUIRES: a JSON relation.
Status CheckJsonArraysClosed(const FileRelation& relation);

// After DuckDB bound a CSV relation whose layout it sniffed (relation.layout_sniffed): OK unless
// `columns` is one column whose name holds a field separator (',', ';', tab, '|') — the sniffer
// found no layout that fits every row. Then the error names the first row whose number of fields
// differs from the header's ("<label>: data/x.csv line 3: expected 3 columns, found 2; …"),
// found by reading the file again with the header's separator on `conn`.
Status CheckCsvLayout(Connection& conn, const FileRelation& relation,
                      const std::vector<ColumnInfo>& columns);

// The columns DuckDB's reader finds for `relation` (DESCRIBE, which sniffs a sample of a text
// file), checked with CheckCsvLayout. Errors are prefixed by relation.label and put in the
// file's terms (ExplainFileError): a file DuckDB cannot sniff or that is not Parquet.
Result<std::vector<ColumnInfo>> DescribeFileRelation(Connection& conn,
                                                     const FileRelation& relation);

}  // namespace sqlflow
