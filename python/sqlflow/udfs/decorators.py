"""The UDF decorators.

They only attach a description (``_sqlflow_udf``) to the function and return it unchanged, so a
decorated function can still be called and tested from plain Python. The ``sqlflow`` binary
finds the marked functions when it imports ``python_udfs/**/*.py`` (see discovery.py).
"""

import functools

_ATTRIBUTE = "_sqlflow_udf"


def _mark(func, spec):
    setattr(func, _ATTRIBUTE, spec)
    return func


def python_scalar_udf(func=None, *, name=None, vectorized=False):
    """Marks a scalar UDF: ``@python_scalar_udf``, ``@python_scalar_udf(name=...)`` or
    ``@python_scalar_udf(vectorized=True)``.

    Row UDFs are called once per row with Python values typed by their annotations; vectorized
    UDFs once per batch with numpy arrays, returning an array or pandas Series of that length.
    """
    spec = {"kind": "vectorized" if vectorized else "scalar", "name": name}
    if func is None:
        return functools.partial(_mark, spec=spec)
    return _mark(func, spec)


def python_table_udf(func=None, *, name=None, output_schema=None, infer=False):
    """Marks a table UDF: the first parameter is a pandas DataFrame (the rows of the input
    query), further parameters are keyword-only; it returns a DataFrame.

    ``output_schema`` maps each output column to its SQL type ({"id": "INTEGER"}); with
    ``infer=True`` the columns and types come from the returned DataFrame instead.
    """
    spec = {
        "kind": "table",
        "name": name,
        "output_schema": dict(output_schema) if output_schema is not None else None,
        "infer": bool(infer),
    }
    if func is None:
        return functools.partial(_mark, spec=spec)
    return _mark(func, spec)
