#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <system_error>

#include "cli/sample_project.h"
#include "cli/terminal.h"
#include "cli/verbs.h"
#include "engine/connection.h"
#include "engine/database.h"

namespace sqlflow {

namespace {

// True when `dir` exists and holds anything at all, sub-folders and hidden files included
// (the FileSystem seam only lists files, so this check looks at the disk itself).
bool HoldsAnything(const std::string& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return false;
  return !std::filesystem::is_empty(dir, ec);
}

// "python_udfs/.gitkeep" is shown as the folder it keeps.
std::string ShownPath(const std::string& path) {
  const std::string keep = "/.gitkeep";
  if (path.size() > keep.size() && path.ends_with(keep)) {
    return path.substr(0, path.size() - keep.size() + 1);
  }
  return path;
}

void PrintCreated(const std::string& name, const std::vector<SampleFile>& files) {
  std::printf("Created SQLFlow project '%s':\n", name.c_str());
  size_t width = 0;
  for (const SampleFile& f : files) width = std::max(width, ShownPath(f.path).size());
  for (const SampleFile& f : files) {
    if (f.description.empty()) continue;
    std::printf("  %-*s  %s\n", static_cast<int>(width), ShownPath(f.path).c_str(),
                f.description.c_str());
  }
  std::printf("\nNext:\n  cd %s && sqlflow validate && sqlflow run daily_sales\n", name.c_str());
}

}  // namespace

int RunInit(const InitOptions& options) {
  const std::string& name = options.name;
  if (Status st = CheckProjectName(name); !st.ok()) {
    PrintError(st.message());
    return kExitUsage;
  }
  if (HoldsAnything(name)) {
    PrintError(ProjectDirTakenError(name).message());
    return kExitUsage;
  }
  ProjectTemplate kind = options.minimal ? ProjectTemplate::kMinimal : ProjectTemplate::kFull;
  // The full project's Parquet file is written by DuckDB; an in-memory database will do.
  std::optional<Database> database;
  std::optional<Connection> connection;
  if (kind == ProjectTemplate::kFull) {
    DatabaseOptions db_options;
    db_options.threads = 1;
    Result<Database> db = Database::Open(db_options);
    if (!db.ok()) {
      PrintError("cannot start DuckDB to write the Parquet sample: " + db.status().message());
      return kExitUsage;
    }
    database.emplace(std::move(db).value());
    Result<Connection> conn = Connection::Open(*database);
    if (!conn.ok()) {
      PrintError("cannot start DuckDB to write the Parquet sample: " + conn.status().message());
      return kExitUsage;
    }
    connection.emplace(std::move(conn).value());
  }
  RealFileSystem fs;
  Result<std::vector<SampleFile>> files =
      CreateSampleProject(name, kind, fs, connection ? &*connection : nullptr);
  if (!files.ok()) {
    PrintError(files.status().message());
    return kExitUsage;
  }
  PrintCreated(name, *files);
  return kExitOk;
}

}  // namespace sqlflow
