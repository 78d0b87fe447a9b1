from sqlflow.udfs import python_scalar_udf


@python_scalar_udf
def twice(x: int) -> int:
    """Also called twice: makes the bare name ambiguous."""
    return x + x
