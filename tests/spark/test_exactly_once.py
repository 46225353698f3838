"""A driver killed with SIGKILL in mid-run, then run again: every article exactly once."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from onrecord import Settings
from onrecord.spark.job import run
from onrecord.spark.tasks import Options
from tests.conftest import EXAMPLES, LOCKS, ROOT
from tests.spark.conftest import parquet_rows

ARTICLES = ROOT / "tests" / "articles"


def _batches(folder: Path) -> list[Path]:
    """Four JSON Lines files of two articles each, every article under its own URL."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))]
    texts += [LOCKS, (EXAMPLES / "ceasefire-deadline.txt").read_text(encoding="utf-8")]
    lines = [
        json.dumps({"url": f"https://wire.example/{n}", "text": text, "published": "2026-03-03"})
        for n, text in enumerate(texts)
    ]
    lines += (EXAMPLES / "kestrel-bay.jsonl").read_text(encoding="utf-8").splitlines()
    batches = []
    for n in range(4):
        path = folder / f"batch-{n}.jsonl"
        path.write_text("\n".join(lines[2 * n : 2 * n + 2]) + "\n", encoding="utf-8")
        batches.append(path)
    return batches


def test_a_driver_killed_midway_then_run_again_gives_every_article_once(
    spark: Any, tmp_path: Path, settings: Settings, pipeline: str
) -> None:
    batches = _batches(tmp_path)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "onrecord", "spark", "run", *map(str, batches)]
    command += ["--out", str(out), "--master", "local[2]", "--inputs-per-job", "1"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("ONRECORD_")}
    driver = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 300
    try:
        while not list((out / "_done").glob("*.json")):
            assert driver.poll() is None, "the run ended before it could be killed"
            assert time.monotonic() < deadline, "no input was done within 300 s"
            time.sleep(0.05)
        driver.send_signal(signal.SIGKILL)
        driver.wait(30)
    finally:
        if driver.poll() is None:
            driver.kill()
    done_before = len(list((out / "_done").glob("*.json")))
    assert done_before < len(batches), "the driver was killed before the last input"

    summary = run(spark, [str(b) for b in batches], str(out), settings, Options(pipeline))

    assert summary.skipped == done_before
    assert summary.failed == []
    assert len(list((out / "_done").glob("*.json"))) == len(batches)
    assert not (out / "_staging").exists()
    records = parquet_rows(out, "records")
    keys = [row["article_key"] for row in records]
    assert len(keys) == len(set(keys)) == 2 * len(batches)
    said = sum(len(row["record"]["statements"]) for row in records)
    statements = parquet_rows(out, "statements")
    assert len(statements) == said
    assert len({(row["article_key"], row["local_id"]) for row in statements}) == said

    # Linked once, from every unit; a run killed while linking links again, though it
    # finds nothing left to read.
    links = out / "_links"
    assert json.loads((links / "_done.json").read_text())["units"] == sorted(
        p.stem for p in (out / "_done").glob("*.json")
    )
    shutil.rmtree(links / "clusters")
    (links / "_done.json").unlink()
    again = run(spark, [str(b) for b in batches], str(out), settings, Options(pipeline))
    assert (again.articles, again.skipped) == (0, len(batches))
    assert (links / "_done.json").exists() and list((links / "clusters").glob("*.parquet"))
