# Sub-folder modules import each other, absolutely and relatively.
from python_udfs.lib.helpers import FACTOR, twice  # twice is described in helpers only
from . import helpers
from sqlflow.udfs import python_scalar_udf


@python_scalar_udf
def quadruple(x: int) -> int:
    return twice(x) * helpers.FACTOR if FACTOR == 2 else 0
