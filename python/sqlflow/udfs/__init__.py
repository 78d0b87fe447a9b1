"""Decorators that mark functions in ``python_udfs/**/*.py`` as SQLFlow UDFs."""

from sqlflow.udfs.decorators import python_scalar_udf, python_table_udf

__all__ = ["python_scalar_udf", "python_table_udf"]
