from sqlflow.udfs import python_scalar_udf

FACTOR = 2


@python_scalar_udf
def twice(x: int) -> int:
    return x * FACTOR
