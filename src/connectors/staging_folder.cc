#include "connectors/staging_folder.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <regex>

#include "common/process_state.h"

namespace sqlflow {

namespace fs = std::filesystem;

namespace {

constexpr uint64_t kFreeSpaceMargin = 512ull << 20;

// Staging folders of processes that have ended (kill -9, a crash) are removed.
void RemoveStaleSiblings(const fs::path& root, const std::string& kind) {
  const std::regex name_pattern("sqlflow-" + kind + "-([0-9]{1,9})-[0-9]+");
  std::error_code ec;
  for (fs::directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    std::smatch match;
    std::string name = it->path().filename().string();
    if (!std::regex_match(name, match, name_pattern)) continue;
    pid_t pid = static_cast<pid_t>(std::stol(match[1].str()));
    if (pid > 0 && pid != getpid() && ProcessEnded(pid)) {
      std::error_code ignored;
      fs::remove_all(it->path(), ignored);
    }
  }
}

}  // namespace

Result<std::unique_ptr<StagingFolder>> StagingFolder::Create(const std::string& root,
                                                             const std::string& kind,
                                                             const std::string& what,
                                                             const std::string& label) {
  std::error_code ec;
  fs::create_directories(root, ec);
  if (ec) {
    return Status::IoError(label + ": cannot create the " + what + " staging folder '" + root +
                           "': " + ec.message() + "; set \"staging_dir\" to a writable folder");
  }
  RemoveStaleSiblings(root, kind);
  static std::atomic<int> next{0};
  fs::path path = fs::path(root) / ("sqlflow-" + kind + "-" + std::to_string(getpid()) + "-" +
                                    std::to_string(next++));
  fs::remove_all(path, ec);
  fs::create_directories(path, ec);
  if (ec) {
    return Status::IoError(label + ": cannot create '" + path.string() + "': " + ec.message() +
                           "; set \"staging_dir\" to a writable folder");
  }
  return std::unique_ptr<StagingFolder>(new StagingFolder(fs::absolute(path).string(), label));
}

StagingFolder::~StagingFolder() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

Status StagingFolder::CheckRoom(uint64_t bytes, const std::string& what_holds,
                                const std::string& advice) const {
  std::error_code ec;
  fs::space_info space = fs::space(path_, ec);
  if (ec) return Status::OK();  // unknown: the writes will say if the disk fills
  if (bytes + kFreeSpaceMargin <= space.available) return Status::OK();
  return Status::IoError(label_ + ": " + what_holds + " " + std::to_string(bytes >> 20) +
                         " MiB, more than the " + std::to_string(space.available >> 20) +
                         " MiB free (less a 512 MiB margin) where they are staged (" + path_ +
                         "); " + advice);
}

}  // namespace sqlflow
