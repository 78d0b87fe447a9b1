"""Finds the UDFs of a project; called by the sqlflow binary, not by users.

``discover(project_root)`` imports every ``python_udfs/**/*.py`` file as a dotted module
(``python_udfs/pricing/tax.py`` -> ``python_udfs.pricing.tax``) and describes each function
marked by a decorator of ``sqlflow.udfs``: its kind, parameters with their SQL types, result
type or output schema, file, line and docstring. Problems are collected, not raised, so that
one report can name every broken file and UDF.
"""

import datetime
import decimal
import importlib
import inspect
import os
import re
import sys
import traceback
import types
import typing

from sqlflow.udfs.decorators import _ATTRIBUTE

# Python annotation -> the SQL type of the parameter or result.
_PYTHON_TYPES = {
    int: "BIGINT",
    float: "DOUBLE",
    str: "VARCHAR",
    bool: "BOOLEAN",
    bytes: "BLOB",
    datetime.datetime: "TIMESTAMP",
    datetime.date: "DATE",
    decimal.Decimal: "DECIMAL(38,9)",
}
_SUPPORTED = "int, float, str, bool, bytes, date, datetime, Decimal, or Optional[...] of one"
# A SQL type written as a string annotation: x: "DECIMAL(10,2)".
_SQL_TYPE_TEXT = re.compile(r"^[A-Z][A-Z0-9_ ]*(\(\s*\d+\s*(,\s*\d+\s*)?\))?$")
# Vectorized UDFs without annotations, or annotated with an array type, take and give DOUBLE.
_VECTORIZED_DEFAULT = "DOUBLE"

_state = {"paths": [], "root": None}


class UdfDefinitionError(Exception):
    """A decorated function whose signature cannot become a SQL function."""


def discover(project_root):
    """Returns {"udfs": [description, ...], "errors": [message, ...]} for the project."""
    project_root = os.path.abspath(project_root)
    udf_dir = os.path.join(project_root, "python_udfs")
    _reset_paths(project_root, udf_dir)
    found = {"udfs": [], "errors": []}
    if not os.path.isdir(udf_dir):
        return found
    for path in _python_files(udf_dir):
        rel = os.path.relpath(path, project_root)
        module_name = _module_name(rel)
        try:
            module = importlib.import_module(module_name)
        except BaseException as e:  # a UDF file may raise anything, even SystemExit
            found["errors"].append(f"{rel}: import failed:\n{_user_traceback(e, udf_dir)}")
            continue
        _collect(module, module_name, rel, found)
    return found


def _python_files(udf_dir):
    files = []
    for folder, dirs, names in os.walk(udf_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "__")))
        files.extend(os.path.join(folder, n) for n in sorted(names) if n.endswith(".py"))
    return files


def _module_name(rel_path):
    name = rel_path[: -len(".py")].replace(os.sep, ".")
    return name[: -len(".__init__")] if name.endswith(".__init__") else name


def _reset_paths(project_root, udf_dir):
    """Makes `python_udfs` (and its files as top-level modules) importable from this project,
    forgetting the modules of a project discovered before in this process."""
    for p in _state["paths"]:
        while p in sys.path:
            sys.path.remove(p)
    old_root = _state["root"]
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None) or ""
        if name == "python_udfs" or name.startswith("python_udfs."):
            del sys.modules[name]
        elif old_root and file.startswith(os.path.join(old_root, "python_udfs") + os.sep):
            del sys.modules[name]
    sys.path[0:0] = [project_root, udf_dir]
    _state["paths"] = [project_root, udf_dir]
    _state["root"] = project_root
    importlib.invalidate_caches()


def _user_traceback(error, udf_dir):
    """The traceback from the first frame in the user's files (importlib's frames dropped)."""
    tb = error.__traceback__
    while tb is not None and not tb.tb_frame.f_code.co_filename.startswith(udf_dir):
        tb = tb.tb_next
    return "".join(traceback.format_exception(type(error), error, tb)).rstrip()


def _collect(module, module_name, rel, found):
    for obj in list(vars(module).values()):
        try:
            spec = getattr(obj, _ATTRIBUTE, None)
        except Exception:
            continue
        if not isinstance(spec, dict) or not callable(obj):
            continue
        if getattr(obj, "__module__", None) != module_name:
            continue  # imported from another UDF file: described there
        try:
            found["udfs"].append(_describe(obj, spec, module_name, rel))
        except UdfDefinitionError as e:
            found["errors"].append(str(e))


def _describe(func, spec, module_name, rel):
    target = inspect.unwrap(func)
    line = _def_line(target)
    function_name = spec.get("name") or func.__name__
    qualified = f"{module_name}.{function_name}"
    shown = qualified[len("python_udfs.") :] if qualified.startswith("python_udfs.") else qualified

    def fail(message):
        raise UdfDefinitionError(f"UDF {shown} ({rel}:{line}): {message}")

    try:
        signature = inspect.signature(func)
    except (TypeError, ValueError) as e:
        fail(f"cannot read its signature: {e}")
    kind = spec["kind"]
    info = {
        "qualified_name": qualified,
        "function_name": function_name,
        "kind": kind,
        "file": rel,
        "line": line,
        "docstring": inspect.getdoc(func) or "",
        "callable": func,
        "output_schema": [],
        "infer_schema": False,
        "return_sql_type": "",
        "return_annotation": "",
    }
    if kind == "table":
        info["parameters"] = _table_parameters(func, signature, fail)
        schema = spec.get("output_schema")
        if schema is None and not spec.get("infer"):
            fail("a table UDF needs output_schema={...} or infer=True")
        if schema is not None:
            if not schema or not all(isinstance(k, str) and isinstance(v, str)
                                     for k, v in schema.items()):
                fail("output_schema must map column names to SQL type names, "
                     'e.g. {"id": "INTEGER", "ltv": "DOUBLE"}')
            info["output_schema"] = [[k, v] for k, v in schema.items()]
        else:
            info["infer_schema"] = True
        return info
    vectorized = kind == "vectorized"
    info["parameters"] = _scalar_parameters(func, signature, vectorized, fail)
    ret = signature.return_annotation
    sql, _, text = _annotation_type(func, ret, vectorized, None, fail, "the return value")
    info["return_sql_type"] = sql
    info["return_annotation"] = text
    return info


def _def_line(func):
    """The line of the `def` (co_firstlineno is the first decorator's line)."""
    first = func.__code__.co_firstlineno if hasattr(func, "__code__") else 0
    try:
        lines, start = inspect.getsourcelines(func)
    except (OSError, TypeError):
        return first
    for offset, text in enumerate(lines):
        if text.lstrip().startswith(("def ", "async def ")):
            return start + offset
    return first


def _scalar_parameters(func, signature, vectorized, fail):
    params = []
    for p in signature.parameters.values():
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            fail(f"parameter {_star(p)} cannot be called from SQL; list the parameters one "
                 "by one")
        keyword_only = p.kind == p.KEYWORD_ONLY
        if keyword_only and p.default is p.empty:
            fail(f"keyword-only parameter '{p.name}' needs a default: SQL passes arguments "
                 "by position")
        default = None if p.default is p.empty else p.default
        sql, nullable, text = _annotation_type(func, p.annotation, vectorized, default, fail,
                                               f"parameter '{p.name}'")
        params.append(_parameter(p, sql, nullable, text, keyword_only))
    return params


def _table_parameters(func, signature, fail):
    values = list(signature.parameters.values())
    if not values or values[0].kind not in (values[0].POSITIONAL_ONLY,
                                            values[0].POSITIONAL_OR_KEYWORD):
        fail("a table UDF takes the input rows as its first parameter (a pandas DataFrame)")
    first = values[0]
    params = [_parameter(first, "", False, _annotation_text(first.annotation), False)]
    for p in values[1:]:
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            fail(f"parameter {_star(p)} cannot be called from SQL; declare keyword-only "
                 "parameters (after *) one by one")
        if p.kind != p.KEYWORD_ONLY and p.default is p.empty:
            fail(f"parameter '{p.name}' must be keyword-only (after *) or have a default: "
                 "SQL passes it by name (name := value)")
        default = None if p.default is p.empty else p.default
        sql, nullable, text = _annotation_type(func, p.annotation, False, default, fail,
                                               f"parameter '{p.name}'")
        params.append(_parameter(p, sql, nullable, text, True))
    return params


def _star(p):
    """'*args' or '**kwargs', as the parameter is written."""
    return ("*" if p.kind == p.VAR_POSITIONAL else "**") + p.name


def _parameter(p, sql, nullable, annotation_text, keyword_only):
    has_default = p.default is not p.empty
    return {
        "name": p.name,
        "annotation": annotation_text,
        "sql_type": sql,
        "nullable": nullable,
        "has_default": has_default,
        "default_repr": repr(p.default) if has_default else "",
        "keyword_only": keyword_only,
    }


def _annotation_type(func, annotation, vectorized, default, fail, what):
    """(sql_type, nullable, annotation_text) for one annotation."""
    text = _annotation_text(annotation)
    if annotation is inspect.Signature.empty:
        if default is not None and type(default) in _PYTHON_TYPES:
            return _PYTHON_TYPES[type(default)], vectorized, text
        if vectorized:
            return _VECTORIZED_DEFAULT, True, text
        fail(f"{what} has no type annotation; annotate it with {_SUPPORTED}")
    resolved = _resolve(func, annotation)
    nullable = False
    inner = _optional_inner(resolved)
    if inner is not None:
        resolved, nullable = inner, True
    if isinstance(resolved, str):
        if _SQL_TYPE_TEXT.match(resolved.strip()):
            return resolved.strip(), nullable, text
        if vectorized and _is_array_name(resolved):
            return _VECTORIZED_DEFAULT, True, text
        fail(f"{what} has an annotation that names no known type ({resolved!r}); "
             f"use {_SUPPORTED}, or a SQL type name such as \"DECIMAL(10,2)\"")
    if resolved in _PYTHON_TYPES:
        return _PYTHON_TYPES[resolved], nullable or vectorized, text
    numpy_type = _numpy_scalar_type(resolved)
    if numpy_type:
        return numpy_type, nullable or vectorized, text
    if vectorized and _is_array_type(resolved):
        return _VECTORIZED_DEFAULT, True, text
    fail(f"{what} has an unsupported annotation {text}; use {_SUPPORTED}")


def _annotation_text(annotation):
    if annotation is inspect.Signature.empty:
        return ""
    if isinstance(annotation, str):
        return annotation
    return inspect.formatannotation(annotation)


def _resolve(func, annotation):
    """Evaluates a string annotation (PEP 563) in the function's module; keeps the string when
    it names nothing importable there."""
    if not isinstance(annotation, str):
        return annotation
    try:
        return eval(annotation, getattr(func, "__globals__", {}))  # noqa: S307 (user's own code)
    except Exception:
        return annotation


def _optional_inner(annotation):
    origin = typing.get_origin(annotation)
    if origin is typing.Union or origin is getattr(types, "UnionType", ()):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1 and len(typing.get_args(annotation)) == 2:
            return args[0]
    return None


def _numpy_scalar_type(annotation):
    try:
        import numpy as np
    except ImportError:
        return None
    table = {np.float64: "DOUBLE", np.float32: "FLOAT", np.int64: "BIGINT", np.int32: "INTEGER",
             np.int16: "SMALLINT", np.int8: "TINYINT", np.bool_: "BOOLEAN"}
    return table.get(annotation)


def _is_array_type(annotation):
    name = getattr(typing.get_origin(annotation) or annotation, "__name__", "")
    return name in ("ndarray", "Series")


def _is_array_name(text):
    return text.split("[")[0].split(".")[-1] in ("ndarray", "Series")
