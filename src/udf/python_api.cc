#include "udf/python_api.h"

namespace sqlflow {

namespace {

std::string Utf8(PyObject* text) {
  if (text == nullptr || !PyUnicode_Check(text)) return "<unprintable>";
  Py_ssize_t size = 0;
  const char* data = PyUnicode_AsUTF8AndSize(text, &size);
  if (data == nullptr) {
    PyErr_Clear();
    return "<unprintable>";
  }
  return std::string(data, static_cast<size_t>(size));
}

}  // namespace

std::string PyStr(PyObject* obj) {
  PyRef text(PyObject_Str(obj));
  if (!text) PyErr_Clear();
  return Utf8(text.get());
}

std::string PyRepr(PyObject* obj) {
  PyRef text(PyObject_Repr(obj));
  if (!text) PyErr_Clear();
  return Utf8(text.get());
}

std::string TakeExceptionSummary() {
  PyObject* raw_type = nullptr;
  PyObject* raw_value = nullptr;
  PyObject* raw_tb = nullptr;
  PyErr_Fetch(&raw_type, &raw_value, &raw_tb);
  PyErr_NormalizeException(&raw_type, &raw_value, &raw_tb);
  PyRef type(raw_type), value(raw_value), tb(raw_tb);
  if (!type) return "unknown Python error";
  std::string name = reinterpret_cast<PyTypeObject*>(type.get())->tp_name;
  std::string message = value ? PyStr(value.get()) : "";
  return message.empty() ? name : name + ": " + message;
}

std::string TakeExceptionTraceback() {
  PyObject* raw_type = nullptr;
  PyObject* raw_value = nullptr;
  PyObject* raw_tb = nullptr;
  PyErr_Fetch(&raw_type, &raw_value, &raw_tb);
  PyErr_NormalizeException(&raw_type, &raw_value, &raw_tb);
  PyRef type(raw_type), value(raw_value), tb(raw_tb);
  if (!type) return "unknown Python error";
  PyRef module(PyImport_ImportModule("traceback"));
  PyRef lines(module ? PyObject_CallMethod(module.get(), "format_exception", "OOO", type.get(),
                                           value ? value.get() : Py_None, tb ? tb.get() : Py_None)
                     : nullptr);
  PyRef empty(PyUnicode_FromString(""));
  PyRef joined(lines && empty ? PyUnicode_Join(empty.get(), lines.get()) : nullptr);
  if (!joined) {
    PyErr_Clear();
    return std::string(reinterpret_cast<PyTypeObject*>(type.get())->tp_name) + ": " +
           (value ? PyStr(value.get()) : "");
  }
  std::string text = Utf8(joined.get());
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

}  // namespace sqlflow
