"""Where Splink runs: DuckDB in-process (default) or Spark for data beyond one machine.

Both take the same settings (model.py); only the database API differs. Spark and its Java
runtime are an optional extra (`aqiqat[spark]`), imported only when asked for.
"""

from __future__ import annotations

import os
import tempfile
from typing import Any

BACKENDS = ("duckdb", "spark")
# Environment variable that picks the backend when the caller does not.
BACKEND_VARIABLE = "AQIQAT_LINKAGE_BACKEND"


class BackendUnavailable(RuntimeError):
    """The backend asked for is not installed or cannot start; the message says why."""


def backend_name(requested: str | None = None) -> str:
    name = (requested or os.environ.get(BACKEND_VARIABLE) or "duckdb").strip().lower()
    if name not in BACKENDS:
        raise BackendUnavailable(f"unknown linkage backend {name!r}; use one of {BACKENDS}")
    return name


def database_api(name: str | None = None, *, spark_session: Any = None) -> Any:
    """A fresh Splink database API for the backend `name`."""
    chosen = backend_name(name)
    if chosen == "spark":
        return _spark_api(spark_session)
    try:
        import duckdb
        from splink import DuckDBAPI
    except ImportError as exc:
        raise BackendUnavailable(
            "linkage needs Splink and DuckDB: install the 'linkage' extra (pip install "
            "'aqiqat[linkage]')"
        ) from exc
    connection = duckdb.connect(":memory:")
    # Keep the progress bar off: it writes to the terminal from inside DuckDB.
    connection.execute("SET enable_progress_bar = false")
    # DuckDB takes 80% of memory by default; a laptop also runs the app. Past the limit it
    # spills to a temporary folder instead of growing.
    connection.execute(f"SET memory_limit = '{os.environ.get('AQIQAT_DUCKDB_MEMORY', '3GB')}'")
    connection.execute("SET preserve_insertion_order = false")
    return DuckDBAPI(connection=connection)


def local_spark_session(cores: int | None = None, partitions: int = 8) -> Any:
    """A Spark session on this machine (local mode), sized for a laptop.

    `partitions` sets Spark's shuffle partitions: a few for small data, where each one
    costs a task, more for data that needs spreading.
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise BackendUnavailable(
            "the Spark backend needs pyspark and a Java runtime: install the 'spark' extra "
            "(pip install 'aqiqat[spark]')"
        ) from exc
    from splink.backends.spark import similarity_jar_location

    master = f"local[{cores}]" if cores else "local[*]"
    try:
        session = (
            SparkSession.builder.master(master)
            .appName("aqiqat-linkage")
            .config("spark.jars", similarity_jar_location())
            .config("spark.sql.shuffle.partitions", str(partitions))
            .config("spark.default.parallelism", str(partitions))
            .config("spark.ui.enabled", "false")
            .config("spark.driver.memory", os.environ.get("AQIQAT_SPARK_MEMORY", "4g"))
            .config("spark.sql.ansi.enabled", "false")
            .getOrCreate()
        )
        # Splink writes intermediate tables as parquet under the checkpoint folder.
        session.sparkContext.setCheckpointDir(tempfile.mkdtemp(prefix="aqiqat-spark-"))
        return session
    except Exception as exc:  # Java missing or failing to start shows up here, in many forms
        raise BackendUnavailable(f"Spark could not start: {exc}") from exc


def _spark_api(session: Any) -> Any:
    try:
        from splink.backends.spark import SparkAPI
    except ImportError as exc:
        raise BackendUnavailable(
            "the Spark backend needs pyspark: install the 'spark' extra"
        ) from exc
    spark = session if session is not None else local_spark_session()
    # Cached in memory rather than written to parquet between steps: local mode has the
    # memory, and the writes cost more than the work on data of laptop size.
    return SparkAPI(
        spark_session=spark,
        break_lineage_method="persist",
        num_partitions_on_repartition=spark.sparkContext.defaultParallelism,
    )


def spark_table(spark: Any, prepared: Any) -> Any:
    """The prepared table as a Spark DataFrame with its column types stated.

    Spark infers types from values, and fails on a column that is empty in every row (the
    identity numbers and addresses of lists that have none)."""
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    schema = StructType(
        [
            StructField(name, LongType() if str(dtype) == "Int64" else StringType(), nullable=True)
            for name, dtype in prepared.dtypes.items()
        ]
    )
    rows = prepared.astype(object).where(prepared.notna(), None).itertuples(index=False)
    return spark.createDataFrame([tuple(row) for row in rows], schema=schema)
