#include "engine/file_export.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <string_view>
#include <vector>

#include "common/process_state.h"
#include "engine/sql_quote.h"

namespace sqlflow {

namespace {

namespace fs = std::filesystem;

// The export options after validation, as COPY wants them.
struct CopyOptions {
  bool overwrite = true;
  std::vector<std::string> copy_clauses;  // "HEADER true", "COMPRESSION 'gzip'", …
  bool partitioned = false;
};

Result<bool> OptionBool(const nlohmann::json& value, const std::string& name) {
  if (!value.is_boolean()) return Status::Invalid("option '" + name + "' must be true or false");
  return value.get<bool>();
}

Result<std::string> OptionString(const nlohmann::json& value, const std::string& name) {
  if (!value.is_string()) return Status::Invalid("option '" + name + "' must be a string");
  return value.get<std::string>();
}

Result<std::string> PartitionColumns(const nlohmann::json& value) {
  std::vector<nlohmann::json> items;
  if (value.is_array()) {
    items.assign(value.begin(), value.end());
  } else {
    items.push_back(value);
  }
  std::string columns;
  for (const nlohmann::json& item : items) {
    if (!item.is_string() || item.get<std::string>().empty()) {
      return Status::Invalid("option 'partition_by' must be a column name or a list of them");
    }
    if (!columns.empty()) columns += ", ";
    columns += QuoteIdentifier(item.get<std::string>());
  }
  if (columns.empty()) return Status::Invalid("option 'partition_by' lists no column");
  return columns;
}

// Checks that option `name` belongs to `format`.
Status RequireFormat(const std::string& name, const std::string& format,
                     const std::string& wanted) {
  if (format == wanted) return Status::OK();
  return Status::Invalid("option '" + name + "' applies to " + wanted + " exports only");
}

Status AddOption(const std::string& name, const nlohmann::json& value, const std::string& format,
                 CopyOptions* options, bool* header) {
  if (name == "overwrite") {
    SQLFLOW_ASSIGN_OR_RETURN(options->overwrite, OptionBool(value, name));
  } else if (name == "compression") {
    SQLFLOW_ASSIGN_OR_RETURN(std::string codec, OptionString(value, name));
    options->copy_clauses.push_back("COMPRESSION " + QuoteString(codec));
  } else if (name == "partition_by") {
    SQLFLOW_ASSIGN_OR_RETURN(std::string columns, PartitionColumns(value));
    options->copy_clauses.push_back("PARTITION_BY (" + columns + ")");
    options->partitioned = true;
  } else if (name == "header") {
    SQLFLOW_RETURN_IF_ERROR(RequireFormat(name, format, "CSV"));
    SQLFLOW_ASSIGN_OR_RETURN(*header, OptionBool(value, name));
  } else if (name == "delimiter" || name == "delim") {
    SQLFLOW_RETURN_IF_ERROR(RequireFormat(name, format, "CSV"));
    SQLFLOW_ASSIGN_OR_RETURN(std::string delimiter, OptionString(value, name));
    options->copy_clauses.push_back("DELIMITER " + QuoteString(delimiter));
  } else if (name == "array") {
    SQLFLOW_RETURN_IF_ERROR(RequireFormat(name, format, "JSON"));
    SQLFLOW_ASSIGN_OR_RETURN(bool array, OptionBool(value, name));
    options->copy_clauses.push_back(array ? "ARRAY true" : "ARRAY false");
  } else {
    return Status::Invalid("unknown option '" + name + "' for a " + format + " export");
  }
  return Status::OK();
}

Result<CopyOptions> ParseOptions(const std::string& options_json, const std::string& format) {
  CopyOptions options;
  options.copy_clauses.push_back("FORMAT " + format);
  nlohmann::json json = nlohmann::json::object();
  if (!options_json.empty()) {
    json = nlohmann::json::parse(options_json, nullptr, /*allow_exceptions=*/false);
    if (!json.is_object()) return Status::Invalid("OPTIONS must be a JSON object");
  }
  bool header = true;
  for (const auto& [name, value] : json.items()) {
    SQLFLOW_RETURN_IF_ERROR(AddOption(name, value, format, &options, &header));
  }
  if (format == "CSV") options.copy_clauses.push_back(header ? "HEADER true" : "HEADER false");
  return options;
}

Result<std::string> NormaliseFormat(const std::string& format) {
  std::string upper;
  for (char c : format) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (upper == "CSV" || upper == "PARQUET" || upper == "JSON") return upper;
  return Status::Invalid("unknown export format '" + format + "'; use CSV, PARQUET or JSON");
}

// A fresh name beside `destination` that keeps its extension, so that DuckDB still infers
// compression from ".gz"/".zst": /out/.sqlflow-tmp-<pid>-<n>-daily.csv.gz.
fs::path AsideName(const fs::path& destination, const char* kind) {
  static std::atomic<uint64_t> counter{0};
  return destination.parent_path() /
         (std::string(".sqlflow-") + kind + "-" + std::to_string(getpid()) + "-" +
          std::to_string(counter++) + "-" + destination.filename().string());
}

// The pid in `name` when it is one of our temporary names (AsideName(…, "tmp")).
std::optional<pid_t> TempNamePid(const std::string& name) {
  static const std::regex kTempName(R"(\.sqlflow-tmp-([0-9]{1,9})-[0-9]+-.+)");
  std::smatch match;
  if (!std::regex_match(name, match, kTempName)) return std::nullopt;
  return static_cast<pid_t>(std::stol(match[1].str()));
}

// Removes from `folder` the temporary files (or partitioned directories) of exports whose
// process has died: a sqlflow killed mid-export (kill -9, a crash) leaves its temporary file,
// up to the export's size, and nothing else would ever remove it. Another live process's
// temporary (an export running now) is kept, and so is anything not named like ours. Best
// effort: a file that cannot be removed stays.
void RemoveStaleTemps(const fs::path& folder) {
  std::vector<fs::path> stale;
  std::error_code ec;
  for (auto it = fs::directory_iterator(folder, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    std::optional<pid_t> pid = TempNamePid(it->path().filename().string());
    if (pid && *pid > 0 && ProcessEnded(*pid)) stale.push_back(it->path());
  }
  for (const fs::path& path : stale) fs::remove_all(path, ec);
}

int64_t SizeOnDisk(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) {
    auto size = fs::file_size(path, ec);
    return ec ? 0 : static_cast<int64_t>(size);
  }
  int64_t total = 0;
  for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (it->is_regular_file(ec)) total += static_cast<int64_t>(it->file_size(ec));
  }
  return total;
}

Status IoFailure(const std::string& what, const fs::path& path, const std::error_code& ec) {
  return Status::IoError("cannot " + what + " '" + path.string() + "': " + ec.message());
}

// Moves the finished `written` to `destination`. A file replaces a file in one rename; when
// either is a directory the old destination is first renamed aside, then deleted.
Status Publish(const fs::path& written, const fs::path& destination) {
  std::error_code ec;
  bool swap_directories = fs::is_directory(written, ec) || fs::is_directory(destination, ec);
  if (!swap_directories || !fs::exists(destination, ec)) {
    fs::rename(written, destination, ec);
    return ec ? IoFailure("replace", destination, ec) : Status::OK();
  }
  fs::path old = AsideName(destination, "old");
  fs::rename(destination, old, ec);
  if (ec) return IoFailure("move aside", destination, ec);
  fs::rename(written, destination, ec);
  if (ec) {
    std::error_code restore;
    fs::rename(old, destination, restore);
    return IoFailure("replace", destination, ec);
  }
  fs::remove_all(old, ec);  // the new data is in place; a leftover is only clutter
  return Status::OK();
}

Result<ExportResult> Export(Connection& connection, const FileExportRequest& request) {
  SQLFLOW_ASSIGN_OR_RETURN(std::string format, NormaliseFormat(request.format));
  SQLFLOW_ASSIGN_OR_RETURN(CopyOptions options, ParseOptions(request.options_json, format));
  fs::path destination(request.path);
  if (!destination.is_absolute() || !destination.has_filename()) {
    return Status::Invalid("export path '" + request.path + "' is not an absolute file path");
  }
  std::error_code ec;
  if (!options.overwrite && fs::exists(destination, ec)) {
    return Status::Invalid("'" + request.path +
                           "' already exists and \"overwrite\" is false; remove it or allow "
                           "overwriting");
  }
  fs::create_directories(destination.parent_path(), ec);
  if (ec) return IoFailure("create folder", destination.parent_path(), ec);
  RemoveStaleTemps(destination.parent_path());

  fs::path temp = AsideName(destination, "tmp");
  std::string clauses;
  for (const std::string& clause : options.copy_clauses) {
    clauses += (clauses.empty() ? "" : ", ") + clause;
  }
  Result<QueryResult> copied =
      connection.Query("COPY " + ParenthesizeQuery(request.query) + " TO " +
                       QuoteString(temp.string()) + " (" + clauses + ")");
  ExportResult result;
  Status status = copied.status();
  if (status.ok()) {
    result = {static_cast<int64_t>(copied->rows_changed()), SizeOnDisk(temp)};
    status = Publish(temp, destination);
  }
  if (!status.ok()) {
    fs::remove_all(temp, ec);
    return status;
  }
  return result;
}

}  // namespace

Result<ExportResult> ExportToFile(Connection& connection, const FileExportRequest& request) {
  Result<ExportResult> result = Export(connection, request);
  if (result.ok()) return result;
  const Status& status = result.status();
  // DuckDB's excerpt of the generated COPY (after the first blank line) is noise to the user.
  std::string cause = status.message().substr(0, status.message().find("\n\n"));
  return Status(status.code(), request.label.empty() ? cause : request.label + ": " + cause);
}

}  // namespace sqlflow
