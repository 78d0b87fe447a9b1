"""The Python side of SQLFlow: what UDF files import (``from sqlflow.udfs import ...``).

The ``sqlflow`` binary embeds Python and puts this package on the interpreter's path.
"""

__all__ = ["udfs"]
