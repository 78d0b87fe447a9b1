// The project `sqlflow init NAME` creates (SPEC §1): profiles, two pipelines that use every
// statement kind and every LOAD mode, and sample data (sample_data.h) as CSV and Parquet — or,
// with --minimal, one small CSV file, one pipeline and the dev profile.
// Thread-safety: plain functions; each call writes only its own folder.
#pragma once

#include <string>
#include <vector>

#include "common/file_system.h"
#include "common/status.h"

namespace sqlflow {

class Connection;

enum class ProjectTemplate {
  kFull,     // dev and prod profiles, daily_sales and customers pipelines, ~330 KB of data
  kMinimal,  // dev profile, daily_sales pipeline, a 10-row CSV file; needs no engine
};

const char* ToString(ProjectTemplate kind);

// One file of a new project: its path relative to the project folder, what it is for (shown
// to the user; empty for files such as .gitignore that need no introduction), and its text.
struct SampleFile {
  std::string path;
  std::string description;
  std::string contents;
};

// The text files of a `kind` project whose folder is called `project_name`, in the order
// they are shown. Parquet files are not among them: they need the engine.
std::vector<SampleFile> SampleProjectFiles(ProjectTemplate kind, const std::string& project_name);

// OK when `name` may name a new project: a path whose last part is letters, digits, '_', '-'
// and '.', starting with a letter, digit or '_' (so `shop`, `work/shop` and `../shop` are
// fine). InvalidArgument saying what is allowed otherwise.
Status CheckProjectName(const std::string& name);

// The error for a NAME whose folder already holds something.
Status ProjectDirTakenError(const std::string& name);

// Writes a `kind` project into `dir` (created, with its parents, as needed) and returns what it
// wrote, in the order to show it; paths are relative to `dir`. For kFull it also writes
// data/products.parquet through `duckdb`. Nothing is overwritten: when `dir` is a file, or a
// folder holding a file or any of the project's folders, it returns InvalidArgument before
// writing anything. IoError or EngineError when a write fails; files written before it stay.
// REQUIRES: `duckdb` is non-null for kFull (it is not used for kMinimal).
Result<std::vector<SampleFile>> CreateSampleProject(const std::string& dir, ProjectTemplate kind,
                                                    FileSystem& fs, Connection* duckdb);

}  // namespace sqlflow
