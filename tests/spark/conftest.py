"""A real local Spark (``local[2]``) for the tests of ``onrecord spark run``.

pyspark comes with ``make test`` (the ``spark`` extra) and Java 17 with it, as root. Where
either is missing the Spark tests skip, loudly, except in CI (``CI`` set), where they fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from onrecord.batch import extractor
from onrecord.settings import Settings


def _missing() -> str | None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is missing: pip install -e '.[spark]' (make test does)"
    java = shutil.which("java")
    if java is None:
        return "java is missing: install openjdk-17-jre-headless (make test does, as root)"
    version = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
    if not any(f'version "{n}' in version for n in range(17, 30)):
        return f"Spark 4 needs Java 17 or later, and this is {version.splitlines()[0]}"
    return None


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """One local[2] SparkSession for the session."""
    missing = _missing()
    if missing is not None:
        message = f"the Spark tests did not run: {missing}"
        if os.environ.get("CI"):
            pytest.fail(message)
        warnings.warn(message, stacklevel=1)
        pytest.skip(message)
    from onrecord.spark.job import session

    with session("local[2]") as started:
        yield started


@pytest.fixture(scope="session")
def pipeline(settings: Settings) -> str:
    return extractor(settings)


def parquet_rows(out: Path, table: str) -> list[dict[str, Any]]:
    """Every row of one output table, with its ``month`` and ``unit`` partition columns."""
    import pyarrow as pa
    import pyarrow.dataset as ds

    folder = out / table
    if not folder.exists():
        return []
    levels = ["unit"] if table == "_errors" else ["month", "unit"]
    partitioning = ds.partitioning(
        pa.schema([(name, pa.string()) for name in levels]), flavor="hive"
    )
    return ds.dataset(folder, format="parquet", partitioning=partitioning).to_table().to_pylist()
