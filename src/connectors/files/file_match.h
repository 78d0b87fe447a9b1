// FileMatch: the files a file SOURCE's "path" names — a path or a glob, relative to the project
// root or absolute — found through the FileSystem seam before anything is read.
// Thread-safety: pure functions over a FileSystem that is safe to share.
#pragma once

#include <string>
#include <vector>

#include "common/file_system.h"
#include "common/status.h"

namespace sqlflow {

struct FileMatch {
  std::string pattern;             // the absolute, lexically normal path or glob
  std::vector<std::string> files;  // absolute paths of the matching files, sorted, never empty
};

// True when `path` holds a glob wildcard (*, ? or [) — the characters DuckDB's readers expand.
bool HasGlob(const std::string& path);

// `path` made absolute against `project_root` (kept when already absolute), lexically normal.
std::string ResolvePath(const std::string& path, const std::string& project_root);

// `absolute` relative to `project_root` when it lies below it, else unchanged: the form used
// in messages ("data/orders.csv").
std::string DisplayPath(const std::string& absolute, const std::string& project_root);

// Resolves `path` and finds the files it names. A component may hold the wildcards `*`, `?` and
// `[a-z]` (which never match a leading '.'), or be `**`: any number of folders, none included.
// Errors (each prefixed by `label`): NotFound "no file matches 'data/ordrs.csv' (looked in
// /abs/data); did you mean 'data/orders.csv'?", NotFound when the folder is missing,
// InvalidArgument when `path` is empty, a URL or a folder.
Result<FileMatch> MatchFiles(const std::string& path, const std::string& project_root,
                             const FileSystem& fs, const std::string& label);

}  // namespace sqlflow
