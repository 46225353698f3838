"""``onrecord spark run`` then ``onrecord load`` make the ledger ``onrecord ingest`` makes
of the same file: the seed and 20 PolNeAR dev articles (skipped without ``../shared``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from onrecord import Reader, Settings
from onrecord.batch import ingest
from onrecord.spark.job import run
from onrecord.spark.tasks import Options
from onrecord.store import Store
from onrecord.store.load import scan
from tests.conftest import SEED, SHARED
from tests.store.conftest import fresh_postgres

POLNEAR_DEV = SHARED / "polnear" / "dev" / "text"


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (SEED.is_file() and POLNEAR_DEV.is_dir()):
        pytest.skip("../shared/data is not here: no seed and PolNeAR dev to read")
    texts = [SEED, *sorted(POLNEAR_DEV.glob("*.txt"))[:20]]
    path = tmp_path_factory.mktemp("batch") / "seed-and-polnear.jsonl"
    lines = [json.dumps({"text": p.read_text(encoding="utf-8")}) for p in texts]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def two_ledgers(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Two empty ledgers of one kind: one to load into, one to ingest into."""
    if request.param == "sqlite":
        yield str(tmp_path / "loaded.db"), str(tmp_path / "ingested.db")
        return
    with fresh_postgres() as loaded, fresh_postgres() as ingested:
        yield loaded, ingested


def _rows(store: Store) -> dict[str, int]:
    return {table: n for table, n in store.rows().items() if table != "loaded_units"}


def test_spark_run_then_load_makes_the_ledger_ingest_makes(
    spark: Any,
    batch: Path,
    two_ledgers: tuple[str, str],
    tmp_path: Path,
    settings: Settings,
    reader: Reader,
    pipeline: str,
) -> None:
    out = tmp_path / "out"
    ran = run(spark, [str(batch)], str(out), settings, Options(pipeline))
    loaded_url, ingested_url = two_ledgers
    with Store.open(loaded_url) as loaded, Store.open(ingested_url) as ingested:
        summary = loaded.load(scan(out))
        ingested_summary = ingest([str(batch)], ingested, settings, reader=reader)
        once = _rows(loaded)

        assert ran.articles == summary.articles == ingested_summary.articles == 21
        assert ran.statements == summary.statements == ingested_summary.statements > 0
        assert once == _rows(ingested)

        again = run(spark, [str(batch)], str(out), settings, Options(pipeline))
        assert (again.skipped, again.articles) == (again.units, 0)
        assert loaded.load(scan(out)).articles == 0
        assert ingest([str(batch)], ingested, settings, reader=reader).unchanged == 21
        assert _rows(loaded) == once == _rows(ingested)
