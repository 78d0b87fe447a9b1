#include "util/fake_file_system.h"

#include <filesystem>

namespace sqlflow::test {

namespace {

std::string Normalize(const std::string& path) {
  std::string s = std::filesystem::path(path).lexically_normal().string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

std::string Parent(const std::string& normal) {
  return std::filesystem::path(normal).parent_path().string();
}

}  // namespace

void FakeFileSystem::AddFile(const std::string& path, std::string contents) {
  std::string p = Normalize(path);
  files_[p] = std::move(contents);
  AddDirectory(Parent(p));
}

void FakeFileSystem::AddDirectory(const std::string& path) {
  for (std::string p = Normalize(path); !p.empty(); p = Parent(p)) {
    if (!dirs_.insert(p).second) break;
    if (p == "/" || p == ".") break;
  }
}

void FakeFileSystem::FailReads(const std::string& path, std::string message) {
  read_errors_[Normalize(path)] = std::move(message);
}

Result<std::string> FakeFileSystem::ReadFile(const std::string& path) const {
  std::string p = Normalize(path);
  if (auto e = read_errors_.find(p); e != read_errors_.end()) return Status::IoError(e->second);
  if (dirs_.count(p)) return Status::IoError(path + ": is a directory, not a file");
  auto it = files_.find(p);
  if (it == files_.end()) return Status::NotFound(path + ": no such file");
  return it->second;
}

bool FakeFileSystem::Exists(const std::string& path) const {
  std::string p = Normalize(path);
  return files_.count(p) > 0 || dirs_.count(p) > 0;
}

bool FakeFileSystem::IsDirectory(const std::string& path) const {
  return dirs_.count(Normalize(path)) > 0;
}

std::vector<std::string> FakeFileSystem::ListFiles(const std::string& dir,
                                                   const std::string& suffix) const {
  std::string d = Normalize(dir);
  std::vector<std::string> out;  // files_ is ordered, so `out` comes out sorted
  for (const auto& [path, contents] : files_) {
    if (Parent(path) != d) continue;
    std::string name = std::filesystem::path(path).filename().string();
    if (name.size() >= suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      out.push_back(name);
    }
  }
  return out;
}

std::vector<std::string> FakeFileSystem::ListDirectories(const std::string& dir) const {
  std::string d = Normalize(dir);
  std::vector<std::string> out;  // dirs_ is ordered, so `out` comes out sorted
  for (const std::string& path : dirs_) {
    if (Parent(path) == d) out.push_back(std::filesystem::path(path).filename().string());
  }
  return out;
}

Status FakeFileSystem::WriteFileAtomic(const std::string& path, const std::string& contents) {
  AddFile(path, contents);
  return Status::OK();
}

}  // namespace sqlflow::test
