#include "udf/python_function.h"

#include "udf/python_interpreter.h"

namespace sqlflow {

PythonFunction::PythonFunction(PyObject* callable, const UdfInfo& info)
    : callable_(Py_NewRef(callable)), info_(info) {}

PythonFunction::~PythonFunction() {
  if (!PythonRunning()) return;
  GilLock gil;
  Py_DECREF(callable_);
}

std::string PythonFunction::Label() const {
  return "UDF " + info_.ShortName() + " (" + info_.Place() + ")";
}

}  // namespace sqlflow
