// The CPython and numpy C APIs for the files of udf/ (the only module that includes Python.h),
// with the RAII pieces every bridge uses: PyRef (an owned reference), GilLock (holds the GIL
// for a scope), and the text of the pending Python exception.
// Thread-safety: PyRef and the functions need the GIL (REQUIRES below); GilLock takes it.
#pragma once

#define PY_SSIZE_T_CLEAN
#include <Python.h>
// numpy's C API table lives in python_interpreter.cc (the one file without NO_IMPORT_ARRAY).
#define PY_ARRAY_UNIQUE_SYMBOL sqlflow_numpy_api
#define NPY_NO_DEPRECATED_API NPY_1_7_API_VERSION
#ifndef SQLFLOW_NUMPY_IMPORT
#define NO_IMPORT_ARRAY
#endif
#include <numpy/arrayobject.h>

#include <string>
#include <utility>

namespace sqlflow {

// An owned (strong) Python reference, released when it goes out of scope.
// REQUIRES: the GIL is held whenever a non-null PyRef is reset, assigned or destroyed.
class PyRef {
 public:
  PyRef() = default;
  explicit PyRef(PyObject* owned) : obj_(owned) {}  // steals `owned` (may be null)
  static PyRef Borrow(PyObject* borrowed) {
    Py_XINCREF(borrowed);
    return PyRef(borrowed);
  }
  PyRef(PyRef&& other) noexcept : obj_(std::exchange(other.obj_, nullptr)) {}
  PyRef& operator=(PyRef&& other) noexcept {
    if (this != &other) {
      Py_XDECREF(obj_);
      obj_ = std::exchange(other.obj_, nullptr);
    }
    return *this;
  }
  PyRef(const PyRef&) = delete;
  PyRef& operator=(const PyRef&) = delete;
  ~PyRef() { Py_XDECREF(obj_); }

  PyObject* get() const { return obj_; }
  PyObject* release() { return std::exchange(obj_, nullptr); }
  explicit operator bool() const { return obj_ != nullptr; }

 private:
  PyObject* obj_ = nullptr;
};

// Holds the GIL for its lifetime, from any thread (PyGILState_Ensure/Release).
class GilLock {
 public:
  GilLock() : state_(PyGILState_Ensure()) {}
  ~GilLock() { PyGILState_Release(state_); }
  GilLock(const GilLock&) = delete;
  GilLock& operator=(const GilLock&) = delete;

 private:
  PyGILState_STATE state_;
};

// "ZeroDivisionError: division by zero" for the pending exception, which is cleared.
// REQUIRES: the GIL; an exception is set.
std::string TakeExceptionSummary();
// The pending exception with its full traceback ("Traceback (most recent call last): …"),
// which is cleared. REQUIRES: the GIL; an exception is set.
std::string TakeExceptionTraceback();
// str(obj) / repr(obj) as UTF-8, or a placeholder when they fail. REQUIRES: the GIL.
std::string PyStr(PyObject* obj);
std::string PyRepr(PyObject* obj);

}  // namespace sqlflow
