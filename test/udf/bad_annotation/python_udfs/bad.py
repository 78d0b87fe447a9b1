from sqlflow.udfs import python_scalar_udf


@python_scalar_udf
def no_annotation(x) -> int:
    return x


@python_scalar_udf
def list_annotation(x: list) -> int:
    return 1
