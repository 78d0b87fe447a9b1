// FakeFileSystem: an in-memory FileSystem for unit tests. Paths are compared after lexical
// normalisation; adding a file adds its parent folders. Reads of chosen paths can be made to fail.
// Thread-safety: none; one per test.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/file_system.h"

namespace sqlflow::test {

class FakeFileSystem : public FileSystem {
 public:
  // Creates or replaces the file at `path` (and its parent folders).
  void AddFile(const std::string& path, std::string contents);
  // Creates the folder at `path` (and its parents).
  void AddDirectory(const std::string& path);
  // Makes ReadFile(path) fail with IoError(`message`) while the file still "exists".
  void FailReads(const std::string& path, std::string message);

  Result<std::string> ReadFile(const std::string& path) const override;
  bool Exists(const std::string& path) const override;
  bool IsDirectory(const std::string& path) const override;
  std::vector<std::string> ListFiles(const std::string& dir,
                                     const std::string& suffix) const override;
  std::vector<std::string> ListDirectories(const std::string& dir) const override;
  Status WriteFileAtomic(const std::string& path, const std::string& contents) override;

  const std::map<std::string, std::string>& files() const { return files_; }

 private:
  std::map<std::string, std::string> files_;
  std::set<std::string> dirs_;
  std::map<std::string, std::string> read_errors_;
};

}  // namespace sqlflow::test
