#include "connectors/files/file_shape.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>

#include "common/file_head.h"
#include "connectors/files/file_error.h"
#include "connectors/files/file_match.h"
#include "engine/sql_quote.h"

namespace sqlflow {

namespace {

// Files up to this size are read to see whether they hold only blanks; larger ones never do in
// practice, and reading every byte of a large file just to find out is not worth it.
constexpr size_t kBlankProbeBytes = 4096;
// How much of each end of a JSON file is read to find its first and last non-blank character.
constexpr size_t kJsonEndBytes = 256;
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view WithoutBom(std::string_view text) {
  if (text.starts_with(kUtf8Bom)) text.remove_prefix(kUtf8Bom.size());
  return text;
}

bool AllBlank(std::string_view text) {
  text = WithoutBom(text);
  return std::all_of(text.begin(), text.end(), IsBlank);
}

// The first and the last non-blank character of `file`, or '\0' when there is none.
char FirstNonBlank(std::string_view text) {
  text = WithoutBom(text);
  auto it = std::find_if_not(text.begin(), text.end(), IsBlank);
  return it == text.end() ? '\0' : *it;
}

char LastNonBlank(std::string_view text) {
  auto it = std::find_if_not(text.rbegin(), text.rend(), IsBlank);
  return it == text.rend() ? '\0' : *it;
}

// The field separator the header line `name` most likely uses: the most frequent of DuckDB's
// sniffer candidates, or '\0' when it holds none (a genuine one-column file).
char HeaderSeparator(const std::string& name) {
  char best = '\0';
  size_t best_count = 0;
  for (char c : {',', ';', '\t', '|'}) {
    size_t count = static_cast<size_t>(std::count(name.begin(), name.end(), c));
    if (count > best_count) {
      best = c;
      best_count = count;
    }
  }
  return best;
}

// The first line of `file` (up to 64 KiB), or "" when it cannot be read.
std::string FirstLineOf(const std::string& file) {
  Result<std::string> head = ReadFileHead(file, 64 * 1024);
  if (!head.ok()) return "";
  std::string_view text = WithoutBom(*head);
  return std::string(text.substr(0, text.find('\n')));
}

std::string SeparatorName(char c) { return c == '\t' ? "tab" : std::string("'") + c + "'"; }

std::string Files(const FileRelation& rel) {
  std::vector<std::string> quoted;
  for (const std::string& f : rel.files) quoted.push_back(QuoteString(f));
  std::string out = "[";
  for (size_t i = 0; i < quoted.size(); ++i) out += (i ? ", " : "") + quoted[i];
  return out + "]";
}

// Reads the files strictly with the header's separator and as many VARCHAR columns as the header
// has fields, so that DuckDB names the first row with another number of fields.
Status ReadStrictly(Connection& conn, const FileRelation& rel, char separator, size_t fields) {
  std::string columns = "{";
  for (size_t i = 0; i < fields; ++i) {
    columns += (i ? ", " : "") + QuoteString("column" + std::to_string(i)) + ": 'VARCHAR'";
  }
  columns += "}";
  std::string options = rel.reader_options;
  if (options.find(", header = ") == std::string::npos) options += ", header = true";
  options += ", auto_detect = false, strict_mode = true, delim = " +
             QuoteString(std::string(1, separator)) + ", columns = " + columns;
  Result<int64_t> rows =
      conn.QueryBigInt("SELECT count(*) FROM read_csv(" + Files(rel) + options + ")");
  if (rows.ok()) return Status::OK();
  return ExplainFileError(rows.status(), rel, rel.label);
}

}  // namespace

std::vector<std::string> FindBlankFiles(const std::vector<std::string>& files) {
  std::vector<std::string> out;
  for (const std::string& file : files) {
    std::error_code ec;
    uintmax_t size = std::filesystem::file_size(file, ec);
    if (ec || size > kBlankProbeBytes) continue;
    Result<std::string> head = ReadFileHead(file, kBlankProbeBytes);
    if (head.ok() && AllBlank(*head)) out.push_back(file);
  }
  return out;
}

Status CheckJsonArraysClosed(const FileRelation& rel) {
  for (const std::string& file : rel.files) {
    Result<std::string> head = ReadFileHead(file, kJsonEndBytes);
    if (!head.ok() || FirstNonBlank(*head) != '[') continue;
    Result<std::string> tail = ReadFileTail(file, kJsonEndBytes);
    if (!tail.ok()) continue;
    char last = LastNonBlank(*tail);
    if (last == ']') continue;
    return Status::Invalid(rel.label + ": " + ShownPath(rel, file) +
                           " ends before its JSON array is closed (the last character is '" +
                           std::string(1, last) +
                           "', not ']'); the file looks cut short: write it again");
  }
  return Status::OK();
}

Status CheckCsvLayout(Connection& conn, const FileRelation& rel,
                      const std::vector<ColumnInfo>& columns) {
  if (!rel.layout_sniffed || columns.size() != 1 || rel.files.empty()) return Status::OK();
  std::string header = columns.front().name;
  if (header == "column0") header = FirstLineOf(rel.files.front());  // sniffed without a header
  char separator = HeaderSeparator(header);
  if (separator == '\0') return Status::OK();
  size_t fields = static_cast<size_t>(std::count(header.begin(), header.end(), separator)) + 1;
  if (!rel.ignore_errors) SQLFLOW_RETURN_IF_ERROR(ReadStrictly(conn, rel, separator, fields));
  // Read strictly, every row fits (or bad rows are being skipped): the sniffer still found no
  // layout, so say what it saw instead of loading one column.
  std::string file = ShownPath(rel, rel.files.front());
  return Status::Invalid(rel.label + ": " + file + ": the header has " + std::to_string(fields) +
                         " fields separated by " + SeparatorName(separator) +
                         " but DuckDB can only read the file as one column, so its rows do not "
                         "all have " +
                         std::to_string(fields) +
                         " fields; fix the file, or set \"delimiter\", \"skip\" or \"columns\"");
}

Result<std::vector<ColumnInfo>> DescribeFileRelation(Connection& conn, const FileRelation& rel) {
  Result<std::vector<ColumnInfo>> columns = DescribeRelation(conn, "SELECT * FROM " + rel.sql);
  if (!columns.ok()) return ExplainFileError(columns.status(), rel, rel.label);
  SQLFLOW_RETURN_IF_ERROR(CheckCsvLayout(conn, rel, *columns));
  return columns;
}

}  // namespace sqlflow
