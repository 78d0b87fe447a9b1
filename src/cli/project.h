// Project: a user's SQLFlow project on disk (SPEC §1) — its root folder and the conventional
// folders under it — and the lookups the CLI does before any verb runs: finding the root,
// listing pipelines, and turning what the user typed into a pipeline file.
// Thread-safety: Project is a plain value; the functions only read through the FileSystem.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/file_system.h"
#include "common/status.h"

namespace sqlflow {

struct Project {
  std::string root;  // absolute, lexically normal, no trailing '/'

  std::string pipelines_dir() const { return root + "/pipelines"; }
  std::string profiles_dir() const { return root + "/profiles"; }
  std::string target_dir() const { return root + "/target"; }
  std::string dotenv_path() const { return root + "/.env"; }

  // `path` made absolute: an absolute path is returned as it is, a relative one is taken as
  // relative to the root (how profile settings such as engines.duckdb.path are read).
  std::string Resolve(std::string_view path) const;
  // `path` as shown to users: relative to the root when it lies under it ("pipelines/shop.sf"),
  // otherwise unchanged.
  std::string DisplayPath(std::string_view path) const;
};

// The nearest directory at or above `start_dir` that contains a `profiles/` or `pipelines/`
// folder. `start_dir` may be relative (to the working directory). InvalidArgument when
// `start_dir` is not a directory; NotFound, saying what to do, when no such directory exists.
Result<Project> FindProject(const std::string& start_dir, const FileSystem& fs);

// Names of the pipelines in `pipelines/` (file names of `*.sf` without the suffix), sorted.
std::vector<std::string> ListPipelines(const Project& project, const FileSystem& fs);

// The absolute path of the pipeline the user named. Accepts a name (`shop`), a file name
// (`shop.sf`), a path relative to the root (`pipelines/shop.sf`) or an absolute path. NotFound
// with a "did you mean" over the existing pipelines, and their list, when there is no such file.
Result<std::string> ResolvePipelinePath(const Project& project, std::string_view name_or_path,
                                        const FileSystem& fs);

// The pipeline name of a pipeline file: its file name without `.sf` ("/p/pipelines/shop.sf" →
// "shop").
std::string PipelineNameFromPath(std::string_view path);

// A "did you mean" for a name or key the user typed, among `names`: one differing only in case
// (which SuggestClosest skips, as EditDistance ignores case), else SuggestClosest's plausible
// typo; nullopt when none fits.
std::optional<std::string> SuggestName(std::string_view word,
                                       const std::vector<std::string>& names);

}  // namespace sqlflow
