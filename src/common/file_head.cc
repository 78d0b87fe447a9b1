#include "common/file_head.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace sqlflow {

Result<std::string> ReadFileHead(const std::string& path, size_t max_bytes) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return Status::NotFound(path + ": no such file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(path + ": cannot read: " + std::strerror(errno));
  std::string head(max_bytes, '\0');
  in.read(head.data(), static_cast<std::streamsize>(max_bytes));
  if (in.bad()) return Status::IoError(path + ": cannot read: " + std::strerror(errno));
  head.resize(static_cast<size_t>(in.gcount()));
  return head;
}

}  // namespace sqlflow
