#define SQLFLOW_NUMPY_IMPORT
#include "udf/python_interpreter.h"

#include <mutex>
#include <string>

#include "udf/python_api.h"

#ifndef SQLFLOW_PYTHON_EXECUTABLE
#define SQLFLOW_PYTHON_EXECUTABLE "/usr/bin/python3"
#endif
#ifndef SQLFLOW_PYTHON_PACKAGE_DIR
#define SQLFLOW_PYTHON_PACKAGE_DIR ""
#endif

namespace sqlflow {

namespace {

std::mutex g_mutex;
bool g_running = false;
Status g_start_status;                  // what the start-up reported (numpy, sys.path)
PyThreadState* g_main_state = nullptr;  // the starting thread's state, saved with the GIL

Status Initialize() {
  PyConfig config;
  PyConfig_InitIsolatedConfig(&config);
  config.install_signal_handlers = 0;
  config.write_bytecode = 0;  // no __pycache__ folders in users' python_udfs/
  PyStatus status =
      PyConfig_SetBytesString(&config, &config.program_name, SQLFLOW_PYTHON_EXECUTABLE);
  if (!PyStatus_Exception(status)) status = Py_InitializeFromConfig(&config);
  PyConfig_Clear(&config);
  if (PyStatus_Exception(status)) {
    return Status::Internal(std::string("cannot start the embedded Python (") +
                            SQLFLOW_PYTHON_EXECUTABLE +
                            "): " + (status.err_msg ? status.err_msg : "unknown reason"));
  }
  return Status::OK();
}

// numpy's C API and our package; the GIL is held.
Status PrepareModules() {
  if (_import_array() < 0) {
    return Status::Internal("the embedded Python cannot import numpy (install python3-numpy): " +
                            TakeExceptionSummary());
  }
  PyObject* path = PySys_GetObject("path");  // borrowed
  PyRef package_dir(PyUnicode_FromString(SQLFLOW_PYTHON_PACKAGE_DIR));
  if (path == nullptr || !package_dir || PyList_Insert(path, 0, package_dir.get()) < 0) {
    return Status::Internal("cannot extend sys.path of the embedded Python: " +
                            TakeExceptionSummary());
  }
  return Status::OK();
}

}  // namespace

Status StartPython() {
  std::lock_guard<std::mutex> lock(g_mutex);
  if (g_running) return g_start_status;
  if (Py_IsInitialized()) return Status::Internal("Python was started outside of SQLFlow");
  SQLFLOW_RETURN_IF_ERROR(Initialize());
  Status prepared = PrepareModules();
  // The GIL is released even on failure so that the process can still finalise cleanly.
  g_main_state = PyEval_SaveThread();
  g_running = true;
  g_start_status = prepared;
  return prepared;
}

bool PythonRunning() {
  std::lock_guard<std::mutex> lock(g_mutex);
  return g_running;
}

void StopPython() {
  std::lock_guard<std::mutex> lock(g_mutex);
  if (!g_running) return;
  PyEval_RestoreThread(g_main_state);
  Py_FinalizeEx();
  g_main_state = nullptr;
  g_running = false;
}

}  // namespace sqlflow
