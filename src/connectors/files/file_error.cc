#include "connectors/files/file_error.h"

#include <optional>
#include <regex>
#include <vector>

#include "common/edit_distance.h"
#include "common/strings.h"
#include "connectors/files/file_match.h"

namespace sqlflow {

namespace {

constexpr const char* kConvertHint =
    "fix the file, set \"columns\" to read it as VARCHAR, or \"ignore_errors\": true";
constexpr const char* kRowHint = "fix the file or set \"ignore_errors\": true";
constexpr const char* kEncodingHint =
    "set \"encoding\" (utf-8, utf-16 or latin-1) or \"ignore_errors\": true";

// The first capture group of `pattern` in `text`, or nullopt.
std::optional<std::string> Capture(const std::string& text, const char* pattern, int group = 1) {
  std::smatch m;
  if (!std::regex_search(text, m, std::regex(pattern))) return std::nullopt;
  return m[group].str();
}

// DuckDB's message without its "Conversion Error: " style prefix.
std::string WithoutErrorClass(const std::string& message) {
  std::smatch m;
  static const std::regex kClass("^[A-Za-z ]+ Error: ");
  if (std::regex_search(message, m, kClass)) return m.suffix().str();
  return message;
}

std::string ListOfFiles(const FileRelation& rel) {
  if (rel.files.empty()) return "the files";
  std::string out = ShownPath(rel, rel.files.front());
  if (rel.files.size() > 1) out += " (and " + std::to_string(rel.files.size() - 1) + " more)";
  return out;
}

// The file an error is about, as the user knows it: the one DuckDB names, else the only file
// read, else the first file and how many more.
std::string FileOf(const std::string& message, const FileRelation& rel) {
  std::optional<std::string> file = Capture(message, "\n  file = ([^\n]*)");
  if (!file && rel.files.size() == 1) file = rel.files.front();
  if (!file) return ListOfFiles(rel);
  return ShownPath(rel, *file);
}

std::optional<std::string> ExplainCsvRowError(const std::string& msg, const FileRelation& rel) {
  std::optional<std::string> line = Capture(msg, "CSV Error on Line: (\\d+)");
  if (!line) return std::nullopt;
  std::string problem = DescribeCsvRowProblem(msg);
  const char* hint = problem.starts_with("column ")     ? kConvertHint
                     : problem.starts_with("not valid") ? kEncodingHint
                                                        : kRowHint;
  std::string sep = problem.starts_with("column ") ? ", " : ": ";
  return FileOf(msg, rel) + " line " + *line + sep + problem + "; " + hint;
}

std::optional<std::string> ExplainSniffError(const std::string& msg, const FileRelation& rel) {
  std::optional<std::string> file = Capture(msg, "Error when sniffing file \"([^\"]*)\"");
  if (!file) return std::nullopt;
  std::string shown = ShownPath(rel, *file);
  std::smatch m;
  static const std::regex kCount(
      "they contain: (\\d+) columns\\. It does not match the number of columns found by the "
      "sniffer: (\\d+)");
  if (std::regex_search(msg, m, kCount)) {
    return shown + ": \"columns\" names " + m[1].str() + " columns but the file has " + m[2].str() +
           "; list every column of the file in order";
  }
  return shown +
         ": cannot work out the CSV layout; set \"delimiter\", \"quote\", \"escape\", "
         "\"has_header\" or \"skip\", or \"ignore_errors\": true";
}

std::optional<std::string> ExplainJsonError(const std::string& msg, const FileRelation& rel) {
  std::smatch m;
  // DuckDB counts lines in newline-delimited files and records or values in arrays.
  static const std::regex kMalformed(
      "Malformed JSON in file \"([^\"]*)\", at byte \\d+ in (line|record/value) (\\d+): "
      "([^\n]*)");
  static const std::regex kTransform(
      "JSON transform error in file \"([^\"]*)\", in line (\\d+): ([^\n]*)");
  std::string what, where, reason;
  if (std::regex_search(msg, m, kMalformed)) {
    what = "malformed JSON: ";
    where = (m[2].str() == "line" ? " line " : " value ") + m[3].str();
    reason = m[4].str();
  } else if (std::regex_search(msg, m, kTransform)) {
    where = " line " + m[2].str();
    reason = m[3].str();
  } else {
    return std::nullopt;
  }
  while (!reason.empty() && (reason.back() == ' ' || reason.back() == '.')) reason.pop_back();
  std::string out = ShownPath(rel, m[1].str()) + where + ": " + what + reason;
  if (what.empty()) out += "; fix the file or change the type in \"columns\"";
  return out;
}

std::optional<std::string> ExplainMissingColumn(const std::string& msg, const FileRelation& rel) {
  std::optional<std::string> column =
      Capture(msg, "Referenced column \"([^\"]*)\" not found in FROM clause");
  if (!column) return std::nullopt;
  std::vector<std::string> candidates;
  std::string bindings = Capture(msg, "Candidate bindings: ([^\n]*)").value_or("");
  static const std::regex kName("\"([^\"]*)\"");
  for (auto it = std::sregex_iterator(bindings.begin(), bindings.end(), kName);
       it != std::sregex_iterator(); ++it) {
    candidates.push_back((*it)[1].str());
  }
  std::string out = "no column '" + *column + "' in " + ListOfFiles(rel);
  std::optional<std::string> near = SuggestClosest(*column, candidates);
  if (near) out += "; did you mean '" + *near + "'?";
  return out;
}

std::optional<std::string> ExplainOther(const std::string& msg, const FileRelation& rel) {
  if (auto type = Capture(msg, "Type with name ([^ ]+) does not exist")) {
    return "unknown column type '" + *type +
           "' in \"columns\"; use a DuckDB type such as INTEGER, BIGINT, DOUBLE, VARCHAR, "
           "DATE or TIMESTAMP";
  }
  if (auto file = Capture(msg, "No magic bytes found at end of file '([^']*)'")) {
    return ShownPath(rel, *file) + " is not a Parquet file";
  }
  if (auto file = Capture(msg, "File '([^']*)' too small to be a Parquet file")) {
    return ShownPath(rel, *file) +
           " is too small to be a Parquet file; it may be cut short: write it again";
  }
  return std::nullopt;
}

}  // namespace

std::string DescribeCsvRowProblem(const std::string& text) {
  std::smatch m;
  static const std::regex kConvert(
      "Error when converting column \"([^\"]*)\"\\. Could not convert string \"([^\n]*)\" to "
      "'([^']*)'");
  static const std::regex kColumns("Expected Number of Columns: (\\d+) Found: (\\d+)");
  if (std::regex_search(text, m, kConvert)) {
    return "column '" + m[1].str() + "': could not convert '" + m[2].str() + "' to " + m[3].str();
  }
  if (std::regex_search(text, m, kColumns)) {
    return "expected " + m[1].str() + " columns, found " + m[2].str();
  }
  if (text.find("Invalid unicode") != std::string::npos) return "not valid utf-8 text";
  // DuckDB puts the reason after "CSV Error on Line: n" and "Original Line: …".
  std::optional<std::string> reason = Capture(text, "\nOriginal Line:[^\n]*\n([^\n]+)");
  return reason ? *reason : FirstLine(WithoutErrorClass(text));
}

Status ExplainFileError(const Status& engine_error, const FileRelation& relation,
                        const std::string& label) {
  const std::string& msg = engine_error.message();
  if (auto pattern = Capture(msg, "No files found that match the pattern \"([^\"]*)\"")) {
    return Status::NotFound(label + ": no file matches '" + ShownPath(relation, *pattern) + "'");
  }
  std::optional<std::string> explained = ExplainCsvRowError(msg, relation);
  if (!explained) explained = ExplainSniffError(msg, relation);
  if (!explained) explained = ExplainJsonError(msg, relation);
  if (!explained) explained = ExplainMissingColumn(msg, relation);
  if (!explained) explained = ExplainOther(msg, relation);
  if (!explained) explained = FirstLine(WithoutErrorClass(msg));
  return Status(engine_error.code(), label + ": " + *explained);
}

}  // namespace sqlflow
