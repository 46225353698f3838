"""Splitting inputs into units: byte ranges of a big JSON Lines file, runs of a folder's
files, and keys that stay the same for the same input read the same way."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path
from typing import Any

from onrecord import Settings
from onrecord.records import Article
from onrecord.spark.hadoop import Hadoop
from onrecord.spark.plan import plan
from onrecord.spark.tasks import Options, read_unit
from tests.conftest import LOCKS


def test_a_big_jsonl_file_is_read_in_byte_ranges_each_line_once(
    spark: Any, tmp_path: Path, settings: Settings, pipeline: str
) -> None:
    batch = tmp_path / "wire.jsonl"
    titles = [f"Locks bulletin number {n}" for n in range(12)]
    lines = [
        json.dumps({"title": t, "text": LOCKS[: 150 + 40 * (n % 5)]}) for n, t in enumerate(titles)
    ]
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")

    units = plan([str(batch)], Hadoop(spark), pipeline, chunk_bytes=700)

    assert len(units) > 3
    assert units[0].start == 0 and units[-1].end == batch.stat().st_size
    assert all(a.end == b.start for a, b in pairwise(units))
    read = [item for unit in units for _, (_, item) in read_unit(unit, settings, Options(pipeline))]
    assert all(isinstance(item, Article) for item in read)
    assert sorted(item.title or "" for item in read if isinstance(item, Article)) == sorted(titles)
    assert read[-1].source == f"{batch}@{units[-1].start}:1" or read[-1].source.startswith(
        f"{batch}@"
    )


def test_a_folder_is_split_into_runs_of_its_article_files(
    spark: Any, tmp_path: Path, pipeline: str
) -> None:
    folder = tmp_path / "desk"
    (folder / "wires").mkdir(parents=True)
    for n in range(5):
        (folder / f"story-{n}.txt").write_text(LOCKS, encoding="utf-8")
    (folder / "wires" / "day.jsonl").write_text("{}\n", encoding="utf-8")
    (folder / ".draft.txt").write_text(LOCKS, encoding="utf-8")
    (folder / "notes.docx").write_bytes(b"PK\x03\x04")

    units = plan([str(folder)], Hadoop(spark), pipeline, files_per_unit=2)
    again = plan([str(folder)], Hadoop(spark), pipeline, files_per_unit=2)
    other = plan([str(folder)], Hadoop(spark), pipeline + " (another)", files_per_unit=2)

    names = [[Path(f).name for f in unit.files] for unit in units]
    assert names == [
        ["day.jsonl"],
        ["story-0.txt", "story-1.txt"],
        ["story-2.txt", "story-3.txt"],
        ["story-4.txt"],
    ]
    assert [u.key for u in units] == [u.key for u in again]
    assert not {u.key for u in units} & {u.key for u in other}
    assert units[1].key.startswith("story-0.txt-")
