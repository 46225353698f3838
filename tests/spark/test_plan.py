"""Splitting inputs into units: byte ranges of a big JSON Lines file, runs of a folder's
files, and keys that stay the same for the same input read the same way."""

from __future__ import annotations

import json
import os
from itertools import pairwise
from pathlib import Path
from typing import Any

from onrecord import Settings
from onrecord.records import Article
from onrecord.spark.hadoop import Hadoop
from onrecord.spark.plan import done_pieces, pieces, stale, units
from onrecord.spark.tasks import Options, read_unit
from tests.conftest import LOCKS


def test_a_big_jsonl_file_is_read_in_byte_ranges_each_line_once(
    spark: Any, tmp_path: Path, settings: Settings, pipeline: str
) -> None:
    batch = tmp_path / "wire desk" / "wire.jsonl"
    batch.parent.mkdir()
    titles = [f"Locks bulletin number {n}" for n in range(12)]
    lines = [
        json.dumps({"title": t, "text": LOCKS[: 150 + 40 * (n % 5)]}) for n, t in enumerate(titles)
    ]
    # Windows line ends, and a last line without one.
    batch.write_bytes("\r\n".join(lines).encode())

    listed = pieces([str(batch)], Hadoop(spark), chunk_bytes=700)
    found = units(listed, pipeline)

    ranges = [unit.pieces[0] for unit in found]
    assert len(ranges) > 3
    assert ranges[0].start == 0 and ranges[-1].end == batch.stat().st_size
    assert all(a.end == b.start for a, b in pairwise(ranges))
    read = [item for unit in found for _, (_, item) in read_unit(unit, settings, Options(pipeline))]
    assert all(isinstance(item, Article) for item in read)
    assert sorted(item.title or "" for item in read if isinstance(item, Article)) == sorted(titles)
    assert {item.source.rsplit(":", 1)[0] for item in read} == {
        f"{batch}@{r.start}" for r in ranges
    }


def test_a_folder_is_split_into_runs_of_its_article_files(
    spark: Any, tmp_path: Path, pipeline: str
) -> None:
    folder = tmp_path / "news desk"
    (folder / "wires").mkdir(parents=True)
    for n in range(5):
        (folder / f"story-{n}.txt").write_text(LOCKS, encoding="utf-8")
    (folder / "wires" / "day.jsonl").write_text("{}\n", encoding="utf-8")
    (folder / ".draft.txt").write_text(LOCKS, encoding="utf-8")
    (folder / "notes.docx").write_bytes(b"PK\x03\x04")

    listed = pieces([str(folder)], Hadoop(spark))
    found = units(listed, pipeline, files_per_unit=2)
    again = units(pieces([str(folder)], Hadoop(spark)), pipeline, files_per_unit=2)
    other = units(listed, pipeline + " (another)", files_per_unit=2)

    names = [[Path(p.file).name for p in unit.pieces] for unit in found]
    assert names == [
        ["day.jsonl"],
        ["story-0.txt", "story-1.txt"],
        ["story-2.txt", "story-3.txt"],
        ["story-4.txt"],
    ]
    assert [u.key for u in found] == [u.key for u in again]
    assert not {u.key for u in found} & {u.key for u in other}
    assert found[1].key.startswith("story-0.txt-")


def test_a_rerun_reads_only_files_added_or_changed_since(
    spark: Any, tmp_path: Path, pipeline: str
) -> None:
    folder = tmp_path / "desk"
    folder.mkdir()
    for n in range(4):
        (folder / f"story-{n}.txt").write_text(LOCKS, encoding="utf-8")
    first = units(pieces([str(folder)], Hadoop(spark)), pipeline, files_per_unit=2)
    markers = {
        unit.key: json.loads(unit.marker(pipeline, pipeline, 1, 0, "2026-03-01")) for unit in first
    }

    (folder / "story-00.txt").write_text(LOCKS, encoding="utf-8")
    changed = folder / "story-3.txt"
    changed.write_text(LOCKS + "\nA correction was added.\n", encoding="utf-8")
    os.utime(changed, (1_900_000_000, 1_900_000_000))
    listed = pieces([str(folder)], Hadoop(spark))
    gone = stale(markers, listed)
    kept = [m for key, m in markers.items() if key not in gone]
    second = units(listed, pipeline, done=done_pieces(kept), files_per_unit=2)

    assert gone == [first[1].key], "the run that holds the changed file"
    assert [[Path(p.file).name for p in unit.pieces] for unit in second] == [
        ["story-00.txt", "story-2.txt"],
        ["story-3.txt"],
    ]
