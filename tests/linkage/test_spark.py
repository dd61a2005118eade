"""The same settings on Spark (local mode, the Java runtime of this machine) as on DuckDB."""

from __future__ import annotations

from pathlib import Path

import pytest

from aqiqat.demo import generate, write_files
from aqiqat.linkage import LinkOptions, link, local_spark_session, read_records

pytest.importorskip("pyspark", reason="the Spark backend is the optional 'spark' extra")

# Training runs hundreds of small Spark jobs (minutes on two cores), so here the model is
# trained on DuckDB and Spark predicts and clusters with it; bench/bench_linkage_spark.py
# trains on Spark too.
SMALL = {"u_max_pairs": 1e5, "em_max_pairs": 1e5, "em_iterations": 5}


@pytest.mark.slow
def test_spark_with_the_same_model_puts_the_same_records_together(tmp_path: Path) -> None:
    write_files(generate(people=300, seed=3), tmp_path)
    records = read_records(tmp_path / "mapping.json").records
    session = local_spark_session(cores=2, partitions=2)
    session.sparkContext.setLogLevel("ERROR")
    on_duckdb = link(records, LinkOptions(backend="duckdb", **SMALL))
    on_spark = link(
        records,
        LinkOptions(backend="spark", spark_session=session, trained_model=on_duckdb.model),
    )

    def groups(result: object) -> set[frozenset[str]]:
        frame = result.clusters  # type: ignore[attr-defined]
        return {frozenset(g) for _, g in frame.groupby("cluster_id")["record_id"]}

    spark_groups, duckdb_groups = groups(on_spark), groups(on_duckdb)
    agreeing = len(spark_groups & duckdb_groups) / len(duckdb_groups)
    assert agreeing >= 0.98
    assert len(on_spark.clusters) == len(records)
