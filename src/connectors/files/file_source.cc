#include "connectors/files/file_source.h"

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/strings.h"
#include "connectors/files/file_match.h"
#include "connectors/files/file_shape.h"
#include "engine/sql_quote.h"

namespace sqlflow {

namespace {

using Json = nlohmann::ordered_json;

// Reads typed params (by name or alias) and appends them as DuckDB reader options.
class OptionWriter {
 public:
  OptionWriter(const Json& params, const std::string& label) : params_(params), label_(label) {}

  const std::string& text() const { return text_; }
  void Append(const std::string& option, const std::string& value_sql) {
    text_ += ", " + option + " = " + value_sql;
  }

  // The param under the first of `names` present, or nullptr.
  const Json* Find(std::initializer_list<const char*> names) const {
    for (const char* name : names) {
      auto it = params_.find(name);
      if (it != params_.end() && !it->is_null()) return &*it;
    }
    return nullptr;
  }

  Status String(std::initializer_list<const char*> names, const std::string& option) {
    const Json* v = Find(names);
    if (v == nullptr) return Status::OK();
    if (!v->is_string()) return WrongType(names, "a string");
    Append(option, QuoteString(v->get<std::string>()));
    return Status::OK();
  }

  Status Bool(std::initializer_list<const char*> names, const std::string& option) {
    const Json* v = Find(names);
    if (v == nullptr) return Status::OK();
    if (!v->is_boolean()) return WrongType(names, "true or false");
    Append(option, v->get<bool>() ? "true" : "false");
    return Status::OK();
  }

  Status Count(std::initializer_list<const char*> names, const std::string& option) {
    const Json* v = Find(names);
    if (v == nullptr) return Status::OK();
    if (!v->is_number_integer() || v->get<int64_t>() < 0) {
      return WrongType(names, "a whole number, 0 or more");
    }
    Append(option, std::to_string(v->get<int64_t>()));
    return Status::OK();
  }

  // {"name": "TYPE", …} as the DuckDB struct {'name': 'TYPE', …}, in the user's order.
  Status TypeMap(std::initializer_list<const char*> names, const std::string& option) {
    const Json* v = Find(names);
    if (v == nullptr) return Status::OK();
    if (!v->is_object() || v->empty()) return WrongType(names, "an object {\"name\": \"TYPE\"}");
    std::string out = "{";
    for (auto it = v->begin(); it != v->end(); ++it) {
      if (!it.value().is_string()) return WrongType(names, "an object {\"name\": \"TYPE\"}");
      if (out.size() > 1) out += ", ";
      out += QuoteString(it.key()) + ": " + QuoteString(it.value().get<std::string>());
    }
    Append(option, out + "}");
    return Status::OK();
  }

  Status WrongType(std::initializer_list<const char*> names, const std::string& expected) const {
    return Status::Invalid(label_ + ": \"" + *names.begin() + "\" must be " + expected);
  }

 private:
  const Json& params_;
  const std::string& label_;
  std::string text_;
};

// ['a', 'b']: a DuckDB list of string literals.
std::string QuoteStringList(const std::vector<std::string>& items) {
  std::vector<std::string> quoted;
  for (const std::string& item : items) quoted.push_back(QuoteString(item));
  return "[" + Join(quoted) + "]";
}

// A name for the rejects table, stable for a label (FNV-1a), so two sources never share one.
std::string RejectsTableName(const std::string& label) {
  uint64_t hash = 1469598103934665603ULL;
  for (unsigned char c : label) hash = (hash ^ c) * 1099511628211ULL;
  static const char* kHex = "0123456789abcdef";
  std::string out = "sqlflow_rejects_";
  for (int shift = 60; shift >= 0; shift -= 4) out += kHex[(hash >> shift) & 0xF];
  return out;
}

Status AddEncoding(OptionWriter& w, const std::string& label) {
  const Json* v = w.Find({"encoding"});
  if (v == nullptr) return Status::OK();
  if (!v->is_string()) return w.WrongType({"encoding"}, "a string");
  std::string encoding = ToLowerAscii(v->get<std::string>());
  if (encoding != "utf-8" && encoding != "utf-16" && encoding != "latin-1") {
    return Status::Invalid(label + ": encoding '" + v->get<std::string>() +
                           "' is not supported; use utf-8, utf-16 or latin-1");
  }
  w.Append("encoding", QuoteString(encoding));
  return Status::OK();
}

Status AddCsvOptions(OptionWriter& w, FileRelation& rel) {
  SQLFLOW_RETURN_IF_ERROR(w.Bool({"has_header", "header"}, "header"));
  SQLFLOW_RETURN_IF_ERROR(w.String({"delimiter", "delim", "sep"}, "delim"));
  SQLFLOW_RETURN_IF_ERROR(w.String({"quote"}, "quote"));
  SQLFLOW_RETURN_IF_ERROR(w.String({"escape"}, "escape"));
  SQLFLOW_RETURN_IF_ERROR(w.String({"null_string", "nullstr"}, "nullstr"));
  SQLFLOW_RETURN_IF_ERROR(AddEncoding(w, rel.label));
  SQLFLOW_RETURN_IF_ERROR(w.TypeMap({"columns"}, "columns"));
  SQLFLOW_RETURN_IF_ERROR(w.String({"date_format", "dateformat"}, "dateformat"));
  SQLFLOW_RETURN_IF_ERROR(w.String({"timestamp_format", "timestampformat"}, "timestampformat"));
  SQLFLOW_RETURN_IF_ERROR(w.Count({"skip"}, "skip"));
  const Json* ignore = w.Find({"ignore_errors"});
  if (ignore != nullptr && !ignore->is_boolean()) {
    return w.WrongType({"ignore_errors"}, "true or false");
  }
  if (ignore != nullptr && ignore->get<bool>()) {
    rel.ignore_errors = true;
    rel.rejects_table = RejectsTableName(rel.label);
    w.Append("ignore_errors", "true");
    w.Append("store_rejects", "true");
    w.Append("rejects_table", QuoteString(rel.rejects_table));
    w.Append("rejects_scan", QuoteString(rel.rejects_table + "_scans"));
  }
  return Status::OK();
}

// Parquet "columns": ["a", "b"] becomes a projection around the reader.
Result<std::string> ParquetSelectList(const OptionWriter& w) {
  const Json* v = w.Find({"columns"});
  if (v == nullptr) return std::string();
  if (!v->is_array() || v->empty()) return w.WrongType({"columns"}, "a list of column names");
  std::string out;
  for (const Json& name : *v) {
    if (!name.is_string()) return w.WrongType({"columns"}, "a list of column names");
    if (!out.empty()) out += ", ";
    out += QuoteIdentifier(name.get<std::string>());
  }
  return out;
}

Status AddJsonOptions(OptionWriter& w, const std::string& type) {
  if (type == "NDJSON") {
    w.Append("format", QuoteString("newline_delimited"));
  } else if (const Json* v = w.Find({"format"}); v != nullptr) {
    if (!v->is_string()) return w.WrongType({"format"}, "a string");
    w.Append("format", QuoteString(ToLowerAscii(v->get<std::string>())));
  }
  return w.TypeMap({"columns"}, "columns");
}

Result<std::string> ReaderCall(const std::string& type, const std::string& files_sql,
                               OptionWriter& w, FileRelation& rel, const std::string& extra) {
  if (type == "CSV") {
    SQLFLOW_RETURN_IF_ERROR(AddCsvOptions(w, rel));
    rel.layout_sniffed =
        w.Find({"delimiter", "delim", "sep"}) == nullptr && w.Find({"columns"}) == nullptr;
    // Left to itself, the sniffer may skip the header and first rows to find rows that agree
    // (a,b,c / 1,2 / 4,5,6,7 reads as one row of four columns). With skip 0 such a file reads
    // as one column instead, which CheckCsvLayout reports with the first row that differs.
    if (rel.layout_sniffed && w.Find({"skip"}) == nullptr) w.Append("skip", "0");
    rel.reader_options = w.text() + extra;
    return "read_csv(" + files_sql + w.text() + extra + ")";
  }
  if (type == "JSON" || type == "NDJSON") {
    SQLFLOW_RETURN_IF_ERROR(AddJsonOptions(w, type));
    return "read_json(" + files_sql + w.text() + extra + ")";
  }
  SQLFLOW_ASSIGN_OR_RETURN(std::string select_list, ParquetSelectList(w));
  std::string call = "read_parquet(" + files_sql + extra + ")";
  if (select_list.empty()) return call;
  return "(SELECT " + select_list + " FROM " + call + ")";
}

// The files of `rel` that hold nothing are left out when "columns" declares what the table is
// (they add no rows); otherwise they are an error. True when every file was empty (and the
// relation must then be an empty table with the declared columns).
Result<bool> LeaveOutBlankFiles(const std::string& type, const Json& params, FileRelation& rel) {
  std::vector<std::string> blank = FindBlankFiles(rel.files);
  if (blank.empty()) return false;
  auto columns = params.find("columns");
  bool declared =
      type != "PARQUET" && columns != params.end() && columns->is_object() && !columns->empty();
  if (!declared) {
    std::string shown = ShownPath(rel, blank.front());
    if (type == "PARQUET") {
      return Status::Invalid(rel.label + ": " + shown +
                             " is empty, so it is not a Parquet file; write it again or remove it");
    }
    return Status::Invalid(rel.label + ": " + shown +
                           " is empty, so it has no columns to read; add its rows, remove it, or "
                           "declare \"columns\" to read an empty file as an empty table");
  }
  if (blank.size() == rel.files.size()) return true;
  std::erase_if(rel.files, [&](const std::string& f) {
    return std::find(blank.begin(), blank.end(), f) != blank.end();
  });
  return false;
}

}  // namespace

std::string ShownPath(const FileRelation& relation, const std::string& file) {
  std::string shown = DisplayPath(file, relation.project_root);
  if (shown == file || relation.display_prefix.empty()) return shown;
  return relation.display_prefix + shown;
}

Result<FileRelation> PlanFileSource(const FileSourceRequest& request, const FileSystem& fs) {
  const std::string& label = request.label;
  std::string type = ToUpperAscii(request.connector_type);
  if (type != "CSV" && type != "PARQUET" && type != "JSON" && type != "NDJSON") {
    return Status::Invalid(label + ": '" + request.connector_type + "' is not a file source type");
  }
  Json params = Json::parse(request.params_json, nullptr, false);
  if (!params.is_object()) return Status::Invalid(label + ": params must be a JSON object");
  auto path = params.find("path");
  if (path == params.end() || !path->is_string()) {
    return Status::Invalid(label + ": \"path\" must be a string naming a file or glob");
  }
  SQLFLOW_ASSIGN_OR_RETURN(FileMatch match,
                           MatchFiles(path->get<std::string>(), request.project_root, fs, label));
  FileRelation rel;
  rel.connector_type = type == "NDJSON" ? "JSON" : type;
  rel.project_root = request.project_root;
  rel.label = label;
  rel.display_prefix = request.display_prefix;
  rel.files = match.files;
  SQLFLOW_ASSIGN_OR_RETURN(bool all_blank, LeaveOutBlankFiles(type, params, rel));
  if (rel.connector_type == "JSON" && type != "NDJSON") {
    SQLFLOW_RETURN_IF_ERROR(CheckJsonArraysClosed(rel));
  }
  std::string files_sql = QuoteStringList(rel.files);
  OptionWriter writer(params, label);
  SQLFLOW_ASSIGN_OR_RETURN(rel.sql,
                           ReaderCall(type, files_sql, writer, rel, request.extra_reader_options));
  if (all_blank) {
    // Nothing to sniff: the declared columns are the table, and any blank lines are no rows.
    if (type == "CSV") rel.sql.insert(rel.sql.size() - 1, ", auto_detect = false");
    rel.sql = "(SELECT * FROM " + rel.sql + " LIMIT 0)";
    rel.layout_sniffed = false;
  }
  return rel;
}

}  // namespace sqlflow
