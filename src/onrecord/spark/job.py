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

import json
import os
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import Any

from onrecord.errors import ConfigError, first_line
from onrecord.settings import Settings
from onrecord.spark.hadoop import Hadoop, as_uri, local_path
from onrecord.spark.plan import Unit, done_pieces, pieces, stale, units
from onrecord.spark.tasks import Options, first, read_unit, spread, unkeyed, write_partition

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
            f"or 21 on the PATH or in JAVA_HOME): {first_line(exc)}"
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
    """Read ``inputs`` (local paths or Hadoop locations) into the Parquet folder ``out``."""
    from onrecord.spark.links import link

    started = time.perf_counter()
    hadoop = Hadoop(spark)
    out = as_uri(out).rstrip("/")
    if local_path(out) is not None and not spark.sparkContext.master.startswith("local"):
        raise ConfigError(
            f"--out {out} is on this machine's disk, which the executors do not share: "
            "give a location they all reach (hdfs://, s3a://, gs://)"
        )
    summary = RunSummary(output=out, pipeline=options.pipeline)
    hadoop.delete(f"{out}/_staging")
    markers = _markers(hadoop, out)
    listed = pieces(inputs, hadoop)
    mine = {key: m for key, m in markers.items() if m.get("version") == options.version}
    for key in stale(mine, listed):
        hadoop.delete(f"{out}/_done/{key}.json")
        del mine[key], markers[key]
    # Output without a marker is what a killed run left (or a changed file's old
    # reading): it goes before anything is read again.
    _sweep(hadoop, out, set(markers))
    todo = units(
        listed, options.version, done=done_pieces(mine.values()), files_per_unit=files_per_unit
    )
    files = {piece.file for _, piece in listed}
    summary.skipped = sum(any(p.file in files for p in done_pieces([m])) for m in mine.values())
    summary.units = summary.skipped + len(todo)
    parallelism = spark.sparkContext.defaultParallelism
    size = inputs_per_job or 4 * parallelism
    finished = summary.skipped
    errored: list[str] = []
    for start in range(0, len(todo), size):
        wave = todo[start : start + size]
        try:
            counts = _job(spark, hadoop, wave, out, settings, options, parallelism)
        except Exception as exc:  # a failed job costs its wave, not the run
            reason = first_line(exc)
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
            when = datetime.now(UTC).isoformat()
            marker = unit.marker(options.version, options.pipeline, articles, errors, when)
            hadoop.write_text(f"{out}/_done/{unit.key}.json", marker)
            markers[unit.key] = {"pipeline": options.pipeline}
        finished += len(wave)
        if progress is not None:
            progress(finished, summary.units, summary.articles)
    hadoop.delete(f"{out}/_staging")
    if errored:
        summary.examples = _examples(spark, out, errored)
    linked = sorted(key for key, m in markers.items() if m.get("pipeline") == options.pipeline)
    if linked:
        link(spark, hadoop, out, options.pipeline, linked)
    summary.seconds = time.perf_counter() - started
    return summary


def _markers(hadoop: Hadoop, out: str) -> dict[str, dict[str, Any]]:
    """``unit key → marker`` of every finished unit in ``out``."""
    found = {}
    for location in hadoop.glob(f"{out}/_done/*.json"):
        key = location.rsplit("/", 1)[-1].removesuffix(".json")
        try:
            found[key] = json.loads(hadoop.read_text(location))
        except ValueError:
            # Not one this code wrote whole: the unit is not done, and is read again.
            hadoop.delete(location)
    return found


def _sweep(hadoop: Hadoop, out: str, marked: set[str]) -> None:
    """Delete every unit folder of ``out`` whose unit has no marker."""
    for folder in hadoop.glob(f"{out}/*/month=*/unit=*") + hadoop.glob(f"{out}/_errors/unit=*"):
        if folder.rsplit("/unit=", 1)[-1] not in marked:
            hadoop.delete(folder)


def _job(
    spark: Any,
    hadoop: Hadoop,
    wave: Sequence[Unit],
    out: str,
    settings: Settings,
    options: Options,
    parallelism: int,
) -> dict[tuple[str, str], int]:
    """Run one wave into ``_staging``, then move the files of the tasks' successful
    attempts into place; the rows each ``(unit key, table)`` got.

    A unit's articles go to ``width`` of the job's partitions: all of them when the wave
    holds one unit (a big WARC file is read by every core), one when it holds as many
    units as partitions (each unit's rows in as few files as can be).
    """
    staging = f"{out}/_staging/{uuid.uuid4().hex}"
    partitions = max(2 * parallelism, 1)
    width = max(1, partitions // len(wave))
    results = (
        spark.sparkContext.parallelize(list(wave), len(wave))
        .flatMap(partial(read_unit, settings=settings, options=options))
        .reduceByKey(first, partitions, partial(spread, width=width))
        .map(unkeyed)
        .mapPartitionsWithIndex(
            partial(write_partition, settings=settings, options=options, root=staging)
        )
        .collect()
    )
    counts: Counter[tuple[str, str]] = Counter()
    for written, files in results:
        counts.update(written)
        for file in files:
            hadoop.move(f"{staging}/{file}", f"{out}/{file}")
    hadoop.delete(staging)
    return dict(counts)


def _examples(spark: Any, out: str, units: list[str], n: int = 5) -> list[tuple[str, str]]:
    """The first ``n`` items set aside in ``units``."""
    paths = [f"{out}/_errors/unit={key}" for key in units[:n]]
    frame = spark.read.option("basePath", f"{out}/_errors").parquet(*paths)
    return [(row["source"], row["reason"]) for row in frame.limit(n).collect()]
