// PythonFunction: a UDF's Python callable with what its error messages need, shared (through
// shared_ptr) by every DuckDB function registered for it. DuckDB may destroy the functions on
// any thread when a database closes, so the callable is released under the GIL — or left alone
// when Python has already been finalised (a programming error the process survives).
// Thread-safety: immutable after construction; get() needs the GIL to be used.
#pragma once

#include <string>

#include "udf/python_api.h"
#include "udf/udf_info.h"

namespace sqlflow {

class PythonFunction {
 public:
  // REQUIRES: the GIL (it takes a reference to `callable`).
  PythonFunction(PyObject* callable, const UdfInfo& info);
  ~PythonFunction();
  PythonFunction(const PythonFunction&) = delete;
  PythonFunction& operator=(const PythonFunction&) = delete;

  PyObject* get() const { return callable_; }
  const UdfInfo& info() const { return info_; }
  // "UDF pricing.discount (python_udfs/pricing.py:12)"
  std::string Label() const;

 private:
  PyObject* callable_;
  UdfInfo info_;
};

}  // namespace sqlflow
