#include "connectors/files/file_match.h"

#include <fnmatch.h>

#include <algorithm>
#include <filesystem>
#include <optional>

#include "common/edit_distance.h"

namespace sqlflow {

namespace {

namespace fs = std::filesystem;

// Deeper than this, `**` stops descending (a guard against folder links that loop).
constexpr int kMaxGlobDepth = 64;

// The part of `path` before its last '/', '/' included; empty when there is none. Used to show
// a suggestion the way the user wrote the path ("data/" + "orders.csv").
std::string TypedFolder(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash + 1);
}

bool Matches(const std::string& pattern, const std::string& name) {
  return fnmatch(pattern.c_str(), name.c_str(), FNM_PERIOD) == 0;
}

// Expands the glob `parts[i..]` below the folder `dir` into `out`.
class GlobWalk {
 public:
  GlobWalk(const FileSystem& files, const std::vector<std::string>& parts)
      : files_(files), parts_(parts) {}

  void Expand(const std::string& dir, size_t i, int depth, std::vector<std::string>* out) {
    if (depth > kMaxGlobDepth) return;
    const std::string& part = parts_[i];
    if (i + 1 == parts_.size()) {
      for (const std::string& name : files_.ListFiles(dir, "")) {
        if (Matches(part, name)) out->push_back(Join(dir, name));
      }
      return;
    }
    if (part == "**") {
      Expand(dir, i + 1, depth, out);
      for (const std::string& sub : files_.ListDirectories(dir)) {
        if (sub.front() != '.') Expand(Join(dir, sub), i, depth + 1, out);
      }
    } else if (HasGlob(part)) {
      for (const std::string& sub : files_.ListDirectories(dir)) {
        if (Matches(part, sub)) Expand(Join(dir, sub), i + 1, depth + 1, out);
      }
    } else if (files_.IsDirectory(Join(dir, part))) {
      Expand(Join(dir, part), i + 1, depth + 1, out);
    }
  }

 private:
  static std::string Join(const std::string& dir, const std::string& name) {
    return dir == "/" ? "/" + name : dir + "/" + name;
  }

  const FileSystem& files_;
  const std::vector<std::string>& parts_;
};

// The folder holding the fixed, wildcard-free start of `pattern`, and the components after it.
std::string SplitAtFirstGlob(const std::string& pattern, std::vector<std::string>* parts) {
  size_t wildcard = pattern.find_first_of("*?[");
  size_t slash = pattern.rfind('/', wildcard);
  std::string rest = pattern.substr(slash + 1);
  for (size_t start = 0; start <= rest.size();) {
    size_t end = std::min(rest.find('/', start), rest.size());
    parts->push_back(rest.substr(start, end - start));
    start = end + 1;
  }
  return slash == 0 ? "/" : pattern.substr(0, slash);
}

Status NoMatch(const std::string& label, const std::string& path, const std::string& folder,
               const FileSystem& files) {
  std::string msg = label + ": no file matches '" + path + "'";
  if (!files.IsDirectory(folder)) {
    return Status::NotFound(msg + " (folder " + folder + " does not exist)");
  }
  msg += " (looked in " + folder + ")";
  if (!HasGlob(path)) {
    std::string name = fs::path(path).filename().string();
    std::optional<std::string> near = SuggestClosest(name, files.ListFiles(folder, ""));
    if (near) msg += "; did you mean '" + TypedFolder(path) + *near + "'?";
  }
  return Status::NotFound(msg);
}

}  // namespace

bool HasGlob(const std::string& path) { return path.find_first_of("*?[") != std::string::npos; }

std::string ResolvePath(const std::string& path, const std::string& project_root) {
  fs::path p(path);
  if (p.is_relative()) p = fs::path(project_root) / p;
  std::string out = p.lexically_normal().string();
  if (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

std::string DisplayPath(const std::string& absolute, const std::string& project_root) {
  std::string root = project_root;
  if (!root.empty() && root.back() != '/') root += '/';
  if (!root.empty() && absolute.size() > root.size() && absolute.starts_with(root)) {
    return absolute.substr(root.size());
  }
  return absolute;
}

Result<FileMatch> MatchFiles(const std::string& path, const std::string& project_root,
                             const FileSystem& files, const std::string& label) {
  if (path.empty()) return Status::Invalid(label + ": \"path\" is empty");
  if (path.find("://") != std::string::npos) {
    return Status::Invalid(label + ": \"path\" must be a local file or glob, not '" + path + "'");
  }
  FileMatch match;
  match.pattern = ResolvePath(path, project_root);
  if (!HasGlob(match.pattern)) {
    if (files.IsDirectory(match.pattern)) {
      return Status::Invalid(label + ": '" + path +
                             "' is a folder; name a file or a glob such as '" + path + "/*'");
    }
    std::string folder = fs::path(match.pattern).parent_path().string();
    if (!files.Exists(match.pattern)) return NoMatch(label, path, folder, files);
    match.files.push_back(match.pattern);
    return match;
  }
  std::vector<std::string> parts;
  std::string folder = SplitAtFirstGlob(match.pattern, &parts);
  GlobWalk(files, parts).Expand(folder, 0, 0, &match.files);
  if (match.files.empty()) return NoMatch(label, path, folder, files);
  std::sort(match.files.begin(), match.files.end());
  match.files.erase(std::unique(match.files.begin(), match.files.end()), match.files.end());
  return match;
}

}  // namespace sqlflow
