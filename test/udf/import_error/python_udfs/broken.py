from sqlflow.udfs import python_scalar_udf


def load_rates():
    return {"a": 1}["missing"]


RATES = load_rates()


@python_scalar_udf
def rate(x: int) -> int:
    return x
