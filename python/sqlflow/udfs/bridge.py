"""Conversions between DuckDB columns and numpy/pandas for the C++ UDF bridge; not for users.

The C++ side copies fixed-width values itself; it calls these functions for the cases that
need pandas' judgement (NULLs, object columns, dates, DataFrames). A *storage* name says how
DuckDB keeps a column: a numpy dtype name ("int32", "float64", "bool"), "date" (int32 days
since 1970-01-01), "timestamp" (int64 microseconds since 1970-01-01) or "object" (anything the
C++ side converts value by value: strings, bytes, decimals).
"""

import datetime
import decimal

import numpy as np
import pandas as pd

_NS_PER_DAY = 86_400_000_000_000


def normalize(values, n, storage):
    """A vectorized UDF's result as (contiguous array in `storage`, NULL mask or None)."""
    if isinstance(values, pd.DataFrame):
        raise TypeError("got a DataFrame; return one column (an array or a Series)")
    if isinstance(values, pd.Series):
        series = values.reset_index(drop=True)
    else:
        if values is None or np.isscalar(values):
            raise TypeError(f"got a single {type(values).__name__}, not an array of {n} values "
                            "(one per input row)")
        array = np.asarray(values)
        if array.ndim != 1:
            raise ValueError(f"got an array of shape {array.shape}; expected {n} values in "
                             "one dimension")
        series = pd.Series(array, copy=False)
    if len(series) != n:
        raise ValueError(f"got {len(series)} values for {n} input rows; return one value per "
                         "row")
    return column_values(series, storage)


def column_values(series, storage):
    """One column as (contiguous array in `storage`, NULL mask or None)."""
    mask = np.asarray(series.isna().to_numpy(), dtype=bool)
    has_null = bool(mask.any())
    null_mask = mask if has_null else None
    if storage == "object":
        return series.to_numpy(dtype=object), null_mask
    if storage in ("date", "timestamp"):
        return _datetimes(series, storage, mask), null_mask
    filled = series.where(~mask, 0) if has_null else series
    array = filled.to_numpy()
    if array.dtype.kind == "O":
        array = np.array(array.tolist())
    return np.ascontiguousarray(_numbers(array, np.dtype(storage))), null_mask


def _numbers(array, dtype):
    got = array.dtype
    if dtype.kind == "b" and got.kind != "b":
        raise TypeError(f"got {got} values where booleans were expected")
    if dtype.kind in "iuf" and got.kind not in "biuf":
        raise TypeError(f"got {_describe_dtype(array)} values where numbers ({dtype}) were "
                        "expected")
    if dtype.kind in "iu" and got.kind == "f":
        if not np.all(np.isfinite(array)) or np.any(array != np.floor(array)):
            raise TypeError(f"got fractional {got} values where integers ({dtype}) were "
                            "expected")
    with np.errstate(all="ignore"):
        out = array.astype(dtype)
    if dtype.kind in "iu" and got.kind in "iuf" and np.any(out != array):
        raise OverflowError(f"got values outside the range of {dtype}")
    return out


def _describe_dtype(array):
    if array.dtype.kind in "OU" and len(array):
        return type(array.tolist()[0]).__name__
    return str(array.dtype)


def _datetimes(series, storage, mask):
    if series.dtype.kind in "biuf":
        raise TypeError(f"got {series.dtype} values where {storage}s were expected")
    try:
        stamps = pd.to_datetime(series)
    except (TypeError, ValueError) as e:
        raise TypeError(f"got values that are not {storage}s: {e}") from None
    if stamps.dt.tz is not None:
        stamps = stamps.dt.tz_convert("UTC").dt.tz_localize(None)
    ns = stamps.to_numpy(dtype="datetime64[ns]").view(np.int64)
    out = ns // 1000 if storage == "timestamp" else (ns // _NS_PER_DAY).astype(np.int32)
    out[mask] = 0
    return np.ascontiguousarray(out)


def make_dataframe(names, columns):
    """The input DataFrame of a table UDF from (kind, array, mask) columns built by C++.

    Kinds: "timestamp" (int64 microseconds), "date" (int32 days), anything else an array
    already of its final dtype. NULLs: NaN in numeric columns (ints become float64, as in
    pandas), NaT in date/timestamp columns, None in object columns.
    """
    data = {}
    for i, (kind, array, mask) in enumerate(columns):
        if kind == "timestamp":
            col = array.view("datetime64[us]").astype("datetime64[ns]")
        elif kind == "date":
            col = array.astype("datetime64[D]").astype("datetime64[ns]")
        elif mask is not None and array.dtype.kind in "iuf":
            col = array.astype(np.float64)
        elif mask is not None and array.dtype.kind == "b":
            col = array.astype(object)
        else:
            col = array
        if mask is not None:
            col = col.copy() if col is array else col
            col[mask] = np.datetime64("NaT") if kind in ("date", "timestamp") else (
                np.nan if col.dtype.kind == "f" else None)
        data[i] = col
    frame = pd.DataFrame(data)
    frame.columns = list(names)
    return frame


def check_frame(result):
    if not isinstance(result, pd.DataFrame):
        raise TypeError(f"got {type(result).__name__}; a table UDF returns a pandas DataFrame")
    return {str(c): c for c in result.columns}


def table_column(result, name, storage):
    """Column `name` of a table UDF's result as (array, mask); a clear error when missing."""
    columns = check_frame(result)
    if name not in columns:
        raise ValueError(f"the returned DataFrame has no column '{name}' (it has "
                         f"{', '.join(columns) or 'none'}); return every column of "
                         "output_schema")
    return column_values(result[columns[name]].reset_index(drop=True), storage)


def infer_schema(result):
    """[[name, SQL type], ...] for the columns of a returned DataFrame (infer=True)."""
    return [[name, _sql_type(result[col])] for name, col in check_frame(result).items()]


_INT_TYPES = {(1, "i"): "TINYINT", (2, "i"): "SMALLINT", (4, "i"): "INTEGER", (8, "i"): "BIGINT",
              (1, "u"): "UTINYINT", (2, "u"): "USMALLINT", (4, "u"): "UINTEGER",
              (8, "u"): "UBIGINT"}
_OBJECT_TYPES = [(bool, "BOOLEAN"), (np.bool_, "BOOLEAN"), (int, "BIGINT"),
                 (np.integer, "BIGINT"), (float, "DOUBLE"), (np.floating, "DOUBLE"),
                 (str, "VARCHAR"), (bytes, "BLOB"), (datetime.datetime, "TIMESTAMP"),
                 (datetime.date, "DATE"), (decimal.Decimal, "DECIMAL(38,9)")]


def _sql_type(series):
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return "BOOLEAN"
    if pd.api.types.is_integer_dtype(dtype):
        np_dtype = np.dtype(getattr(dtype, "numpy_dtype", dtype))
        return _INT_TYPES[(np_dtype.itemsize, np_dtype.kind)]
    if pd.api.types.is_float_dtype(dtype):
        return "FLOAT" if np.dtype(getattr(dtype, "numpy_dtype", dtype)).itemsize == 4 \
            else "DOUBLE"
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return "TIMESTAMP"
    values = series.dropna()
    if len(values):
        first = values.iloc[0]
        for python_type, sql in _OBJECT_TYPES:
            if isinstance(first, python_type):
                return sql
    return "VARCHAR"


def from_text(sql_type, text):
    """A named argument of a table UDF call (given as text by C++) as a Python value."""
    name = sql_type.upper()
    if name == "BOOLEAN":
        return text.lower() in ("true", "t", "1", "yes")
    if name.endswith("INT") or name in ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT",
                                        "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT"):
        return int(text)
    if name in ("DOUBLE", "FLOAT", "REAL"):
        return float(text)
    if name.startswith("DECIMAL"):
        return decimal.Decimal(text)
    if name == "DATE":
        return datetime.date.fromisoformat(text)
    if name.startswith("TIMESTAMP"):
        return datetime.datetime.fromisoformat(text)
    return text
