// TempDir: a fresh directory removed when the object dies.
#pragma once

#include <string>

namespace sqlflow::test {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  // Writes `contents` to `relative` under the directory, creating folders.
  void WriteFile(const std::string& relative, const std::string& contents) const;

 private:
  std::string path_;
};

}  // namespace sqlflow::test
