#include "connectors/s3/s3_staging.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <regex>
#include <thread>

#include "common/process_state.h"
#include "common/run_parallel.h"

namespace sqlflow {

namespace fs = std::filesystem;

namespace {

constexpr uint64_t kFreeSpaceMargin = 512ull << 20;
// Objects this large download as ranges of kRangeSize, in parallel.
constexpr uint64_t kRangedDownloadMin = 32ull << 20;
constexpr uint64_t kRangeSize = 16ull << 20;

// Staging folders of processes that have ended (kill -9, a crash) are removed.
void RemoveStaleSiblings(const fs::path& root) {
  static const std::regex kName(R"(sqlflow-s3-([0-9]{1,9})-[0-9]+)");
  std::error_code ec;
  for (fs::directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    std::smatch match;
    std::string name = it->path().filename().string();
    if (!std::regex_match(name, match, kName)) continue;
    pid_t pid = static_cast<pid_t>(std::stol(match[1].str()));
    if (pid > 0 && pid != getpid() && ProcessEnded(pid)) {
      std::error_code ignored;
      fs::remove_all(it->path(), ignored);
    }
  }
}

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
  std::error_code ec;
  fs::create_directories(root, ec);
  if (ec) {
    return Status::IoError(label + ": cannot create the S3 staging folder '" + root +
                           "': " + ec.message() + "; set \"staging_dir\" to a writable folder");
  }
  RemoveStaleSiblings(root);
  static std::atomic<int> next{0};
  fs::path path =
      fs::path(root) / ("sqlflow-s3-" + std::to_string(getpid()) + "-" + std::to_string(next++));
  fs::remove_all(path, ec);
  fs::create_directories(path, ec);
  if (ec) {
    return Status::IoError(label + ": cannot create '" + path.string() + "': " + ec.message() +
                           "; set \"staging_dir\" to a writable folder");
  }
  return std::unique_ptr<S3Staging>(new S3Staging(fs::absolute(path).string(), label));
}

S3Staging::~S3Staging() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
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
  std::error_code ec;
  fs::space_info space = fs::space(path_, ec);
  if (ec) return Status::OK();  // unknown: the downloads will say if the disk fills
  if (bytes + kFreeSpaceMargin <= space.available) return Status::OK();
  return Status::IoError(label_ + ": the objects to load hold " + std::to_string(bytes >> 20) +
                         " MiB, more than the " + std::to_string(space.available >> 20) +
                         " MiB free (less a 512 MiB margin) where they are staged (" + path_ +
                         "); set \"staging_dir\" to a larger disk, or read fewer objects " +
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
