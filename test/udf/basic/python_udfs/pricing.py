"""Scalar UDFs used by src/udf/udf_runtime_test.cc."""
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Optional

import numpy as np

from sqlflow.udfs import python_scalar_udf


@python_scalar_udf
def discount(price: float, pct: float = 0.1) -> float:
    """Price after a percentage discount."""
    return price * (1 - pct)


@python_scalar_udf
def ratio(a: float, b: float) -> float:
    return a / b


@python_scalar_udf
def label(name: Optional[str]) -> str:
    return "anonymous" if name is None else "user:" + name


@python_scalar_udf
def shout(text: str) -> str:
    return text.upper() + "!"


@python_scalar_udf
def next_day(d: date) -> date:
    return d + timedelta(days=1)


@python_scalar_udf
def next_hour(t: datetime) -> datetime:
    return t + timedelta(hours=1)


@python_scalar_udf
def with_tax(amount: Decimal) -> Decimal:
    return amount * Decimal("1.2")


@python_scalar_udf
def is_big(n: int) -> bool:
    return n > 100


@python_scalar_udf
def wrong_type(n: int) -> int:
    return "not a number"


@python_scalar_udf(vectorized=True)
def score(revenue, orders):
    return revenue * 0.7 + orders * 0.3


@python_scalar_udf(vectorized=True)
def upper_all(texts: str) -> str:
    return np.array([None if t is None else t.upper() for t in texts], dtype=object)


@python_scalar_udf(vectorized=True)
def too_short(x: float) -> float:
    return x[:1]


@python_scalar_udf(vectorized=True, name="is_readonly")
def readonly_flag(x: float) -> bool:
    return np.full(len(x), not x.flags.writeable)
