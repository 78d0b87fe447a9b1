#include "common/run_parallel.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

namespace sqlflow {

Status RunParallel(size_t count, int parallel, const std::function<Status(size_t)>& task) {
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex mu;
  Status first = Status::OK();
  auto work = [&] {
    while (!failed.load()) {
      size_t i = next.fetch_add(1);
      if (i >= count) return;
      Status done = task(i);
      if (!done.ok()) {
        std::lock_guard<std::mutex> lock(mu);
        if (!failed.exchange(true)) first = done;
        return;
      }
    }
  };
  size_t threads = std::min<size_t>(std::max(parallel, 1), count);
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(work);
  if (count > 0) work();
  for (std::thread& t : pool) t.join();
  return first;
}

}  // namespace sqlflow
