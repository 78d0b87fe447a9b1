// The embedded interpreter: one per process (numpy cannot live in sub-interpreters), started
// on first use from the system Python with an isolated configuration, so that PYTHONHOME,
// PYTHONPATH or another Python first on PATH cannot break it (TOOLCHAIN.md). After start-up the
// starting thread releases the GIL; every caller then takes it with GilLock.
// Thread-safety: StartPython and StopPython may be called from any thread; they serialise.
#pragma once

#include "common/status.h"

namespace sqlflow {

// Starts the interpreter, imports numpy's C API and puts the `sqlflow` package on sys.path.
// OK at once when already running. Internal error (with Python's reason) when it cannot start;
// a later call tries again only if the interpreter never came up.
Status StartPython();

// True between a successful StartPython() and StopPython().
bool PythonRunning();

// Finalises the interpreter. REQUIRES: no Python object is referenced by C++ any more (every
// Database holding UDFs closed). Calling it when Python never started does nothing.
void StopPython();

}  // namespace sqlflow
