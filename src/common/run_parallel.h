// RunParallel: a fixed set of independent tasks on a few threads, stopping at the first failure
// (the S3 downloads and uploads).
// Thread-safety: `task` is called from several threads at once.
#pragma once

#include <cstddef>
#include <functional>

#include "common/status.h"

namespace sqlflow {

// Runs task(0) … task(count - 1) on up to `parallel` threads (the caller's among them). After
// the first failure no further task starts; the ones running finish. Returns that failure.
Status RunParallel(size_t count, int parallel, const std::function<Status(size_t)>& task);

}  // namespace sqlflow
