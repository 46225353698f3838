"""The driver of ``onrecord spark run``: plan the units, run them in jobs, commit each
unit's output exactly once, then link across articles.

Each job reads a wave of units (one task per unit), spreads their articles over the
cluster (a WARC file's pages are read by one task but parsed by all), keeping the first
copy of an article a unit holds twice, as ingest does; runs the pipeline; and writes every
output table under ``_staging/<job>/``. Only when the job has succeeded
are each unit's folders moved into place (``<table>/month=YYYY-MM/unit=<key>/``) and its
completion marker written (``_done/<key>.json``), last. A rerun skips the units that have
a marker and first deletes whatever output the others left, so a driver killed at any
point leaves no duplicate behind. A job that fails leaves its units without a marker, to
be run again; the run goes on with the next wave.
"""

from __future__ import annotations

import operator
import os
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import Any

from onrecord.errors import ConfigError
from onrecord.settings import Settings
from onrecord.spark.hadoop import Hadoop, as_uri
from onrecord.spark.output import COLUMNS, partitions
from onrecord.spark.plan import Unit, plan
from onrecord.spark.tasks import Options, first, read_unit, unkeyed, write_partition

__all__ = ["RunSummary", "run", "session"]

# Set in the driver that spark-submit starts, which holds its master and configuration.
_SUBMITTED = "PYSPARK_GATEWAY_PORT"

#: Called after each job with ``(units done so far, units to do, articles so far)``.
Progress = Callable[[int, int, int], None]


@dataclass(slots=True)
class RunSummary:
    """What a run did."""

    output: str
    pipeline: str
    units: int = 0
    #: Units complete from an earlier run, not read again.
    skipped: int = 0
    articles: int = 0
    statements: int = 0
    errors: int = 0
    #: Units whose job failed, as ``(unit key, reason)``: run again to retry them.
    failed: list[tuple[str, str]] = field(default_factory=list)
    #: A few of the items set aside, as ``(source, reason)``; ``_errors`` holds them all.
    examples: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0


@contextmanager
def session(master: str | None = None) -> Iterator[Any]:
    """A SparkSession: the one already running, else a new one on ``master`` (under
    ``spark-submit``, the master it was given; else ``local[N]``, N this machine's cores),
    stopped afterwards."""
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        yield active
        return
    builder = SparkSession.builder.appName("onrecord").config(
        "spark.sql.sources.partitionColumnTypeInference.enabled", "false"
    )
    if master is None and _SUBMITTED in os.environ:
        # Under spark-submit the master and everything else come from its command line.
        master = ""
    else:
        master = master or f"local[{os.cpu_count() or 1}]"
        builder = builder.master(master).config("spark.ui.showConsoleProgress", "false")
    if master.startswith("local"):
        # Local Python workers run the driver's interpreter, and so see the same onrecord
        # (pyspark reads this when the context starts; its default is ``python3``).
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        # Spark's 200 shuffle partitions are sized for clusters: on one machine each is a
        # task of its own, most of them empty.
        cores = master.removeprefix("local[").rstrip("]").split(",")[0]
        shuffle = 2 * (int(cores) if cores.isdigit() else os.cpu_count() or 1)
        builder = builder.config("spark.sql.shuffle.partitions", str(shuffle))
    try:
        spark = builder.getOrCreate()
    except Exception as exc:  # pyspark raises its own errors, and Java's as RuntimeError
        raise ConfigError(
            f"Spark did not start on {master or 'the submitted master'} (it needs Java 17 "
            f"or 21 on the PATH or in JAVA_HOME): {_first_line(exc)}"
        ) from None
    spark.sparkContext.setLogLevel("ERROR")
    try:
        yield spark
    finally:
        spark.stop()


def run(
    spark: Any,
    inputs: Iterable[str],
    out: str,
    settings: Settings,
    options: Options,
    *,
    inputs_per_job: int | None = None,
    files_per_unit: int = 500,
    progress: Progress | None = None,
) -> RunSummary:
    """Read ``inputs`` (local paths or Hadoop URIs) into the Parquet folder ``out``."""
    from onrecord.spark.links import link

    started = time.perf_counter()
    hadoop = Hadoop(spark)
    out = as_uri(out).rstrip("/")
    summary = RunSummary(output=out, pipeline=options.pipeline)
    units = plan(inputs, hadoop, options.version, files_per_unit=files_per_unit)
    done = {
        uri.rsplit("/", 1)[-1].removesuffix(".json") for uri in hadoop.glob(f"{out}/_done/*.json")
    }
    todo = [unit for unit in units if unit.key not in done]
    summary.units, summary.skipped = len(units), len(units) - len(todo)
    hadoop.delete(f"{out}/_staging")
    parallelism = spark.sparkContext.defaultParallelism
    size = inputs_per_job or 4 * parallelism
    finished = summary.skipped
    errored: list[str] = []
    for start in range(0, len(todo), size):
        wave = todo[start : start + size]
        for unit in wave:
            _clear(hadoop, out, unit.key)
        try:
            counts = _job(spark, hadoop, wave, out, settings, options, parallelism)
        except Exception as exc:  # a failed job costs its wave, not the run
            reason = _first_line(exc)
            summary.failed.extend((unit.key, reason) for unit in wave)
            hadoop.delete(f"{out}/_staging")
            continue
        for unit in wave:
            articles = counts.get((unit.key, "records"), 0)
            errors = counts.get((unit.key, "_errors"), 0)
            summary.articles += articles
            summary.errors += errors
            summary.statements += counts.get((unit.key, "statements"), 0)
            if errors:
                errored.append(unit.key)
            marker = unit.marker(options.pipeline, articles, errors, datetime.now(UTC).isoformat())
            hadoop.write_text(f"{out}/_done/{unit.key}.json", marker)
        finished += len(wave)
        if progress is not None:
            progress(finished, len(units), summary.articles)
    hadoop.delete(f"{out}/_staging")
    if errored:
        summary.examples = _examples(spark, out, errored)
    if todo and len(summary.failed) < len(todo):
        link(spark, out, options.pipeline)
    summary.seconds = time.perf_counter() - started
    return summary


def _job(
    spark: Any,
    hadoop: Hadoop,
    wave: Sequence[Unit],
    out: str,
    settings: Settings,
    options: Options,
    parallelism: int,
) -> dict[tuple[str, str], int]:
    """Run one wave into ``_staging``, then move each unit's folders into place; the rows
    each ``(unit key, table)`` got."""
    staging = f"{out}/_staging/{uuid.uuid4().hex}"
    counts = (
        spark.sparkContext.parallelize(list(wave), len(wave))
        .flatMap(partial(read_unit, settings=settings, options=options))
        .reduceByKey(first, max(2 * parallelism, 1))
        .map(unkeyed)
        .mapPartitionsWithIndex(
            partial(write_partition, settings=settings, options=options, root=staging)
        )
        .reduceByKey(operator.add)
        .collect()
    )
    for table in COLUMNS:
        levels = "/".join(f"{name}=*" for name in partitions(table))
        for folder in hadoop.glob(f"{staging}/{table}/{levels}"):
            relative = folder[folder.index("/_staging/") + len("/_staging/") :].split("/", 1)[1]
            hadoop.move(folder, f"{out}/{relative}")
    hadoop.delete(staging)
    return dict(counts)


def _examples(spark: Any, out: str, units: list[str], n: int = 5) -> list[tuple[str, str]]:
    """The first ``n`` items set aside in ``units``."""
    paths = [f"{out}/_errors/unit={key}" for key in units[:n]]
    frame = spark.read.option("basePath", f"{out}/_errors").parquet(*paths)
    return [(row["source"], row["reason"]) for row in frame.limit(n).collect()]


def _clear(hadoop: Hadoop, out: str, key: str) -> None:
    """Delete what an unfinished earlier run left of unit ``key``."""
    for folder in hadoop.glob(f"{out}/*/month=*/unit={key}") + hadoop.glob(
        f"{out}/_errors/unit={key}"
    ):
        hadoop.delete(folder)


def _first_line(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:500]
