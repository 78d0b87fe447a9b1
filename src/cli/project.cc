#include "cli/project.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "common/edit_distance.h"
#include "common/strings.h"

namespace sqlflow {

namespace {

namespace stdfs = std::filesystem;

constexpr std::string_view kPipelineSuffix = ".sf";

// Lexically normal, without a trailing separator (except for "/" itself).
std::string Normalize(const stdfs::path& p) {
  std::string s = p.lexically_normal().string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

Status PipelineNotFound(const Project& project, std::string_view name, const FileSystem& fs) {
  std::vector<std::string> names = ListPipelines(project, fs);
  std::string msg = "pipeline '" + std::string(name) + "' not found (no pipelines/" +
                    std::string(name) + std::string(kPipelineSuffix) + ")";
  if (names.empty()) {
    return Status::NotFound(msg + "; the project has no pipelines yet: create pipelines/" +
                            std::string(name) + std::string(kPipelineSuffix));
  }
  msg += "; ";
  if (auto s = SuggestName(name, names)) msg += "did you mean '" + *s + "'? ";
  return Status::NotFound(msg + "available pipelines: " + JoinNames(names));
}

}  // namespace

std::string Project::Resolve(std::string_view path) const {
  stdfs::path p(path);
  if (p.is_absolute()) return Normalize(p);
  return Normalize(stdfs::path(root) / p);
}

std::string Project::DisplayPath(std::string_view path) const {
  std::string normal = Normalize(stdfs::path(path));
  if (normal.size() > root.size() && normal.compare(0, root.size(), root) == 0 &&
      normal[root.size()] == '/') {
    return normal.substr(root.size() + 1);
  }
  return std::string(path);
}

std::optional<std::string> SuggestName(std::string_view word,
                                       const std::vector<std::string>& names) {
  for (const std::string& n : names) {
    if (n != word && EditDistance(n, word) == 0) return n;  // differs only in case
  }
  return SuggestClosest(word, names);
}

Result<Project> FindProject(const std::string& start_dir, const FileSystem& fs) {
  std::error_code ec;
  stdfs::path start = stdfs::absolute(start_dir.empty() ? "." : start_dir, ec);
  if (ec) return Status::Invalid(start_dir + ": cannot resolve: " + ec.message());
  std::string dir = Normalize(start);
  if (!fs.IsDirectory(dir)) return Status::Invalid(start_dir + ": no such directory");
  for (stdfs::path p(dir);; p = p.parent_path()) {
    std::string candidate = Normalize(p);
    if (fs.IsDirectory(Normalize(p / "profiles")) || fs.IsDirectory(Normalize(p / "pipelines"))) {
      return Project{candidate};
    }
    if (p == p.parent_path()) break;
  }
  return Status::NotFound("no SQLFlow project found in " + dir +
                          " or any parent (looked for pipelines/ or profiles/); run `sqlflow "
                          "init NAME` to create one, or pass --project-dir");
}

std::vector<std::string> ListPipelines(const Project& project, const FileSystem& fs) {
  std::vector<std::string> names;
  for (const std::string& file :
       fs.ListFiles(project.pipelines_dir(), std::string(kPipelineSuffix))) {
    if (file.size() > kPipelineSuffix.size()) names.push_back(PipelineNameFromPath(file));
  }
  std::sort(names.begin(), names.end());
  return names;
}

Result<std::string> ResolvePipelinePath(const Project& project, std::string_view name_or_path,
                                        const FileSystem& fs) {
  if (name_or_path.empty()) {
    return Status::Invalid("no pipeline given; name one of the files in pipelines/");
  }
  if (name_or_path.find('/') != std::string_view::npos) {
    std::string path = project.Resolve(name_or_path);
    if (fs.IsDirectory(path)) {
      return Status::Invalid(project.DisplayPath(path) + ": is a directory, not a pipeline file");
    }
    if (fs.Exists(path)) return path;
    if (project.DisplayPath(path) == "pipelines/" + PipelineNameFromPath(path) + ".sf") {
      return PipelineNotFound(project, PipelineNameFromPath(path), fs);
    }
    return Status::NotFound(project.DisplayPath(path) + ": no such pipeline file");
  }
  std::string name(name_or_path);
  if (EndsWith(name, kPipelineSuffix)) name.resize(name.size() - kPipelineSuffix.size());
  std::string path = project.pipelines_dir() + "/" + name + std::string(kPipelineSuffix);
  if (fs.Exists(path) && !fs.IsDirectory(path)) return path;
  return PipelineNotFound(project, name, fs);
}

std::string PipelineNameFromPath(std::string_view path) {
  size_t slash = path.rfind('/');
  std::string_view file = slash == std::string_view::npos ? path : path.substr(slash + 1);
  if (EndsWith(file, kPipelineSuffix)) file.remove_suffix(kPipelineSuffix.size());
  return std::string(file);
}

}  // namespace sqlflow
