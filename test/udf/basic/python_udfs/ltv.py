"""Table UDFs used by src/udf/udf_runtime_test.cc."""
import pandas as pd

from sqlflow.udfs.decorators import python_table_udf


@python_table_udf(output_schema={"customer_id": "INTEGER", "ltv": "DOUBLE"})
def lifetime_value(df: "pd.DataFrame", *, horizon: int = 12) -> "pd.DataFrame":
    """Revenue times the horizon, per customer."""
    return pd.DataFrame({"customer_id": df["id"], "ltv": df["revenue"] * horizon})


@python_table_udf(infer=True)
def summary(df, *, prefix: str = "n"):
    return pd.DataFrame({"name": [prefix + "_rows"], "count": [len(df)],
                         "mean": [float(df.iloc[:, 0].mean())]})


@python_table_udf(output_schema={"missing": "INTEGER"})
def forgets_column(df):
    return pd.DataFrame({"other": [1]})
