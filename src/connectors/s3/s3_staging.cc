#include "connectors/s3/s3_staging.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "common/run_parallel.h"

namespace sqlflow {

namespace fs = std::filesystem;

namespace {

// Objects this large download as ranges of kRangeSize, in parallel.
constexpr uint64_t kRangedDownloadMin = 32ull << 20;
constexpr uint64_t kRangeSize = 16ull << 20;

std::string SafeSegment(std::string segment) {
  if (segment.empty() || segment == "." || segment == "..") return "_";
  for (char& c : segment) {
    if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') c = '_';
  }
  if (segment[0] == '.') segment[0] = '_';
  return segment;
}

}  // namespace

Result<std::unique_ptr<S3Staging>> S3Staging::Create(const std::string& root,
                                                     const std::string& label) {
  SQLFLOW_ASSIGN_OR_RETURN(std::unique_ptr<StagingFolder> folder,
                           StagingFolder::Create(root, "s3", "S3", label));
  return std::unique_ptr<S3Staging>(new S3Staging(std::move(folder), label));
}

std::string S3Staging::LocalPath(const std::string& folder, const std::string& relative_key) const {
  std::string out = path_ + "/" + folder;
  size_t start = 0;
  while (start <= relative_key.size()) {
    size_t slash = relative_key.find('/', start);
    if (slash == std::string::npos) slash = relative_key.size();
    std::string segment = relative_key.substr(start, slash - start);
    if (!(segment.empty() && slash < relative_key.size())) out += "/" + SafeSegment(segment);
    start = slash + 1;
  }
  return out;
}

Status S3Staging::CheckRoom(uint64_t bytes) const {
  return folder_->CheckRoom(bytes, "the objects to load hold",
                            "set \"staging_dir\" to a larger disk, or read fewer objects "
                            "(\"partition_filter\", \"max_bytes\")");
}

Status S3Staging::Download(S3Client& client, const std::string& bucket,
                           const std::vector<StagedObject>& objects, int parallel) const {
  // One task per small object, one per range of a large one (written into a file of the
  // object's size), so that a few large objects download in parallel too.
  struct Task {
    const StagedObject* staged;
    uint64_t offset = 0, length = 0;  // length 0: the whole object
  };
  std::vector<Task> tasks;
  for (const StagedObject& staged : objects) {
    std::error_code ec;
    fs::create_directories(fs::path(staged.local_path).parent_path(), ec);
    if (ec) {
      return Status::IoError(label_ + ": cannot create a folder in '" + path_ +
                             "': " + ec.message());
    }
    uint64_t size = staged.object.size;
    if (size < kRangedDownloadMin) {
      tasks.push_back({&staged});
      continue;
    }
    std::ofstream(staged.local_path, std::ios::binary | std::ios::trunc).close();
    fs::resize_file(staged.local_path, size, ec);
    if (ec) {
      return Status::IoError(label_ + ": cannot make room for " + staged.object.key + " in '" +
                             path_ + "': " + ec.message());
    }
    for (uint64_t at = 0; at < size; at += kRangeSize) {
      tasks.push_back({&staged, at, std::min<uint64_t>(kRangeSize, size - at)});
    }
  }
  return RunParallel(tasks.size(), parallel, [&](size_t i) {
    const Task& task = tasks[i];
    const StagedObject& staged = *task.staged;
    return task.length == 0 ? client.GetToFile(bucket, staged.object.key, staged.local_path)
                            : client.GetRangeToFile(bucket, staged.object.key, staged.local_path,
                                                    task.offset, task.length);
  });
}

}  // namespace sqlflow
