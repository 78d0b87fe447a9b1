// Whether another process is still alive: how temporary files named after their process's pid
// (export temp files, S3 staging folders) are known to be left behind by a killed run.
#pragma once

#include <sys/types.h>

namespace sqlflow {

// True when process `pid` has ended: it does not exist, or it is a zombie (ended, not yet
// reaped; in a container without an init process nothing may ever reap it).
bool ProcessEnded(pid_t pid);

}  // namespace sqlflow
