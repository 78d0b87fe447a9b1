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

Result<std::string> ReadFileTail(const std::string& path, size_t max_bytes) {
  std::error_code ec;
  uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec || !std::filesystem::is_regular_file(path, ec)) {
    return Status::NotFound(path + ": no such file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(path + ": cannot read: " + std::strerror(errno));
  size_t count = size < max_bytes ? static_cast<size_t>(size) : max_bytes;
  in.seekg(static_cast<std::streamoff>(size - count));
  std::string tail(count, '\0');
  in.read(tail.data(), static_cast<std::streamsize>(count));
  if (in.bad()) return Status::IoError(path + ": cannot read: " + std::strerror(errno));
  tail.resize(static_cast<size_t>(in.gcount()));
  return tail;
}

}  // namespace sqlflow
